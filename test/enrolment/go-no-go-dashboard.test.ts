import type { TestContext } from '../helpers/app';
import { createCourse, createSession, createUser, enrol } from '../helpers/factories';
import { adminContext, decode, postForm, type Agent } from '../helpers/http';
import { follow } from '../helpers/enrolment-factories';

let ctx: TestContext;
let admin: Agent;
beforeAll(async () => ({ ctx, admin } = await adminContext()));
afterAll(() => ctx.close());

describe('the go/no-go decision on the admin dashboard', () => {
  it('says plainly, when nobody registered, that cancelling emails nobody, there and on the session page', async () => {
    const course = await createCourse(ctx.db, { title: 'Empty session course' });
    const session = await createSession(ctx.db, course.id, { startedDaysAgo: -5, minEnrolment: 3 });
    const expected = 'I understand: nobody has registered, so nobody is emailed, and a cancelled session cannot run again.';
    expect(decode((await admin.get('/admin')).text)).toContain(expected);
    expect(decode((await admin.get(`/admin/sessions/${session.id}`)).text)).toContain(expected);
    const res = await postForm(admin, `/admin/sessions/${session.id}/cancel`, { message: 'Nobody registered for this session.', understood: 'yes' }, `/admin/sessions/${session.id}`);
    expect(decode((await follow(admin, res)).text)).toContain('The session is cancelled. Nobody had registered, so no learner was emailed.');
  });

  it('cancels a session from its card in one step: the card asks for the tick the cancellation needs', async () => {
    const course = await createCourse(ctx.db, { title: 'Dashboard cancel course' });
    const session = await createSession(ctx.db, course.id, { startedDaysAgo: -5, minEnrolment: 3 });
    await enrol(ctx.db, session.id, (await createUser(ctx.db)).id);
    const html = (await admin.get('/admin')).text;
    const form = html.slice(html.indexOf(`action="/admin/sessions/${session.id}/cancel"`), html.indexOf('</form>', html.indexOf(`action="/admin/sessions/${session.id}/cancel"`)));
    expect(decode(form)).toContain('I understand: the 1 registered or waitlisted learner is emailed now, and a cancelled session cannot run again.');

    // What the admin sends: the message they wrote and every box on the card, ticked.
    const sent: Record<string, string> = { message: 'Too few people registered, so this session will not run. We are sorry.' };
    for (const [, name, value] of form.matchAll(/<input type="checkbox" name="([^"]+)" value="([^"]*)"/g)) sent[name] = value;
    const res = await postForm(admin, `/admin/sessions/${session.id}/cancel`, sent, '/admin');
    expect(res.status).toBe(302);
    expect(decode((await follow(admin, res)).text)).toContain('The session is cancelled. 1 learner was emailed');
    expect((await ctx.db('course_sessions').where({ id: session.id }).first()).status).toBe('cancelled');
  });
});
