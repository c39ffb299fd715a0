import { formatInZone } from '../lib/dates';

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

/** A date as people in the session's zone read it: "Monday 4 May 2026". */
export function localDay(date: Date, timeZone: string): string {
  return formatInZone(date, timeZone, 'cccc d LLLL yyyy');
}

/** An instant with its time in the session's zone: "4 May 2026, 14:05". */
export function localDateTime(date: Date, timeZone: string): string {
  return formatInZone(date, timeZone, 'd LLLL yyyy, HH:mm');
}

export function sizeLabel(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
