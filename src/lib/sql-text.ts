/** Text to look for with LIKE/ILIKE, its wildcards (`%`, `_`) and backslashes taken literally. */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** An ILIKE pattern matching the text anywhere. */
export const containing = (text: string): string => `%${escapeLike(text)}%`;
