import { DateTime } from 'luxon';

const MAX_REMEMBERED = 20_000;
const remembered = new Map<string, string>();

/**
 * An instant in a time zone, in a Luxon format ("d LLL yyyy, HH:mm"). Pages show the same
 * instants over and over (a thread's fifty posts on every visit), and Luxon's zone arithmetic is
 * the costliest part of presenting them, so each answer is remembered (a bounded map, emptied
 * when full). The answer for an instant, zone and format never changes.
 */
export function formatInZone(date: Date, zone: string, format: string): string {
  const key = `${date.getTime()}|${zone}|${format}`;
  let text = remembered.get(key);
  if (text === undefined) {
    if (remembered.size >= MAX_REMEMBERED) remembered.clear();
    text = DateTime.fromJSDate(date, { zone }).toFormat(format);
    remembered.set(key, text);
  }
  return text;
}

/** An instant that belongs to no session (an email, a backup), in UTC, saying so. */
export const utcText = (date: Date): string => `${formatInZone(date, 'UTC', 'd LLLL yyyy, HH:mm')} UTC`;

/** When a text another window wrote over was written and set aside: "written 5 December 2026, 16:00, set aside …". */
export function setAsideWhen(writtenAt: Date | null, setAsideAt: Date, zone: string): string {
  const at = (date: Date) => formatInZone(date, zone, 'd LLLL yyyy, HH:mm');
  return `${writtenAt ? `written ${at(writtenAt)}` : 'written earlier'}, set aside ${at(setAsideAt)}`;
}
