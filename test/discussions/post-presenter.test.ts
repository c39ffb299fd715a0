import { presentPost } from '../../src/discussions/post.presenter';
import type { PostWithNames } from '../../src/discussions/discussions.types';

// What each reader is given of one post, before any template: the live payloads and the thread page both start here.
const post = (status: PostWithNames['status']): PostWithNames => ({
  id: 50,
  thread_id: 7,
  parent_id: 40,
  author_id: 2,
  depth: 1,
  body_html: '<p>Words</p>',
  content_note: null,
  status,
  hidden_reason: status === 'hidden' ? 'Please keep patrons’ dignity in mind.' : null,
  edited_at: null,
  created_at: new Date('2026-12-01T10:00:00Z'),
  top_post_id: 40,
  branch_post_id: 50,
  author_name: 'Pat Peer',
  parent_author_name: 'Lee Learner',
});
const author = { id: 2, staff: false, lastSeenPostId: 0 };
const peer = { id: 3, staff: false, lastSeenPostId: 0 };
const staff = { id: 9, staff: true, lastSeenPostId: 0 };
const zone = 'Europe/London';

describe('what each reader is given of a post', () => {
  it('tells the reason for hiding only to its author and the staff: not to peers, not in the live copy for everyone', () => {
    const hidden = post('hidden');
    expect(presentPost(hidden, zone, author).hiddenReason).toBe('Please keep patrons’ dignity in mind.');
    expect(presentPost(hidden, zone, staff).hiddenReason).toBe('Please keep patrons’ dignity in mind.');
    expect(presentPost(hidden, zone, peer)).toMatchObject({ hiddenReason: undefined, bodyHtml: undefined });
    expect(presentPost(hidden, zone)).toMatchObject({ hiddenReason: undefined, bodyHtml: undefined });
  });

  it('marks as new only a post the reader can read, newer than what they last saw', () => {
    expect(presentPost(post('visible'), zone, peer).isNew).toBe(true);
    expect(presentPost(post('visible'), zone, { ...peer, lastSeenPostId: 50 }).isNew).toBe(false);
    expect(presentPost(post('visible'), zone, author).isNew).toBe(false);
    for (const status of ['hidden', 'pending', 'deleted'] as const) expect(presentPost(post(status), zone, peer).isNew).toBe(false);
  });
});
