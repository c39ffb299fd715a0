import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts } from '../helpers/factories';
import { postForm, signIn } from '../helpers/http';
import { enrolmentOf, entriesOf, toolkitSectionsOf } from '../helpers/toolkit-factories';
import { MAX_ENTRY_LENGTH } from '../../src/toolkit/toolkit.schemas';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('the toolkit entry limit', () => {
  it('accepts an entry of exactly 2,000 characters and refuses 2,001 with a message that names the limit', async () => {
    expect(MAX_ENTRY_LENGTH).toBe(2000);
    const c = await createCohorts(ctx.db);
    const [section] = await toolkitSectionsOf(ctx.db, c.course.id);
    const agent = await signIn(ctx.app, c.learnerA);
    const toolkit = `/sessions/${c.sessionA.id}/toolkit`;
    const url = `${toolkit}/sections/${section.id}/entries`;
    const tooLong = await postForm(agent, url, { body: 'y'.repeat(2001) }, toolkit);
    expect(tooLong.status).toBe(422);
    expect(tooLong.text).toContain('Please keep an entry to at most 2,000 characters.');
    const atLimit = await postForm(agent, url, { body: 'x'.repeat(2000) }, toolkit);
    expect(atLimit.status).toBe(302);
    const entries = await entriesOf(ctx.db, await enrolmentOf(ctx.db, c.sessionA.id, c.learnerA.id), section.id);
    expect(entries.map((e) => e.body)).toEqual(['x'.repeat(2000)]);
  });
});
