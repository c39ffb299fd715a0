import request from 'supertest';
import { approvedReviews } from '../../src/reviews';
import { checkAndIssue } from '../../src/completion';
import { utcText } from '../../src/lib/dates';
import { createTestContext, type TestContext } from '../helpers/app';
import { completeLearnerA, completionCast } from '../helpers/completion-factories';
import { postForm, signIn } from '../helpers/http';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

async function completedCast() {
  const cast = await completionCast(ctx.db);
  await completeLearnerA(ctx.db, cast);
  await checkAndIssue({ db: ctx.db, mailer: ctx.mailer, baseUrl: ctx.config.baseUrl }, cast.enrolmentA);
  return cast;
}

const review = { rating: '4', body: 'Gentle, practical and honest. It helped me a lot.' };

describe('course reviews', () => {
  it('lets only a learner who completed the course leave a review', async () => {
    const cast = await completedCast();
    const peer = await signIn(ctx.app, cast.peerA);
    const url = `/sessions/${cast.sessionA.id}/review`;
    expect((await peer.get(url)).text).toContain('Reviews open once you have completed the course');
    expect((await postForm(peer, url, review)).status).toBe(403);

    const learner = await signIn(ctx.app, cast.learnerA);
    const res = await postForm(learner, url, review, url);
    expect(res.status).toBe(302);
    const [row] = await ctx.db('course_reviews').where({ user_id: cast.learnerA.id });
    expect(row).toMatchObject({ course_id: cast.course.id, rating: 4, status: 'pending' });
  });

  it('refuses a review without a rating or text, keeping what was typed', async () => {
    const cast = await completedCast();
    const learner = await signIn(ctx.app, cast.learnerA);
    const url = `/sessions/${cast.sessionA.id}/review`;
    const res = await postForm(learner, url, { rating: '', body: 'Short' }, url);
    expect(res.status).toBe(422);
    expect(res.text).toContain('Please choose from 1 to 5 stars.');
    expect(res.text.match(/name="rating" value="\d" aria-invalid="true">/g)).toHaveLength(5);
    expect(res.text).toContain('Please write at least a sentence');
    expect(res.text).toContain('>Short</textarea>');
  });

  it('allows one review per learner per course', async () => {
    const cast = await completedCast();
    const learner = await signIn(ctx.app, cast.learnerA);
    const url = `/sessions/${cast.sessionA.id}/review`;
    await postForm(learner, url, review, url);
    const second = await postForm(learner, url, { rating: '1', body: 'A second opinion of mine.' }, url);
    expect(second.status).toBe(302);
    expect(await ctx.db('course_reviews').where({ user_id: cast.learnerA.id })).toHaveLength(1);
    expect((await learner.get(url)).text).toContain('You have already reviewed this course');
  });

  it('shows a review on the course page only after an admin approves it, with average and count', async () => {
    const cast = await completedCast();
    const review = { rating: '4', body: `Gentle and practical, course ${cast.course.slug}.` };
    const learner = await signIn(ctx.app, cast.learnerA);
    await postForm(learner, `/sessions/${cast.sessionA.id}/review`, review, `/sessions/${cast.sessionA.id}/review`);
    expect(await approvedReviews(ctx.db, cast.course.id)).toEqual({ reviews: [], average: null, count: 0 });
    const pageBefore = await request(ctx.app).get(`/courses/${cast.course.slug}`);
    expect(pageBefore.text).not.toContain(review.body);

    const admin = await signIn(ctx.app, cast.admin);
    const queue = await admin.get('/admin/reviews');
    expect(queue.text).toContain(review.body);
    const [row] = await ctx.db('course_reviews').where({ user_id: cast.learnerA.id });
    // When it was written, in words and saying its clock, as the admin's other pages do.
    expect(queue.text).toContain(`By ${cast.learnerA.name}, ${utcText(row.created_at)}</p>`);
    const res = await postForm(admin, `/admin/reviews/${row.id}/approve`, {}, '/admin/reviews');
    expect(res.status).toBe(302);

    const approved = await approvedReviews(ctx.db, cast.course.id);
    expect(approved.count).toBe(1);
    expect(approved.average).toBe(4);
    expect(approved.reviews[0]).toMatchObject({ rating: 4, body: review.body });
    expect(approved.reviews[0].author).not.toBe(cast.learnerA.name);
    const page = await request(ctx.app).get(`/courses/${cast.course.slug}`);
    expect(page.text).toContain(review.body);
    expect((await admin.get('/admin/reviews')).text).not.toContain(review.body);
  });

  it('never shows a rejected review', async () => {
    const cast = await completedCast();
    const learner = await signIn(ctx.app, cast.learnerA);
    await postForm(learner, `/sessions/${cast.sessionA.id}/review`, review, `/sessions/${cast.sessionA.id}/review`);
    const [row] = await ctx.db('course_reviews').where({ user_id: cast.learnerA.id });
    const admin = await signIn(ctx.app, cast.admin);
    await postForm(admin, `/admin/reviews/${row.id}/reject`, {}, '/admin/reviews');
    expect((await approvedReviews(ctx.db, cast.course.id)).count).toBe(0);
    expect((await ctx.db('course_reviews').where({ id: row.id }).first()).status).toBe('rejected');
    expect((await postForm(admin, `/admin/reviews/${row.id}/approve`, {}, '/admin/reviews')).status).toBe(404);
  });

  it('tells screen reader users whose review each Approve and Reject button is for', async () => {
    const cast = await completedCast();
    const learner = await signIn(ctx.app, cast.learnerA);
    await postForm(learner, `/sessions/${cast.sessionA.id}/review`, review, `/sessions/${cast.sessionA.id}/review`);
    const queue = await (await signIn(ctx.app, cast.admin)).get('/admin/reviews');
    const { title } = await ctx.db('courses').select('title').where({ id: cast.course.id }).first();
    const context = `<span class="visually-hidden"> the review by ${cast.learnerA.name} of ${title}</span>`;
    expect(queue.text).toContain(`>Approve${context}</button>`);
    expect(queue.text).toContain(`>Reject${context}</button>`);
  });

  it('keeps the moderation queue to admins, and the review form to the session’s learners', async () => {
    const cast = await completedCast();
    const instructor = await signIn(ctx.app, cast.instructorA);
    expect((await instructor.get('/admin/reviews')).status).toBe(403);
    const other = await signIn(ctx.app, cast.learnerB);
    expect((await other.get(`/sessions/${cast.sessionA.id}/review`)).status).toBe(404);
  });
});
