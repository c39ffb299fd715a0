import request from 'supertest';
import { createTestContext, testConfig, type TestContext } from '../helpers/app';
import { createCohorts } from '../helpers/factories';
import { decode, signIn } from '../helpers/http';
import { RETENTION_YEARS } from '../../src/certificates';
import { backupDepsOf } from '../../src/backups';
import { privacyFacts } from '../../src/privacy';
import { minutesInWords } from '../../src/lib/wording';

// The privacy page states figures the site's settings decide, and points to the pages that act on them.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({
    env: { BACKUP_KEEP: '3', SESSION_IDLE_MINUTES: '2880', RATE_LIMIT_WINDOW_MINUTES: '30', CONTACT_EMAIL: 'data@provider.example' },
  });
});
afterAll(() => ctx.close());

/** The list that follows the heading with this id. */
function listAfter(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  return html.slice(start, html.indexOf('</ul>', start));
}
const links = (html: string) => [...html.matchAll(/<a href="([^"#]+)[^"]*"/g)].map((m) => m[1]);

describe('the privacy page', () => {
  it('tells a visitor who reads what they write, without setting a cookie', async () => {
    const res = await request(ctx.app).get('/privacy');
    expect(res.status).toBe(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    const html = decode(res.text);
    expect(html).toContain('<h1>Your data: what we keep and who can read it</h1>');
    expect(html).toMatch(/Your weekly check-ins<\/th><td>Only you: not your instructors, not the admins\./);
    expect(html).toMatch(/Your reflections, their files, and the feedback on them<\/th><td>You and the instructors of your session\. An admin reads them only once made an instructor of your session/);
    expect(html).toMatch(/Your resilience toolkit<\/th><td>Only you\. If you share a section, the instructors of your session can read that section, until you make it private again\. Admins who do not teach your session cannot\./);
    expect(html).toContain('Learners in other sessions of the course never see them.');
  });

  it('states the figures the settings decide: backups kept, how long a login lasts, how long attempts are counted, whom to write to', async () => {
    const html = decode((await request(ctx.app).get('/privacy')).text);
    expect(html).toContain(`kept for ${RETENTION_YEARS} years from its issue`);
    expect(html).toContain('after 2 days without using the site');
    expect(html).toContain('for 30 minutes; then it forgets them');
    expect(html).toContain('<a href="mailto:data@provider.example">data@provider.example</a>');
    // The app backs up either database itself (PostgreSQL with pg_dump, which this machine has).
    expect(backupDepsOf(ctx.config, ctx.database)).toBeDefined();
    expect(html).toContain('from each of the last 3 nights');
    expect(html).toContain('gone from these copies 3 days later. The copies hold everything, your reflections too; admins download them only to restore the site.');
  });

  it('reads each figure from its setting, and says when the app keeps no backups of its own', () => {
    const config = testConfig({ BACKUP_KEEP: '1', SESSION_IDLE_MINUTES: '90', RATE_LIMIT_WINDOW_MINUTES: '60' });
    expect(privacyFacts(config, true)).toEqual({ certificateYears: RETENTION_YEARS, loginIdle: '90 minutes', attemptWindow: '1 hour', backupNights: 1, contactEmail: undefined });
    expect(privacyFacts(config, false).backupNights).toBeUndefined();
    expect([minutesInWords(1), minutesInWords(120), minutesInWords(1440), minutesInWords(1500)]).toEqual(['1 minute', '2 hours', '1 day', '25 hours']);
  });

  it('leads a learner to pages that answer: their data, transcript, emails, name, address and deleting the account', async () => {
    const { learnerA } = await createCohorts(ctx.db);
    const agent = await signIn(ctx.app, learnerA);
    const html = decode((await agent.get('/privacy')).text);
    const choices = links(listAfter(html, 'your-choices'));
    expect(choices).toEqual(['/account/export', '/account/transcript', '/discussions/preferences', '/account/name', '/account/email', '/account/delete']);
    for (const href of choices) expect([href, (await agent.get(href)).status]).toEqual([href, 200]);
  });

  it('is linked from every page’s footer, the registration form and the account pages', async () => {
    for (const path of ['/courses', '/register', '/verify']) {
      expect(decode((await request(ctx.app).get(path)).text)).toContain('<a href="/privacy">Your data and privacy</a>');
    }
    expect(decode((await request(ctx.app).get('/register')).text)).toContain('how long it is kept: <a href="/privacy">your data and privacy</a>');
    const { learnerA } = await createCohorts(ctx.db);
    const agent = await signIn(ctx.app, learnerA);
    expect(decode((await agent.get('/account')).text)).toContain('<a href="/privacy">What we keep and who can read it</a>');
    const deletePage = decode((await agent.get('/account/delete')).text);
    expect(deletePage).toContain(`for ${RETENTION_YEARS} years,`);
    expect(deletePage).toContain('<a href="/privacy#how-long">How long everything is kept</a>');
  });

  it('names the one cookie it sets: a login sets kindred.sid and nothing else', async () => {
    const { learnerA } = await createCohorts(ctx.db);
    const agent = request.agent(ctx.app);
    const form = await agent.get('/login');
    const token = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
    const login = await agent.post('/login').type('form').send({ _csrf: token, email: learnerA.email, password: learnerA.password });
    const names = [...(form.headers['set-cookie'] ?? []), ...(login.headers['set-cookie'] ?? [])].map((c: string) => c.split('=')[0]);
    expect(names.length).toBeGreaterThan(0);
    expect(new Set(names)).toEqual(new Set(['kindred.sid']));
    expect(decode((await request(ctx.app).get('/privacy')).text)).toContain('one cookie, <code>kindred.sid</code>');
  });
});
