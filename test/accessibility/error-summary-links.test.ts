import request from 'supertest';
import type { TestContext } from '../helpers/app';
import { createCohorts } from '../helpers/factories';
import { adminContext, csrfFrom, decode, postForm, signIn, type Agent } from '../helpers/http';
import { summaryLinks } from '../helpers/error-summary';
import { exeBytes, postReflection } from '../helpers/reflections-factories';
import { toolkitSectionsOf } from '../helpers/toolkit-factories';
import { validCourseForm } from '../helpers/authoring-factories';

// A refused form's summary links each error to its field, so the field is one step away on a long page.
let ctx: TestContext;
let admin: Agent;
beforeAll(async () => ({ ctx, admin } = await adminContext()));
afterAll(() => ctx.close());

describe('the error summary of a refused form', () => {
  it('links the toolkit section’s error to that section’s box', async () => {
    const c = await createCohorts(ctx.db);
    const [section] = await toolkitSectionsOf(ctx.db, c.course.id);
    const agent = await signIn(ctx.app, c.learnerA);
    const toolkit = `/sessions/${c.sessionA.id}/toolkit`;
    const res = await postForm(agent, `${toolkit}/sections/${section.id}/entries`, { body: '' }, toolkit);
    expect(res.status).toBe(422);
    expect(summaryLinks(res.text)).toEqual([{ id: `entry-body-${section.id}`, message: 'Please write something for this entry.', targets: 1, inError: true }]);
    expect(decode(res.text)).toContain(`<a href="#entry-body-${section.id}">`);
  });

  it('links a reflection’s refused file to the first file box', async () => {
    const c = await createCohorts(ctx.db);
    const agent = await signIn(ctx.app, c.learnerA);
    const res = await postReflection(agent, c.sessionA.id, 1, 'My reflection', [{ bytes: exeBytes(), name: 'essay.pdf' }]);
    expect(res.status).toBe(422);
    const [link] = summaryLinks(res.text);
    expect(link).toMatchObject({ targets: 1, inError: true });
    expect(link.message).toContain('is not a PDF, DOCX, ODT, TXT, PNG or JPEG file');
  });

  it('links each of the registration form’s errors to its field', async () => {
    const agent = request.agent(ctx.app);
    const token = await csrfFrom(agent, '/register');
    const res = await agent.post('/register').type('form').send({ _csrf: token, name: '', email: 'not an address', password: 'short' });
    expect(res.status).toBe(422);
    const links = summaryLinks(res.text);
    expect(links.length).toBeGreaterThanOrEqual(2);
    for (const link of links) expect(link).toMatchObject({ targets: 1, inError: true });
  });

  it('links the course and session forms’ errors to their fields', async () => {
    const course = await postForm(admin, '/admin/courses', validCourseForm({ title: '', price: 'free' }), '/admin/courses');
    expect(course.status).toBe(422);
    const courseLinks = summaryLinks(course.text);
    expect(courseLinks.length).toBeGreaterThanOrEqual(2);
    for (const link of courseLinks) expect(link).toMatchObject({ targets: 1, inError: true });

    const session = await postForm(admin, '/admin/sessions', { courseId: '', startDate: 'soon', timeZone: 'Nowhere/Else', capacity: '-1', minEnrolment: '', price: '', currency: 'USD' }, '/admin/sessions/new');
    expect(session.status).toBe(422);
    const sessionLinks = summaryLinks(session.text);
    expect(sessionLinks.length).toBeGreaterThanOrEqual(3);
    for (const link of sessionLinks) expect(link).toMatchObject({ targets: 1, inError: true });
  });
});
