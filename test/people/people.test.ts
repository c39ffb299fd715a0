import request from 'supertest';
import type { TestContext } from '../helpers/app';
import { assignInstructor, createCourse, createSession, createUser, enrol } from '../helpers/factories';
import { adminContext, decode, postForm, signIn, type Agent } from '../helpers/http';
import { follow } from '../helpers/enrolment-factories';
import { changeRole, deactivatePerson } from '../../src/people/people.service';

let ctx: TestContext;
let admin: Agent;
let adminId: number;
beforeAll(async () => ({ ctx, admin, adminId } = await adminContext()));
afterAll(() => ctx.close());

const userRow = (id: number) => ctx.db('users').where({ id }).first();

describe('finding people', () => {
  it('finds people by part of their name or email, and by role', async () => {
    const rosa = await createUser(ctx.db, { name: 'Rosa Findable' });
    const ivan = await createUser(ctx.db, { name: 'Ivan Teacher', role: 'instructor' });
    const byName = await admin.get('/admin/people?q=findable');
    expect(byName.status).toBe(200);
    expect(byName.text).toContain('Rosa Findable');
    expect(byName.text).not.toContain('Ivan Teacher');
    const byEmail = await admin.get(`/admin/people?q=${encodeURIComponent(ivan.email.slice(0, 14))}`);
    expect(byEmail.text).toContain('Ivan Teacher');
    const byRole = await admin.get('/admin/people?role=instructor');
    expect(byRole.text).toContain('Ivan Teacher');
    expect(byRole.text).not.toContain(rosa.email);
  });

  it('pages through many matches, newest first, each person exactly once, keeping the search', async () => {
    const tag = `Paged${Date.now()}`;
    const made: number[] = [];
    for (let i = 0; i < 53; i++) made.push((await createUser(ctx.db, { name: `${tag} ${String(i).padStart(2, '0')}` })).id);
    // Accounts made in the same instant: the page boundary must still split them exactly once.
    await ctx.db('users').whereIn('id', made).update({ created_at: new Date('2026-06-01T09:00:00Z') });
    const idsOn = (html: string) => [...html.matchAll(/href="\/admin\/people\/(\d+)"/g)].map((m) => Number(m[1]));

    const first = await admin.get(`/admin/people?q=${tag}&role=learner`);
    expect(first.text).toContain('53 people match');
    const firstIds = idsOn(first.text);
    expect(firstIds).toHaveLength(50);
    expect(firstIds).toEqual([...made].sort((a, b) => b - a).slice(0, 50));
    const next = decode(/href="([^"]+)" rel="next"/.exec(first.text)?.[1] ?? '');
    expect(next).toBe(`/admin/people?q=${tag}&role=learner&after=${firstIds[49]}`);
    expect(first.text).not.toContain('First page');

    const second = await admin.get(next);
    const secondIds = idsOn(second.text);
    expect(secondIds).toHaveLength(3);
    expect(new Set([...firstIds, ...secondIds])).toEqual(new Set(made));
    expect(second.text).not.toContain('rel="next"');
    expect(decode(second.text)).toContain(`href="/admin/people?q=${tag}&role=learner">First page`);

    const garbled = await admin.get(`/admin/people?q=${tag}&after=not-a-number`);
    expect(idsOn(garbled.text)).toEqual(firstIds);
  });

  it('treats % and _ in the search as plain characters', async () => {
    await createUser(ctx.db, { name: 'Percent Person' });
    const res = await admin.get('/admin/people?q=%25');
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('Percent Person');
  });

  it('shows a person with their sessions', async () => {
    const course = await createCourse(ctx.db, { title: 'People page course' });
    const session = await createSession(ctx.db, course.id);
    const learner = await createUser(ctx.db);
    await enrol(ctx.db, session.id, learner.id);
    const page = decode((await admin.get(`/admin/people/${learner.id}`)).text);
    expect(page).toContain(learner.email);
    expect(page).toContain('People page course');
    expect((await admin.get('/admin/people/99999999')).status).toBe(404);
  });

  it('shows when a person joined as a date in words, not a raw ISO date', async () => {
    const person = await createUser(ctx.db);
    await ctx.db('users').where({ id: person.id }).update({ created_at: new Date('2026-12-04T10:00:00Z') });
    const page = decode((await admin.get(`/admin/people/${person.id}`)).text);
    expect(page).toContain('<dt>Joined</dt><dd>4 December 2026</dd>');
    expect(page).not.toContain('2026-12-04');
  });
});

describe('a person’s payments', () => {
  it('says there is nothing to pay for an unpaid seat in a cancelled session, and keeps a refund due as it is', async () => {
    const course = await createCourse(ctx.db, { title: 'Cancelled payments course' });
    const unpaidSession = await createSession(ctx.db, course.id, { status: 'cancelled' });
    const paidSession = await createSession(ctx.db, course.id, { status: 'cancelled' });
    const learner = await createUser(ctx.db);
    await ctx.db('enrolments').insert([
      { course_session_id: unpaidSession.id, user_id: learner.id, status: 'cancelled', payment_status: 'unpaid' },
      { course_session_id: paidSession.id, user_id: learner.id, status: 'cancelled', payment_status: 'refund_due' },
    ]);
    const page = decode((await admin.get(`/admin/people/${learner.id}`)).text);
    expect(page).toContain('Session cancelled, Nothing to pay');
    expect(page).toContain('Session cancelled, Refund due');
    expect(page).not.toContain('Invoice to follow');
  });
});

describe('changing roles', () => {
  it('makes a learner an instructor, effective on their next request', async () => {
    const user = await createUser(ctx.db);
    const agent = await signIn(ctx.app, user);
    expect((await agent.get('/teach')).status).toBe(403);
    const res = await postForm(admin, `/admin/people/${user.id}/role`, { role: 'instructor' }, `/admin/people/${user.id}`);
    expect(res.status).toBe(302);
    expect((await userRow(user.id)).role).toBe('instructor');
    expect((await agent.get('/teach')).status).toBe(200);
  });

  it('says the new role in plain English, and says so when the role was already that', async () => {
    const user = await createUser(ctx.db, { name: 'Ines Article' });
    const made = await postForm(admin, `/admin/people/${user.id}/role`, { role: 'instructor' }, `/admin/people/${user.id}`);
    expect(decode((await follow(admin, made)).text)).toContain('Ines Article is now an instructor.');
    const same = await postForm(admin, `/admin/people/${user.id}/role`, { role: 'instructor' }, `/admin/people/${user.id}`);
    expect(decode((await follow(admin, same)).text)).toContain('Ines Article is already an instructor; nothing was changed.');
    const back = await postForm(admin, `/admin/people/${user.id}/role`, { role: 'learner' }, `/admin/people/${user.id}`);
    expect(decode((await follow(admin, back)).text)).toContain('Ines Article is now a learner.');
  });

  it('removes teaching assignments when an instructor becomes a learner', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id);
    const user = await createUser(ctx.db, { role: 'instructor' });
    await assignInstructor(ctx.db, session.id, user.id);
    const res = await postForm(admin, `/admin/people/${user.id}/role`, { role: 'learner' }, `/admin/people/${user.id}`);
    expect(decode((await follow(admin, res)).text)).toContain('no longer teach the 1 session');
    expect(await ctx.db('session_instructors').where({ user_id: user.id })).toHaveLength(0);
  });

  it('refuses an unknown role and an admin changing their own role', async () => {
    const user = await createUser(ctx.db);
    expect((await postForm(admin, `/admin/people/${user.id}/role`, { role: 'owner' }, `/admin/people/${user.id}`)).status).toBe(422);
    expect((await userRow(user.id)).role).toBe('learner');
    const self = await postForm(admin, `/admin/people/${adminId}/role`, { role: 'learner' }, `/admin/people/${adminId}`);
    expect(decode((await follow(admin, self)).text)).toContain('cannot change the role of your own account');
    expect((await userRow(adminId)).role).toBe('admin');
  });
});

describe('deactivating accounts', () => {
  it('ends their current logins, stops new ones, keeps their enrolments, and reactivation restores access', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id);
    const user = await createUser(ctx.db);
    await enrol(ctx.db, session.id, user.id);
    const agent = await signIn(ctx.app, user);
    expect((await agent.get('/dashboard')).status).toBe(200);

    const res = await postForm(admin, `/admin/people/${user.id}/deactivate`, {}, `/admin/people/${user.id}`);
    expect(res.status).toBe(302);
    expect((await userRow(user.id)).active).toBe(false);
    expect((await agent.get('/dashboard')).headers.location).toBe('/login');
    await expect(signIn(ctx.app, user)).rejects.toThrow('login failed');
    expect(await ctx.db('enrolments').where({ user_id: user.id })).toHaveLength(1);

    await postForm(admin, `/admin/people/${user.id}/reactivate`, {}, `/admin/people/${user.id}`);
    expect((await userRow(user.id)).active).toBe(true);
    expect((await (await signIn(ctx.app, user)).get('/dashboard')).status).toBe(200);
  });

  it('stops the links emailed to the account from working: choosing a password, confirming a new address', async () => {
    const user = await createUser(ctx.db);
    const agent = await signIn(ctx.app, user);
    const newEmail = `moved-${user.id}@example.test`;
    await postForm(agent, '/account/email', { email: newEmail, password: user.password }, '/account/email');
    await postForm(request.agent(ctx.app), '/forgot-password', { email: user.email }, '/forgot-password');
    const linkIn = async (to: string, pattern: RegExp) => {
      const mail = await ctx.db('outbox_emails').where({ to_address: to }).orderBy('id', 'desc').first();
      return pattern.exec(mail.body_text)![1];
    };
    const resetLink = await linkIn(user.email, /http:\/\/localhost:3000(\/reset-password\/[A-Za-z0-9_-]+)/);
    const confirmLink = await linkIn(newEmail, /http:\/\/localhost:3000(\/account\/email\/confirm\/[A-Za-z0-9_-]+)/);
    expect((await request(ctx.app).get(resetLink)).status).toBe(200);
    expect(decode((await admin.get(`/admin/people/${user.id}`)).text)).toContain('stops the links we emailed them (to choose a password or confirm a new address) from working');

    await postForm(admin, `/admin/people/${user.id}/deactivate`, {}, `/admin/people/${user.id}`);
    expect((await request(ctx.app).get(resetLink)).status).toBe(410);
    expect((await request(ctx.app).get(confirmLink)).status).toBe(410);
    const chosen = await postForm(request.agent(ctx.app), resetLink, { password: 'a password chosen late', confirm: 'a password chosen late' }, '/forgot-password');
    expect(chosen.status).toBe(410);
    expect(await userRow(user.id)).toMatchObject({ email: user.email, active: false });
  });

  it('refuses to let an admin deactivate their own account', async () => {
    const res = await postForm(admin, `/admin/people/${adminId}/deactivate`, {}, `/admin/people/${adminId}`);
    expect(decode((await follow(admin, res)).text)).toContain('cannot deactivate your own account');
    expect((await userRow(adminId)).active).toBe(true);
  });
});

describe('the last admin', () => {
  it('cannot be taken away by an admin who lost their own rights a moment before: one admin is always left', async () => {
    const first = await createUser(ctx.db, { role: 'admin' });
    const second = await createUser(ctx.db, { role: 'admin' });
    // Each admin took the other's rights at the same moment: the first change went through, and the
    // second admin's request was let in while they were still an admin.
    await changeRole({ db: ctx.db }, { userId: second.id, role: 'learner', actor: first });
    await expect(changeRole({ db: ctx.db }, { userId: first.id, role: 'learner', actor: second })).rejects.toThrow('no longer an admin');
    await expect(deactivatePerson({ db: ctx.db }, { userId: first.id, actor: second })).rejects.toThrow('no longer an admin');
    expect(await userRow(first.id)).toMatchObject({ role: 'admin', active: true });
  });

  it('is not left without rights by two admins demoting each other at once', async () => {
    const first = await createUser(ctx.db, { role: 'admin' });
    const second = await createUser(ctx.db, { role: 'admin' });
    const results = await Promise.allSettled([
      changeRole({ db: ctx.db }, { userId: second.id, role: 'learner', actor: first }),
      changeRole({ db: ctx.db }, { userId: first.id, role: 'learner', actor: second }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => String(r.reason))).toEqual([expect.stringContaining('no longer an admin')]);
    const roles = [(await userRow(first.id)).role, (await userRow(second.id)).role];
    expect(roles.sort()).toEqual(['admin', 'learner']);
  });
});

describe('access to people administration', () => {
  it('refuses learners and instructors with 403 and changes nothing', async () => {
    const target = await createUser(ctx.db);
    for (const role of ['learner', 'instructor'] as const) {
      const agent = await signIn(ctx.app, await createUser(ctx.db, { role }));
      expect((await agent.get('/admin/people')).status).toBe(403);
      expect((await agent.get(`/admin/people/${target.id}`)).status).toBe(403);
      expect((await postForm(agent, `/admin/people/${target.id}/role`, { role: 'admin' })).status).toBe(403);
      expect((await postForm(agent, `/admin/people/${target.id}/deactivate`, {})).status).toBe(403);
    }
    expect(await userRow(target.id)).toMatchObject({ role: 'learner', active: true });
  });

  it('sends a visitor to log in', async () => {
    expect((await request(ctx.app).get('/admin/people')).headers.location).toBe('/login');
  });
});
