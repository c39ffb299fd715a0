import { formatInZone, lastOpenDay } from '../lib/dates';
import type { SessionRow } from './access';
import { formatMoney } from './money';
import { registrationState, type RegistrationState } from './enrolment.policy';
import type { SeatCounts } from './enrolment.repository';
import { formatSessionRange } from './session-dates';
import { countOf } from '../lib/wording';

export interface SessionView {
  id: number;
  dates: string;
  timeZone: string;
  zoneName: string;
  startsOn: string;
  opens: string;
  closes: string;
  /** Registration's window in the tense it stands in now: "Opens …; closes …", "Opened …; closes …", "Closed …". */
  registrationText: string;
  capacity: number;
  enrolled: number;
  waitlisted: number;
  seatsLeft: number;
  seatsText: string;
  minEnrolment: number;
  price: string;
  state: RegistrationState;
  stateLabel: string;
  cancelled: boolean;
}

/**
 * An instant as people in the session's zone say it: "on 4 May 2026, 09:00 (Europe/London time)".
 * A deadline at local midnight reads "at the end of 10 May 2026", which is how people think of it.
 */
export function formatInstant(instant: Date, timeZone: string, opts: { deadline?: boolean } = {}): string {
  if (opts.deadline && formatInZone(instant, timeZone, 'HH:mm') === '00:00') {
    return `at the end of ${lastOpenDay(instant, timeZone, 'd LLL yyyy')} (${timeZone} time)`;
  }
  return `on ${formatInZone(instant, timeZone, 'd LLL yyyy, HH:mm')} (${timeZone} time)`;
}

export function formatDay(instant: Date, timeZone: string): string {
  return formatInZone(instant, timeZone, 'cccc d LLLL yyyy');
}

export const STATE_LABELS: Record<RegistrationState, string> = {
  open: 'Registration open',
  full: 'Full: waitlist open',
  closed: 'Registration closed',
  cancelled: 'Cancelled',
  not_open: 'Registration not yet open',
};

function registrationText(state: RegistrationState, opens: string, closes: string): string {
  if (state === 'not_open') return `Opens ${opens}; closes ${closes}`;
  if (state === 'closed' || state === 'cancelled') return `Closed ${closes}`;
  return `Opened ${opens}; closes ${closes}`;
}

/** What every page shows about a session, in the session's own time zone. */
export function describeSession(session: SessionRow, seats: SeatCounts, now: Date): SessionView {
  const zone = session.time_zone;
  const seatsLeft = Math.max(0, session.capacity - seats.enrolled);
  const state = registrationState(session, seats.enrolled, now);
  const opens = formatInstant(session.registration_opens_at, zone);
  const closes = formatInstant(session.registration_closes_at, zone, { deadline: true });
  return {
    id: session.id,
    dates: formatSessionRange(session.starts_at, session.ends_at, zone),
    timeZone: zone,
    zoneName: formatInZone(session.starts_at, zone, 'ZZZZZ'),
    startsOn: formatDay(session.starts_at, zone),
    opens,
    closes,
    registrationText: registrationText(state, opens, closes),
    capacity: session.capacity,
    enrolled: seats.enrolled,
    waitlisted: seats.waitlisted,
    seatsLeft,
    seatsText: seatsLeft === 0 ? `No seats left (of ${session.capacity})` : `${seatsLeft} of ${countOf(session.capacity, 'seat', 'seats')} left`,
    minEnrolment: session.min_enrolment,
    price: formatMoney(session.price_minor, session.currency),
    state,
    stateLabel: STATE_LABELS[state],
    cancelled: session.status === 'cancelled',
  };
}

/** One session to choose among (to move a learner to, to offer to others): its dates and how it stands. */
export function sessionChoice(session: Parameters<typeof describeSession>[0], seats: SeatCounts | undefined, now: Date) {
  const view = describeSession(session, seats ?? { enrolled: 0, waitlisted: 0 }, now);
  const running = now >= session.starts_at ? `started ${view.startsOn}` : `starts ${view.startsOn}`;
  return { id: session.id, dates: view.dates, details: `${running} · ${view.seatsText} · ${view.stateLabel}` };
}
