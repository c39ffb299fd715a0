export { evaluationsRouter } from './evaluations.routes';
export { evaluationSummary, submitEvaluation, MIN_RESPONSES_FOR_SUMMARY } from './evaluations.service';
