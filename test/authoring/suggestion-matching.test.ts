import { matchSuggestions } from '../../src/authoring/suggestion-matching';

const stored = (...lines: [string, string][]) => lines.map(([section_key, text], i) => ({ id: 100 + i, section_key, text }));
const wanted = (...lines: [string, string][]) => lines.map(([sectionKey, text]) => ({ sectionKey, text }));

describe('which stored suggestion each edited line continues', () => {
  it('keeps a suggestion whose line only moved, and takes a line rewritten from scratch in its place for a new idea', () => {
    const before = stored(['calm', 'Breathe out slowly'], ['calm', 'Take a walk'], ['calm', 'Call a friend']);
    expect(matchSuggestions(before, wanted(['calm', 'Call a friend'], ['calm', 'Breathe out slowly'], ['calm', 'Phone someone you trust']))).toEqual([102, 100, undefined]);
  });

  it('does not pair lines that share only a word or two of many', () => {
    const before = stored(['calm', 'Take a long walk at lunch with a colleague']);
    expect(matchSuggestions(before, wanted(['calm', 'Eat lunch away from your desk, somewhere quiet and green']))).toEqual([undefined]);
  });

  it('pairs a reworded line with the suggestion it shares most words with, not the one in its place', () => {
    const before = stored(['calm', 'Take a walk at lunch'], ['calm', 'Drink some water']);
    expect(matchSuggestions(before, wanted(['calm', 'Drink a glass of water'], ['calm', 'Take a short walk at lunch']))).toEqual([101, 100]);
  });

  it('never carries a suggestion over to another section, and leaves extra lines new', () => {
    const before = stored(['calm', 'Take a walk']);
    expect(matchSuggestions(before, wanted(['rest', 'Take a walk'], ['calm', 'Something new'], ['calm', 'Take a walk outside']))).toEqual([undefined, undefined, 100]);
  });
});
