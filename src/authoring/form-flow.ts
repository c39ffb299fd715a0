import type { Request, Response } from 'express';
import type { z } from 'zod';
import { ConflictError, NotFoundError, ValidationError } from '../lib/errors';
import { fieldErrors, keptValues } from '../lib/forms';
import { flash, parseId } from '../lib/http';
import { renderMarkdown } from '../lib/markdown';

/** What every authoring form template receives besides its own locals. */
export interface FormView {
  values: Record<string, string>;
  errors: Record<string, string>;
  previews: Record<string, string>;
}

export const emptyForm = (values: Record<string, string> = {}): FormView => ({ values, errors: {}, previews: {} });

/** A numeric id from the URL; a malformed one is "not found", like a foreign one. */
export function idParam(req: Request, name: string): number {
  const id = parseId(req.params[name]);
  if (!id) throw new NotFoundError();
  return id;
}

/**
 * The shared life of an authoring form: "Preview" re-renders with the Markdown fields rendered
 * and nothing saved; bad input re-renders with 422, the values and a message per field;
 * success flashes and redirects (post/redirect/get).
 */
export async function handleForm<S extends z.ZodType>(
  req: Request,
  res: Response,
  opts: {
    schema: S;
    markdownFields: readonly string[];
    render: (status: number, view: FormView) => Promise<void> | void;
    save: (data: z.output<S>) => Promise<{ message: string; redirect: string }>;
  },
): Promise<void> {
  const body: unknown = req.body ?? {};
  const values = keptValues(body, ['_csrf', 'intent']);
  if ((body as { intent?: unknown }).intent === 'preview') {
    const previews = Object.fromEntries(opts.markdownFields.map((f) => [f, renderMarkdown(values[f] ?? '')]));
    return opts.render(200, { values, errors: {}, previews });
  }
  const form = opts.schema.safeParse(body);
  if (!form.success) return opts.render(422, { values, errors: fieldErrors(form.error), previews: {} });
  try {
    const done = await opts.save(form.data);
    flash(req, 'success', done.message);
    res.redirect(done.redirect);
  } catch (err) {
    if (err instanceof ValidationError) {
      const errors = Object.keys(err.fields).length ? err.fields : { _form: err.message };
      return opts.render(422, { values, errors, previews: {} });
    }
    throw err;
  }
}

/**
 * For one-button actions (publish, move, delete): a refused rule comes back as a message, on
 * `refusedBack` when given (a refused delete stays with the thing that was kept).
 */
export async function handleAction(req: Request, res: Response, back: string, act: () => Promise<string | undefined>, refusedBack = back): Promise<void> {
  try {
    const message = await act();
    if (message) flash(req, 'success', message);
  } catch (err) {
    if (!(err instanceof ConflictError)) throw err;
    flash(req, 'error', err.message);
    return res.redirect(refusedBack);
  }
  res.redirect(back);
}
