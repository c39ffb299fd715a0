export { evaluationsRouter } from './evaluations.routes';
export { evaluationSummary, releaseDueEvaluationSummaries, submitEvaluation, MIN_RESPONSES_FOR_SUMMARY } from './evaluations.service';
