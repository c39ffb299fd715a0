import { DateTime } from 'luxon';
import { reissueCertificate } from '../../src/certificates/certificates.service';
import { checkAndIssue } from '../../src/completion';
import { escapeCsvCell } from '../../src/lib/csv';
import { createTestContext, type TestContext } from '../helpers/app';
import { completeLearnerA, completionCast, markReadingsDone, replyTo, startThread } from '../helpers/completion-factories';
import { createUser, enrol } from '../helpers/factories';
import { decode, postForm, readable, signIn } from '../helpers/http';
import { addToolkitEntries, toolkitSectionsOf } from '../helpers/toolkit-factories';

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

describe('the progress table', () => {
  it('shows the session’s instructor one row per learner and one column per rule per week', async () => {
    const cast = await completedCast();
    const agent = await signIn(ctx.app, cast.instructorA);
    const res = await agent.get(`/sessions/${cast.sessionA.id}/progress`);
    expect(res.status).toBe(200);
    for (const col of ['Week 1 readings', 'Week 1 reflection', 'Week 1 threads', 'Week 1 replies', 'Week 2 replies', 'Toolkit sections', 'Evaluation']) {
      expect(res.text).toContain(`<th scope="col">${col}</th>`);
    }
    expect(res.text).toContain(`<th scope="row">${cast.learnerA.name}</th>`);
    expect(res.text).toContain(`<th scope="row">${cast.peerA.name}</th>`);
    expect(res.text).not.toContain(cast.learnerB.name);
    expect(res.text).toContain('1 of 2 learners have completed the course');
  });

  it('says until which day, in the session’s zone, completion stays open, and once past that it closed', async () => {
    const cast = await completedCast();
    const agent = await signIn(ctx.app, cast.instructorA);
    const session = await ctx.db('course_sessions').where({ id: cast.sessionA.id }).first();
    const lastDay = (deadline: Date) => DateTime.fromJSDate(new Date(deadline.getTime() - 1), { zone: session.time_zone }).toFormat('cccc d LLLL yyyy');
    const day = lastDay(session.completion_deadline_at);
    const page = decode((await agent.get(`/sessions/${cast.sessionA.id}/progress`)).text);
    expect(page).toContain(`Completion stays open until the end of ${day} (${session.time_zone} time), later for a learner given more time.`);

    const past = new Date('2020-03-02T00:00:00Z');
    await ctx.db('course_sessions').where({ id: cast.sessionA.id }).update({ completion_deadline_at: past });
    const closed = decode((await agent.get(`/sessions/${cast.sessionA.id}/progress`)).text);
    expect(closed).toContain(`Completion closed at the end of ${lastDay(past)} (${session.time_zone} time), except for a learner given more time.`);
  });

  it('links each learner to their submitted reflections on the feedback page', async () => {
    const cast = await completedCast();
    const agent = await signIn(ctx.app, cast.instructorA);
    const res = await agent.get(`/sessions/${cast.sessionA.id}/progress`);
    const row = res.text.split('<th scope="row">').find((r) => r.startsWith(cast.learnerA.name))!;
    const href = decode(/<a href="([^"]+)">Reflections<span class="visually-hidden"> of /.exec(row)![1]);
    expect(href).toBe(`/sessions/${cast.sessionA.id}/feedback?show=all&q=${encodeURIComponent(cast.learnerA.name).replace(/%20/g, '+')}`);
    const list = await agent.get(href);
    expect(list.status).toBe(200);
    expect(list.text).toMatch(new RegExp(`<a href="/sessions/${cast.sessionA.id}/reflections/\\d+">${cast.learnerA.name}<span`));
    expect(list.text).not.toContain(cast.peerA.name);
  });

  it('links those who teach the session to the toolkit sections a learner shares with them, saying how many', async () => {
    const cast = await completedCast();
    const sections = await toolkitSectionsOf(ctx.db, cast.course.id);
    await addToolkitEntries(ctx.db, cast.peerEnrolmentA, sections[0].id, ['Pat keeps this to themselves']);
    const learner = await signIn(ctx.app, cast.learnerA);
    const toolkit = `/sessions/${cast.sessionA.id}/toolkit`;
    for (const section of sections.slice(0, 2)) await postForm(learner, `${toolkit}/sections/${section.id}/share`, { shared: 'yes' }, toolkit);
    const instructor = await signIn(ctx.app, cast.instructorA);
    const rowOf = (html: string, name: string) => html.split('<th scope="row">').find((r) => r.startsWith(name))!;

    const page = (await instructor.get(`/sessions/${cast.sessionA.id}/progress`)).text;
    const link = /<a href="([^"]+)">Shared toolkit \(2 sections\)<span class="visually-hidden"> of ([^<]+)<\/span><\/a>/.exec(rowOf(page, cast.learnerA.name));
    expect(link).not.toBeNull();
    expect(decode(link![2])).toBe(cast.learnerA.name);
    expect(rowOf(page, cast.peerA.name)).not.toContain('Shared toolkit');
    const shared = await instructor.get(decode(link![1]));
    expect(shared.status).toBe(200);
    expect(decode(shared.text)).toContain(`Toolkit sections shared by ${cast.learnerA.name}`);
    expect(shared.text).toContain(`<h2 id="shared-${sections[0].id}">${sections[0].title}</h2>`);
    expect(shared.text).toContain('A strategy that helps me');
    expect(shared.text).not.toContain('Pat keeps this to themselves');

    await postForm(learner, `${toolkit}/sections/${sections[1].id}/share`, { shared: 'no' }, toolkit);
    expect(rowOf((await instructor.get(`/sessions/${cast.sessionA.id}/progress`)).text, cast.learnerA.name)).toContain('>Shared toolkit (1 section)<');

    // Shared with the instructors only: an admin who does not teach the session is not led to it (the page is 404 for them).
    const admin = await signIn(ctx.app, cast.admin);
    const byAdmin = await admin.get(`/sessions/${cast.sessionA.id}/progress`);
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.text).not.toContain('Shared toolkit');
    expect((await admin.get(decode(link![1]))).status).toBe(404);
  });

  it('shows a count beyond what a rule needs as the count alone, not as "3/2"', async () => {
    const cast = await completionCast(ctx.db);
    const peerThread = await startThread(ctx.db, cast.sessionA.id, cast.course.id, 1, cast.peerA.id);
    for (let i = 0; i < 3; i++) await replyTo(ctx.db, peerThread, cast.learnerA.id);
    const res = await (await signIn(ctx.app, cast.instructorA)).get(`/sessions/${cast.sessionA.id}/progress`);
    const row = res.text.split('<th scope="row">').find((r) => r.startsWith(cast.learnerA.name))!;
    const cells = [...row.matchAll(/<td class="cell-(done|open)">([^<]*)<\/td>/g)].map((m) => m[2]);
    // Week 1: readings, reflection, threads, replies.
    expect(cells.slice(0, 4)).toEqual(['0/1', '0/1', '0/1', 'Done (3)']);
  });

  it('filters complete, not complete, and behind on a week', async () => {
    const cast = await completedCast();
    const late = await createUser(ctx.db, { name: 'Lou Later' });
    const lateEnrolment = await enrol(ctx.db, cast.sessionA.id, late.id);
    await markReadingsDone(ctx.db, lateEnrolment, cast.course.id, 1);
    const agent = await signIn(ctx.app, cast.instructorA);
    const url = `/sessions/${cast.sessionA.id}/progress`;

    const complete = await agent.get(`${url}?status=complete`);
    expect(complete.text).toContain(cast.learnerA.name);
    expect(complete.text).not.toContain(late.name);

    const notComplete = await agent.get(`${url}?status=not-complete`);
    expect(notComplete.text).not.toContain(`<th scope="row">${cast.learnerA.name}`);
    expect(notComplete.text).toContain(late.name);

    const behind = await agent.get(`${url}?behind=1&q=lou`);
    expect(behind.text).toContain(late.name);
    expect(behind.text).not.toContain(`<th scope="row">${cast.peerA.name}`);

    const nonsense = await agent.get(`${url}?status=%3Cscript%3E&behind=abc`);
    expect(nonsense.status).toBe(200);
    expect(nonsense.text).toContain(late.name);
  });

  it('says next to the filter when the week asked for is not one of the session’s, and shows the table without it', async () => {
    const cast = await completedCast();
    const agent = await signIn(ctx.app, cast.instructorA);
    const url = `/sessions/${cast.sessionA.id}/progress`;
    const weeks: number = (await ctx.db('course_modules').where({ course_id: cast.course.id }).max('week as last'))[0].last;
    const unfiltered = (page: string) => {
      expect(page).toContain(`<th scope="row">${cast.learnerA.name}</th>`);
      expect(page).toContain(`<th scope="row">${cast.peerA.name}</th>`);
      expect(page).not.toMatch(/<option value="\d+" selected>Week/);
      expect(page).not.toContain('behind=');
    };
    for (const week of ['99', String(weeks + 1)]) {
      const res = await agent.get(`${url}?behind=${week}`);
      expect(res.status).toBe(200);
      const page = decode(res.text);
      expect(readable(page)).toContain(`<p class="notice notice-info" role="status">Showing “Any week”: this session has no week ${week} (its weeks are 1 to ${weeks}).</p>`);
      unfiltered(page);
    }
    const words = await agent.get(`${url}?behind=%3Cb%3Eweek%3C%2Fb%3E&status=not-complete`);
    expect(words.status).toBe(200);
    expect(readable(words.text)).toContain('Showing “Any week”: “&lt;b&gt;week&lt;/b&gt;” is not a week number.');
    // The other filters still apply.
    expect(words.text).not.toContain(`<th scope="row">${cast.learnerA.name}</th>`);
    expect(words.text).toContain(`<th scope="row">${cast.peerA.name}</th>`);

    for (const fine of ['?behind=1', '?behind=', '']) expect(readable((await agent.get(`${url}${fine}`)).text)).not.toContain('Showing “Any week”');
  });

  it('writes one learner in the singular in the summary and the chart', async () => {
    const cast = await completionCast(ctx.db);
    const res = await (await signIn(ctx.app, cast.instructorB)).get(`/sessions/${cast.sessionB.id}/progress`);
    expect(res.text).toContain('0 of 1 learner has completed the course.');
    expect(res.text).toContain('<title id="chart-title">Weekly participation of 1 learner</title>');
    expect(res.text).not.toContain('1 learners');
  });

  it('says plainly that a session has no learners yet, with no table, counts or chart', async () => {
    const cast = await completionCast(ctx.db);
    await ctx.db('enrolments').where({ course_session_id: cast.sessionB.id }).delete();
    const res = await (await signIn(ctx.app, cast.instructorB)).get(`/sessions/${cast.sessionB.id}/progress`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('No learners in this session yet.');
    expect(res.text).not.toContain('0 of 0');
    expect(res.text).not.toContain('<svg');
    expect(res.text).not.toContain('No learners match these filters.');
  });

  it('draws an accessible SVG chart of weekly participation with a table alternative', async () => {
    const cast = await completedCast();
    const agent = await signIn(ctx.app, cast.instructorA);
    const res = await agent.get(`/sessions/${cast.sessionA.id}/progress`);
    expect(res.text).toMatch(/<svg[^>]+role="img"[^>]+aria-labelledby="chart-title chart-desc"/);
    expect(res.text).toContain('<title id="chart-title">Weekly participation of 2 learners</title>');
    expect(res.text).toContain('Week 1: 1 of 2 did everything, 2 took part in the discussion');
    expect(res.text).toContain('The chart as a table');
  });

  it('is not found for an instructor of another session, or for a learner', async () => {
    const cast = await completedCast();
    for (const user of [cast.instructorB, cast.learnerA]) {
      const agent = await signIn(ctx.app, user);
      expect((await agent.get(`/sessions/${cast.sessionA.id}/progress`)).status).toBe(404);
      expect((await agent.get(`/sessions/${cast.sessionA.id}/progress.csv`)).status).toBe(404);
    }
  });

  it('lets an admin see it, with a way to mark a learner complete by hand', async () => {
    const cast = await completedCast();
    const agent = await signIn(ctx.app, cast.admin);
    const res = await agent.get(`/sessions/${cast.sessionA.id}/progress`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(`/admin/enrolments/${cast.peerEnrolmentA}/mark-complete`);
  });
});

describe('the completions CSV', () => {
  it('lists completions with credits for CE records', async () => {
    const cast = await completedCast();
    const [cert] = await ctx.db('certificates').where({ enrolment_id: cast.enrolmentA });
    const agent = await signIn(ctx.app, cast.instructorA);
    const res = await agent.get(`/sessions/${cast.sessionA.id}/progress.csv?status=complete`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain('attachment');
    expect(res.text.startsWith('\uFEFFLearner name,')).toBe(true);
    const lines = res.text.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('Learner name,Email,Course,Session,Session start,Session end,Status,Completed on,Contact hours,CEUs,Certificate code,Last day of completion,More time given');
    expect(lines).toHaveLength(2);
    const cells = lines[1].split(',');
    expect(cells[0]).toBe(cast.learnerA.name);
    expect(cells[1]).toBe(cast.learnerA.email);
    expect(cells[6]).toBe('Complete');
    const closes = (await ctx.db('course_sessions').where({ id: cast.sessionA.id }).first('completion_deadline_at')).completion_deadline_at as Date;
    const closesText = DateTime.fromJSDate(closes, { zone: 'UTC' }).minus({ days: 1 }).toFormat('d LLLL yyyy');
    expect(cells.slice(8)).toEqual(['15', '1.5', cert.code, closesText, '']);

    const all = await agent.get(`/sessions/${cast.sessionA.id}/progress.csv`);
    const peerLine = all.text.split('\r\n').find((l) => l.startsWith(cast.peerA.name))!;
    expect(peerLine.split(',').slice(6)).toEqual(['In progress', '', '', '', '', closesText, '']);
  });

  it('writes a certified learner as their certificate states, after the account, the course or the session change', async () => {
    const cast = await completedCast();
    const cert = await ctx.db('certificates').where({ enrolment_id: cast.enrolmentA }).first();
    const session = await ctx.db('course_sessions').where({ id: cast.sessionA.id }).first();
    await ctx.db('courses').where({ id: cast.course.id }).update({ contact_hours: 40, title: 'A course renamed' });
    await ctx.db('users').where({ id: cast.learnerA.id }).update({ name: 'Another Account Name' });
    await ctx.db('course_sessions').where({ id: cast.sessionA.id }).update({ starts_at: new Date(session.starts_at.getTime() - 7 * 86_400_000) });
    const agent = await signIn(ctx.app, cast.instructorA);
    const csv = async () => (await agent.get(`/sessions/${cast.sessionA.id}/progress.csv`)).text.slice(1).trim().split('\r\n').slice(1).map((l) => l.split(','));
    const lineOf = (lines: string[][], email: string) => lines.find((cells) => cells[1] === email)!;
    const startDay = (d: Date) => DateTime.fromJSDate(d, { zone: cert.time_zone }).toFormat('d LLLL yyyy');

    const certified = lineOf(await csv(), cast.learnerA.email);
    expect(certified[0]).toBe(cert.learner_name);
    expect(certified[0]).not.toBe('Another Account Name');
    expect(certified[2]).toBe(cert.course_title);
    expect(certified[4]).toBe(startDay(cert.session_starts_at));
    expect(certified.slice(8, 11)).toEqual(['15', '1.5', cert.code]);
    // A learner without a certificate is written as things are now.
    const peer = lineOf(await csv(), cast.peerA.email);
    expect(peer[2]).toBe('A course renamed');
    expect(peer[4]).toBe(startDay(new Date(session.starts_at.getTime() - 7 * 86_400_000)));

    // Re-issued under a corrected name, the certificate and the file say the new name.
    await reissueCertificate(ctx.db, cert.id, cast.admin.id, { name: 'Corrected Name', reason: 'Spelling' });
    expect(lineOf(await csv(), cast.learnerA.email)[0]).toBe('Corrected Name');
  });

  it('gives the session’s last day as its zone says it, when the clocks went forward on that day', async () => {
    const cast = await completionCast(ctx.db);
    // 15 Feb – 14 Mar 2027 in New York: the clocks go forward early on 14 March, so that day has 23 hours.
    const zone = 'America/New_York';
    const at = (day: string) => DateTime.fromISO(day, { zone }).toJSDate();
    await ctx.db('course_sessions').where({ id: cast.sessionA.id }).update({ time_zone: zone, starts_at: at('2027-02-15'), ends_at: at('2027-03-15') });
    const agent = await signIn(ctx.app, cast.instructorA);
    const res = await agent.get(`/sessions/${cast.sessionA.id}/progress.csv`);
    const peer = res.text.split('\r\n').find((l) => l.startsWith(cast.peerA.name))!.split(',');
    expect(peer.slice(4, 6)).toEqual(['15 February 2027', '14 March 2027']);
  });

  it('starts with the UTF-8 byte-order mark, so a dash in the session title opens correctly in Excel', async () => {
    const cast = await completionCast(ctx.db);
    await ctx.db('course_sessions').where({ id: cast.sessionA.id }).update({ title: 'Spring – evenings' });
    const agent = await signIn(ctx.app, cast.instructorA);
    const res = await agent.get(`/sessions/${cast.sessionA.id}/progress.csv`).buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain('Spring – evenings');
  });

  it('escapes names that a spreadsheet would run as formulas', async () => {
    const cast = await completionCast(ctx.db);
    const names = ['=HYPERLINK("http://evil.test","x")', '+SUM(1,2)', '-2+3', '@cmd', '\tTabbed'];
    for (const name of names) await enrol(ctx.db, cast.sessionA.id, (await createUser(ctx.db, { name })).id);
    const agent = await signIn(ctx.app, cast.instructorA);
    const res = await agent.get(`/sessions/${cast.sessionA.id}/progress.csv`);
    expect(res.text).toContain(`"'=HYPERLINK(""http://evil.test"",""x"")"`);
    expect(res.text).toContain(`"'+SUM(1,2)"`);
    expect(res.text).toContain(`\r\n'-2+3,`);
    expect(res.text).toContain(`\r\n'@cmd,`);
    expect(res.text).toContain(`\r\n'\tTabbed,`);
    expect(res.text).not.toMatch(/(^|\r\n|,)[=+\-@\t]/);
  });

  it.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@A1', "'@A1"],
    ['\rX', `"'\rX"`],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['', ''],
  ])('escapes the cell %j as %j', (input, expected) => {
    expect(escapeCsvCell(input)).toBe(expected);
  });
});

describe('progress table paging', () => {
  it('shows a long cohort a hundred learners at a time, with the filters kept in the page links', async () => {
    const cast = await completionCast(ctx.db);
    const names: string[] = [];
    for (let i = 0; i < 103; i++) {
      const learner = await createUser(ctx.db, { name: `Paged Learner ${String(i).padStart(3, '0')}` });
      await enrol(ctx.db, cast.sessionA.id, learner.id);
      names.push(learner.name);
    }
    const staff = await signIn(ctx.app, cast.instructorA);
    const count = (html: string) => new Set(html.match(/Paged Learner \d{3}/g) ?? []).size;

    const first = await staff.get(`/sessions/${cast.sessionA.id}/progress?q=Paged`);
    expect(first.status).toBe(200);
    expect(count(first.text)).toBe(100);
    expect(readable(first.text)).toContain('Showing learners 1–100 of 103.');
    expect(first.text).toContain(`href="/sessions/${cast.sessionA.id}/progress?q=Paged&amp;page=2"`);

    const second = await staff.get(`/sessions/${cast.sessionA.id}/progress?q=Paged&page=2`);
    expect(count(second.text)).toBe(3);
    expect(readable(second.text)).toContain('Showing learners 101–103 of 103.');
    expect(second.text).toContain('Previous page');

    expect(count((await staff.get(`/sessions/${cast.sessionA.id}/progress?q=Paged&page=99`)).text)).toBe(3);
    expect(count((await staff.get(`/sessions/${cast.sessionA.id}/progress?q=Paged&page=abc`)).text)).toBe(100);
  });
});
