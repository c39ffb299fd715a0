import { Router, type Request } from 'express';
import type { Db } from '../db';
import { requireUser } from '../auth';
import { findSessionAccess, sessionNav, type SessionAccess } from '../enrolment';
import { NotFoundError } from '../lib/errors';
import { fieldErrors, keptValues } from '../lib/forms';
import { flash, parseId } from '../lib/http';
import { buildTrendChart } from './checkins.chart';
import { findCourseTitle } from './checkins.repository';
import { CheckinForm } from './checkins.schemas';
import { loadCheckins, recordCheckin, type Checkins } from './checkins.service';

type LearnerAccess = Extract<SessionAccess, { as: 'learner' }>;

/** Check-ins are the learner's alone: instructors and admins get "not found" like anyone else. */
async function ownerOf(db: Db, req: Request): Promise<LearnerAccess> {
  const sessionId = parseId(req.params.id);
  const access = sessionId ? await findSessionAccess(db, req.user, sessionId) : undefined;
  if (access?.as !== 'learner') throw new NotFoundError();
  return access;
}

export const SCALES = [
  { name: 'energy', legend: 'My energy this week', low: 'very low', high: 'very high' },
  { name: 'emotionalLoad', legend: 'The emotional load of my work this week', low: 'very light', high: 'very heavy' },
  { name: 'boundaries', legend: 'How well I protected my boundaries', low: 'not at all', high: 'fully' },
] as const;

/** The private weekly wellbeing check-in: GET shows this week's form and the trend, POST saves it. */
export function checkinsRouter(deps: { db: Db }): Router {
  const router = Router();
  const { db } = deps;

  async function view(access: LearnerAccess, checkins: Checkins, extra: { values?: Record<string, string>; errors?: Record<string, string> } = {}) {
    const current = checkins.current;
    const values = extra.values ?? (current
      ? { energy: String(current.energy), emotionalLoad: String(current.emotional_load), boundaries: String(current.boundaries), note: current.note }
      : {});
    return {
      title: 'Weekly check-in',
      sessionNav: sessionNav(access, await findCourseTitle(db, access.session.course_id), 'toolkit'),
      sessionId: access.session.id,
      checkins,
      scales: SCALES,
      chart: buildTrendChart(checkins.history, checkins.weeks),
      values,
      errors: extra.errors ?? {},
    };
  }

  router.get('/sessions/:id/checkins', requireUser, async function showCheckins(req, res) {
    const access = await ownerOf(db, req);
    const checkins = await loadCheckins(db, access);
    res.render('checkins/index', await view(access, checkins));
  });

  router.post('/sessions/:id/checkins', requireUser, async function saveCheckin(req, res) {
    const access = await ownerOf(db, req);
    const form = CheckinForm.safeParse(req.body);
    if (!form.success) {
      const checkins = await loadCheckins(db, access);
      res.status(422).render('checkins/index', await view(access, checkins, { values: keptValues(req.body), errors: fieldErrors(form.error) }));
      return;
    }
    const week = await recordCheckin(db, access, form.data);
    flash(req, 'success', `Thank you. Your check-in for week ${week} is saved, and only you can see it.`);
    res.redirect(`/sessions/${access.session.id}/checkins`);
  });

  return router;
}
