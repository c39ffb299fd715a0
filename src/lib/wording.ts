/** The word for a count: plural(1, 'seat', 'seats') is 'seat', any other count 'seats'. */
export function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

/** A count with its word: countOf(1, 'learner', 'learners') is '1 learner', countOf(3, …) '3 learners'. */
export function countOf(n: number, one: string, many: string): string {
  return `${n} ${plural(n, one, many)}`;
}

const andList = new Intl.ListFormat('en-GB', { type: 'conjunction' });

/** Names as one phrase: "Ada", "Ada and Ben", "Ada, Ben and Cy". */
export function inWords(items: string[]): string {
  return andList.format(items);
}

/** How many words a text holds, as a word processor counts them: runs of characters between spaces. */
export function wordsIn(text: string): number {
  return text.match(/\S+/g)?.length ?? 0;
}

/** "No words yet." or "312 words so far." (public/js/word-count.js says the same as the learner types). */
export function wordsSoFar(text: string): string {
  const n = wordsIn(text);
  return n ? `${countOf(n, 'word', 'words')} so far.` : 'No words yet.';
}

/** A length of time as a person says it: 120 minutes is "2 hours", 2880 "2 days", 90 "90 minutes". */
export function minutesInWords(minutes: number): string {
  if (minutes % 1440 === 0) return countOf(minutes / 1440, 'day', 'days');
  if (minutes % 60 === 0) return countOf(minutes / 60, 'hour', 'hours');
  return countOf(minutes, 'minute', 'minutes');
}

/** Time to set aside, in hours once it is an hour or more: 225 minutes is "3 hours and 45 minutes". */
export function studyTimeInWords(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (!hours) return countOf(rest, 'minute', 'minutes');
  return rest ? `${countOf(hours, 'hour', 'hours')} and ${countOf(rest, 'minute', 'minutes')}` : countOf(hours, 'hour', 'hours');
}
