import { fragmentRenderer } from '../lib/fragments';
import type { PlacedNotice } from '../modules';
import type { PostView } from './post.presenter';

const renderFragment = fragmentRenderer({ cache: true });

export interface PostListLocals {
  posts: PostView[];
  /** Empty for live delivery, which carries no personal actions. */
  csrfToken: string;
  locked: boolean;
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
  const { posts, csrfToken, locked, replyPrefix, notice } = locals;
  return renderFragment('/discussions/_posts', { posts, csrfToken, locked, replyPrefix, notice });
}
