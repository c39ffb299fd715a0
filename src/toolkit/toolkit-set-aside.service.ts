import type { Db } from '../db';
import { NotFoundError } from '../lib/errors';
import { findSection, type SectionRow } from './toolkit.repository';
import { deleteSetAside, findSetAside, type SetAsideRow } from './toolkit-set-aside.repository';
import { addEntry, type LearnerContext } from './toolkit.service';

const GONE = 'That text is no longer set aside. It may have been added or removed in another window.';

/** The text set aside itself is gone (not, say, the section it would be added to). */
class SetAsideGoneError extends NotFoundError {
  constructor() {
    super(GONE);
  }
}

export const isSetAsideGone = (err: NotFoundError): boolean => err instanceof SetAsideGoneError;

/** One of the learner's set-aside texts, with its section; anyone else's is not found. */
export async function findOwnSetAside(db: Db, ctx: LearnerContext, id: number): Promise<{ kept: SetAsideRow; section: SectionRow }> {
  const kept = await findSetAside(db, ctx.enrolmentId, id);
  const section = kept && (await findSection(db, ctx.session.course_id, kept.toolkit_section_id));
  if (!kept || !section) throw new SetAsideGoneError();
  return { kept, section };
}

/** Adds a set-aside text to its section as an entry (once), then stops keeping it aside. */
export async function addSetAsideAsEntry(db: Db, ctx: LearnerContext, id: number): Promise<{ added: boolean; section: SectionRow }> {
  const kept = await findSetAside(db, ctx.enrolmentId, id);
  if (!kept) throw new SetAsideGoneError();
  const result = await addEntry(db, ctx, kept.toolkit_section_id, kept.text.trim());
  await deleteSetAside(db, ctx.enrolmentId, id);
  return result;
}

/** Removes one of the learner's set-aside texts, once they have copied what they want from it; returns its section's id. */
export async function removeSetAside(db: Db, ctx: LearnerContext, id: number): Promise<number> {
  const sectionId = await deleteSetAside(db, ctx.enrolmentId, id);
  if (!sectionId) throw new SetAsideGoneError();
  return sectionId;
}
