import { DateTime } from 'luxon';
import type { Toolkit } from './toolkit.service';

export interface EntryView {
  id: number;
  body: string;
  number: number;
  /** Names the entry on its buttons for screen readers: entries are numbered per section, so a number alone repeats. */
  label: string;
  first: boolean;
  last: boolean;
  /** The id of the place in the entry where the confirmation of a move shows. */
  statusAnchor: string;
}

/** The id of the place at the top of an entry, above its words and buttons, where the confirmation of a move shows. */
export const entryStatusAnchor = (entryId: number) => `entry-${entryId}-status`;

/** The id of the place at the top of a section, above its count, where the confirmation of an added, saved or removed entry shows. */
export const sectionStatusAnchor = (sectionId: number) => `section-${sectionId}-status`;

const LABEL_WORDS = 6;

/** “Ten slow breaths before I open…”: the entry's first words, to tell its buttons apart from others'. */
export function entryLabel(body: string): string {
  const words = body.trim().split(/\s+/);
  const start = words.slice(0, LABEL_WORDS).join(' ');
  return `“${start}${words.length > LABEL_WORDS ? '…' : ''}”`;
}

export interface SectionView {
  id: number;
  anchor: string;
  statusAnchor: string;
  title: string;
  week: number;
  prompt: string;
  examples: string[];
  open: boolean;
  opensOn: string;
  entries: EntryView[];
  count: number;
  required: number;
  met: boolean;
  shared: boolean;
  draft: string;
  draftSavedAt: string;
  /** The number of the draft's latest save, sent back with each save so another window's newer draft is not lost. */
  draftRev: number;
  setAside: SetAsideView[];
}

export interface SetAsideView {
  id: number;
  text: string;
  label: string;
  writtenAt: string;
  setAsideAt: string;
}

function localDate(date: Date, zone: string, format: string): string {
  return DateTime.fromJSDate(date, { zone }).toFormat(format);
}

/** The toolkit as the page shows it: dates in the session's zone, entries numbered from 1. */
export function presentToolkit(toolkit: Toolkit, timeZone: string) {
  const sections: SectionView[] = toolkit.sections.map((s) => ({
    id: s.id,
    anchor: `section-${s.id}`,
    statusAnchor: sectionStatusAnchor(s.id),
    title: s.title,
    week: s.week,
    prompt: s.prompt,
    examples: Array.isArray(s.examples) ? s.examples : [],
    open: s.open,
    opensOn: localDate(s.opensAt, timeZone, 'cccc d LLLL yyyy'),
    entries: s.entries.map((e, i) => ({
      id: e.id,
      body: e.body,
      number: i + 1,
      label: entryLabel(e.body),
      first: i === 0,
      last: i === s.entries.length - 1,
      statusAnchor: entryStatusAnchor(e.id),
    })),
    count: s.entries.length,
    required: s.required,
    met: s.met,
    shared: s.shared,
    draft: s.draft?.body ?? '',
    draftSavedAt: s.draft ? localDate(s.draft.saved_at, timeZone, "d LLL 'at' HH:mm") : '',
    draftRev: s.draft?.rev ?? 0,
    setAside: s.setAside.map((t) => ({
      id: t.id,
      text: t.text,
      label: entryLabel(t.text),
      writtenAt: t.written_at ? localDate(t.written_at, timeZone, "d LLL 'at' HH:mm") : '',
      setAsideAt: localDate(t.set_aside_at, timeZone, "d LLL 'at' HH:mm"),
    })),
  }));
  const open = sections.filter((s) => s.open);
  return {
    courseTitle: toolkit.courseTitle,
    required: toolkit.required,
    sections,
    openSections: open.map((s) => ({ id: s.id, title: s.title })),
    metCount: sections.filter((s) => s.met).length,
    entryCount: sections.reduce((n, s) => n + s.count, 0),
    firstSetAside: sections.find((s) => s.setAside.length)?.anchor ?? '',
  };
}
