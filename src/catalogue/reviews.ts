import type { Db } from '../db';
import { approvedReviews } from '../reviews';

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

/** The reviews shown on a course page: the approved ones, from the reviews feature. */
export async function findCourseReviews(db: Db, courseId: number): Promise<CourseReviewSummary> {
  // The page counts the reviews it lists, so list them all (approved reviews stay few).
  const approved = await approvedReviews(db, courseId, 500);
  return {
    reviews: approved.reviews.map((r) => ({ authorName: r.author, rating: r.rating, text: r.body, createdAt: r.createdAt })),
    averageRating: approved.average,
  };
}
