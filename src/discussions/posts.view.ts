import { fragmentRenderer } from '../lib/fragments';
import type { PlacedNotice } from '../modules';
import type { PostView } from './post.presenter';

const renderFragment = fragmentRenderer({ cache: true });

export interface PostListLocals {
  posts: PostView[];
  /** Empty for live delivery, which carries no personal actions. */
  csrfToken: string;
  /**
   * Each post's Reply link: shown; hidden while the thread is locked, so a live unlock can show it
   * again (public/js/discussion-live.js); or left out where no reply can come (a cancelled session).
   */
  replyLinks: 'shown' | 'hidden' | 'none';
  /** A post's reply link is this + its id + "#reply". */
  replyPrefix: string;
  /** A confirmation for one of the posts (replied, edited, removed, reported), shown in that post. */
  notice?: PlacedNotice;
}

/** The id of the place in a post where a confirmation about it shows. */
export const postStatusAnchor = (postId: number) => `post-${postId}-status`;

/**
 * A thread's posts as HTML, rendered in strict mode like the progress table's rows: without the
 * `with (locals)` block the app's views run in, fifty posts render in about a quarter of the time.
 */
export function renderPostList(locals: PostListLocals): string {
  const { posts, csrfToken, replyLinks, replyPrefix, notice } = locals;
  return renderFragment('/discussions/_posts', { posts, csrfToken, replyLinks, replyPrefix, notice });
}
