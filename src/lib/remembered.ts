/**
 * A bounded memory of answers that never change for their key. Pages ask the same time-zone
 * questions over and over (a thread's fifty post dates, a session's four week openings), and
 * Luxon's zone arithmetic costs more than the rest of presenting them. Emptied when full.
 */
export function remembered<T>(limit: number): (key: string, compute: () => T) => T {
  const answers = new Map<string, T>();
  return (key, compute) => {
    let answer = answers.get(key);
    if (answer === undefined) {
      if (answers.size >= limit) answers.clear();
      answer = compute();
      answers.set(key, answer);
    }
    return answer;
  };
}
