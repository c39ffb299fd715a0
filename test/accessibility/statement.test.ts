import fs from 'node:fs';
import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts } from '../helpers/factories';
import { decode, signIn } from '../helpers/http';
import { EDIT_WINDOW_MINUTES } from '../../src/discussions/discussions.policy';
import { minutesInWords } from '../../src/lib/wording';

// The accessibility statement: what the site aims for and checks, what a reader can adjust, what
// falls short, and whom to tell; its figures come from the settings that decide them.
let ctx: TestContext;
let withoutContact: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ env: { SESSION_IDLE_MINUTES: '2880', CONTACT_EMAIL: 'access@provider.example' } });
  // The same database, with no contact address set.
  withoutContact = await createTestContext({ database: ctx.database });
});
afterAll(async () => {
  fs.rmSync(withoutContact.config.dataDir, { recursive: true, force: true });
  await ctx.close();
});

describe('the accessibility statement', () => {
  it('tells a visitor the standard it aims for, how it is checked, and what falls short, without setting a cookie', async () => {
    const res = await request(ctx.app).get('/accessibility');
    expect(res.status).toBe(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    const html = decode(res.text);
    expect(html).toContain('<h1>Accessibility of this site</h1>');
    expect(html).toContain('The Web Content Accessibility Guidelines (WCAG) 2.1, at level AA.');
    for (const id of ['aim', 'checks', 'adjust', 'limits', 'tell-us']) expect(html).toContain(`<h2 id="${id}">`);
    expect(html).toContain('have not been checked against PDF/UA');
  });

  it('states how long a login lasts and how long a post can be edited, from the settings and the rule', async () => {
    const html = decode((await request(ctx.app).get('/accessibility')).text);
    expect(html).toContain('A login lasts 2 days without use.');
    const byDefault = minutesInWords(withoutContact.config.sessionIdleMinutes);
    expect(byDefault).not.toBe('2 days');
    expect(decode((await request(withoutContact.app).get('/accessibility')).text)).toContain(`A login lasts ${byDefault} without use.`);
    expect(html).toContain(`The one clock is the ${minutesInWords(EDIT_WINDOW_MINUTES)} in which you can edit a discussion post`);
  });

  it('says whom to tell: the contact address when one is set, else the instructor or the provider', async () => {
    const html = decode((await request(ctx.app).get('/accessibility')).text);
    expect(html).toContain('Write to <a href="mailto:access@provider.example">access@provider.example</a>.');
    const fallback = decode((await request(withoutContact.app).get('/accessibility')).text);
    expect(fallback).toContain('Tell the instructor of your course, or the course provider.');
    expect(fallback).not.toContain('mailto:');
  });

  it('is linked from every page’s footer, for visitors and learners', async () => {
    const { learnerA, sessionA } = await createCohorts(ctx.db);
    const agent = await signIn(ctx.app, learnerA);
    for (const page of [await request(ctx.app).get('/'), await agent.get(`/sessions/${sessionA.id}`)]) {
      expect(page.status).toBe(200);
      expect(page.text).toContain('<a href="/accessibility">Accessibility</a>');
    }
  });
});
