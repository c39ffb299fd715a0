import type { Db } from '../db';
import { prepared } from '../db/prepared';

/** Text of a learner's toolkit that another of their windows wrote over, kept in its section. */
export interface SetAsideRow {
  id: number;
  toolkit_section_id: number;
  text: string;
  written_at: Date | null;
  set_aside_at: Date;
}

const COLUMNS = ['id', 'toolkit_section_id', 'text', 'written_at', 'set_aside_at'];

export async function setTextAside(db: Db, row: { enrolmentId: number; sectionId: number; text: string; writtenAt: Date }): Promise<void> {
  await db('toolkit_texts_set_aside').insert({ enrolment_id: row.enrolmentId, toolkit_section_id: row.sectionId, text: row.text, written_at: row.writtenAt });
}

export function listSetAside(db: Db, enrolmentId: number): Promise<SetAsideRow[]> {
  return prepared(db('toolkit_texts_set_aside').select(COLUMNS).where({ enrolment_id: enrolmentId }).orderBy('id', 'desc'), 'toolkit-set-aside');
}

export function findSetAside(db: Db, enrolmentId: number, id: number): Promise<SetAsideRow | undefined> {
  return db('toolkit_texts_set_aside').select(COLUMNS).where({ enrolment_id: enrolmentId, id }).first();
}

/** Removes one of the learner's set-aside texts; its section's id, or undefined when they have no such text. */
export async function deleteSetAside(db: Db, enrolmentId: number, id: number): Promise<number | undefined> {
  const [removed] = await db('toolkit_texts_set_aside').where({ enrolment_id: enrolmentId, id }).delete().returning('toolkit_section_id');
  return removed?.toolkit_section_id;
}
