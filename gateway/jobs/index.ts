export { BulkJobs, type BulkJobsOptions, type SubmitInput } from './bulk-jobs.js';
export { JOBS_SUBGRAPH, jobsDataSource, jobsSdl } from './jobs-subgraph.js';
export {
  JobStore,
  JobLeaseLostError,
  type BulkJobStore,
  type Job,
  type JobRow,
  type JobState,
  type JobSubmission,
  type JobStatus,
  type JobView,
  type RunnableJob,
} from './job-store.js';
export { PgJobStore, type PgJobStoreOptions } from './pg-job-store.js';
