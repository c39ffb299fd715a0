import request from 'supertest';
import type { TestContext } from '../helpers/app';
import { createCourse, createSession } from '../helpers/factories';
import { adminContext, decode, type Agent } from '../helpers/http';

let ctx: TestContext;
let admin: Agent;
beforeAll(async () => ({ ctx, admin } = await adminContext()));
afterAll(() => ctx.close());

describe('registration’s window, in the tense it stands in', () => {
  it('says a window already open “opened”, one still to come “opens”, and one past “closed”', async () => {
    const course = await createCourse(ctx.db);
    const open = await createSession(ctx.db, course.id, { startDate: '2099-05-04', registrationOpensAt: new Date('2026-01-05T09:00:00Z') });
    const coming = await createSession(ctx.db, course.id, { startDate: '2099-06-01', registrationOpensAt: new Date('2099-01-04T09:00:00Z') });
    const past = await createSession(ctx.db, course.id, { startedDaysAgo: 10, weeks: 4 });
    const html = decode((await request(ctx.app).get(`/courses/${course.slug}`)).text);
    const card = (id: number) => html.slice(html.indexOf(`id="session-${id}"`), html.indexOf('</li>', html.indexOf(`id="session-${id}"`)));

    expect(card(open.id)).toContain('<dt>Registration</dt><dd>Opened on 5 Jan 2026, 09:00 (UTC time); closes at the end of 10 May 2099 (UTC time)</dd>');
    expect(card(coming.id)).toContain('<dd>Opens on 4 Jan 2099, 09:00 (UTC time); closes at the end of 7 Jun 2099 (UTC time)</dd>');
    const adminPage = decode((await admin.get(`/admin/sessions/${open.id}`)).text);
    expect(adminPage).toContain('<dt>Registration</dt><dd>Registration open. Opened on 5 Jan 2026, 09:00 (UTC time); closes at the end of 10 May 2099 (UTC time)</dd>');
    // A session in its second week has left the catalogue; its admin page says when registration closed.
    expect(decode((await admin.get(`/admin/sessions/${past.id}`)).text)).toMatch(/<dd>Registration closed\. Closed at the end of \d{1,2} \w{3} \d{4} \(UTC time\)<\/dd>/);
  });
});
