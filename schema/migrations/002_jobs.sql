-- Bulk check jobs (批量核查任务) shared by every gateway replica (gateway/jobs/pg-job-store.ts).
--
-- A job is run by one replica at a time, the one holding its lease (owner, lease_until, lease_epoch):
-- a replica takes a job only with an UPDATE whose WHERE says the lease has expired, renews it while it
-- runs, and every write of a chunk's rows is fenced by (owner, lease_epoch) in the same transaction,
-- so a replica that lost its lease (killed, or paused past it) can no longer write. Any replica reads
-- a job's progress and rows from here.

CREATE TABLE job_jobs (
  id uuid PRIMARY KEY,
  caller_id text NOT NULL,
  submitted_at timestamptz NOT NULL,
  -- Rows still incomplete then are final as INCOMPLETE.
  deadline_at timestamptz NOT NULL,
  -- Rows: the codes, then the consortia.
  total integer NOT NULL CHECK (total > 0),
  -- The submission as the gateway accepted it (codes, consortia, scenario, caller, operator, purpose).
  -- json, not jsonb: kept as written, so a code with any character (even \u0000) is stored as sent.
  submission json NOT NULL,
  -- Set once the submission is in the audit log: a job not accepted is neither run nor read.
  accepted boolean NOT NULL DEFAULT false,
  status text NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'DONE')),
  -- The progress record (counts per department, chunks run), written with the rows it counts.
  state json NOT NULL,
  -- Final rows (the rows in job_rows), and rows waiting for a retry (the rows in job_attempts).
  done integer NOT NULL DEFAULT 0 CHECK (done >= 0 AND done <= total),
  retrying integer NOT NULL DEFAULT 0 CHECK (retrying >= 0),
  -- The replica running the job and until when (the database's clock, so replicas' clocks do not matter).
  owner text,
  lease_until timestamptz,
  -- Bumped by every claim: writes carry the epoch they were claimed with (fencing).
  lease_epoch bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The replicas' look for orphaned jobs (every third of a lease): unfinished ones, oldest first; and
-- for submissions never accepted, to remove them. Finished jobs, however many, are not scanned.
CREATE INDEX job_jobs_unfinished ON job_jobs (submitted_at) WHERE status <> 'DONE';
CREATE INDEX job_jobs_unaccepted ON job_jobs (submitted_at) WHERE NOT accepted;

-- One line per final row; (job_id, row_index) is the key, so a row is final once (an insert of a row
-- already final does nothing).
CREATE TABLE job_rows (
  job_id uuid NOT NULL REFERENCES job_jobs (id) ON DELETE CASCADE,
  row_index integer NOT NULL CHECK (row_index >= 0),
  row json NOT NULL,
  -- Which runner made it final, under which lease epoch (a job resumed by another replica shows where).
  written_by text NOT NULL,
  lease_epoch bigint NOT NULL,
  PRIMARY KEY (job_id, row_index)
);

-- The last incomplete attempt of each row not final yet (it becomes the row at the deadline); removed
-- when the row is final.
CREATE TABLE job_attempts (
  job_id uuid NOT NULL REFERENCES job_jobs (id) ON DELETE CASCADE,
  row_index integer NOT NULL CHECK (row_index >= 0),
  -- The departments the attempt could not read.
  missing text[] NOT NULL,
  row json NOT NULL,
  PRIMARY KEY (job_id, row_index)
);
