import type { Db } from '../db';
import { listOwnReflectionTexts } from '../reflections';
import { ValidationError } from '../lib/errors';
import * as repo from './toolkit.repository';
import { addEntry, quoteBody, type LearnerContext, type Toolkit } from './toolkit.service';

export interface SectionSuggestion {
  id: number;
  text: string;
  readingTitle: string;
}

/** Suggestions from the readings of open weeks, by the section they belong to, leaving out those the learner already added. */
export async function suggestionsBySection(db: Db, ctx: LearnerContext, toolkit: Toolkit): Promise<Map<number, SectionSuggestion[]>> {
  const rows = await repo.listSuggestions(db, ctx.session.course_id);
  const added = new Set(toolkit.sections.flatMap((s) => s.entries.map((e) => e.reading_suggestion_id)));
  const openWeeks = new Set(toolkit.sections.filter((s) => s.open).map((s) => s.week));
  const bySection = new Map<number, SectionSuggestion[]>();
  for (const row of rows) {
    const section = toolkit.sections.find((s) => s.key === row.section_key);
    if (!section || !section.open || !openWeeks.has(row.week)) continue;
    if (added.has(row.id) || section.entries.some((e) => e.body === row.text)) continue;
    const list = bySection.get(section.id) ?? [];
    list.push({ id: row.id, text: row.text, readingTitle: row.reading_title });
    bySection.set(section.id, list);
  }
  return bySection;
}

/** The learner's own reflection text for each open week that has one (submitted version, else draft). */
export async function ownReflections(db: Db, ctx: LearnerContext, toolkit: Toolkit): Promise<{ week: number; text: string }[]> {
  const weeks = [...new Set(toolkit.sections.filter((s) => s.open).map((s) => s.week))];
  return listOwnReflectionTexts(db, ctx.enrolmentId, weeks);
}

const normalise = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * Quotes a passage of the learner's own reflection into an open section. The passage must be
 * found in one of their reflections (spacing and case aside), so a quote is always their own words.
 */
export async function addReflectionQuote(db: Db, ctx: LearnerContext, toolkit: Toolkit, sectionId: number, passage: string) {
  const reflections = await ownReflections(db, ctx, toolkit);
  const wanted = normalise(passage);
  if (!reflections.some((r) => normalise(r.text).includes(wanted))) {
    throw new ValidationError('That passage is not in your reflections.', {
      passage: 'Please copy a passage from one of your own reflections shown above, without changing its words.',
    });
  }
  return addEntry(db, ctx, sectionId, quoteBody(passage.replace(/\s+/g, ' ')));
}
