import type { Knex } from 'knex';

// The reference the counts kept on write are checked against: the evidence counted from scratch,
// with the queries the progress table ran on every read before the counts were kept
// (reading_progress per week, the reflection's status, threads started and replies to someone
// else's post that are not deleted, in the enrolment's own session, toolkit entries per section).

type Line = string;

async function recountModules(db: Knex): Promise<Map<string, { readings: number; reflection: string | null; threads: number; replies: number }>> {
  const counts = new Map<string, { readings: number; reflection: string | null; threads: number; replies: number }>();
  const at = (enrolmentId: number, moduleId: number) => {
    const key = `${enrolmentId}:${moduleId}`;
    if (!counts.has(key)) counts.set(key, { readings: 0, reflection: null, threads: 0, replies: 0 });
    return counts.get(key)!;
  };
  const readings = await db('reading_progress as rp')
    .join('readings as r', 'r.id', 'rp.reading_id')
    .select('rp.enrolment_id', 'r.course_module_id', db.raw('count(*)::int as done'))
    .groupBy('rp.enrolment_id', 'r.course_module_id');
  for (const r of readings) at(r.enrolment_id, r.course_module_id).readings = r.done;
  const reflections = await db('reflections as rf').join('exercises as x', 'x.id', 'rf.exercise_id').select('rf.enrolment_id', 'x.course_module_id', 'rf.status');
  for (const r of reflections) at(r.enrolment_id, r.course_module_id).reflection = r.status;
  const posts = await db('discussion_posts as p')
    .join('discussion_threads as t', 't.id', 'p.thread_id')
    .join('enrolments as e', (j) => j.on('e.user_id', 'p.author_id').andOn('e.course_session_id', 't.course_session_id'))
    .leftJoin('discussion_posts as pp', 'pp.id', 'p.parent_id')
    .select('e.id as enrolment_id', 't.course_module_id')
    .select(db.raw('(count(*) filter (where p.parent_id is null))::int as threads'))
    .select(db.raw('(count(*) filter (where p.parent_id is not null and pp.author_id is distinct from p.author_id))::int as replies'))
    .whereIn('p.status', ['visible', 'hidden']) // a post waiting for approval counts once approved
    .groupBy('e.id', 't.course_module_id');
  for (const r of posts) Object.assign(at(r.enrolment_id, r.course_module_id), { threads: r.threads, replies: r.replies });
  return counts;
}

function moduleLine(key: string, c: { readings: number; reflection: string | null; threads: number; replies: number }): Line | undefined {
  if (!c.readings && c.reflection === null && !c.threads && !c.replies) return undefined;
  return `${key} readings=${c.readings} reflection=${c.reflection} threads=${c.threads} replies=${c.replies}`;
}

/** Every non-empty count, as sorted lines, counted from the evidence. */
export async function recountedLines(db: Knex): Promise<Line[]> {
  const lines: Line[] = [];
  for (const [key, c] of await recountModules(db)) {
    const line = moduleLine(key, c);
    if (line) lines.push(line);
  }
  const toolkit = await db('toolkit_entries').select('enrolment_id', 'toolkit_section_id', db.raw('count(*)::int as n')).groupBy('enrolment_id', 'toolkit_section_id');
  for (const t of toolkit) lines.push(`${t.enrolment_id}:toolkit:${t.toolkit_section_id} entries=${t.n}`);
  return lines.sort();
}

/** Every non-empty count, as sorted lines, as kept on write. */
export async function storedLines(db: Knex): Promise<Line[]> {
  const lines: Line[] = [];
  const rows = await db('enrolment_module_progress').select('*');
  for (const r of rows) {
    const line = moduleLine(`${r.enrolment_id}:${r.course_module_id}`, {
      readings: r.readings_done,
      reflection: r.reflection_status,
      threads: r.threads_started,
      replies: r.replies_to_others,
    });
    if (line) lines.push(line);
  }
  for (const t of await db('enrolment_toolkit_progress').select('*')) {
    if (t.entries) lines.push(`${t.enrolment_id}:toolkit:${t.toolkit_section_id} entries=${t.entries}`);
  }
  return lines.sort();
}

/** The counts kept on write, read for one enrolment and week. */
export async function storedCounts(db: Knex, enrolmentId: number, moduleId: number) {
  const row = await db('enrolment_module_progress').where({ enrolment_id: enrolmentId, course_module_id: moduleId }).first();
  return {
    readings: row?.readings_done ?? 0,
    reflection: row?.reflection_status ?? null,
    threads: row?.threads_started ?? 0,
    replies: row?.replies_to_others ?? 0,
  };
}
