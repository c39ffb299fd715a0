import { formatInZone, lastOpenDay } from '../lib/dates';
import { weekUnlocksAt } from '../enrolment/session-dates';
import type { LearnerCompletion, RuleState, SessionCompletion } from './completion.service';
import type { PendingPosts } from './completion.repository';
import { countOf, plural } from '../lib/wording';

export interface WhatsLeftItem {
  label: string;
  met: boolean;
  /** Where to act; none for a week that has not opened yet, whose pages cannot be read. */
  href?: string;
  progress?: string;
  /** Belongs to a week that has not opened yet (shown folded away). */
  later?: boolean;
  /** For a week that has not opened yet: "opens Monday 7 December". */
  opensText?: string;
}

export interface WhatsLeftView {
  sessionId: number;
  courseTitle: string;
  items: WhatsLeftItem[];
  /**
   * Items of weeks that are open, plus the course-wide ones; `laterItems` for weeks to come.
   * Once the learner holds their certificate, only the steps they took: the others are `notNeeded`.
   * None once the certificate is revoked.
   */
  currentItems: WhatsLeftItem[];
  laterItems: WhatsLeftItem[];
  /** Steps not taken by a learner who holds their certificate all the same (marked complete by the course team). */
  notNeeded: WhatsLeftItem[];
  done: number;
  remaining: number;
  state: 'in-progress' | 'complete' | 'revoked' | 'closed' | 'waiting';
  behind: boolean;
  /** The last day completion is open to this learner (it closes at its end). */
  lastDayText: string;
  /** Completion stays open longer for this learner than for the session. */
  extended: boolean;
  issuedText?: string;
  revokedText?: string;
  justIssued: boolean;
  certificateUrl: string;
  /** LinkedIn's "Add to profile" form, filled in with the certificate. */
  linkedInUrl: string;
  reviewUrl: string;
}


function awaitingApproval(n: number | undefined, one: string, many: string): string {
  if (!n) return '';
  return `. ${countOf(n, one, many)} ${plural(n, 'is', 'are')} waiting for your instructor’s approval and will count once approved`;
}

function weekItem(sessionId: number, week: number, rule: RuleState, pending?: { posts: number; replies: number }): WhatsLeftItem {
  const base = `/sessions/${sessionId}/weeks/${week}`;
  switch (rule.key) {
    case 'readings':
      return rule.met
        ? { label: `Week ${week}: readings marked done`, met: true, href: base }
        : { label: `Week ${week}: mark the readings done`, met: false, href: base, progress: `${rule.done} of ${rule.needed} done so far` };
    case 'reflection':
      if (rule.met) return { label: `Week ${week}: reflection submitted`, met: true, href: `${base}/reflection` };
      if (rule.status === 'returned') {
        return { label: `Week ${week}: revise your reflection and send it again`, met: false, href: `${base}/reflection`, progress: 'Your instructor left feedback to help you.' };
      }
      return { label: `Week ${week}: write and submit your reflection`, met: false, href: `${base}/reflection`, progress: rule.status === 'draft' ? 'Your draft is saved.' : undefined };
    case 'posts':
      return rule.met
        ? { label: `Week ${week}: started a discussion thread`, met: true, href: `${base}/discussion` }
        : { label: `Week ${week}: start ${rule.needed === 1 ? 'a discussion thread' : `${rule.needed} discussion threads`}`, met: false, href: `${base}/discussion`, progress: `${rule.done} of ${rule.needed} so far${awaitingApproval(pending?.posts, 'thread', 'threads')}` };
    case 'replies':
      return rule.met
        ? { label: `Week ${week}: replied to classmates`, met: true, href: `${base}/discussion` }
        : { label: `Week ${week}: reply to ${rule.needed === 1 ? 'a classmate’s post' : `${rule.needed} classmates’ posts`}`, met: false, href: `${base}/discussion`, progress: `${rule.done} of ${rule.needed} ${plural(rule.needed, 'reply', 'replies')} so far${awaitingApproval(pending?.replies, 'reply', 'replies')}` };
  }
}

/** The items of a learner's "What's left" panel: every rule, met or not, each linking where to act. */
export function whatsLeftItems(completion: SessionCompletion, learner: LearnerCompletion, now = new Date(), pending: PendingPosts = new Map()): WhatsLeftItem[] {
  const sessionId = completion.session.id;
  const { starts_at: startsAt, time_zone: zone } = completion.session;
  const openedEarly = new Set(completion.weeks.filter((w) => w.openedEarly).map((w) => w.week));
  const items: WhatsLeftItem[] = [];
  for (const week of learner.weeks) {
    const opensAt = weekUnlocksAt(startsAt, zone, week.week);
    if (opensAt <= now || openedEarly.has(week.week)) {
      for (const rule of week.rules) items.push(weekItem(sessionId, week.week, rule, pending.get(week.week)));
    } else {
      const opensText = `opens ${formatInZone(opensAt, zone, 'cccc d LLLL')}`;
      for (const rule of week.rules) items.push({ ...weekItem(sessionId, week.week, rule), href: undefined, later: true, opensText });
    }
  }
  if (learner.toolkit) {
    const filled = learner.toolkit.sections.filter((s) => s.met).length;
    const needed = completion.rules.toolkitEntriesPerSection;
    items.push({
      label: learner.toolkit.met ? 'Toolkit: every section has an entry' : `Toolkit: add ${needed === 1 ? 'an entry' : `${needed} entries`} to each section`,
      met: learner.toolkit.met,
      href: `/sessions/${sessionId}/toolkit`,
      progress: learner.toolkit.met ? undefined : `${filled} of ${countOf(learner.toolkit.sections.length, 'section', 'sections')} done so far`,
    });
  }
  if (learner.evaluation) {
    const item = { label: learner.evaluation.met ? 'End-of-course evaluation sent' : 'Share the end-of-course evaluation', met: learner.evaluation.met };
    // The evaluation asks about the whole course, so it opens with the last week.
    const lastWeek = Math.max(0, ...completion.weeks.map((w) => w.week));
    const opensAt = weekUnlocksAt(startsAt, zone, lastWeek);
    if (item.met || !lastWeek || opensAt <= now || openedEarly.has(lastWeek)) items.push({ ...item, href: `/sessions/${sessionId}/evaluation` });
    else items.push({ ...item, later: true, opensText: `opens with week ${lastWeek}, ${formatInZone(opensAt, zone, 'cccc d LLLL')}` });
  }
  return items;
}

/** True when a rule of a week that has already ended is still open: the learner is behind. */
export function isBehind(completion: SessionCompletion, learner: LearnerCompletion, now: Date): boolean {
  const { starts_at: startsAt, time_zone: zone } = completion.session;
  return learner.weeks.some((w) => !w.met && weekUnlocksAt(startsAt, zone, w.week + 1) <= now);
}

export function localDate(date: Date, zone: string): string {
  return formatInZone(date, zone, 'd LLLL yyyy');
}

/** The panel's view model, in kind words: no late or missing badges, only what to do next and by when. */
export function whatsLeftView(completion: SessionCompletion, learner: LearnerCompletion, now: Date, justIssued = false, pending?: PendingPosts): WhatsLeftView {
  const { session } = completion;
  const items = whatsLeftItems(completion, learner, now, pending);
  const zone = session.time_zone;
  const cert = learner.certificate;
  const state: WhatsLeftView['state'] = cert
    ? cert.revokedAt
      ? 'revoked'
      : 'complete'
    : now > learner.deadline
      ? 'closed'
      : learner.rulesMet
        ? 'waiting'
        : 'in-progress';
  // A learner marked complete may not have taken every step: those are no longer "to do". A revoked
  // certificate is not issued again by taking steps, so none are listed as if leading to one.
  const counted = state === 'complete' ? items.filter((i) => i.met) : state === 'revoked' ? [] : items;
  return {
    sessionId: session.id,
    courseTitle: session.course_title,
    items,
    currentItems: counted.filter((i) => !i.later),
    laterItems: counted.filter((i) => i.later),
    notNeeded: state === 'complete' ? items.filter((i) => !i.met) : [],
    done: items.filter((i) => i.met).length,
    remaining: items.filter((i) => !i.met).length,
    state,
    behind: state === 'in-progress' && isBehind(completion, learner, now),
    lastDayText: lastOpenDay(learner.deadline, zone),
    extended: learner.extended,
    issuedText: cert ? localDate(cert.issuedAt, zone) : undefined,
    revokedText: cert?.revokedAt ? localDate(cert.revokedAt, zone) : undefined,
    justIssued,
    certificateUrl: `/sessions/${session.id}/certificate.pdf`,
    linkedInUrl: `/sessions/${session.id}/certificate/linkedin`,
    reviewUrl: `/sessions/${session.id}/review`,
  };
}
