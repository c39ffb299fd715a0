import type { Knex } from 'knex';
import { renderMarkdown } from '../src/lib/markdown';

// A small deterministic generator, so two runs seed the same data.
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'patron desk shift story time boundary rest colleague grief empathy listen breathe notice weary ' +
  'kindness library community reference crisis tired steady hope support evening morning volunteer ' +
  'teen program outreach shelter quiet moment cup tea walk journal honest pause limit care heavy ' +
  'lighter name feeling week practice small step together share help learn remember ask'
).split(' ');

export function sentence(rand: () => number, words: number): string {
  const parts: string[] = [];
  for (let i = 0; i < words; i++) parts.push(WORDS[Math.floor(rand() * WORDS.length)]);
  const s = parts.join(' ');
  return `${s[0].toUpperCase()}${s.slice(1)}.`;
}

/** A pool of Markdown bodies rendered once (the app renders on write, so stored HTML is given). */
export function bodyPool(rand: () => number, count: number): { md: string; html: string }[] {
  const pool: { md: string; html: string }[] = [];
  for (let i = 0; i < count; i++) {
    const paragraphs = 1 + Math.floor(rand() * 3);
    const blocks: string[] = [];
    for (let p = 0; p < paragraphs; p++) {
      const sentences = 2 + Math.floor(rand() * 4);
      const text = Array.from({ length: sentences }, () => sentence(rand, 6 + Math.floor(rand() * 10))).join(' ');
      blocks.push(p === 1 && i % 5 === 0 ? `> ${text}` : i % 7 === 0 && p === 0 ? `**${text}**` : text);
    }
    if (i % 9 === 0) blocks.push(`- ${sentence(rand, 5)}\n- ${sentence(rand, 6)}\n- ${sentence(rand, 4)}`);
    const md = blocks.join('\n\n');
    pool.push({ md, html: renderMarkdown(md) });
  }
  return pool;
}

export async function hasColumn(db: Knex, table: string, column: string): Promise<boolean> {
  const info = await db(table).columnInfo();
  return Object.prototype.hasOwnProperty.call(info, column);
}

export async function hasTable(db: Knex, table: string): Promise<boolean> {
  return db.schema.hasTable(table);
}

const CHUNK = 1000;

/** Inserts rows in chunks and returns the ids in insertion order. */
export async function insertIds(db: Knex, table: string, rows: Record<string, unknown>[]): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const inserted: { id: number }[] = await db(table).insert(rows.slice(i, i + CHUNK)).returning('id');
    for (const r of inserted) ids.push(r.id);
  }
  return ids;
}

/** Inserts rows in chunks; rows the demo seed already made (same unique key) are left as they are. */
export async function insertAll(db: Knex, table: string, rows: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db(table).insert(rows.slice(i, i + CHUNK)).onConflict().ignore();
  }
}

export const DAY = 86_400_000;
