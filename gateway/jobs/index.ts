export { BulkJobs, type BulkJobsOptions, type SubmitInput } from './bulk-jobs.js';
export { JOBS_SUBGRAPH, jobsDataSource, jobsSdl } from './jobs-subgraph.js';
export { JobStore, type Job, type JobRow, type JobState, type JobSubmission, type JobStatus } from './job-store.js';
