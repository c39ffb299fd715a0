import { createTestContext, type TestContext } from '../helpers/app';
import { signedInThreadCast } from '../helpers/discussions-factories';
import { decode, postForm } from '../helpers/http';

// A screen reader lists a page's links and buttons out of context: every "Edit", "Report",
// "Moderate" or "Approve" there says which post it acts on.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const setup = () => signedInThreadCast(ctx);

/** The text a screen reader gives a control: its content with the tags (visually hidden words kept) taken out. */
const namesOf = (html: string, pattern: RegExp) => [...decode(html).matchAll(pattern)].map((m) => m[1].replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim());

describe('the names of the controls on a discussion post', () => {
  it('name the post after Edit, Report and Moderate', async () => {
    const s = await setup();
    const thread = `/threads/${s.threadId}`;
    const when = /<time datetime="[^"]+">([^<]+)<\/time>/.exec((await s.reader.get(thread)).text)![1];

    const asAuthor = (await s.author.get(thread)).text;
    expect(namesOf(asAuthor, /<a href="\/posts\/\d+\/edit">(.*?)<\/a>/g)).toEqual([`Edit my post from ${when}`]);
    const asReader = (await s.reader.get(thread)).text;
    expect(namesOf(asReader, /<a href="\/posts\/\d+\/report">(.*?)<\/a>/g)).toEqual([`Report the post by Ari Author from ${when}`]);
    const asModerator = (await s.moderator.get(thread)).text;
    expect(namesOf(asModerator, /<summary>(Moderate(?! this thread).*?)<\/summary>/g)).toEqual([`Moderate the post by Ari Author from ${when}`]);
    expect(namesOf(asModerator, /<summary>(Moderate this thread)<\/summary>/g)).toEqual(['Moderate this thread']);

    await postForm(s.moderator, `/posts/${s.openingPostId}/remove`, { reason: 'Names a patron' }, thread);
    expect(namesOf((await s.moderator.get(thread)).text, /<summary>(Moderate(?! this thread).*?)<\/summary>/g)).toEqual([`Moderate the removed post from ${when}`]);
  });

  it('name the post or report on the moderation page’s Approve and Mark resolved buttons, and its log table has a caption', async () => {
    const s = await setup();
    const thread = `/threads/${s.threadId}`;
    const queue = `/sessions/${s.sessionA.id}/moderation`;
    await postForm(s.reader, `/posts/${s.openingPostId}/report`, { reason: 'Unkind words' }, `/posts/${s.openingPostId}/report`);
    await postForm(s.reader, `${thread}/replies`, { body: 'A first post, held.' }, thread);
    await ctx.db('discussion_posts').where({ thread_id: s.threadId }).whereNot({ id: s.openingPostId }).update({ status: 'pending' });
    await postForm(s.moderator, `/posts/${s.openingPostId}/hide`, { reason: 'Unkind about a patron' }, thread);

    const page = (await s.moderator.get(queue)).text;
    const [resolve] = namesOf(page, /<form method="post" action="\/reports\/\d+\/resolve"[\s\S]*?<button type="submit">(.*?)<\/button>/g);
    expect(resolve).toMatch(/^Mark resolved: the report on Hard week, \d/);
    expect(namesOf(page, /<button type="submit">(Approve.*?)<\/button>/g)).toEqual(['Approve the post by Pat Peer in Hard week']);
    expect(decode(page)).toMatch(/<table class="table">\s*<caption class="visually-hidden">Moderation actions, newest first<\/caption>/);
  });
});
