import type { Db } from '../db';
import { prepared } from '../db/prepared';

export interface CourseRow {
  id: number;
  slug: string;
  title: string;
  summary: string;
  description_html: string;
  contact_hours: number;
  price_minor: number;
  currency: string;
  outcomes: string[];
  audience_html: string;
  provider_name: string;
  instructor_name: string;
  instructor_bio_html: string;
  published: boolean;
}

export interface CatalogueRow {
  id: number;
  slug: string;
  title: string;
  summary: string;
  contact_hours: number;
  price_minor: number;
  currency: string;
  next_starts_at: Date | null;
  next_time_zone: string | null;
  next_price_minor: number | null;
  next_currency: string | null;
}

/** Published courses with the start (and price) of their next session that has not begun and is not cancelled. */
export async function listPublishedCourses(db: Db, now: Date): Promise<CatalogueRow[]> {
  const next = (column: string) =>
    db.raw(
      `(select s.${column} from course_sessions s where s.course_id = c.id and s.status = 'scheduled' and s.starts_at > ? order by s.starts_at limit 1) as next_${column}`,
      [now],
    );
  return db('courses as c')
    .where('c.published', true)
    .orderBy('c.title')
    .select('c.id', 'c.slug', 'c.title', 'c.summary', 'c.contact_hours', 'c.price_minor', 'c.currency', next('starts_at'), next('time_zone'), next('price_minor'), next('currency'));
}

export async function findCourseBySlug(db: Db, slug: string): Promise<CourseRow | undefined> {
  const query = db<CourseRow>('courses')
    .where({ slug })
    .first(
      'id', 'slug', 'title', 'summary', 'description_html', 'contact_hours', 'price_minor', 'currency', 'outcomes',
      'audience_html', 'provider_name', 'instructor_name', 'instructor_bio_html', 'published',
    );
  return prepared(query, 'course-by-slug');
}

/** The course that had this web address before it moved, with its address now. */
export function findMovedCourse(db: Db, formerSlug: string): Promise<{ slug: string; published: boolean } | undefined> {
  return db('course_slug_history as h').join('courses as c', 'c.id', 'h.course_id').where('h.slug', formerSlug).first('c.slug', 'c.published');
}
