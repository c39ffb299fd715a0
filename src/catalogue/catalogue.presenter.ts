import { DateTime } from 'luxon';
import { formatInZone } from '../lib/dates';
import { describeSession, formatMoney, mayWithdraw, otherPlaceNotice, type CoursePlace, type SeatCounts, type SessionRow, type ViewerEnrolment } from '../enrolment';
import { inWords, studyTimeInWords } from '../lib/wording';
import type { OutlineWeekRow } from '../modules';
import type { CatalogueRow, CourseRow } from './catalogue.repository';
import type { CourseReviewSummary } from './reviews';

/** Credits as the provider states them: 10 contact hours make 1 CEU; each hour is 1 PDH ("1.5 CEUs or 15 PDHs"). */
export function formatCredits(contactHours: number): string {
  const tenths = contactHours % 10;
  const ceus = tenths ? `${(contactHours - tenths) / 10}.${tenths}` : String(contactHours / 10);
  return `${ceus} ${ceus === '1' ? 'CEU' : 'CEUs'} or ${contactHours} ${contactHours === 1 ? 'PDH' : 'PDHs'}`;
}

export function presentCatalogue(rows: CatalogueRow[]) {
  return rows.map((c) => ({
    slug: c.slug,
    title: c.title,
    summary: c.summary,
    credits: formatCredits(c.contact_hours),
    // The next session's price is what a visitor would pay; the course's own is what sessions start from.
    price: c.next_price_minor !== null && c.next_currency ? formatMoney(c.next_price_minor, c.next_currency) : formatMoney(c.price_minor, c.currency),
    nextStart: c.next_starts_at && c.next_time_zone ? formatInZone(new Date(c.next_starts_at), c.next_time_zone, 'd LLLL yyyy') : undefined,
  }));
}

/** Week by week: its title, the time to set aside, and which of the course's numbered outcomes it serves. */
export function presentCourseOutline(weeks: OutlineWeekRow[], outcomeCount: number) {
  return weeks.map((w) => {
    const outcomes = w.outcome_numbers.filter((n) => n >= 1 && n <= outcomeCount);
    return {
      week: w.week,
      title: w.title,
      time: w.estimated_minutes ? `About ${studyTimeInWords(w.estimated_minutes)}` : '',
      outcomes: outcomes.length ? `Learning ${outcomes.length === 1 ? 'outcome' : 'outcomes'} ${inWords(outcomes.map(String))}` : '',
    };
  });
}

export function presentCoursePage(
  course: CourseRow,
  sessions: SessionRow[],
  seats: Map<number, SeatCounts>,
  viewer: { loggedIn: boolean; enrolments: ViewerEnrolment[]; places: CoursePlace[] },
  reviews: CourseReviewSummary,
  now: Date,
) {
  const mine = new Map(viewer.enrolments.map((e) => [e.course_session_id, e]));
  const cards = sessions.map((s) => {
    const own = mine.get(s.id);
    const active = own && (own.status === 'enrolled' || own.status === 'waitlisted') ? own : undefined;
    return {
      ...describeSession(s, seats.get(s.id) ?? { enrolled: 0, waitlisted: 0 }, now),
      started: s.starts_at <= now,
      mine: active
        ? {
            status: active.status,
            waitlistRank: active.waitlist_rank,
            mayWithdraw: mayWithdraw(s, active.status, now),
            // A seat owes the fee quoted when it was taken, whatever the price is now.
            fee: active.status === 'enrolled' && active.fee_minor !== null && active.fee_currency ? formatMoney(active.fee_minor, active.fee_currency) : undefined,
          }
        : undefined,
      otherPlace: active ? undefined : otherPlaceNotice(viewer.places, s.id),
    };
  });
  const takesRegistrations = (c: (typeof cards)[number]) => c.state === 'open' || c.state === 'full';
  // The course's own price is what new sessions start from; once sessions are listed, theirs count.
  const listedPrices = new Set(cards.filter((c) => !c.cancelled && !c.started).map((c) => c.price));
  const price = listedPrices.size === 0 ? formatMoney(course.price_minor, course.currency) : listedPrices.size === 1 ? [...listedPrices][0] : 'Depends on the session: each one below shows its price';
  const withChoice = cards.map((c) => ({ ...c, anotherOpen: cards.some((other) => other.id !== c.id && takesRegistrations(other)) }));
  return {
    course: {
      slug: course.slug,
      title: course.title,
      summary: course.summary,
      descriptionHtml: course.description_html,
      credits: formatCredits(course.contact_hours),
      price,
      outcomes: course.outcomes,
      audienceHtml: course.audience_html,
      provider: course.provider_name,
      instructorName: course.instructor_name,
      instructorBioHtml: course.instructor_bio_html,
    },
    upcoming: withChoice.filter((c) => !c.started),
    running: withChoice.filter((c) => c.started),
    loggedIn: viewer.loggedIn,
    reviews: reviews.reviews.map((r) => ({ ...r, date: DateTime.fromJSDate(r.createdAt).toFormat('d LLLL yyyy') })),
    averageRating: reviews.averageRating,
  };
}
