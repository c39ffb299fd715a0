import type { Db } from '../db';

export interface CourseReview {
  authorName: string;
  rating: number;
  text: string;
  createdAt: Date;
}

export interface CourseReviewSummary {
  reviews: CourseReview[];
  averageRating: number | null;
}

/**
 * The reviews shown on a course page. PLACEHOLDER: reviews are built by the reviews feature later;
 * until it replaces this body, every course has no reviews and the page shows its empty state.
 */
export async function findCourseReviews(_db: Db, _courseId: number): Promise<CourseReviewSummary> {
  return { reviews: [], averageRating: null };
}
