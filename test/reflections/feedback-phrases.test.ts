import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts, createUser } from '../helpers/factories';
import { binary, decode, postForm, signIn, type Agent } from '../helpers/http';
import { unzip } from '../helpers/completion-factories';
import { submittedReflection } from '../helpers/reflections-factories';
import { XSS_PAYLOADS, scriptableParts } from '../security/support/xss';

// An instructor keeps phrases they write in feedback again and again, and finds them beside the
// feedback box. Each instructor's list is their own.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const PAGE = '/teach/phrases';
const save = (agent: Agent, text: string, extra: Record<string, string> = {}) => postForm(agent, PAGE, { text, ...extra }, PAGE);
const phrasesOf = (userId: number) => ctx.db('feedback_phrases').where({ user_id: userId }).orderBy('id').pluck('text');

describe('saved phrases for feedback', () => {
  it('saves phrases and lists them beside the feedback box of a reflection, with a way back to it', async () => {
    const { instructor: helen, c, url: review } = await submittedReflection(ctx, 'My week was hard.');
    const before = await helen.get(review);
    expect(decode(before.text)).toContain('Your saved phrases (0)');
    expect(before.text).toContain(`formaction="${review}/feedback/draft" name="next" value="phrases">Add or remove saved phrases</button>`);
    // Going to the phrases page from the feedback box keeps what was written there as the draft.
    const away = await postForm(helen, `${review}/feedback/draft`, { feedback: 'Half-written feedback.', next: 'phrases' }, review);
    expect(away.headers.location).toBe(`/teach/phrases?back=${encodeURIComponent(review)}`);
    expect(await ctx.db('feedback_drafts').where({ author_id: c.instructorA.id }).pluck('text')).toEqual(['Half-written feedback.']);

    const res = await save(helen, '  Thank you for writing so **honestly**.  ', { back: review });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`/teach/phrases?back=${encodeURIComponent(review)}`);
    await save(helen, 'What helped, even a little?');
    expect(await phrasesOf(c.instructorA.id)).toEqual(['Thank you for writing so **honestly**.', 'What helped, even a little?']);
    const page = await helen.get(res.headers.location);
    expect(page.text).toContain(`<a href="${review}">Back to the reflection</a>`);
    expect(decode(page.text)).toContain('2 of at most 100.');
    for (const elsewhere of ['https://evil.example/', '//evil.example', '/account/delete']) {
      expect((await helen.get(PAGE).query({ back: elsewhere })).text).not.toContain('Back to the reflection');
    }

    const after = decode((await helen.get(review)).text);
    expect(after).toContain('Your saved phrases (2)');
    expect(after).toContain('<p class="pre-wrap" data-phrase>Thank you for writing so **honestly**.</p>');
    expect(after).toContain('/static/js/feedback-phrases.js');
  });

  it('keeps each instructor’s phrases to themselves: another sees none of them and cannot remove one', async () => {
    const c = await createCohorts(ctx.db);
    const helen = await signIn(ctx.app, c.instructorA);
    await save(helen, 'A phrase of Helen’s.');
    const [phrase] = await ctx.db('feedback_phrases').where({ user_id: c.instructorA.id });
    const other = await signIn(ctx.app, c.instructorB);
    expect(decode((await other.get(PAGE)).text)).not.toContain('A phrase of Helen’s.');
    expect((await postForm(other, `${PAGE}/${phrase.id}/delete`, {}, PAGE)).status).toBe(404);
    const admin = await signIn(ctx.app, c.admin);
    expect((await postForm(admin, `${PAGE}/${phrase.id}/delete`, {}, PAGE)).status).toBe(404);
    expect(await phrasesOf(c.instructorA.id)).toEqual(['A phrase of Helen’s.']);
    const learner = await signIn(ctx.app, c.learnerA);
    expect((await learner.get(PAGE)).status).toBe(403);

    const removed = await postForm(helen, `${PAGE}/${phrase.id}/delete`, {}, PAGE);
    expect(removed.status).toBe(302);
    expect(await phrasesOf(c.instructorA.id)).toEqual([]);
    expect((await postForm(helen, `${PAGE}/${phrase.id}/delete`, {}, PAGE)).status).toBe(404);
  });

  it.each([
    ['an empty phrase', '   ', 'Please write the phrase to save.'],
    ['a phrase over 1,000 characters', 'x'.repeat(1001), 'Please keep a phrase to at most 1,000 characters.'],
  ])('refuses %s with 422 at the field, keeping what was typed and saving nothing', async (_label, text, message) => {
    const instructor = await createUser(ctx.db, { role: 'instructor' });
    const agent = await signIn(ctx.app, instructor);
    const res = await save(agent, text);
    expect(res.status).toBe(422);
    expect(decode(res.text)).toContain(message);
    if (text.trim()) expect(res.text).toContain(`>${text}</textarea>`);
    expect(await phrasesOf(instructor.id)).toEqual([]);
  });

  it('refuses the same phrase twice, and more than a hundred', async () => {
    const instructor = await createUser(ctx.db, { role: 'instructor' });
    const agent = await signIn(ctx.app, instructor);
    await save(agent, 'Take care of yourself this week.');
    const twice = await save(agent, 'Take care of yourself this week.');
    expect(twice.status).toBe(422);
    expect(decode(twice.text)).toContain('You have saved this phrase already.');
    await ctx.db('feedback_phrases').insert(Array.from({ length: 99 }, (_, i) => ({ user_id: instructor.id, text: `Phrase ${i}` })));
    const tooMany = await save(agent, 'One more.');
    expect(tooMany.status).toBe(422);
    expect(decode(tooMany.text)).toContain('You can keep up to 100 phrases.');
    expect((await phrasesOf(instructor.id)).length).toBe(100);
  });

  it('keeps phrases written as markup inert, on their page and beside the feedback box', async () => {
    const { instructor: helen, url } = await submittedReflection(ctx, 'A week.');
    for (const payload of XSS_PAYLOADS) await save(helen, payload.slice(0, 1000));
    expect(scriptableParts((await helen.get(PAGE)).text)).toEqual([]);
    expect(scriptableParts((await helen.get(url)).text)).toEqual([]);
  });

  it('goes with the instructor’s data export, and with their account', async () => {
    const instructor = await createUser(ctx.db, { role: 'instructor' });
    const agent = await signIn(ctx.app, instructor);
    await save(agent, 'Mine to take with me.');
    const exported = await agent.get('/account/export').buffer(true).parse(binary);
    expect(exported.status).toBe(200);
    expect(unzip(exported.body as Buffer)['kindred-data.json'].toString('utf8')).toContain('Mine to take with me.');
    await ctx.db('users').where({ id: instructor.id }).delete();
    expect(await phrasesOf(instructor.id)).toEqual([]);
  });
});
