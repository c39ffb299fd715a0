export { reviewsRouter } from './reviews.routes';
export { approvedReviews, type ApprovedReviews } from './reviews.service';
