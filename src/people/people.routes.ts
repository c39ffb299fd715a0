import { Router, type Request } from 'express';
import { requireRole, type Role } from '../auth';
import { ConflictError, NotFoundError, ValidationError } from '../lib/errors';
import { flash, parseId } from '../lib/http';
import { listLearnerEnrolments } from '../enrolment';
import { presentPerson, presentPersonEnrolments } from './people.presenter';
import { countPeople, findPerson, listTaughtSessions, searchPeople } from './people.repository';
import { PeopleQuery, RoleForm } from './people.schemas';
import { changeRole, deactivatePerson, reactivatePerson, type PeopleDeps } from './people.service';

const PAGE = 50;

const roleInWords = (role: Role) => (role === 'learner' ? 'a learner' : `an ${role}`);

function personId(req: Request): number {
  const id = parseId(req.params.id);
  if (!id) throw new NotFoundError('We could not find that person.');
  return id;
}

async function refusalsAsFlash(req: Request, action: () => Promise<string>): Promise<void> {
  try {
    flash(req, 'success', await action());
  } catch (err) {
    if (!(err instanceof ConflictError)) throw err;
    flash(req, 'error', err.message);
  }
}

/** Admins find people, change their role, and deactivate or reactivate accounts. */
export function peopleRouter(deps: PeopleDeps): Router {
  const router = Router();
  router.use('/admin/people', requireRole('admin'));

  router.get('/admin/people', async function findPeople(req, res) {
    const query = PeopleQuery.parse(req.query);
    const search = { text: query.q, role: query.role };
    const [found, total] = await Promise.all([searchPeople(deps.db, { ...search, limit: PAGE + 1, after: query.after }), countPeople(deps.db, search)]);
    const people = found.slice(0, PAGE);
    const link = (after?: number) => {
      const params = new URLSearchParams();
      if (query.q) params.set('q', query.q);
      if (query.role) params.set('role', query.role);
      if (after) params.set('after', String(after));
      return `/admin/people?${params}`;
    };
    res.render('people/index', {
      title: 'People',
      people,
      total,
      q: query.q ?? '',
      role: query.role ?? '',
      nextPage: found.length > PAGE ? link(people[people.length - 1].id) : undefined,
      firstPage: query.after ? link() : undefined,
    });
  });

  router.get('/admin/people/:id', async function showPerson(req, res) {
    const person = await findPerson(deps.db, personId(req));
    if (!person) throw new NotFoundError('We could not find that person.');
    const [enrolments, taught] = await Promise.all([listLearnerEnrolments(deps.db, person.id), listTaughtSessions(deps.db, person.id)]);
    res.render('people/person', {
      title: person.name,
      person: presentPerson(person),
      isSelf: person.id === req.user!.id,
      enrolments: presentPersonEnrolments(enrolments),
      taught,
    });
  });

  router.post('/admin/people/:id/role', async function setRole(req, res) {
    const id = personId(req);
    const form = RoleForm.safeParse(req.body);
    if (!form.success) throw new ValidationError('Please choose learner, instructor or admin.');
    await refusalsAsFlash(req, async () => {
      const { name, before, unassigned } = await changeRole(deps, { userId: id, role: form.data.role, actor: req.user! });
      if (before === form.data.role) return `${name} is already ${roleInWords(before)}; nothing was changed.`;
      return `${name} is now ${roleInWords(form.data.role)}.${unassigned ? ` They no longer teach the ${unassigned} ${unassigned === 1 ? 'session' : 'sessions'} they were assigned to.` : ''}`;
    });
    res.redirect(`/admin/people/${id}`);
  });

  router.post('/admin/people/:id/deactivate', async function deactivate(req, res) {
    const id = personId(req);
    await refusalsAsFlash(req, async () => `${await deactivatePerson(deps, { userId: id, actor: req.user! })} can no longer log in. Their work is kept.`);
    res.redirect(`/admin/people/${id}`);
  });

  router.post('/admin/people/:id/reactivate', async function reactivate(req, res) {
    const id = personId(req);
    await refusalsAsFlash(req, async () => `${await reactivatePerson(deps, { userId: id })} can log in again.`);
    res.redirect(`/admin/people/${id}`);
  });

  return router;
}
