import type { Express } from 'express';
import type { Knex } from 'knex';
import { signIn, type Agent } from '../../helpers/http';
import type { TestUser } from '../../helpers/factories';
import type { AppRoute } from './routes';
import { paramsOf } from './routes';
import { BACKUP_NAME, type World } from './world';

export const ACTORS = ['anonymous', 'otherLearner', 'learner', 'otherInstructor', 'instructor', 'admin'] as const;
export type Actor = (typeof ACTORS)[number];

/**
 * What each actor may expect:
 * ok        200. In a class, on a state-changing route: the actor may use it, and POST_ANSWERS
 *           (route-classes.ts) says which one of the outcomes here it answers the matrix's probe form
 * redirect  302 to a page other than the login page (a success, or a page sending the actor to theirs)
 * seeOther  303 (a success, from the routes that answer a form so)
 * moved     301
 * invalid   422 (a form the probe does not fill as the route needs)
 * conflict  409 (a change the world's state does not allow, e.g. a reflection already accepted)
 * gone      410 (an emailed link whose token is made up, as an expired one)
 * login     302 to /login, 401, or 404 (anonymous)
 * forbidden 403 or 404 (a role the route is not for)
 * hidden    404 only (another session's things are not confirmed to exist)
 * denied    403 only (the actor sees the thing but may not do this to it, e.g. report their own post)
 */
export type Outcome = 'ok' | 'redirect' | 'seeOther' | 'moved' | 'invalid' | 'conflict' | 'gone' | 'login' | 'forbidden' | 'hidden' | 'denied';

/** Outcomes that refuse the actor: they change nothing. */
export const REFUSALS: readonly Outcome[] = ['login', 'forbidden', 'hidden', 'gone', 'denied'];

/** Refusals of someone the thing is not shown to: they show none of learner A's data, and answer a made-up id alike. */
export const SHUT_OUT: readonly Outcome[] = ['login', 'forbidden', 'hidden', 'gone'];

export const CLASSES = {
  /** Open to everyone, logged in or not. */
  public: { anonymous: 'ok', otherLearner: 'ok', learner: 'ok', otherInstructor: 'ok', instructor: 'ok', admin: 'ok' },
  /** Logging in and registering: a signed-in account is sent to its home page instead. */
  guest: { anonymous: 'ok', otherLearner: 'redirect', learner: 'redirect', otherInstructor: 'redirect', instructor: 'redirect', admin: 'redirect' },
  /** An emailed link carrying its own secret; the matrix's made-up one answers 404 to everyone. */
  secretLink: { anonymous: 'hidden', otherLearner: 'hidden', learner: 'hidden', otherInstructor: 'hidden', instructor: 'hidden', admin: 'hidden' },
  /** An emailed link with a token that expires; the matrix's made-up one answers 410 to everyone, as an expired one. */
  expiredLink: { anonymous: 'gone', otherLearner: 'gone', learner: 'gone', otherInstructor: 'gone', instructor: 'gone', admin: 'gone' },
  /** Any logged-in account. */
  user: { anonymous: 'login', otherLearner: 'ok', learner: 'ok', otherInstructor: 'ok', instructor: 'ok', admin: 'ok' },
  /** Instructors and admins. */
  instructor: { anonymous: 'login', otherLearner: 'forbidden', learner: 'forbidden', otherInstructor: 'ok', instructor: 'ok', admin: 'ok' },
  /** Admins only. */
  admin: { anonymous: 'login', otherLearner: 'forbidden', learner: 'forbidden', otherInstructor: 'forbidden', instructor: 'forbidden', admin: 'ok' },
  /** Session A's members: its learner, its instructor, admins; everyone else gets 404. */
  session: { anonymous: 'login', otherLearner: 'hidden', learner: 'ok', otherInstructor: 'hidden', instructor: 'ok', admin: 'ok' },
  /** Session A's instructor and admins; its learner is refused, outsiders get 404. */
  sessionStaff: { anonymous: 'login', otherLearner: 'hidden', learner: 'forbidden', otherInstructor: 'hidden', instructor: 'ok', admin: 'ok' },
  /**
   * Learners' private work in session A (reflections, feedback, shared toolkit sections): its instructor
   * only. Its learner is refused; an admin who does not teach it gets 404, like any outsider.
   */
  sessionTeacher: { anonymous: 'login', otherLearner: 'hidden', learner: 'forbidden', otherInstructor: 'hidden', instructor: 'ok', admin: 'hidden' },
  /** A file of learner A's reflection: its author and session A's instructor; everyone else, an admin too, 404. */
  reflectionFile: { anonymous: 'login', otherLearner: 'hidden', learner: 'ok', otherInstructor: 'hidden', instructor: 'ok', admin: 'hidden' },
  /** Teaching pages about session A: learners meet the role guard (403), other instructors 404. */
  teachSession: { anonymous: 'login', otherLearner: 'forbidden', learner: 'forbidden', otherInstructor: 'hidden', instructor: 'ok', admin: 'ok' },
  /** Learner A's post, for the other members of session A to report: its author is refused (403), outsiders get 404. */
  othersPost: { anonymous: 'login', otherLearner: 'hidden', learner: 'denied', otherInstructor: 'hidden', instructor: 'ok', admin: 'ok' },
  /** Learner A's own things in session A (toolkit, readings done, place, review): anyone else, its staff too, gets 404. */
  sessionLearner: { anonymous: 'login', otherLearner: 'hidden', learner: 'ok', otherInstructor: 'hidden', instructor: 'hidden', admin: 'hidden' },
  /** Learner A's own post: only its author edits or deletes it; session A's staff, who moderate it instead, are refused (403). */
  ownPost: { anonymous: 'login', otherLearner: 'hidden', learner: 'ok', otherInstructor: 'hidden', instructor: 'denied', admin: 'denied' },
  /** A learner's page in session A whose staff are sent to their own view of it (progress, evaluation summary). */
  learnerView: { anonymous: 'login', otherLearner: 'hidden', learner: 'ok', otherInstructor: 'hidden', instructor: 'redirect', admin: 'redirect' },
  /** Instructor A's own things (a saved phrase): learners meet the role guard, every other account gets 404. */
  instructorOwn: { anonymous: 'login', otherLearner: 'forbidden', learner: 'forbidden', otherInstructor: 'hidden', instructor: 'ok', admin: 'hidden' },
  /** A form's own address opened to read (after a refused send was shown there): it leads to the form's page, which guards itself. */
  formAddress: { anonymous: 'redirect', otherLearner: 'redirect', learner: 'redirect', otherInstructor: 'redirect', instructor: 'redirect', admin: 'redirect' },
} satisfies Record<string, Record<Actor, Outcome>>;
export type RouteClass = keyof typeof CLASSES;

/** Fills a route's parameters with the ids of session A's things from the world. */
export function fillPath(route: AppRoute, w: World): string {
  const values = new Map<string, string>();
  for (const { name, before } of paramsOf(route.path)) {
    const value = paramValue(name, before, route.path, w);
    if (value === undefined) {
      throw new Error(`${route.method} ${route.path}: no fixture for :${name} (after "/${before}/"). Add one to paramValue in test/security/support/access.ts and, if needed, to createWorld.`);
    }
    values.set(name, value);
  }
  return route.path
    .replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => values.get(name)!)
    .replace(/\*[A-Za-z0-9_]+/g, 'x')
    .replace(/[{}]/g, '');
}

function paramValue(name: string, before: string, path: string, w: World): string | undefined {
  const n = (v: number | undefined) => (v === undefined ? undefined : String(v));
  const byName: Record<string, string | undefined> = {
    sessionId: n(w.sessionA.id),
    courseId: n(w.course.id),
    moduleId: n(w.moduleId),
    readingId: n(w.readingId),
    exerciseId: n(w.exerciseId),
    sectionId: n(w.sectionId),
    reflectionId: n(w.reflectionId),
    versionId: n(w.versionId),
    fileId: n(w.fileId),
    threadId: n(w.threadId),
    postId: n(w.postId),
    reportId: n(w.reportId),
    entryId: n(w.entryId),
    enrolmentId: n(w.enrolmentA),
    announcementId: n(w.announcementId),
    setAsideId: n(w.setAsideId),
    textId: n(w.toolkitTextId),
    userId: n(w.learnerA.id),
    learnerId: n(w.learnerA.id),
    certificateId: n(w.certificateId),
    week: '1',
    suggestionId: n(w.suggestionId),
    reviewId: n(w.reviewId),
    phraseId: n(w.phraseId),
    addressId: n(w.earlierAddressId),
    refundId: n(w.deletedAccountRefundId),
    decision: 'approve',
    slug: w.course.slug,
    code: w.certificateCode,
    token: 'not-a-real-token',
    file: before === 'calendar' ? 'not-a-real-token.ics' : undefined,
    name: before === 'backups' ? BACKUP_NAME : undefined,
  };
  if (name === 'fileId' && before === 'files' && path.includes('/readings/')) return n(w.readingFileId);
  if (name in byName) return byName[name];
  // Generic names (":id") take their meaning from the segment before them.
  const bySegment: Record<string, string | undefined> = {
    sessions: n(w.sessionA.id),
    courses: before === 'courses' && name === 'id' ? n(w.course.id) : undefined,
    modules: n(w.moduleId),
    readings: n(w.readingId),
    exercises: n(w.exerciseId),
    reflections: n(w.reflectionId),
    versions: n(w.versionId),
    files: n(w.fileId),
    threads: n(w.threadId),
    posts: n(w.postId),
    reports: n(w.reportId),
    entries: n(w.entryId),
    'toolkit-entries': n(w.entryId),
    enrolments: n(w.enrolmentA),
    users: n(w.learnerA.id),
    people: n(w.learnerA.id),
    learners: n(w.learnerA.id),
    certificates: n(w.certificateId),
    weeks: '1',
    outbox: n(w.outboxId),
    verify: w.certificateCode,
  };
  return bySegment[before];
}

/** Everything in the database that a refused request must not change, in one query. */
export async function databaseFingerprint(db: Knex): Promise<Record<string, string>> {
  const tables: { table_name: string }[] = (
    await db.raw(`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`)
  ).rows;
  const parts = tables
    .map(({ table_name: t }) => {
      if (t.startsWith('knex_')) return undefined;
      // Sessions are touched on every request (rolling expiry), so only their number counts.
      const value = t === 'http_sessions' ? `count(*)::text` : `count(*)::text || ':' || coalesce(md5(string_agg(x::text, '|' order by x::text)), '')`;
      return `select '${t}' as t, (select ${value} from "${t}" x) as v`;
    })
    .filter(Boolean);
  const rows: { t: string; v: string }[] = (await db.raw(parts.join(' union all '))).rows;
  return Object.fromEntries(rows.map((r) => [r.t, r.v]));
}

/** The tables whose content differs between two fingerprints. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys({ ...before, ...after }).filter((t) => before[t] !== after[t]);
}

const loginHits = async (db: Knex): Promise<number> =>
  Number((await db('rate_limit_hits').where('key', 'like', 'login:%').sum<{ n: string | null }[]>({ n: 'hits' }))[0].n ?? 0);

/**
 * Signs in, then waits until the login limiter has taken back the login's count. express-rate-limit
 * does that once the response has finished, so it can land during the next request and look like
 * a change that request made.
 */
export async function signInSettled(db: Knex, app: Express, user: Pick<TestUser, 'email' | 'password'>): Promise<Agent> {
  const before = await loginHits(db);
  const agent = await signIn(app, user);
  for (let tries = 0; (await loginHits(db)) !== before; tries++) {
    if (tries === 100) throw new Error('the login limiter still counts a successful login after 2 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return agent;
}
