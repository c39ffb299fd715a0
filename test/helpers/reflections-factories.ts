import type { Express } from 'express';
import type { Knex } from 'knex';
import { createCohorts } from './factories';
import { csrfFrom, signIn, type Agent } from './http';

/** A minimal PDF: enough bytes for the type to be detected as application/pdf. */
export function pdfBytes(body = 'reflection notes'): Buffer {
  return Buffer.from(`%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n% ${body}\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`);
}

/** A whole 1×1 PNG: signature, IHDR, one IDAT and the IEND chunk that ends every PNG. */
export function pngBytes(): Buffer {
  return Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
}

/** A Windows executable header: binary, and not a type we accept, whatever its name says. */
export function exeBytes(): Buffer {
  return Buffer.concat([Buffer.from('MZ'), Buffer.alloc(256, 0)]);
}

export interface TestFile {
  bytes: Buffer;
  name?: string;
  /** Sent as the raw file name, folders and all (for path-traversal attempts). */
  rawPath?: string;
  contentType?: string;
}

export const reflectionUrl = (sessionId: number, week: number) => `/sessions/${sessionId}/weeks/${week}/reflection`;

/** Where staff read a reflection and answer it. */
export const reviewUrl = (sessionId: number, reflectionId: number) => `/sessions/${sessionId}/reflections/${reflectionId}`;

/** Two cohorts, learner A's week 1 reflection submitted with these words and files, and instructor A signed in. */
export async function submittedReflection(ctx: { db: Knex; app: Express }, text: string, files: TestFile[] = []) {
  const c = await createCohorts(ctx.db);
  const learner = await signIn(ctx.app, c.learnerA);
  await postReflection(learner, c.sessionA.id, 1, text, files);
  const reflection = await reflectionOf(ctx.db, c.sessionA.id, c.learnerA.id);
  const instructor = await signIn(ctx.app, c.instructorA);
  return { c, learner, instructor, reflection, url: reviewUrl(c.sessionA.id, reflection.id) };
}

/**
 * Posts the reflection form as a browser would (the CSRF token, the text, then the files); the
 * page may show no form any more (a tab left open). `token` replaces the page's token.
 */
export async function postReflection(agent: Agent, sessionId: number, week: number, text: string, files: TestFile[] = [], token?: string) {
  const submitPath = `${reflectionUrl(sessionId, week)}/submit`;
  const csrf = token ?? (await csrfFrom(agent, reflectionUrl(sessionId, week)));
  let req = agent.post(submitPath).field('_csrf', csrf).field('text', text);
  for (const f of files) {
    // form-data sends `filepath` unchanged (folders included); `filename` is reduced to its base name.
    const options: { filename?: string; filepath?: string; contentType: string } = f.rawPath
      ? { filepath: f.rawPath, contentType: f.contentType ?? 'application/pdf' }
      : { filename: f.name ?? 'notes.pdf', contentType: f.contentType ?? 'application/pdf' };
    req = req.attach('files', f.bytes, options);
  }
  return req;
}

export async function enrolmentIdOf(db: Knex, sessionId: number, userId: number): Promise<number> {
  const row = await db('enrolments').where({ course_session_id: sessionId, user_id: userId }).first('id');
  return row.id;
}

export async function reflectionOf(db: Knex, sessionId: number, userId: number, week = 1) {
  return db('reflections as r')
    .join('enrolments as e', 'e.id', 'r.enrolment_id')
    .join('exercises as x', 'x.id', 'r.exercise_id')
    .join('course_modules as m', 'm.id', 'x.course_module_id')
    .where({ 'e.course_session_id': sessionId, 'e.user_id': userId, 'm.week': week })
    .first('r.*');
}

export async function versionsOf(db: Knex, reflectionId: number) {
  return db('reflection_versions').where({ reflection_id: reflectionId }).orderBy('version');
}

export async function filesOf(db: Knex, reflectionId: number) {
  return db('reflection_files as f')
    .join('reflection_versions as v', 'v.id', 'f.reflection_version_id')
    .where('v.reflection_id', reflectionId)
    .orderBy('f.id')
    .select('f.*', 'v.version');
}

export async function readingOf(db: Knex, courseId: number, week: number): Promise<{ id: number }> {
  return db('readings as r').join('course_modules as m', 'm.id', 'r.course_module_id').where({ 'm.course_id': courseId, 'm.week': week }).first('r.id');
}
