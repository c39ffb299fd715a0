import { DateTime } from 'luxon';
import type { Db } from '../db';
import type { SessionRow } from '../enrolment';
import { weekOpenings } from '../modules';
import { ForbiddenError, NotFoundError, ValidationError } from '../lib/errors';
import { wouldReplaceUnseenText } from '../lib/save-counts';
import * as repo from './toolkit.repository';
import type { SectionRow } from './toolkit.repository';
import { listSetAside, setTextAside, type SetAsideRow } from './toolkit-set-aside.repository';
import { MAX_ENTRIES_PER_SECTION, toolkitEntriesRequired } from './toolkit.policy';
import type { ToolkitPdfData } from './toolkit.pdf';
import { writtenFor } from './written-for';

/** The learner a toolkit belongs to: their enrolment in a session. */
export interface LearnerContext {
  enrolmentId: number;
  session: SessionRow;
}

export interface ToolkitSection extends SectionRow {
  open: boolean;
  opensAt: Date;
  entries: repo.EntryRow[];
  required: number;
  met: boolean;
  shared: boolean;
  draft?: repo.DraftRow;
  setAside: SetAsideRow[];
}

export interface Toolkit {
  courseTitle: string;
  required: number;
  sections: ToolkitSection[];
}

/** The learner's whole toolkit: every section of the course, open or not, with their own entries, drafts, set-aside texts and sharing choices. */
export async function loadToolkit(db: Db, ctx: LearnerContext, now = new Date()): Promise<Toolkit> {
  const course = await repo.findCourse(db, ctx.session.course_id);
  if (!course) throw new NotFoundError();
  const required = toolkitEntriesRequired(course.completion_rules);
  const [sections, entries, drafts, shared, setAside] = await Promise.all([
    repo.listSections(db, ctx.session.course_id),
    repo.listEntries(db, ctx.enrolmentId),
    repo.listDrafts(db, ctx.enrolmentId),
    repo.listSharedSectionIds(db, ctx.enrolmentId),
    listSetAside(db, ctx.enrolmentId),
  ]);
  const openings = await weekOpenings(db, ctx.session, [...new Set(sections.map((s) => s.week))], now);
  const openingByWeek = new Map(openings.map((o) => [o.week, o]));
  return {
    courseTitle: course.title,
    required,
    sections: sections.map((section) => {
      const own = entries.filter((e) => e.toolkit_section_id === section.id);
      const opening = openingByWeek.get(section.week)!;
      return {
        ...section,
        open: opening.open,
        opensAt: opening.opensAt,
        entries: own,
        required,
        met: own.length >= required,
        shared: shared.has(section.id),
        draft: drafts.find((d) => d.toolkit_section_id === section.id),
        setAside: setAside.filter((t) => t.toolkit_section_id === section.id),
      };
    }),
  };
}

/** A section of the learner's course that is open now; a section of another course is not found, a locked one is refused with its opening date. */
export async function findOpenSection(db: Db, ctx: LearnerContext, sectionId: number, now = new Date()): Promise<SectionRow> {
  const section = await repo.findSection(db, ctx.session.course_id, sectionId);
  if (!section) throw new NotFoundError('That section is not part of your toolkit.');
  const [opening] = await weekOpenings(db, ctx.session, [section.week], now);
  if (!opening.open) {
    const date = DateTime.fromJSDate(opening.opensAt, { zone: ctx.session.time_zone }).toFormat('d LLLL yyyy');
    throw new ForbiddenError(`This section of your toolkit opens on ${date}, with week ${section.week}.`);
  }
  return section;
}

/**
 * Adds an entry at the end of an open section, and clears that section's draft if the entry holds
 * it (a different draft, from another window, stays). The same text twice in one section is taken
 * as a repeated click: it is kept once. An entry added from a reading suggestion remembers it, so
 * the suggestion stays added however either of them is reworded later.
 */
export async function addEntry(db: Db, ctx: LearnerContext, sectionId: number, body: string, suggestionId?: number): Promise<{ added: boolean; section: SectionRow }> {
  return db.transaction(async (trx) => {
    const section = await findOpenSection(trx, ctx, sectionId);
    await repo.lockEnrolment(trx, ctx.enrolmentId);
    if (suggestionId !== undefined && (await repo.suggestionAdded(trx, ctx.enrolmentId, suggestionId))) return { added: false, section };
    if (await repo.entryBodyExists(trx, ctx.enrolmentId, sectionId, body)) {
      await repo.deleteDraftWithin(trx, ctx.enrolmentId, sectionId, body);
      if (suggestionId !== undefined) await repo.linkEntriesToSuggestion(trx, ctx.enrolmentId, sectionId, body, suggestionId);
      return { added: false, section };
    }
    if ((await repo.countEntries(trx, ctx.enrolmentId, sectionId)) >= MAX_ENTRIES_PER_SECTION) {
      throw new ValidationError(`A section holds up to ${MAX_ENTRIES_PER_SECTION} entries. Please combine or remove some first.`, {
        body: `This section already has ${MAX_ENTRIES_PER_SECTION} entries.`,
      });
    }
    const position = await repo.nextPosition(trx, ctx.enrolmentId, sectionId);
    await repo.insertEntry(trx, { enrolmentId: ctx.enrolmentId, section, position, body, suggestionId });
    await repo.deleteDraftWithin(trx, ctx.enrolmentId, sectionId, body);
    return { added: true, section };
  });
}

/** What a write of text returned: when, the save number the page now holds, and whether newer text was set aside. */
export interface SavedText {
  savedAt: Date;
  rev: number;
  setAside: boolean;
}

/** Sets the stored text aside, in its section, when this write would replace text another window saved. */
async function keepUnseenText(trx: Db, ctx: LearnerContext, sectionId: number, stored: { text: string; rev: number; savedAt: Date } | undefined, baseRev: number | undefined, incoming: string): Promise<boolean> {
  if (!stored || !wouldReplaceUnseenText(stored, baseRev, incoming)) return false;
  await setTextAside(trx, { enrolmentId: ctx.enrolmentId, sectionId, text: stored.text, writtenAt: stored.savedAt });
  return true;
}

/**
 * Keeps the entry being written in an open section; an empty draft, or one already added as an
 * entry, is removed. `baseRev` is the number of the draft's save the page last saw.
 */
export async function saveEntryDraft(db: Db, ctx: LearnerContext, sectionId: number, body: string, baseRev?: number): Promise<SavedText> {
  return db.transaction(async (trx) => {
    await findOpenSection(trx, ctx, sectionId);
    await repo.lockEnrolment(trx, ctx.enrolmentId);
    const draft = await repo.findDraft(trx, ctx.enrolmentId, sectionId);
    const setAside = await keepUnseenText(trx, ctx, sectionId, draft && { text: draft.body, rev: draft.rev, savedAt: draft.saved_at }, baseRev, body);
    // A late autosave of text that was just added as an entry must not bring the draft back.
    const added = body.trim() ? await repo.entryBodyExists(trx, ctx.enrolmentId, sectionId, body.trim()) : false;
    if (!body.trim() || added) {
      await repo.deleteDraft(trx, ctx.enrolmentId, sectionId);
      return { savedAt: new Date(), rev: 0, setAside };
    }
    const rev = await repo.saveDraft(trx, ctx.enrolmentId, sectionId, body);
    return { savedAt: new Date(), rev, setAside };
  });
}

/** One of the learner's own entries; anyone else's is not found. */
export async function findOwnEntry(db: Db, ctx: LearnerContext, entryId: number): Promise<{ entry: repo.EntryRow; section: SectionRow }> {
  const entry = await repo.findEntry(db, ctx.enrolmentId, entryId);
  const section = entry && (await repo.findSection(db, ctx.session.course_id, entry.toolkit_section_id));
  if (!entry || !section) throw new NotFoundError('That entry is not in your toolkit. It may have been deleted already.');
  return { entry, section };
}

/** Rewrites one of the learner's own entries, written from a page that last saw save `baseRev` of it. */
export async function updateEntry(db: Db, ctx: LearnerContext, entryId: number, body: string, baseRev?: number): Promise<SavedText & { section: SectionRow }> {
  return db.transaction(async (trx) => {
    await repo.lockEnrolment(trx, ctx.enrolmentId);
    const { entry, section } = await findOwnEntry(trx, ctx, entryId);
    const setAside = await keepUnseenText(trx, ctx, section.id, { text: entry.body, rev: entry.rev, savedAt: entry.updated_at }, baseRev, body);
    const rev = await repo.updateEntryBody(trx, entry.id, body);
    return { section, savedAt: new Date(), rev, setAside };
  });
}

/**
 * Keeps the text written for an entry no longer in the learner's toolkit (deleted in another
 * window, or an id that was never theirs) aside, in the open section its edit page named; that
 * section, or undefined when the form named none of theirs. Whose the id is, or whether it exists,
 * is never asked: the answer must not tell.
 */
export async function keepTextOfGoneEntry(db: Db, ctx: LearnerContext, sectionId: number | undefined, body: string): Promise<SectionRow | undefined> {
  if (!sectionId) return undefined;
  const section = await findOpenSection(db, ctx, sectionId).catch(() => undefined);
  if (section) await setTextAside(db, { enrolmentId: ctx.enrolmentId, sectionId: section.id, text: body, writtenAt: new Date() });
  return section;
}

/** Deletes one of the learner's own entries; the others keep their order (gaps are fine, duplicates impossible). */
export async function deleteEntry(db: Db, ctx: LearnerContext, entryId: number): Promise<SectionRow> {
  return db.transaction(async (trx) => {
    await repo.lockEnrolment(trx, ctx.enrolmentId);
    const { entry, section } = await findOwnEntry(trx, ctx, entryId);
    await repo.deleteEntry(trx, entry.id);
    return section;
  });
}

/** Shares one section with the session's instructors, or makes it private again. */
export async function setSectionShared(db: Db, ctx: LearnerContext, sectionId: number, shared: boolean): Promise<SectionRow> {
  const section = await repo.findSection(db, ctx.session.course_id, sectionId);
  if (!section) throw new NotFoundError('That section is not part of your toolkit.');
  if (shared) await repo.shareSection(db, ctx.enrolmentId, sectionId);
  else await repo.unshareSection(db, ctx.enrolmentId, sectionId);
  return section;
}

/**
 * Adds a reading's suggestion to the matching section of the learner's toolkit. The reading's
 * week must be open (else it is not found) and so must the section.
 */
export async function addSuggestion(db: Db, ctx: LearnerContext, suggestionId: number): Promise<{ added: boolean; section: SectionRow }> {
  const suggestion = await repo.findSuggestion(db, ctx.session.course_id, suggestionId);
  if (!suggestion) throw new NotFoundError('We could not find that suggestion.');
  const [opening] = await weekOpenings(db, ctx.session, [suggestion.reading_week]);
  if (!opening.open) throw new NotFoundError('We could not find that suggestion.');
  if (!suggestion.section_id) throw new NotFoundError('This suggestion has no matching section in your toolkit. You can still add it in your own words.');
  return addEntry(db, ctx, suggestion.section_id, suggestion.text, suggestion.id);
}

/** The text a quoted reflection passage becomes in the toolkit. */
export function quoteBody(passage: string): string {
  return `“${passage.trim()}”\n— from my reflection`;
}

/**
 * What the PDF and the print page show: every open section (and any section holding entries), in
 * course order, as it reads now; an entry written for other words says which.
 */
export async function toolkitExport(db: Db, ctx: LearnerContext, learnerName: string, now = new Date()): Promise<ToolkitPdfData> {
  const toolkit = await loadToolkit(db, ctx, now);
  return {
    learnerName,
    courseTitle: toolkit.courseTitle,
    sessionTitle: ctx.session.title,
    exportedOn: DateTime.fromJSDate(now, { zone: ctx.session.time_zone }).toFormat('d LLLL yyyy'),
    sections: toolkit.sections
      .filter((s) => s.open || s.entries.length)
      .map((s) => ({ title: s.title, week: s.week, prompt: s.prompt, entries: s.entries.map((e) => ({ body: e.body, writtenFor: writtenFor(e, s) })) })),
  };
}
