import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts, createUser, enrol } from '../helpers/factories';
import { csrfFrom, postForm, readable, signIn } from '../helpers/http';
import { createThread } from '../helpers/discussions-factories';
import { queriesDuring } from '../helpers/queries';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const board = (sessionId: number) => `/sessions/${sessionId}/weeks/1/discussion`;

async function setup() {
  const c = await createCohorts(ctx.db);
  const peer = await createUser(ctx.db, { name: 'Pat Peer' });
  await enrol(ctx.db, c.sessionA.id, peer.id);
  const t = await createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.learnerA.id, title: 'Hard week', body: 'Something unkind' });
  return { ...c, peer, ...t, staff: await signIn(ctx.app, c.instructorA), author: await signIn(ctx.app, c.learnerA), reader: await signIn(ctx.app, peer) };
}

const actions = (sessionId: number) => ctx.db('moderation_actions').where({ course_session_id: sessionId }).orderBy('id');

/** The moderation log's rows as the page shows them, newest first: what, where (its HTML) and why. */
function logRows(html: string): string[][] {
  const log = html.slice(html.indexOf('id="log-heading"'));
  return [...log.matchAll(/<tr>\s*<td>[^<]*<\/td>\s*<td>[^<]*<\/td>\s*<td>([^<]*)<\/td>\s*<td>(.*?)<\/td>\s*<td>([^<]*)<\/td>\s*<\/tr>/gs)].map((m) => [m[1], m[2], m[3]]);
}

describe('thread moderation', () => {
  it('pins a thread to the top of the board and unpins it, recording both', async () => {
    const s = await setup();
    await createThread(ctx.db, { sessionId: s.sessionA.id, courseId: s.course.id, authorId: s.peer.id, title: 'Newer thread' });
    expect((await postForm(s.staff, `/threads/${s.threadId}/pin`, {}, `/threads/${s.threadId}`)).status).toBe(302);
    let titles = [...(await s.reader.get(board(s.sessionA.id))).text.matchAll(/<a href="\/threads\/\d+">([^<]+)<\/a>/g)].map((m) => m[1]);
    expect(titles).toEqual(['Hard week', 'Newer thread']);
    await postForm(s.staff, `/threads/${s.threadId}/unpin`, {}, `/threads/${s.threadId}`);
    titles = [...(await s.reader.get(board(s.sessionA.id))).text.matchAll(/<a href="\/threads\/\d+">([^<]+)<\/a>/g)].map((m) => m[1]);
    expect(titles).toEqual(['Newer thread', 'Hard week']);
    expect((await actions(s.sessionA.id)).map((a) => [a.action, a.actor_id])).toEqual([['pin', s.instructorA.id], ['unpin', s.instructorA.id]]);
  });

  it('locks a thread against new replies and unlocks it', async () => {
    const s = await setup();
    await postForm(s.staff, `/threads/${s.threadId}/lock`, { reason: 'Heated' }, `/threads/${s.threadId}`);
    const page = await s.reader.get(`/threads/${s.threadId}`);
    expect(page.text).toContain('Locked: no new replies');
    expect(page.text).not.toContain(`action="/threads/${s.threadId}/replies"`);
    expect((await postForm(s.reader, `/threads/${s.threadId}/replies`, { body: 'hi' }, board(s.sessionA.id))).status).toBe(409);
    // An empty reply to a locked thread is told of the lock, with the content note typed kept in its box.
    const empty = await postForm(s.reader, `/threads/${s.threadId}/replies`, { body: '', content_note: 'KEEP-ME-NOTE' }, board(s.sessionA.id));
    expect(empty.status).toBe(409);
    expect(empty.text).toContain('This thread has been locked by a moderator, so it takes no new replies. Your text is still in the box below.');
    expect(empty.text).toMatch(/name="content_note"[^>]*value="KEEP-ME-NOTE"/);
    await postForm(s.staff, `/threads/${s.threadId}/unlock`, {}, `/threads/${s.threadId}`);
    expect((await postForm(s.reader, `/threads/${s.threadId}/replies`, { body: 'hi again' }, board(s.sessionA.id))).status).toBe(302);
  });

  it('refuses moderation by a learner (403) and by another session’s instructor (404)', async () => {
    const s = await setup();
    expect((await postForm(s.reader, `/threads/${s.threadId}/lock`, { reason: 'Heated' }, board(s.sessionA.id))).status).toBe(403);
    const otherInstructor = await signIn(ctx.app, s.instructorB);
    expect((await postForm(otherInstructor, `/threads/${s.threadId}/pin`, {}, '/dashboard')).status).toBe(404);
    expect((await postForm(otherInstructor, `/posts/${s.openingPostId}/hide`, { reason: 'x' }, '/dashboard')).status).toBe(404);
    expect((await otherInstructor.get(`/sessions/${s.sessionA.id}/moderation`)).status).toBe(404);
    expect((await s.reader.get(`/sessions/${s.sessionA.id}/moderation`)).status).toBe(404);
    const thread = await ctx.db('discussion_threads').where({ id: s.threadId }).first();
    expect(thread).toMatchObject({ pinned: false, locked: false });
  });

  it('refuses any moderation by someone who may not moderate, whatever the form holds', async () => {
    const s = await setup();
    const otherInstructor = await signIn(ctx.app, s.instructorB);
    await ctx.db('discussion_threads').where({ id: s.threadId }).update({ pinned: true, locked: true });
    const hiddenPost = await createThread(ctx.db, { sessionId: s.sessionA.id, courseId: s.course.id, authorId: s.peer.id, title: 'Hidden one' });
    await ctx.db('discussion_posts').where({ id: hiddenPost.openingPostId }).update({ status: 'hidden', hidden_reason: 'Unkind' });
    const urls = [
      ...['hide', 'remove'].map((action) => `/posts/${s.openingPostId}/${action}`),
      `/posts/${hiddenPost.openingPostId}/restore`,
      ...['pin', 'unpin', 'lock', 'unlock'].map((flag) => `/threads/${s.threadId}/${flag}`),
    ];
    for (const url of urls) {
      for (const form of [{} as Record<string, string>, { reason: ' ' }, { reason: 'x'.repeat(1001) }, { reason: 'A reason' }]) {
        expect({ url, form, status: (await postForm(s.reader, url, form, board(s.sessionA.id))).status }).toEqual({ url, form, status: 403 });
        expect({ url, form, status: (await postForm(otherInstructor, url, form, '/dashboard')).status }).toEqual({ url, form, status: 404 });
      }
    }
    expect(await ctx.db('discussion_posts').where({ id: s.openingPostId }).first()).toMatchObject({ status: 'visible' });
    expect(await ctx.db('discussion_posts').where({ id: hiddenPost.openingPostId }).first()).toMatchObject({ status: 'hidden' });
    expect(await ctx.db('discussion_threads').where({ id: s.threadId }).first()).toMatchObject({ pinned: true, locked: true });
    expect(await actions(s.sessionA.id)).toEqual([]);
  });
});

describe('reasons for thread and post moderation', () => {
  const fieldError = (html: string) => /<p class="field-error" id="field-reason-error"><span class="visually-hidden">Error: <\/span>([^<]*)<\/p>/.exec(html)?.[1];
  const typedReason = (html: string) => /<input id="field-reason" name="reason" type="text" value="([^"]*)"/.exec(html)?.[1];

  it('offers a reason with each form, without scripts: required to lock or restore, optional to pin, unpin or unlock', async () => {
    const s = await setup();
    let page = (await s.staff.get(`/threads/${s.threadId}`)).text;
    expect(page).toMatch(new RegExp(`<form method="post" action="/threads/${s.threadId}/pin"[\\s\\S]*?<input id="thread-pin-reason" name="reason" maxlength="1000">`));
    expect(page).toMatch(new RegExp(`<form method="post" action="/threads/${s.threadId}/lock"[\\s\\S]*?<input id="thread-lock-reason" name="reason" maxlength="1000" required>`));
    await ctx.db('discussion_threads').where({ id: s.threadId }).update({ pinned: true, locked: true });
    await ctx.db('discussion_posts').where({ id: s.openingPostId }).update({ status: 'hidden', hidden_reason: 'Unkind' });
    page = (await s.staff.get(`/threads/${s.threadId}`)).text;
    expect(page).toMatch(new RegExp(`<form method="post" action="/threads/${s.threadId}/unpin"[\\s\\S]*?<input id="thread-unpin-reason" name="reason" maxlength="1000">`));
    expect(page).toMatch(new RegExp(`<form method="post" action="/threads/${s.threadId}/unlock"[\\s\\S]*?<input id="thread-unlock-reason" name="reason" maxlength="1000">`));
    expect(page).toMatch(new RegExp(`<form method="post" action="/posts/${s.openingPostId}/restore">[\\s\\S]*?<input id="restore-reason-${s.openingPostId}" name="reason" required maxlength="1000">`));
  });

  it('refuses to lock or restore without a reason: 422 with the message next to the field, nothing changed', async () => {
    const s = await setup();
    const lock = await postForm(s.staff, `/threads/${s.threadId}/lock`, { reason: '   ' }, `/threads/${s.threadId}`);
    expect(lock.status).toBe(422);
    expect(fieldError(lock.text)).toBe('Please say why.');
    expect(lock.text).toContain(`action="/threads/${s.threadId}/lock"`);
    expect(lock.text).toContain('Please say why, so other moderators understand. Nothing was changed.');
    expect((await postForm(s.staff, `/threads/${s.threadId}/lock`, {}, `/threads/${s.threadId}`)).status).toBe(422);
    expect(await ctx.db('discussion_threads').where({ id: s.threadId }).first()).toMatchObject({ locked: false });

    await ctx.db('discussion_posts').where({ id: s.openingPostId }).update({ status: 'hidden', hidden_reason: 'Unkind' });
    const restore = await postForm(s.staff, `/posts/${s.openingPostId}/restore`, {}, `/threads/${s.threadId}`);
    expect(restore.status).toBe(422);
    expect(fieldError(restore.text)).toBe('Please say why.');
    expect(restore.text).toContain(`action="/posts/${s.openingPostId}/restore"`);
    expect(await ctx.db('discussion_posts').where({ id: s.openingPostId }).first()).toMatchObject({ status: 'hidden' });
    expect(await actions(s.sessionA.id)).toEqual([]);
  });

  it('refuses a reason over 1,000 characters to any of them, keeping what was typed, and changes nothing', async () => {
    const s = await setup();
    const long = 'Too long <b>' + 'x'.repeat(1000);
    for (const flag of ['pin', 'lock']) {
      const res = await postForm(s.staff, `/threads/${s.threadId}/${flag}`, { reason: long }, `/threads/${s.threadId}`);
      expect({ flag, status: res.status, error: fieldError(res.text), kept: typedReason(res.text) }).toEqual({
        flag, status: 422, error: 'Please keep the reason to at most 1,000 characters.', kept: long.replace('<', '&lt;').replace('>', '&gt;'),
      });
    }
    await ctx.db('discussion_posts').where({ id: s.openingPostId }).update({ status: 'hidden', hidden_reason: 'Unkind' });
    const restore = await postForm(s.staff, `/posts/${s.openingPostId}/restore`, { reason: long }, `/threads/${s.threadId}`);
    expect([restore.status, fieldError(restore.text)]).toEqual([422, 'Please keep the reason to at most 1,000 characters.']);
    expect(await ctx.db('discussion_threads').where({ id: s.threadId }).first()).toMatchObject({ pinned: false, locked: false });
    expect(await ctx.db('discussion_posts').where({ id: s.openingPostId }).first()).toMatchObject({ status: 'hidden' });
    expect(await actions(s.sessionA.id)).toEqual([]);
  });

  it('answers a script’s refused reason in JSON, as every refused request', async () => {
    const s = await setup();
    const token = await csrfFrom(s.staff, `/threads/${s.threadId}`);
    const res = await s.staff.post(`/threads/${s.threadId}/lock`).set('Accept', 'application/json').type('form').send({ _csrf: token, reason: '' });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ error: 'Please say why, so other moderators understand. Nothing was changed.' });
  });

  it('shows the reason for pinning, unpinning, locking, unlocking and restoring in the moderation log, and none where it was left blank', async () => {
    const s = await setup();
    const at = `/threads/${s.threadId}`;
    for (const [url, reason] of [
      [`${at}/pin`, 'Start here'],
      [`${at}/unpin`, ''],
      [`${at}/lock`, ' Heated, cooling off '],
      [`${at}/unlock`, 'Cooled down'],
      [`/posts/${s.openingPostId}/hide`, 'Please keep it kind'],
      [`/posts/${s.openingPostId}/restore`, 'Author apologised'],
    ]) {
      expect({ url, status: (await postForm(s.staff, url, { reason }, at)).status }).toEqual({ url, status: 302 });
    }
    const log = logRows((await s.staff.get(`/sessions/${s.sessionA.id}/moderation`)).text);
    expect(log.map(([what, , why]) => [what, why])).toEqual([
      ['Restore', 'Author apologised'],
      ['Hide', 'Please keep it kind'],
      ['Unlock', 'Cooled down'],
      ['Lock', 'Heated, cooling off'],
      ['Unpin', ''],
      ['Pin', 'Start here'],
    ]);
    expect((await actions(s.sessionA.id)).find((a) => a.action === 'unpin').reason).toBeNull();
  });
});

describe('post moderation', () => {
  it('hides a post with a reason: peers see that it was hidden, the author sees why, staff still read it; restore brings it back', async () => {
    const s = await setup();
    expect((await postForm(s.staff, `/posts/${s.openingPostId}/hide`, { reason: 'Please keep it kind' }, `/threads/${s.threadId}`)).status).toBe(302);
    const peerView = await s.reader.get(`/threads/${s.threadId}`);
    expect(peerView.text).toContain('This post was hidden by a moderator.');
    expect(peerView.text).not.toContain('Something unkind');
    expect(peerView.text).not.toContain('Please keep it kind');
    const authorView = await s.author.get(`/threads/${s.threadId}`);
    expect(authorView.text).toContain('Please keep it kind');
    expect(authorView.text).toContain('Something unkind');
    expect((await s.staff.get(`/threads/${s.threadId}`)).text).toContain('Something unkind');
    // A hidden post stays as the moderator found it, even within the author's 30 minutes.
    const edit = await postForm(s.author, `/posts/${s.openingPostId}/edit`, { body: 'Quietly changed' }, `/threads/${s.threadId}`);
    expect(edit.status).toBe(409);
    expect(edit.text).toContain('This post can no longer be edited.');
    expect(edit.text).toContain('>Quietly changed</textarea>');
    expect((await ctx.db('discussion_posts').where({ id: s.openingPostId }).first()).body_md).toBe('Something unkind');

    await postForm(s.staff, `/posts/${s.openingPostId}/restore`, { reason: 'Author apologised' }, `/threads/${s.threadId}`);
    expect((await s.reader.get(`/threads/${s.threadId}`)).text).toContain('Something unkind');
    const log = await actions(s.sessionA.id);
    expect(log.map((a) => a.action)).toEqual(['hide', 'restore']);
    expect(log[0]).toMatchObject({ reason: 'Please keep it kind', post_id: s.openingPostId, actor_id: s.instructorA.id });
  });

  it('refuses to hide without a reason and changes nothing', async () => {
    const s = await setup();
    const res = await postForm(s.staff, `/posts/${s.openingPostId}/hide`, { reason: ' ' }, `/threads/${s.threadId}`);
    expect(res.status).toBe(422);
    expect((await ctx.db('discussion_posts').where({ id: s.openingPostId }).first()).status).toBe('visible');
  });

  it('removes a post for everyone while keeping its replies', async () => {
    const s = await setup();
    await postForm(s.reader, `/threads/${s.threadId}/replies`, { body: 'a reply that stays' }, `/threads/${s.threadId}`);
    await postForm(s.staff, `/posts/${s.openingPostId}/remove`, { reason: 'Personal details' }, `/threads/${s.threadId}`);
    const view = await s.reader.get(`/threads/${s.threadId}`);
    expect(view.text).toContain('This post was removed.');
    expect(view.text).not.toContain('Something unkind');
    expect(view.text).toContain('a reply that stays');
    expect((await actions(s.sessionA.id)).map((a) => a.action)).toEqual(['delete']);
  });
});

describe('reports and the moderation queue', () => {
  it('takes a report into the queue, resolves it, and shows every action in the log', async () => {
    const s = await setup();
    expect((await s.reader.get(`/posts/${s.openingPostId}/report`)).status).toBe(200);
    const res = await postForm(s.reader, `/posts/${s.openingPostId}/report`, { reason: 'This felt hurtful' }, `/posts/${s.openingPostId}/report`);
    expect(res.status).toBe(302);
    const queue = await s.staff.get(`/sessions/${s.sessionA.id}/moderation`);
    expect(queue.status).toBe(200);
    expect(queue.text).toContain('This felt hurtful');
    expect(queue.text).toContain('Pat Peer');
    const report = await ctx.db('discussion_reports').where({ post_id: s.openingPostId }).first();
    await postForm(s.staff, `/reports/${report.id}/resolve`, { note: 'Talked to the author' }, `/sessions/${s.sessionA.id}/moderation`);
    const after = await s.staff.get(`/sessions/${s.sessionA.id}/moderation`);
    expect(after.text).toContain('No open reports.');
    expect(logRows(after.text)).toEqual([['Mark resolved', `Report on a post by ${s.learnerA.name} in <a href="/posts/${s.openingPostId}">Hard week</a>`, 'Talked to the author']]);
    const admin = await signIn(ctx.app, s.admin);
    expect((await admin.get(`/sessions/${s.sessionA.id}/moderation`)).text).toContain('Talked to the author');
  });

  it('logs each action in its button’s words, naming the thread and whose post it was, in one query however long the log', async () => {
    const s = await setup();
    const page = () => s.staff.get(`/sessions/${s.sessionA.id}/moderation`);
    await postForm(s.staff, `/threads/${s.threadId}/pin`, {}, `/threads/${s.threadId}`);
    await postForm(s.staff, `/posts/${s.openingPostId}/hide`, { reason: 'Please keep it kind' }, `/threads/${s.threadId}`);
    const short = await queriesDuring(ctx.db, page);

    await postForm(s.staff, `/posts/${s.openingPostId}/restore`, { reason: 'Author apologised' }, `/threads/${s.threadId}`);
    await postForm(s.reader, `/threads/${s.threadId}/replies`, { body: 'A reply with a phone number' }, `/threads/${s.threadId}`);
    const reply = await ctx.db('discussion_posts').where({ author_id: s.peer.id }).first('id');
    await postForm(s.reader, `/posts/${s.openingPostId}/report`, { reason: 'Unkind' }, `/posts/${s.openingPostId}/report`);
    const report = await ctx.db('discussion_reports').where({ post_id: s.openingPostId }).first('id');
    await postForm(s.staff, `/reports/${report.id}/resolve`, {}, `/sessions/${s.sessionA.id}/moderation`);
    await postForm(s.staff, `/posts/${reply.id}/remove`, { reason: 'Personal details' }, `/threads/${s.threadId}`);
    await postForm(s.staff, `/threads/${s.threadId}/lock`, { reason: 'Going in circles' }, `/threads/${s.threadId}`);
    await postForm(s.staff, `${board(s.sessionA.id)}/settings`, { post_before_viewing: 'on' }, board(s.sessionA.id));
    await postForm(s.staff, `/sessions/${s.sessionA.id}/moderation/settings`, { hold_first_posts: 'on' }, `/sessions/${s.sessionA.id}/moderation`);
    const long = await queriesDuring(ctx.db, page);

    const thread = `<a href="/threads/${s.threadId}">Hard week</a>`;
    const learnersPost = `<a href="/posts/${s.openingPostId}">Hard week</a>`;
    expect(logRows(readable(long.result.text))).toEqual([
      ['Hold each learner’s first post for approval: on', 'The whole session', ''],
      ['Post before you see others: on', 'Week 1 discussion board', ''],
      ['Lock', thread, 'Going in circles'],
      ['Remove', `Post by Pat Peer in <a href="/posts/${reply.id}">Hard week</a>`, 'Personal details'],
      ['Mark resolved', `Report on a post by ${s.learnerA.name} in ${learnersPost}`, ''],
      ['Restore', `Post by ${s.learnerA.name} in ${learnersPost}`, 'Author apologised'],
      ['Hide', `Post by ${s.learnerA.name} in ${learnersPost}`, 'Please keep it kind'],
      ['Pin', thread, ''],
    ]);
    // Who did each is named too.
    expect(long.result.text.match(new RegExp(`<td>${s.instructorA.name}</td>`, 'g'))).toHaveLength(8);
    // The log's one query brings the threads and authors along: eight rows cost no more than two.
    expect(long.sql).toEqual(short.sql);
  });

  it('logs an action sent twice (a double click, two moderators) once: pin, lock, hide, restore, remove and resolve', async () => {
    const s = await setup();
    await postForm(s.reader, `/threads/${s.threadId}/replies`, { body: 'A reply to remove' }, `/threads/${s.threadId}`);
    const reply = await ctx.db('discussion_posts').where({ author_id: s.peer.id }).first('id');
    await postForm(s.reader, `/posts/${s.openingPostId}/report`, { reason: 'Unkind' }, `/posts/${s.openingPostId}/report`);
    const report = await ctx.db('discussion_reports').where({ post_id: s.openingPostId }).first('id');
    const twice = async (url: string, data: Record<string, string>, from: string) => {
      for (let i = 0; i < 2; i++) expect((await postForm(s.staff, url, data, from)).status).toBe(302);
    };
    await twice(`/threads/${s.threadId}/pin`, {}, `/threads/${s.threadId}`);
    await twice(`/threads/${s.threadId}/lock`, { reason: 'Heated' }, `/threads/${s.threadId}`);
    await twice(`/posts/${s.openingPostId}/hide`, { reason: 'Please keep it kind' }, `/threads/${s.threadId}`);
    await twice(`/posts/${reply.id}/remove`, { reason: 'Personal details' }, `/threads/${s.threadId}`);
    await twice(`/reports/${report.id}/resolve`, {}, `/sessions/${s.sessionA.id}/moderation`);
    expect((await actions(s.sessionA.id)).map((a) => a.action)).toEqual(['pin', 'lock', 'hide', 'delete', 'resolve_report']);

    // A new reason is a change of its own, and logged.
    await postForm(s.staff, `/posts/${s.openingPostId}/hide`, { reason: 'Names a patron' }, `/threads/${s.threadId}`);
    expect((await actions(s.sessionA.id)).map((a) => a.reason).pop()).toBe('Names a patron');
    await twice(`/posts/${s.openingPostId}/restore`, { reason: 'Author apologised' }, `/threads/${s.threadId}`);
    expect((await actions(s.sessionA.id)).map((a) => a.action).slice(-2)).toEqual(['hide', 'restore']);
  });

  it('logs an action sent twice at the very same moment once, and answers the twin without an error', async () => {
    const s = await setup();
    await postForm(s.reader, `/threads/${s.threadId}/replies`, { body: 'A reply to remove' }, `/threads/${s.threadId}`);
    const reply = await ctx.db('discussion_posts').where({ author_id: s.peer.id }).first('id');
    await postForm(s.reader, `/posts/${s.openingPostId}/report`, { reason: 'Unkind' }, `/posts/${s.openingPostId}/report`);
    const report = await ctx.db('discussion_reports').where({ post_id: s.openingPostId }).first('id');
    const token = await csrfFrom(s.staff, `/threads/${s.threadId}`);
    const atOnce = async (url: string, data: Record<string, string> = {}) => {
      const send = () => s.staff.post(url).type('form').send({ _csrf: token, ...data });
      return (await Promise.all([send(), send()])).map((res) => res.status);
    };
    expect(await atOnce(`/threads/${s.threadId}/pin`)).toEqual([302, 302]);
    expect(await atOnce(`/threads/${s.threadId}/lock`, { reason: 'Heated' })).toEqual([302, 302]);
    expect(await atOnce(`/posts/${s.openingPostId}/hide`, { reason: 'Please keep it kind' })).toEqual([302, 302]);
    expect(await atOnce(`/posts/${s.openingPostId}/restore`, { reason: 'Author apologised' })).toEqual([302, 302]);
    expect(await atOnce(`/posts/${reply.id}/remove`, { reason: 'Personal details' })).toEqual([302, 302]);
    expect(await atOnce(`/reports/${report.id}/resolve`)).toEqual([302, 302]);
    expect((await actions(s.sessionA.id)).map((a) => a.action)).toEqual(['pin', 'lock', 'hide', 'restore', 'delete', 'resolve_report']);
  });

  it('approves a held reply sent twice at the same moment once, and emails its followers once', async () => {
    const s = await setup();
    await postForm(s.author, '/discussions/preferences', { discussion_email: 'immediate', announcement_email: 'on' }, '/discussions/preferences');
    await ctx.db('discussion_follows').insert({ user_id: s.learnerA.id, thread_id: s.threadId });
    await ctx.db('course_sessions').where({ id: s.sessionA.id }).update({ hold_first_posts: true });
    await postForm(s.reader, `/threads/${s.threadId}/replies`, { body: 'held words' }, `/threads/${s.threadId}`);
    const held = await ctx.db('discussion_posts').where({ author_id: s.peer.id }).first('id');
    const token = await csrfFrom(s.staff, `/threads/${s.threadId}`);
    const approve = () => s.staff.post(`/posts/${held.id}/approve`).type('form').send({ _csrf: token });
    const statuses = (await Promise.all([approve(), approve()])).map((res) => res.status).sort();
    // The twin is told the post no longer waits, as a second click after the first would be.
    expect(statuses).toEqual([302, 409]);
    expect((await actions(s.sessionA.id)).map((a) => a.action)).toEqual(['approve']);
    expect(await ctx.db('outbox_emails').where({ to_address: s.learnerA.email.toLowerCase() }).where('subject', 'like', 'New reply in%')).toHaveLength(1);
  });

  it('refuses a report of a post in another session with 404', async () => {
    const s = await setup();
    const outsider = await signIn(ctx.app, s.learnerB);
    expect((await postForm(outsider, `/posts/${s.openingPostId}/report`, { reason: 'x' }, '/dashboard')).status).toBe(404);
    expect((await outsider.get(`/posts/${s.openingPostId}/report`)).status).toBe(404);
  });
});

describe('holding first posts for approval', () => {
  it('holds a learner’s first post out of sight until an instructor approves it', async () => {
    const s = await setup();
    await postForm(s.staff, `/sessions/${s.sessionA.id}/moderation/settings`, { hold_first_posts: 'on' }, `/sessions/${s.sessionA.id}/moderation`);
    const res = await postForm(s.reader, `/threads/${s.threadId}/replies`, { body: 'my first words' }, `/threads/${s.threadId}`);
    expect(res.status).toBe(302);
    const post = await ctx.db('discussion_posts').where({ author_id: s.peer.id }).first();
    expect(post.status).toBe('pending');
    expect((await s.author.get(`/threads/${s.threadId}`)).text).not.toContain('my first words');
    expect((await s.reader.get(`/threads/${s.threadId}`)).text).toContain('Waiting for approval');
    expect((await s.staff.get(`/sessions/${s.sessionA.id}/moderation`)).text).toContain('my first words');

    await postForm(s.staff, `/posts/${post.id}/approve`, {}, `/threads/${s.threadId}`);
    expect((await s.author.get(`/threads/${s.threadId}`)).text).toContain('my first words');
    // Once approved, later posts appear straight away.
    await postForm(s.reader, `/threads/${s.threadId}/replies`, { body: 'second words' }, `/threads/${s.threadId}`);
    expect((await ctx.db('discussion_posts').where({ author_id: s.peer.id }).orderBy('id', 'desc').first()).status).toBe('visible');
    expect((await actions(s.sessionA.id)).map((a) => a.action)).toEqual(['hold_first_posts_on', 'approve']);
  });

  it('takes no reply to a held post from a peer who cannot see it; its writer and the staff can answer it', async () => {
    const s = await setup();
    await ctx.db('course_sessions').where({ id: s.sessionA.id }).update({ hold_first_posts: true });
    await postForm(s.reader, `/threads/${s.threadId}/replies`, { body: 'held words' }, `/threads/${s.threadId}`);
    const held = await ctx.db('discussion_posts').where({ author_id: s.peer.id }).first();
    expect(held.status).toBe('pending');
    const reply = (agent: typeof s.author, body: string) => postForm(agent, `/threads/${s.threadId}/replies`, { body, parent_id: String(held.id) }, `/threads/${s.threadId}`);

    // Nor can they report it: to them it is not there.
    expect((await s.author.get(`/posts/${held.id}/report`)).status).toBe(404);
    expect((await postForm(s.author, `/posts/${held.id}/report`, { reason: 'unkind' })).status).toBe(404);
    expect(await ctx.db('discussion_reports').where({ post_id: held.id })).toHaveLength(0);

    const refused = await reply(s.author, 'an answer to words I cannot see');
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('We could not find the post you were replying to.');
    expect(refused.text).toContain('an answer to words I cannot see');
    expect(await ctx.db('discussion_posts').where({ parent_id: held.id })).toHaveLength(0);

    expect((await reply(s.staff, 'Welcome, Pat.')).status).toBe(302);
    expect((await reply(s.reader, 'and more of mine')).status).toBe(302);
    expect(await ctx.db('discussion_posts').where({ parent_id: held.id }).orderBy('id').pluck('body_md')).toEqual(['Welcome, Pat.', 'and more of mine']);
  });

  it('hides a held opening thread from peers but shows it to its author', async () => {
    const s = await setup();
    await ctx.db('course_sessions').where({ id: s.sessionA.id }).update({ hold_first_posts: true });
    await postForm(s.reader, `${board(s.sessionA.id)}/threads`, { title: 'Held thread', body: 'words' }, board(s.sessionA.id));
    const thread = await ctx.db('discussion_threads').where({ title: 'Held thread' }).first();
    expect((await s.reader.get(board(s.sessionA.id))).text).toContain('Held thread');
    expect((await s.author.get(board(s.sessionA.id))).text).not.toContain('Held thread');
    expect((await s.author.get(`/threads/${thread.id}`)).status).toBe(404);
  });
});
