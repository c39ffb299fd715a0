import type { Db } from '../db';
import type { Realtime } from '../lib/realtime';

export interface PeopleDeps {
  db: Db;
  /** Live connections, ended when an account's access changes. */
  realtime?: Realtime;
}
import { deleteSessionsOfUser, endPasswordLinks, endPendingEmailChanges, type CurrentUser, type Role } from '../auth';
import { ConflictError, NotFoundError } from '../lib/errors';
import { deleteTeachingAssignments, lockActorAndPerson, lockPerson, updatePerson, type PersonRow } from './people.repository';

function refuseSelf(actor: CurrentUser, userId: number, what: string): void {
  // An admin changing their own account could lock everyone out of administration.
  if (actor.id === userId) throw new ConflictError(`You cannot ${what} your own account. Ask another admin.`);
}

/**
 * The person to change, locked with the admin changing them. The admin is read again under the
 * lock: two admins taking each other's rights at the same moment would otherwise leave none, and
 * whoever comes second is no longer an admin by the time their change is made.
 */
async function lockForChange(trx: Db, actor: CurrentUser, userId: number): Promise<PersonRow> {
  const locked = await lockActorAndPerson(trx, actor.id, userId);
  if (!locked.person) throw new NotFoundError();
  if (locked.actor?.role !== 'admin' || !locked.actor.active) throw new ConflictError('Your own account is no longer an admin’s, so nothing was changed. Ask another admin.');
  return locked.person;
}

/**
 * Changes someone's role; it takes effect on their next request. Becoming a learner also ends
 * their instructor assignments, since assignment is what gives an instructor a session.
 */
export async function changeRole(deps: PeopleDeps, input: { userId: number; role: Role; actor: CurrentUser }): Promise<{ name: string; before: Role; unassigned: number }> {
  refuseSelf(input.actor, input.userId, 'change the role of');
  const changed = await deps.db.transaction(async (trx) => {
    const person = await lockForChange(trx, input.actor, input.userId);
    await updatePerson(trx, person.id, { role: input.role });
    const unassigned = input.role === 'learner' ? await deleteTeachingAssignments(trx, person.id) : 0;
    return { name: person.name, before: person.role, unassigned };
  });
  deps.realtime?.endSockets([input.userId]);
  return changed;
}

/**
 * Deactivates an account: it can no longer log in, its current logins end, and the links emailed
 * to it stop working (a password chosen through one would only lead to a login refused); everything
 * it wrote is kept.
 */
export async function deactivatePerson(deps: PeopleDeps, input: { userId: number; actor: CurrentUser }, now = new Date()): Promise<string> {
  refuseSelf(input.actor, input.userId, 'deactivate');
  const name = await deps.db.transaction(async (trx) => {
    const person = await lockForChange(trx, input.actor, input.userId);
    await updatePerson(trx, person.id, { active: false });
    await deleteSessionsOfUser(trx, person.id);
    await endPasswordLinks(trx, person.id, now);
    await endPendingEmailChanges(trx, person.id, now);
    return person.name;
  });
  deps.realtime?.endSockets([input.userId]);
  return name;
}

/** Lets a deactivated account log in again, with everything as it was. */
export async function reactivatePerson(deps: { db: Db }, input: { userId: number }): Promise<string> {
  return deps.db.transaction(async (trx) => {
    const person = await lockPerson(trx, input.userId);
    if (!person) throw new NotFoundError();
    await updatePerson(trx, person.id, { active: true });
    return person.name;
  });
}
