export { catalogueRouter } from './catalogue.routes';
export { crawlersRouter } from './crawlers.routes';
export { formatCredits } from './catalogue.presenter';
export { findCourseReviews, type CourseReview, type CourseReviewSummary } from './reviews';
