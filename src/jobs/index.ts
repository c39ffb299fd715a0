export { jobsRouter } from './jobs.routes';
export { jobTrouble } from './job-trouble';
export { listJobRuns } from './job-runs.repository';
