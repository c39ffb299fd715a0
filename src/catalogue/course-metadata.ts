import { oneByteJson } from '../lib/one-byte-html';
import { formatInZone, lastOpenDay } from '../lib/dates';
import { registrationState, toDecimalString, type SeatCounts, type SessionRow } from '../enrolment';
import { formatCredits } from './catalogue.presenter';
import type { CourseRow } from './catalogue.repository';

/** What a page tells search engines and link previews (a course shared in an email or a post). */
export interface PageMeta {
  url: string;
  title: string;
  description: string;
  /** schema.org data, already made safe to stand inside a script element. */
  jsonLd?: string;
}

/**
 * JSON that can stand inside <script type="application/ld+json">: "</script>" or "<!--" in a
 * title would otherwise end the element early, so every "<" is written as its escape.
 */
export function jsonForScript(value: unknown): string {
  return oneByteJson(JSON.stringify(value).replace(/</g, '\\u003c'));
}

const AVAILABILITY = { open: 'https://schema.org/InStock', full: 'https://schema.org/SoldOut', not_open: 'https://schema.org/PreOrder' } as const;

/**
 * The course as schema.org describes one (the fields search engines read for a course listing):
 * its provider, credits, price, and each session still to take registrations, with its dates,
 * fee, instructor and whether seats are left.
 */
export function courseStructuredData(course: CourseRow, sessions: SessionRow[], seats: Map<number, SeatCounts>, url: string, now: Date): object {
  const instances = sessions.flatMap((s) => {
    const state = registrationState(s, seats.get(s.id)?.enrolled ?? 0, now);
    if (state === 'cancelled' || state === 'closed') return [];
    return [
      {
        '@type': 'CourseInstance',
        courseMode: 'Online',
        startDate: formatInZone(s.starts_at, s.time_zone, 'yyyy-MM-dd'),
        endDate: lastOpenDay(s.ends_at, s.time_zone, 'yyyy-MM-dd'),
        courseWorkload: `PT${course.contact_hours}H`,
        instructor: { '@type': 'Person', name: course.instructor_name },
        offers: {
          '@type': 'Offer',
          category: s.price_minor > 0 ? 'Paid' : 'Free',
          price: toDecimalString(s.price_minor, s.currency),
          priceCurrency: s.currency,
          availability: AVAILABILITY[state],
          validFrom: s.registration_opens_at.toISOString(),
          validThrough: s.registration_closes_at.toISOString(),
          url,
        },
      },
    ];
  });
  return {
    '@context': 'https://schema.org',
    '@type': 'Course',
    name: course.title,
    description: course.summary,
    url,
    provider: { '@type': 'Organization', name: course.provider_name },
    educationalCredentialAwarded: formatCredits(course.contact_hours),
    timeRequired: `PT${course.contact_hours}H`,
    offers: { '@type': 'Offer', category: course.price_minor > 0 ? 'Paid' : 'Free', price: toDecimalString(course.price_minor, course.currency), priceCurrency: course.currency },
    hasCourseInstance: instances,
  };
}

/** The course page's description, canonical address and schema.org data. */
export function coursePageMeta(course: CourseRow, sessions: SessionRow[], seats: Map<number, SeatCounts>, baseUrl: string, now: Date): PageMeta {
  const url = `${baseUrl}/courses/${course.slug}`;
  return { url, title: course.title, description: course.summary, jsonLd: jsonForScript(courseStructuredData(course, sessions, seats, url, now)) };
}
