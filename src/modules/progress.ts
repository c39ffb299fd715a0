import { DateTime } from 'luxon';

export type ReflectionStatus = 'draft' | 'submitted' | 'returned' | 'accepted';

/** An exercise counts towards progress once submitted (awaiting feedback) or accepted. */
export function reflectionCounts(status: string | undefined): boolean {
  return status === 'submitted' || status === 'accepted';
}

const STATUS_LABELS: Record<ReflectionStatus | 'none', string> = {
  none: 'Not started',
  draft: 'Draft saved, not submitted yet',
  submitted: 'Submitted, waiting for feedback',
  returned: 'Returned for revision',
  accepted: 'Accepted',
};

export function reflectionStatusLabel(status: string | undefined): string {
  return STATUS_LABELS[(status ?? 'none') as ReflectionStatus | 'none'] ?? STATUS_LABELS.none;
}

export interface Progress {
  done: number;
  total: number;
  percent: number;
  label: string;
}

export function progress(done: number, total: number): Progress {
  const percent = total ? Math.round((done / total) * 100) : 0;
  return { done, total, percent, label: `${done} of ${total} steps done (${percent}%)` };
}

// Session pages show the same few week dates over and over; formatting them in a zone is costly.
const localDays = new Map<string, string>();
const REMEMBERED_DAYS = 10_000;

/** A date as people in the session's zone read it: "Monday 4 May 2026". */
export function localDay(date: Date, timeZone: string): string {
  const key = `${date.getTime()} ${timeZone}`;
  let day = localDays.get(key);
  if (day === undefined) {
    day = DateTime.fromJSDate(date, { zone: timeZone }).toFormat('cccc d LLLL yyyy');
    if (localDays.size >= REMEMBERED_DAYS) localDays.clear();
    localDays.set(key, day);
  }
  return day;
}

/** An instant with its time in the session's zone: "4 May 2026, 14:05". */
export function localDateTime(date: Date, timeZone: string): string {
  return DateTime.fromJSDate(date, { zone: timeZone }).toFormat('d LLLL yyyy, HH:mm');
}

export function sizeLabel(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
