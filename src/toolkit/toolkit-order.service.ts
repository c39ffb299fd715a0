import type { Db } from '../db';
import { ConflictError, NotFoundError } from '../lib/errors';
import * as repo from './toolkit.repository';
import type { EntryRow, SectionRow } from './toolkit.repository';
import { findOwnEntry, type LearnerContext } from './toolkit.service';

export type MoveOutcome = 'moved' | 'unchanged' | 'stale';

/** What a move did, and where the entry now is: `place` of `count` in its section, from 1. */
export interface MoveResult {
  outcome: MoveOutcome;
  section: SectionRow;
  entry: EntryRow;
  place: number;
  count: number;
}

/**
 * Swaps an entry with its neighbour above or below, in one transaction. When the page showed
 * the entry at another place than it now is (a second click, an old tab), nothing moves: the
 * learner sees the current order instead of a surprise. Positions stay unique throughout,
 * using a negative position while the two swap (the unique constraint is not deferrable).
 */
export async function moveEntry(
  db: Db,
  ctx: LearnerContext,
  entryId: number,
  direction: 'up' | 'down',
  shownAt?: number,
): Promise<MoveResult> {
  return db.transaction(async (trx) => {
    await repo.lockEnrolment(trx, ctx.enrolmentId);
    const { entry, section } = await findOwnEntry(trx, ctx, entryId);
    const entries = await repo.listEntries(trx, ctx.enrolmentId, [section.id]);
    const index = entries.findIndex((e) => e.id === entry.id);
    const result = (outcome: MoveOutcome, place: number): MoveResult => ({ outcome, section, entry, place, count: entries.length });
    if (shownAt !== undefined && shownAt !== index + 1) return result('stale', index + 1);
    const neighbourIndex = direction === 'up' ? index - 1 : index + 1;
    const neighbour = entries[neighbourIndex];
    if (!neighbour) return result('unchanged', index + 1);
    await repo.setEntryPosition(trx, entry.id, -entry.position);
    await repo.setEntryPosition(trx, neighbour.id, entry.position);
    await repo.setEntryPosition(trx, entry.id, neighbour.position);
    return result('moved', neighbourIndex + 1);
  });
}

/**
 * Puts a section's entries in the given order (drag and drop). The list must name exactly the
 * entries the section has now; otherwise the page was stale and nothing changes. Returns the
 * section and its entries in their new order.
 */
export async function reorderSection(db: Db, ctx: LearnerContext, sectionId: number, entryIds: number[]): Promise<{ section: SectionRow; entries: EntryRow[] }> {
  return db.transaction(async (trx) => {
    const section = await repo.findSection(trx, ctx.session.course_id, sectionId);
    if (!section) throw new NotFoundError('That section is not part of your toolkit.');
    await repo.lockEnrolment(trx, ctx.enrolmentId);
    const entries = await repo.listEntries(trx, ctx.enrolmentId, [sectionId]);
    const current = new Set(entries.map((e) => e.id));
    if (entryIds.length !== current.size || new Set(entryIds).size !== entryIds.length || !entryIds.every((id) => current.has(id))) {
      throw new ConflictError('Your toolkit changed in another window, so the new order was not saved. The entries are shown in their order as it is now.');
    }
    await repo.parkPositions(trx, ctx.enrolmentId, sectionId);
    for (const [i, id] of entryIds.entries()) await repo.setEntryPosition(trx, id, i + 1);
    const byId = new Map(entries.map((e) => [e.id, e]));
    return { section, entries: entryIds.map((id) => byId.get(id)!) };
  });
}
