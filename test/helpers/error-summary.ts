import { decode } from './http';

/** A refused form's summary links, each with the field it points to: the one element with that id. */
export function summaryLinks(html: string): { id: string; message: string; targets: number; inError: boolean }[] {
  const page = decode(html);
  const summary = /<div class="notice notice-error" role="alert" tabindex="-1" id="form-errors">([\s\S]*?)<\/div>/.exec(page);
  if (!summary) throw new Error('no error summary on the page');
  return [...summary[1].matchAll(/<a href="#([^"]+)">(.*?)<\/a>/g)].map(([, id, message]) => {
    const targets = [...page.matchAll(new RegExp(`<[a-z]+ [^>]*\\bid="${id}"[^>]*>`, 'g'))].map((m) => m[0]);
    return { id, message, targets: targets.length, inError: targets.length === 1 && targets[0].includes('aria-invalid="true"') };
  });
}

/**
 * The message beside a field, found as a screen reader finds it: through the field's
 * aria-describedby, or that of the fieldset around a group of choices.
 */
export function messageBeside(html: string, fieldId: string): string | undefined {
  const page = decode(html);
  const field = new RegExp(`<[a-z]+ [^>]*\\bid="${fieldId}"[^>]*>`).exec(page);
  if (!field) return undefined;
  const before = page.slice(0, field.index);
  const fieldset = [...before.matchAll(/<fieldset[^>]*>/g)].pop();
  const inFieldset = fieldset && !before.slice(fieldset.index).includes('</fieldset>') ? fieldset[0] : '';
  const describedBy = /aria-describedby="([^"]+)"/.exec(field[0])?.[1] ?? /aria-describedby="([^"]+)"/.exec(inFieldset)?.[1] ?? '';
  for (const id of describedBy.split(' ')) {
    const message = new RegExp(`<p class="field-error" id="${id}"><span class="visually-hidden">Error: </span>(.*?)</p>`).exec(page);
    if (message) return message[1];
  }
  return undefined;
}
