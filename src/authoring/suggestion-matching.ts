/** A reading suggestion as stored, and as the admin's edited line says it now. */
export interface StoredSuggestion {
  id: number;
  section_key: string;
  text: string;
}
export interface WantedSuggestion {
  sectionKey: string;
  text: string;
}

// Short words ("a", "at", "to") say nothing about whether two lines are the same idea.
const wordsOf = (text: string) => new Set((text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length > 2));
/** How many words two lines share, when they share at least half the words of the shorter one; else 0. */
const sharedWords = (a: string, b: string) => {
  const [wa, wb] = [wordsOf(a), wordsOf(b)];
  const shared = [...wa].filter((w) => wb.has(w)).length;
  return shared * 2 >= Math.min(wa.size, wb.size) ? shared : 0;
};

/**
 * For each line the admin saved, the stored suggestion it continues (its id is kept), or undefined
 * for a new one. Learners' entries remember the suggestion they came from by id, so a suggestion
 * that stays must keep its row. Only suggestions of the same section are matched, in this order:
 * the same text, wherever it moved; then reworded lines that keep at least half their words, the
 * pairs sharing most words first. Anything else is a new idea (a line rewritten from scratch is
 * not the idea a learner added), and suggestions left over are removed.
 */
export function matchSuggestions(stored: StoredSuggestion[], wanted: WantedSuggestion[]): (number | undefined)[] {
  const matched: (number | undefined)[] = wanted.map(() => undefined);
  const used = new Set<number>();
  const free = (j: number, i: number) => matched[j] === undefined && !used.has(i) && stored[i].section_key === wanted[j].sectionKey;
  const take = (j: number, i: number) => {
    matched[j] = i;
    used.add(i);
  };
  wanted.forEach((w, j) => {
    const i = stored.findIndex((s, i) => free(j, i) && s.text === w.text);
    if (i >= 0) take(j, i);
  });
  const similar = wanted
    .flatMap((w, j) => stored.map((s, i) => ({ j, i, shared: free(j, i) ? sharedWords(s.text, w.text) : 0 })))
    .filter((p) => p.shared > 0)
    .sort((a, b) => b.shared - a.shared || Math.abs(a.i - a.j) - Math.abs(b.i - b.j));
  for (const { j, i } of similar) if (free(j, i)) take(j, i);
  return matched.map((i) => (i === undefined ? undefined : stored[i].id));
}
