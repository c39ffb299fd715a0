import type { EntryRow, SectionRow } from './toolkit.repository';

/**
 * What an entry was written for, when its section has been reworded since: "Written for the
 * earlier prompt: …", naming the earlier title too if that changed; empty when the section reads
 * as it did (or the words were never recorded).
 */
export function writtenFor(entry: Pick<EntryRow, 'section_title' | 'section_prompt'>, section: Pick<SectionRow, 'title' | 'prompt'>): string {
  const title = entry.section_title !== null && entry.section_title !== section.title ? entry.section_title : '';
  const prompt = entry.section_prompt !== null && entry.section_prompt !== section.prompt ? entry.section_prompt : '';
  if (prompt) return title ? `Written for the earlier prompt, under “${title}”: ${prompt}` : `Written for the earlier prompt: ${prompt}`;
  return title ? `Written under the earlier title “${title}”.` : '';
}
