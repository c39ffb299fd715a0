import { createTestContext, type TestContext } from '../helpers/app';
import { signedInThreadCast } from '../helpers/discussions-factories';
import { decode, postForm, type Agent } from '../helpers/http';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const setup = () => signedInThreadCast(ctx);

/**
 * Follows the answer to a post's form as a browser does: to the post, then to its thread. Returns the
 * thread page's address and its HTML.
 */
async function landing(agent: Agent, sent: { status: number; headers: Record<string, string> }) {
  expect(sent.status).toBe(302);
  const hop = await agent.get(sent.headers.location);
  expect(hop.status).toBe(302);
  const page = await agent.get(hop.headers.location.split('#')[0]);
  return { location: hop.headers.location, html: page.text };
}

/** The message is in the post itself (where a phone lands), focusable, and nowhere else on the page. */
function expectSaidInPost(html: string, postId: number, message: string) {
  const article = html.slice(html.indexOf(`id="post-${postId}"`), html.indexOf('</article>', html.indexOf(`id="post-${postId}"`)));
  const notice = new RegExp(`<p ([^>]*\\sid="post-${postId}-status"[^>]*)>([^<]*)</p>`).exec(article);
  expect(notice && decode(notice[2])).toBe(message);
  expect(notice![1]).toContain('role="status"');
  expect(notice![1]).toContain('tabindex="-1"');
  expect(decode(html).split(message)).toHaveLength(2);
}

describe('what a learner is told after acting on a post, on a phone that opens the thread at that post', () => {
  it('thanks a reporter in the post they reported', async () => {
    const s = await setup();
    const reportPage = `/posts/${s.openingPostId}/report`;
    const { location, html } = await landing(s.reader, await postForm(s.reader, reportPage, { reason: 'Unkind words' }, reportPage));
    expect(location).toBe(`/threads/${s.threadId}?page=1#post-${s.openingPostId}-status`);
    expectSaidInPost(html, s.openingPostId, 'Thank you for telling us. An instructor will look at it.');
  });

  it('says a reply is posted, a post updated and a post removed, each in that post', async () => {
    const s = await setup();
    const thread = `/threads/${s.threadId}`;
    const replied = await landing(s.reader, await postForm(s.reader, `${thread}/replies`, { body: 'Mine too. Take care.', parent_id: String(s.openingPostId) }, thread));
    const replyId = Number(/#post-(\d+)-status$/.exec(replied.location)?.[1]);
    expect(replyId).toBeGreaterThan(s.openingPostId);
    expectSaidInPost(replied.html, replyId, 'Your reply is posted. You now follow this thread, so you will hear of new replies; “Stop following this thread” at its top undoes that.');

    const editPage = `/posts/${s.openingPostId}/edit`;
    const rev = /name="rev" value="([^"]*)"/.exec((await s.author.get(editPage)).text)?.[1] ?? '';
    const edited = await landing(s.author, await postForm(s.author, editPage, { body: 'The desk was very busy today.', rev }, editPage));
    expect(edited.location).toBe(`/threads/${s.threadId}?page=1#post-${s.openingPostId}-status`);
    expectSaidInPost(edited.html, s.openingPostId, 'Your post is updated.');

    const deletePage = `/posts/${replyId}/delete`;
    const removed = await landing(s.reader, await postForm(s.reader, deletePage, {}, deletePage));
    expect(removed.location).toBe(`/threads/${s.threadId}?page=1#post-${replyId}-status`);
    expectSaidInPost(removed.html, replyId, 'Your post is removed. Replies to it stay in the thread.');
  });

  it('tells a moderator what they did in the post they hid, restored, removed or approved, where the thread opens', async () => {
    const s = await setup();
    const thread = `/threads/${s.threadId}`;
    const moderate = async (action: string, postId: number, fields: Record<string, string>, message: string) => {
      const { location, html } = await landing(s.moderator, await postForm(s.moderator, `/posts/${postId}/${action}`, fields, thread));
      expect(location).toBe(`${thread}?page=1#post-${postId}-status`);
      expectSaidInPost(html, postId, message);
    };
    await moderate('hide', s.openingPostId, { reason: 'Unkind about a patron' }, 'Post hidden. Its author sees that it was hidden and why.');
    await moderate('restore', s.openingPostId, { reason: 'Author apologised' }, 'Post restored.');
    await moderate('remove', s.openingPostId, { reason: 'Names a patron' }, 'Post removed. Replies to it stay in the thread.');

    await postForm(s.reader, `${thread}/replies`, { body: 'A first post, held.' }, thread);
    const held = await ctx.db('discussion_posts').where({ thread_id: s.threadId }).whereNot({ id: s.openingPostId }).first('id');
    await ctx.db('discussion_posts').where({ id: held.id }).update({ status: 'pending' });
    await moderate('approve', held.id, {}, 'Post approved: everyone can see it now.');
  });

  it('shows the message once: a thread opened again has no confirmation in it', async () => {
    const s = await setup();
    const reportPage = `/posts/${s.openingPostId}/report`;
    await landing(s.reader, await postForm(s.reader, reportPage, { reason: 'Unkind words' }, reportPage));
    const again = (await s.reader.get(`/threads/${s.threadId}`)).text;
    expect(again).not.toContain(`id="post-${s.openingPostId}-status"`);
    expect(again).not.toContain('Thank you for telling us');
  });
});
