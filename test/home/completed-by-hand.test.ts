import { createTestContext, type TestContext } from '../helpers/app';
import { completionCast, markReadingsDone } from '../helpers/completion-factories';
import { decode, postForm, readable, signIn } from '../helpers/http';

// A learner the course team marks complete (src/certificates admin) may not have taken every step.
// Once they hold the certificate, their pages say they completed the course, and the steps they
// did not take are no longer "to do" towards it.

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const statusOf = (html: string, course: string) => {
  const card = html.slice(html.indexOf(`>${course}</a></h3>`));
  return /<dt>Status<\/dt><dd>([^<]*)<\/dd>/.exec(card)?.[1];
};

/** A learner of session A who marked week 1's readings done, then was marked complete by an admin. */
async function markedComplete() {
  const cast = await completionCast(ctx.db, { startedDaysAgo: 8 });
  await markReadingsDone(ctx.db, cast.enrolmentA, cast.course.id, 1);
  const admin = await signIn(ctx.app, cast.admin);
  const url = `/admin/enrolments/${cast.enrolmentA}/mark-complete`;
  expect((await postForm(admin, url, { reason: 'Took part by email during an outage' }, url)).status).toBe(302);
  return { ...cast, learner: await signIn(ctx.app, cast.learnerA) };
}

describe('a learner marked complete by the course team', () => {
  it('sees on the dashboard that they completed the course, with the certificate and no steps to go', async () => {
    const cast = await markedComplete();
    const html = decode((await cast.learner.get('/dashboard')).text);
    const title = (await ctx.db('courses').where({ id: cast.course.id }).first('title')).title;
    expect(statusOf(html, title)).toBe('Completed');
    expect(html).toContain(`You completed the course. <a href="/sessions/${cast.sessionA.id}/certificate.pdf">Download your certificate (PDF)`);
    expect(html).not.toContain('steps towards your certificate');
    expect(html).not.toContain('Next step:');
  });

  it('still sees their course as completed on the dashboard once completion has closed', async () => {
    const cast = await markedComplete();
    await ctx.db('course_sessions').where({ id: cast.sessionA.id }).update({ completion_deadline_at: new Date(Date.now() - 86_400_000) });
    const html = decode((await cast.learner.get('/dashboard')).text);
    const title = (await ctx.db('courses').where({ id: cast.course.id }).first('title')).title;
    expect(statusOf(html, title)).toBe('Completed');
    expect(html).toContain(`href="/sessions/${cast.sessionA.id}/certificate.pdf"`);
  });

  it('reads as enrolled again, with no certificate and no steps counted towards one, once the certificate is withdrawn', async () => {
    const cast = await markedComplete();
    await ctx.db('certificates').where({ enrolment_id: cast.enrolmentA }).update({ revoked_at: new Date('2026-03-04T12:00:00Z'), revoked_reason: 'Issued in error' });
    const html = decode((await cast.learner.get('/dashboard')).text);
    const title = (await ctx.db('courses').where({ id: cast.course.id }).first('title')).title;
    expect(statusOf(html, title)).toBe('Enrolled');
    expect(html).not.toContain('certificate.pdf');
    // Taking steps would not bring the certificate back, so none are counted towards it.
    expect(html).not.toContain('steps towards your certificate');
    // The card says what happened, in the words What's left, the emails and the verification page use.
    expect(html).toContain('Your certificate for this course was revoked on 4 March 2026. If you have questions about this, please contact the course team.');
    const whatsLeft = decode((await cast.learner.get(`/sessions/${cast.sessionA.id}/whats-left`)).text);
    expect(whatsLeft).toContain('Your certificate for this course was revoked on 4 March 2026.');
  });

  it('finds no “To do” in What’s left: the steps taken are listed as done, the others as optional', async () => {
    const cast = await markedComplete();
    for (const page of [`/sessions/${cast.sessionA.id}/whats-left`, `/sessions/${cast.sessionA.id}`]) {
      const html = decode((await cast.learner.get(page)).text);
      expect(html).toContain('You completed the course.');
      expect(html).toContain(`href="/sessions/${cast.sessionA.id}/certificate.pdf"`);
      expect(html).not.toContain('To do:');
      expect(html).not.toContain('to go until your certificate');
      expect(html).not.toContain('steps towards your certificate');
      expect(html).toContain('Done:</span>\n    <a href="/sessions/' + cast.sessionA.id + '/weeks/1">Week 1: readings marked done</a>');
      const optional = /<summary>Parts of the course you can still explore \((\d+) steps\)<\/summary>\s*<p>Your certificate does not depend on these\.[^<]*<\/p>\s*<ul class="link-list">([\s\S]*?)<\/ul>/.exec(html);
      expect(optional).not.toBeNull();
      const [, count, list] = optional!;
      expect(list).toContain(`<li><a href="/sessions/${cast.sessionA.id}/weeks/1/reflection">Week 1: write and submit your reflection</a></li>`);
      expect(list).not.toContain('readings marked done');
      expect(list.match(/<li>/g)).toHaveLength(Number(count));
    }
  });

  it('reads “You completed the course” where the session overview counted steps', async () => {
    const cast = await markedComplete();
    const html = decode((await cast.learner.get(`/sessions/${cast.sessionA.id}`)).text);
    expect(readable(html)).toMatch(/<h2 id="course-progress-heading">Your progress in the course<\/h2>[\s\S]*?<p>You completed the course\. Your certificate is ready under What’s left, below\.<\/p>/);
    expect(html).not.toMatch(/<progress[^>]*aria-labelledby="course-progress-heading"/);
  });

  it('leaves What’s left as it was for a learner still working towards the certificate', async () => {
    const cast = await completionCast(ctx.db, { startedDaysAgo: 8 });
    await markReadingsDone(ctx.db, cast.enrolmentA, cast.course.id, 1);
    const html = decode((await (await signIn(ctx.app, cast.learnerA)).get(`/sessions/${cast.sessionA.id}/whats-left`)).text);
    expect(html).toContain(`To do:</span>\n    <a href="/sessions/${cast.sessionA.id}/weeks/1/reflection">Week 1: write and submit your reflection</a>`);
    expect(html).not.toContain('Parts of the course you can still explore');
  });
});
