import { mayWithdraw, registrationState } from '../../src/enrolment/enrolment.policy';
import { sessionDates } from '../../src/enrolment/session-dates';
import { weekOpening } from '../../src/modules/unlocks';

// Each date rule at the very instant it turns, and one millisecond before: a rule that says
// "from midnight" must hold at midnight, not a moment after.
const dates = sessionDates('2026-05-04', 'America/Chicago', 4);
const session = {
  status: 'scheduled' as const,
  starts_at: dates.startsAt,
  time_zone: 'America/Chicago',
  registration_opens_at: new Date('2026-03-01T15:00:00Z'),
  registration_closes_at: dates.registrationClosesAt,
  capacity: 20,
};
const justBefore = (instant: Date) => new Date(instant.getTime() - 1);

describe('the date rules at the instant they turn', () => {
  it('opens registration at its opening instant, not before', () => {
    expect(registrationState(session, 0, justBefore(session.registration_opens_at))).toBe('not_open');
    expect(registrationState(session, 0, session.registration_opens_at)).toBe('open');
  });

  it('closes registration at the end of week one, local midnight', () => {
    expect(dates.registrationClosesAt.toISOString()).toBe('2026-05-11T05:00:00.000Z');
    expect(registrationState(session, 19, justBefore(dates.registrationClosesAt))).toBe('open');
    expect(registrationState(session, 19, dates.registrationClosesAt)).toBe('closed');
  });

  it('lets a learner give up a seat until the session starts, and not at its start; a waitlist place after it too', () => {
    expect(mayWithdraw(session, 'enrolled', justBefore(dates.startsAt))).toBe(true);
    expect(mayWithdraw(session, 'waitlisted', justBefore(dates.startsAt))).toBe(true);
    expect(mayWithdraw(session, 'enrolled', dates.startsAt)).toBe(false);
    expect(mayWithdraw(session, 'waitlisted', dates.startsAt)).toBe(true);
  });

  it('opens week 2 at local midnight seven days after the start, not a moment before', () => {
    const week2 = new Date('2026-05-11T05:00:00Z');
    expect(weekOpening(session, 2, null, justBefore(week2))).toMatchObject({ open: false, openedEarly: false });
    expect(weekOpening(session, 2, null, week2)).toMatchObject({ open: true, openedEarly: false, opensAt: week2 });
  });

  it('calls a week opened early only until its own date comes', () => {
    const week3 = new Date('2026-05-18T05:00:00Z');
    const unlockedAt = new Date('2026-05-12T09:00:00Z');
    expect(weekOpening(session, 3, unlockedAt, justBefore(week3))).toMatchObject({ open: true, openedEarly: true });
    expect(weekOpening(session, 3, unlockedAt, week3)).toMatchObject({ open: true, openedEarly: false });
  });
});
