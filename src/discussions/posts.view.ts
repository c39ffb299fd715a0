import path from 'node:path';
import ejs from 'ejs';
import { viewsDir } from '../lib/paths';
import { EJS_OPTIONS } from '../lib/view-engine';
import type { PlacedNotice } from '../modules';
import type { PostView } from './post.presenter';

const postsTemplate = path.join(viewsDir, 'discussions', '_posts.ejs');

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
export function renderPostList(locals: PostListLocals): Promise<string> {
  return ejs.renderFile(postsTemplate, locals, { ...EJS_OPTIONS, cache: true, strict: true, destructuredLocals: ['posts', 'csrfToken', 'locked', 'replyPrefix', 'notice'] });
}
