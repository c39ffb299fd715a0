import { checkAndIssue, completionForSession, type LearnerCompletion, whatsLeftPanel } from '../../src/completion';
import { progressCsv, type ProgressFilters } from '../../src/completion/progress.presenter';
import { progressLearners, progressPage } from '../../src/completion/progress.service';
import { issueCertificate } from '../../src/certificates/certificates.service';
import { enrolmentsMeetingRules } from '../../src/completion/due-certificates.repository';
import { createTestContext, type TestContext } from '../helpers/app';
import { completionCast, insertEvaluation, replyTo, setReflection, startThread } from '../helpers/completion-factories';
import { createUser, enrol } from '../helpers/factories';
import { signIn } from '../helpers/http';

// The progress table filters, pages and totals in SQL over the counts kept on write; here it is
// held to what the table showed when it filtered every learner's completion in JavaScript.

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

/** The table's filters as they were applied in JavaScript before they moved to SQL. */
function filteredAsBefore(learners: LearnerCompletion[], f: ProgressFilters): LearnerCompletion[] {
  const name = f.name?.trim().toLowerCase();
  return learners.filter((l) => {
    if (f.status === 'complete' && !l.complete) return false;
    if (f.status === 'not-complete' && l.complete) return false;
    if (f.behindWeek !== undefined) {
      const week = l.weeks.find((w) => w.week === f.behindWeek);
      if (!week || week.met || l.complete) return false;
    }
    if (name && !l.name.toLowerCase().includes(name)) return false;
    return true;
  });
}

/** The weekly chart's numbers as they were counted in JavaScript. */
function participationAsBefore(learners: LearnerCompletion[], weeks: number) {
  return Array.from({ length: weeks }, (_, i) => ({
    allDone: learners.filter((l) => l.weeks[i]?.met).length,
    discussed: learners.filter((l) => l.weeks[i]?.rules.some((r) => (r.key === 'posts' || r.key === 'replies') && r.done > 0)).length,
  }));
}

/** A cohort with a bit of everything, from a fixed sequence so every run is the same. */
async function variedCohort() {
  const cast = await completionCast(ctx.db);
  let seed = 7;
  const next = (n: number) => {
    seed = (seed * 16807) % 2147483647;
    return Math.floor((seed / 2147483647) * n);
  };
  const names = ['Élodie Ünal', 'ÉLODIE Ross', 'Ana Lopez', 'ana maria', 'Zoë Å', 'Bob', 'Carla Anand', 'Dev Patel', 'Eve', 'Fran Ánh'];
  const modules = await ctx.db('course_modules').where({ course_id: cast.course.id }).orderBy('week').select('id', 'week');
  const peerThreads = await Promise.all(modules.map((m: { week: number }) => startThread(ctx.db, cast.sessionA.id, cast.course.id, m.week, cast.peerA.id)));
  for (let i = 0; i < 24; i++) {
    const user = await createUser(ctx.db, { name: `${names[i % names.length]} ${i}` });
    const enrolmentId = await enrol(ctx.db, cast.sessionA.id, user.id);
    for (const [w, m] of modules.entries()) {
      if (next(3)) await ctx.db('reading_progress').insert(ctx.db('readings').where({ course_module_id: m.id }).select(ctx.db.raw('?::int', [enrolmentId]), 'id'));
      const status = ['draft', 'submitted', 'returned', 'accepted', undefined][next(5)] as 'draft' | undefined;
      if (status) await setReflection(ctx.db, enrolmentId, cast.course.id, m.week, status);
      for (let t = next(3); t > 0; t--) await startThread(ctx.db, cast.sessionA.id, cast.course.id, m.week, user.id, next(4) ? 'visible' : 'deleted');
      for (let r = next(4); r > 0; r--) await replyTo(ctx.db, peerThreads[w], user.id, ['visible', 'hidden', 'pending', 'deleted'][next(4)]);
    }
    const sections = await ctx.db('toolkit_sections as t').join('course_modules as m', 'm.id', 't.course_module_id').where('m.course_id', cast.course.id).select('t.id');
    for (const s of sections) if (next(2)) await ctx.db('toolkit_entries').insert({ enrolment_id: enrolmentId, toolkit_section_id: s.id, position: 1, body: 'x' });
    if (next(2)) await insertEvaluation(ctx.db, enrolmentId);
    if (i % 7 === 0) await issueCertificate(ctx.db, enrolmentId, { kind: 'manual' });
    if (i % 7 === 3) {
      const { certificate } = await issueCertificate(ctx.db, enrolmentId, { kind: 'rules' });
      if (i === 10) await ctx.db('certificates').where({ id: certificate.id }).update({ revoked_at: new Date(), revoked_reason: 'test' });
    }
  }
  const waiting = await createUser(ctx.db, { name: 'Waitlisted Ana' });
  await enrol(ctx.db, cast.sessionA.id, waiting.id, 'waitlisted');
  return cast;
}

const FILTERS: ProgressFilters[] = [
  {},
  { status: 'complete' },
  { status: 'not-complete' },
  { behindWeek: 1 },
  { behindWeek: 2 },
  { behindWeek: 3 },
  { name: 'ana' },
  { name: 'élo' },
  { name: 'ÉLODIE' },
  { name: 'zzz' },
  { status: 'not-complete', behindWeek: 2, name: 'a' },
  { status: 'complete', behindWeek: 1 },
];

const RULES = [
  undefined,
  { readingsDone: true, exerciseSubmitted: false, postsPerWeek: 0, repliesPerWeek: 1, toolkitEntriesPerSection: 0, evaluation: false, completionGraceDays: 30 },
  { readingsDone: false, exerciseSubmitted: false, postsPerWeek: 0, repliesPerWeek: 0, toolkitEntriesPerSection: 1, evaluation: true, completionGraceDays: 30 },
  { readingsDone: true, exerciseSubmitted: true, postsPerWeek: 2, repliesPerWeek: 3, toolkitEntriesPerSection: 1, evaluation: true, completionGraceDays: 30 },
];

describe('the progress table in SQL', () => {
  it.each(RULES.map((rules, i) => [i, rules]))('filters, pages, counts and charts as the JavaScript did (rules %s)', async (_, rules) => {
    const cast = await variedCohort();
    if (rules) await ctx.db('courses').where({ id: cast.course.id }).update({ completion_rules: JSON.stringify(rules) });
    const everyone = (await completionForSession(ctx.db, cast.sessionA.id)).learners;
    expect(everyone).toHaveLength(26);
    for (const filters of FILTERS) {
      const expected = filteredAsBefore(everyone, filters);
      const pageSize = 7;
      const pages = Math.max(1, Math.ceil(expected.length / pageSize));
      const seen: LearnerCompletion[] = [];
      for (let page = 1; page <= pages + 1; page++) {
        const view = await progressPage(ctx.db, cast.sessionA.id, filters, page, pageSize);
        expect(view.page).toBe(Math.min(page, pages));
        expect(view.pageCount).toBe(pages);
        expect(view.matching).toBe(expected.length);
        expect(view.total).toBe(26);
        expect(view.completeCount).toBe(everyone.filter((l) => l.complete).length);
        expect(view.participation.map(({ allDone, discussed }) => ({ allDone, discussed }))).toEqual(participationAsBefore(everyone, view.plan.weeks.length));
        if (page <= pages) seen.push(...view.learners);
        else expect(view.learners).toEqual(expected.slice((pages - 1) * pageSize));
      }
      expect(seen).toEqual(expected);
      const csv = await progressLearners(ctx.db, cast.sessionA.id, filters);
      expect(progressCsv(csv.plan, csv.learners)).toBe(progressCsv(csv.plan, expected));
    }
  });

  it('serves the CSV of a filtered view over HTTP, as the JavaScript filter would', async () => {
    const cast = await variedCohort();
    const everyone = (await completionForSession(ctx.db, cast.sessionA.id)).learners;
    const staff = await signIn(ctx.app, cast.instructorA);
    const res = await staff.get(`/sessions/${cast.sessionA.id}/progress.csv?status=not-complete&behind=1&q=ANA`);
    const plan = await completionForSession(ctx.db, cast.sessionA.id);
    expect(res.text).toBe(`\uFEFF${progressCsv(plan, filteredAsBefore(everyone, { status: 'not-complete', behindWeek: 1, name: 'ana' }))}`);
  });
});

describe('the sweep for due certificates in SQL', () => {
  it.each(RULES.map((rules, i) => [i, rules]))('finds exactly the learners the JavaScript says are due (rules %s)', async (_, rules) => {
    const cast = await variedCohort();
    if (rules) await ctx.db('courses').where({ id: cast.course.id }).update({ completion_rules: JSON.stringify(rules) });
    const completion = await completionForSession(ctx.db, cast.sessionA.id);
    const due = completion.learners.filter((l) => l.rulesMet && !l.certificate).map((l) => l.enrolmentId);
    expect(await enrolmentsMeetingRules(ctx.db, completion, new Date())).toEqual(due.sort((a, b) => a - b));
  });
});

describe('queries per read', () => {
  async function queriesOf(run: () => Promise<unknown>): Promise<number> {
    let n = 0;
    const count = () => {
      n += 1;
    };
    ctx.db.on('query', count);
    try {
      await run();
    } finally {
      ctx.db.off('query', count);
    }
    return n;
  }

  it('reads a page of the table in two queries, one learner’s state in two (their own panel in three, with their posts waiting for approval), however many learners', async () => {
    const cast = await variedCohort();
    expect(await queriesOf(() => progressPage(ctx.db, cast.sessionA.id, { behindWeek: 1, status: 'not-complete' }, 2, 5))).toBe(2);
    expect(await queriesOf(() => progressPage(ctx.db, cast.sessionA.id, { name: 'ana' }, 1))).toBe(3);
    expect(await queriesOf(() => completionForSession(ctx.db, cast.sessionA.id, { enrolmentId: cast.enrolmentA }))).toBe(2);
    expect(await queriesOf(() => progressLearners(ctx.db, cast.sessionA.id, {}))).toBe(2);
    const deps = { db: ctx.db, mailer: ctx.mailer, baseUrl: ctx.config.baseUrl };
    expect(await queriesOf(() => whatsLeftPanel(deps, cast.sessionA.id, cast.enrolmentA))).toBe(3);
    expect(await queriesOf(() => checkAndIssue(deps, cast.enrolmentA))).toBe(2);
  });
});
