import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts } from '../helpers/factories';
import { postForm, signIn } from '../helpers/http';
import { postReflection, reflectionUrl } from '../helpers/reflections-factories';
import { wordsIn } from '../../src/lib/wording';

// The exercise asks for "around 300–500 words": the learner sees how far along they are, and
// each version says how long it is, for them and for the instructor reading it.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('word counts on reflections', () => {
  it('counts words as a word processor does: runs of characters between spaces, line breaks and tabs', () => {
    expect(wordsIn('')).toBe(0);
    expect(wordsIn('   \n\t ')).toBe(0);
    expect(wordsIn('One')).toBe(1);
    expect(wordsIn(' I noticed,\nthen\t— slowly — I rested. ')).toBe(8);
  });

  it('shows the draft’s count under the box, and each version’s to the learner and to the instructor', async () => {
    const c = await createCohorts(ctx.db);
    const learner = await signIn(ctx.app, c.learnerA);
    const url = reflectionUrl(c.sessionA.id, 1);
    expect((await learner.get(url)).text).toContain('data-word-count-for="field-text">No words yet.</p>');

    await postForm(learner, `${url}/draft`, { text: 'A short first draft, five words? Six.' }, url);
    const page = await learner.get(url);
    expect(page.text).toContain('data-word-count-for="field-text">7 words so far.</p>');
    expect(page.text).toContain('/static/js/word-count.js');

    const submitted = `${'Word '.repeat(311)}end`;
    expect((await postReflection(learner, c.sessionA.id, 1, submitted)).status).toBe(302);
    expect((await learner.get(url)).text).toContain('<p class="hint">312 words</p>');
    const reflection = await ctx.db('reflections as r').join('enrolments as e', 'e.id', 'r.enrolment_id').where('e.user_id', c.learnerA.id).first('r.id');
    const instructor = await signIn(ctx.app, c.instructorA);
    const review = await instructor.get(`/sessions/${c.sessionA.id}/reflections/${reflection.id}`);
    expect(review.status).toBe(200);
    expect(review.text).toContain('<p class="hint">312 words</p>');
  });
});
