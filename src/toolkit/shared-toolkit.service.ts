import type { Db } from '../db';
import { NotFoundError } from '../lib/errors';
import * as repo from './toolkit.repository';
import { writtenFor } from './written-for';

export interface SharedToolkit {
  learnerName: string;
  /** Each section as it reads now; an entry written for other words says which (writtenFor). */
  sections: { id: number; title: string; week: number; prompt: string; entries: { body: string; writtenFor: string }[] }[];
}

/** The sections a learner of the session chose to share with its instructors; nothing shared is not found. */
export async function sharedToolkit(db: Db, session: { id: number; course_id: number }, enrolmentId: number): Promise<SharedToolkit> {
  const learner = await repo.findSessionEnrolment(db, session.id, enrolmentId);
  if (!learner) throw new NotFoundError();
  const shared = await repo.listSharedSectionIds(db, enrolmentId);
  if (!shared.size) throw new NotFoundError();
  const sections = (await repo.listSections(db, session.course_id)).filter((s) => shared.has(s.id));
  const entries = await repo.listEntries(db, enrolmentId, sections.map((s) => s.id));
  return {
    learnerName: learner.name,
    sections: sections.map((s) => ({
      id: s.id,
      title: s.title,
      week: s.week,
      prompt: s.prompt,
      entries: entries.filter((e) => e.toolkit_section_id === s.id).map((e) => ({ body: e.body, writtenFor: writtenFor(e, s) })),
    })),
  };
}
