import type { Request } from 'express';
import type { Db } from '../db';
import { findSessionAccess, isStaff, type SessionAccess } from '../enrolment';
import { NotFoundError } from '../lib/errors';
import { parseId, queryString } from '../lib/http';
import { ProgressQuery } from './completion.schemas';
import type { ProgressFilters } from './progress.presenter';

/** The session of the URL as the user may see it, or 404. */
export async function accessOf(db: Db, req: Request): Promise<SessionAccess> {
  const sessionId = parseId(req.params.id);
  const access = sessionId ? await findSessionAccess(db, req.user, sessionId) : undefined;
  if (!access) throw new NotFoundError();
  return access;
}

/** The session of the URL for its staff (its instructors and admins); anyone else gets 404. */
export async function staffAccessOf(db: Db, req: Request): Promise<SessionAccess> {
  const access = await accessOf(db, req);
  if (!isStaff(access)) throw new NotFoundError();
  return access;
}

/** The progress table's filters from a query string or a form. */
export function filtersOf(query: unknown): ProgressFilters {
  const q = ProgressQuery.parse(query ?? {});
  return { status: q.status, behindWeek: q.behind, name: q.q };
}

/** The filters as a query string again ('' for none), for links that keep them. */
export function filtersQuery(filters: ProgressFilters): string {
  return queryString({ status: filters.status, behind: filters.behindWeek, q: filters.name });
}
