import type { Db } from '../db';
import { markdownToText } from '../lib/markdown';
import type { Mailer } from '../notifications';
import type { DiscussionDeps } from './discussions.deps';
import type { PostRow, ThreadContext } from './discussions.types';
import * as repo from './notify.repository';

const unsubscribeUrl = (baseUrl: string, token: string) => `${baseUrl}/unsubscribe/${token}`;
const footer = (baseUrl: string, token: string) =>
  `\n\n—\nYou get this because you follow this discussion on Kindred.\nChange how often we write: ${baseUrl}/discussions/preferences\nStop all these emails: ${unsubscribeUrl(baseUrl, token)}\n`;

/** A post's own address: it opens the thread at the page that holds the post, however long the thread. */
const postUrl = (baseUrl: string, postId: number) => `${baseUrl}/posts/${postId}`;

/** What an email says of a reply: its words, or, when the writer put a content note on it, only the note, as the site shows it first. */
function replyInEmail(post: Pick<PostRow, 'body_md' | 'content_note'>): string {
  if (post.content_note) return `The writer added a note: ${post.content_note}\nTheir words wait behind it on the site, for when you choose to read them.`;
  return markdownToText(post.body_md).slice(0, 600);
}

/** Emails followers who chose "immediately" about a new visible reply (never its author). */
export async function emailFollowersNow(deps: DiscussionDeps, ctx: ThreadContext, post: PostRow): Promise<void> {
  if (post.author_id === null) return;
  const followers = await repo.immediateFollowers(deps.db, ctx.thread.id, post.author_id);
  const reply = replyInEmail(post);
  for (const f of followers) {
    await deps.mailer.send({
      to: f.email,
      subject: `New reply in "${ctx.thread.title}"`,
      text: `Hello ${f.name},\n\nThere is a new reply in "${ctx.thread.title}":\n\n${reply}\n\nRead it and reply: ${postUrl(deps.baseUrl, post.id)}${footer(deps.baseUrl, f.unsubscribe_token)}`,
      unsubscribeUrl: unsubscribeUrl(deps.baseUrl, f.unsubscribe_token),
    });
  }
}

/** The start of the digest's day: days are UTC days, as the scheduler's digest hour is. */
const utcDayStart = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));

/**
 * Sends each follower on the daily digest one email listing followed threads with new posts by
 * others since their last digest, at most one a day: each is claimed for the day in the
 * transaction that queues it, so a restart later that day, or app instances running this
 * together, send no second one. Returns how many went out.
 */
export async function sendDailyDigests(deps: { db: Db; mailer: Mailer; baseUrl: string }, now = new Date()): Promise<number> {
  const rows = await repo.digestRows(deps.db, now);
  const byUser = new Map<number, repo.DigestRow[]>();
  for (const row of rows) byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), row]);
  const prefs = await repo.ensurePreferences(deps.db, [...byUser.keys()]);
  let sent = 0;
  for (const [userId, threads] of byUser) {
    const total = threads.reduce((n, t) => n + t.new_posts, 0);
    const token = prefs.get(userId)!.unsubscribe_token;
    const lines = threads.map((t) => `- ${t.title}: ${t.new_posts} new ${t.new_posts === 1 ? 'post' : 'posts'}\n  ${postUrl(deps.baseUrl, t.first_new_post_id)}`);
    const email = {
      to: threads[0].email,
      subject: `${total} new ${total === 1 ? 'post' : 'posts'} in discussions you follow`,
      text: `Hello ${threads[0].name},\n\nHere is what is new in the discussions you follow:\n\n${lines.join('\n')}${footer(deps.baseUrl, token)}`,
      unsubscribeUrl: unsubscribeUrl(deps.baseUrl, token),
    };
    await deps.db.transaction(async (trx) => {
      if (!(await repo.claimDigest(trx, userId, utcDayStart(now), now))) return;
      await deps.mailer.send(email, trx);
      sent += 1;
    });
  }
  return sent;
}

export interface EmailChoices {
  discussionEmail: repo.DiscussionEmail;
  announcementEmail: boolean;
  weekEmail: boolean;
  deadlineEmail: boolean;
  sessionOfferEmail: boolean;
  staffEmail: boolean;
}

/** A user's email choices, with the defaults (daily digest, and every other email on) for a new user. */
export async function preferencesOf(db: Db, userId: number): Promise<EmailChoices> {
  const row = (await repo.ensurePreferences(db, [userId])).get(userId)!;
  return {
    discussionEmail: row.discussion_email,
    announcementEmail: row.announcement_email,
    weekEmail: row.week_email,
    deadlineEmail: row.deadline_email,
    sessionOfferEmail: row.session_offer_email,
    staffEmail: row.staff_email,
  };
}

/** Whose emails about work waiting for staff exist today: go/no-go decisions fall to admins. */
export const getsStaffEmail = (user: { role: string }) => user.role === 'admin';

/** Saves a user's email choices; `staffEmail` left out keeps the stored one. */
export function savePreferences(db: Db, userId: number, prefs: Omit<EmailChoices, 'staffEmail'> & { staffEmail?: boolean }) {
  return repo.savePreferences(db, userId, {
    discussion_email: prefs.discussionEmail,
    announcement_email: prefs.announcementEmail,
    week_email: prefs.weekEmail,
    deadline_email: prefs.deadlineEmail,
    session_offer_email: prefs.sessionOfferEmail,
    ...(prefs.staffEmail === undefined ? {} : { staff_email: prefs.staffEmail }),
  });
}

/** Who holds an emailed unsubscribe link (for the page to name the emails it stops); undefined for no such token. Changes nothing. */
export async function unsubscribeTokenHolder(db: Db, token: string): Promise<{ staff: boolean } | undefined> {
  const role = await repo.tokenHolderRole(db, token);
  return role === undefined ? undefined : { staff: getsStaffEmail({ role }) };
}

/** Unsubscribes from every Kindred email a user can choose; needs only the token from the email. */
export function unsubscribe(db: Db, token: string): Promise<boolean> {
  return repo.unsubscribeByToken(db, token);
}

/** A user's unsubscribe link and the choices it stands beside, for other features' emails. */
export interface UnsubscribeLink {
  url: string;
  announcementEmail: boolean;
  weekEmail: boolean;
  deadlineEmail: boolean;
  sessionOfferEmail: boolean;
  staffEmail: boolean;
}

/** Unsubscribe tokens for a set of users (created when missing), for other features' emails. */
export async function unsubscribeLinks(db: Db, baseUrl: string, userIds: number[]): Promise<Map<number, UnsubscribeLink>> {
  const prefs = await repo.ensurePreferences(db, userIds);
  return new Map(
    [...prefs].map(([id, p]) => [
      id,
      {
        url: unsubscribeUrl(baseUrl, p.unsubscribe_token),
        announcementEmail: p.announcement_email,
        weekEmail: p.week_email,
        deadlineEmail: p.deadline_email,
        sessionOfferEmail: p.session_offer_email,
        staffEmail: p.staff_email,
      },
    ]),
  );
}
