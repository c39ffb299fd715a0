import { z } from 'zod';
import { saveCount } from '../lib/save-counts';

const body = z
  .string({ message: 'Please write something before posting.' })
  .trim()
  .min(1, 'Please write something before posting.')
  .max(20000, 'Please keep a post to at most 20,000 characters.');

const contentNote = z
  .string()
  .trim()
  .max(300, 'Please keep the content note to at most 300 characters.')
  .optional()
  .transform((v) => (v ? v : undefined));

const optionalId = z
  .string()
  .optional()
  .transform((v) => (v && /^[1-9][0-9]{0,9}$/.test(v) ? Number(v) : undefined));

export const ThreadForm = z.object({
  title: z.string({ message: 'Please give your thread a title.' }).trim().min(1, 'Please give your thread a title.').max(200, 'Please keep the title to at most 200 characters.'),
  body,
  content_note: contentNote,
});
export type ThreadInput = z.infer<typeof ThreadForm>;

export const ReplyForm = z.object({ body, content_note: contentNote, parent_id: optionalId });
export type ReplyInput = z.infer<typeof ReplyForm>;

/** An edit, with the post's version the page was opened on (the time of its last edit, 0 if none). */
export const EditForm = z.object({
  body,
  content_note: contentNote,
  rev: saveCount,
});

const REASON_TOO_LONG = 'Please keep the reason to at most 1,000 characters.';

/** A moderator's reason, required: hiding, removing, locking a thread and restoring a post. */
export const ReasonForm = z.object({
  reason: z.string({ message: 'Please say why.' }).trim().min(1, 'Please say why.').max(1000, REASON_TOO_LONG),
});

/** A moderator's reason that may be left blank (pin, unpin, unlock): blank reads as none. */
export const OptionalReasonForm = z.object({
  reason: z
    .string()
    .trim()
    .max(1000, REASON_TOO_LONG)
    .optional()
    .transform((v) => (v ? v : undefined)),
});

export const OptionalNoteForm = z.object({ note: z.string().trim().max(1000, 'Please keep the note to at most 1,000 characters.').optional() });

/** A ticked box sends "on"; an unticked one sends nothing. Anything else reads as unticked. */
const tick = z.unknown().optional().transform((v) => v === 'on' || v === 'true');

// Read before the session's staff are checked, so a malformed tick must not fail: it reads as unticked.
export const BoardSettingsForm = z.object({ post_before_viewing: tick });
export const HoldFirstPostsForm = z.object({ hold_first_posts: tick });

/** The preference checkboxes on their own, read even when the rest of the form is refused, so the page keeps them. */
export const PreferenceTicks = z.object({
  announcement_email: tick,
  week_email: tick,
  deadline_email: tick,
  session_offer_email: tick,
  staff_email: tick,
});

export const PreferencesForm = PreferenceTicks.extend({
  discussion_email: z.enum(['daily', 'immediate', 'none'], { message: 'Please choose how you would like to hear about replies.' }),
});

/** The longest search, in characters. */
export const SEARCH_MAX_LENGTH = 200;

export const SearchQueryForm = z.object({
  q: z.string().trim().catch('').default(''),
  page: z.coerce.number().int().min(1).max(50).catch(1).default(1),
});

export const PageQuery = z.object({ page: z.coerce.number().int().min(1).max(100000).catch(1).default(1) });
/** An id in a query string: a repeated or malformed one (a hand-edited link) reads as none. */
const queryId = optionalId.catch(undefined);

export const BoardQuery = z.object({ before: queryId });
export const ReplyToQuery = z.object({ reply_to: queryId });
