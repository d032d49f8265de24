-- 联合奖惩案例 — the credit subgraph's check journal and the handling systems' feedback (自动反馈),
-- shared by every credit replica (subgraphs/credit/journal/postgres-journal.ts). The same data as the
-- file journal's month files (checks-YYYY-MM.jsonl, feedback-YYYY-MM.jsonl), in the same order.

-- Every check a client received a checkId for. The cases (a check that found a measure) are kept:
-- they are the monthly case report. A check that found no measure is kept too, but only for the
-- window in which feedback on it can come (its month and the next): feedback may be sent to any
-- replica, so the check it cites must be findable by every replica, not only by the one that made
-- it. The subgraph deletes those rows once that window has passed.
CREATE TABLE journal_checks (
  check_id text PRIMARY KEY,
  -- Insertion order: the report lists a month's cases in the order they were recorded, as the file does.
  seq bigint GENERATED ALWAYS AS IDENTITY,
  -- The month of checked_at as written in the entry (YYYY-MM of its ISO-8601 UTC time), as the
  -- file journal names its month files: the report of a month is the same from either store.
  month text NOT NULL CHECK (month ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  uscc text NOT NULL,
  scenario text NOT NULL,
  verdict text NOT NULL,
  as_of date NOT NULL,
  checked_at timestamptz NOT NULL,
  catalogue_version text NOT NULL,
  -- Measure codes of the flags (惩戒) and the incentives (激励) the check found.
  flags text[] NOT NULL,
  incentives text[] NOT NULL,
  is_case boolean GENERATED ALWAYS AS (cardinality(flags) + cardinality(incentives) > 0) STORED,
  recorded_at timestamptz NOT NULL DEFAULT now()
);

-- The month report reads one month's cases in order.
CREATE INDEX journal_checks_cases_by_month ON journal_checks (month, seq) WHERE is_case;
-- The clean-up finds the checks without measures whose feedback window has passed.
CREATE INDEX journal_checks_plain_by_month ON journal_checks (month) WHERE NOT is_case;

-- What the handling system reported it did with a check. Append-only: a correction is a later
-- report (the case report uses the latest). No foreign key to journal_checks: a replica that
-- could not reach the database keeps its checks queued and writes them later, and feedback on
-- such a check (sent to that replica) must not be refused meanwhile.
CREATE TABLE journal_feedback (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  check_id text NOT NULL,
  -- The month of reported_at (YYYY-MM of its ISO-8601 UTC time): the report of a month reads the
  -- feedback of that month and the next, as the file journal does.
  month text NOT NULL CHECK (month ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  applied boolean NOT NULL,
  measure_codes text[] NOT NULL,
  reason text NOT NULL,
  handled_by text,
  case_reference text,
  reported_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);

-- The report reads the feedback of a month and the next on that month's cases: by month, or by
-- check when the month has few cases.
CREATE INDEX journal_feedback_by_month ON journal_feedback (month, seq);
CREATE INDEX journal_feedback_by_check ON journal_feedback (check_id, seq);
