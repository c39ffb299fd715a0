import { createTestContext, type TestContext } from '../helpers/app';
import { decode, signIn } from '../helpers/http';
import { createFourWeekCohort } from '../helpers/toolkit-factories';

// A screen reader lists a page's buttons out of context: each section's "Add to my toolkit"
// and "Save draft" say which section they write to.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

/** The text a screen reader gives a control: its content with the tags (visually hidden words kept) taken out. */
const nameOf = (html: string) => html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();

describe('the buttons of each toolkit section', () => {
  it('name their section, so no two share a name', async () => {
    const c = await createFourWeekCohort(ctx.db, { startedDaysAgo: 22 });
    const agent = await signIn(ctx.app, c.learner);
    const page = decode((await agent.get(`/sessions/${c.session.id}/toolkit`)).text);

    const forms = [...page.matchAll(/<form[^>]*class="stack toolkit-add"[\s\S]*?<\/form>/g)].map((m) => m[0]);
    expect(forms).toHaveLength(4);
    const names = forms.map((form) => {
      const title = /<label for="entry-body-\d+">Add an entry to “(.*?)”<\/label>/.exec(form)![1];
      const buttons = [...form.matchAll(/<button type="submit"[^>]*>(.*?)<\/button>/g)].map((m) => nameOf(m[1]));
      expect(buttons).toEqual([`Add to my toolkit under “${title}”`, `Save draft for “${title}”`]);
      return buttons;
    }).flat();
    expect(new Set(names).size).toBe(names.length);
  });
});
