import path from 'node:path';
import ejs from 'ejs';
import { fragmentRenderer } from '../lib/fragments';
import { viewsDir } from '../lib/paths';
import { EJS_OPTIONS } from '../lib/view-engine';

const renderFragment = fragmentRenderer({ cache: true });

interface ThreadFlags {
  id: number;
  pinned: boolean;
  locked: boolean;
}

/** The thread's Pinned and Locked badges, as its page shows them. */
export const renderThreadFlags = (thread: ThreadFlags) => renderFragment('/discussions/_thread-flags', { thread });

/** The staff's "Moderate this thread" controls, with an empty CSRF field: a room spans many logins. */
export const renderThreadModeration = (thread: ThreadFlags) => renderFragment('/discussions/_thread-moderate', { thread, csrfToken: '' });

const replyFile = path.join(viewsDir, 'discussions/_reply.ejs');

/**
 * The reply section as a fresh page shows it (no reply chosen, nothing typed), for live delivery.
 * Rendered as the page renders it rather than in strict mode, since it reuses the form's field partials.
 */
export function renderReplySection(thread: ThreadFlags): string {
  const locals = { thread, sessionNav: {}, errors: {}, values: {}, replyTo: undefined, page: 1, csrfToken: '', live: true };
  return ejs.render(ejs.fileLoader(replyFile).toString(), locals, { ...EJS_OPTIONS, filename: replyFile, root: viewsDir, cache: true });
}
