-- 查询留痕 — the gateway's audit trail in PostgreSQL, shared by every gateway replica
-- (gateway/audit/README.md, "PostgreSQL").
--
-- ONE hash chain for all replicas. audit_head holds its last record. A replica's group commit:
-- BEGIN; lock the head (SELECT … FOR UPDATE); insert its records with the next seqs and chained
-- hashes; move the head; COMMIT — and only then are its appends acknowledged. A replica killed
-- mid-transaction leaves nothing: PostgreSQL rolls the transaction back.

CREATE TABLE audit_head (
  -- Exactly one row.
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  -- seq and hash of the last record (0 and 64 zeros before the first).
  seq bigint NOT NULL CHECK (seq >= 0),
  hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
  -- When the head last moved.
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO audit_head (id, seq, hash) VALUES (true, 0, repeat('0', 64));

CREATE TABLE audit_record (
  seq bigint PRIMARY KEY CHECK (seq > 0),
  -- The record exactly as hashed: canonical JSON of the whole record, `hash` included (the same
  -- text as a line of the file log). text, not jsonb: jsonb would reorder keys and normalise
  -- numbers, and the verifier could no longer recompute the hash from it.
  record text NOT NULL,
  -- Copied out of `record` for the indexes below; the verifier checks them against it.
  hash text NOT NULL,
  prev_hash text NOT NULL,
  at timestamptz NOT NULL,
  caller_id text,
  operator_id text,
  report_number text,
  -- The record's codes.list, normalised (as /audit?uscc= matches them), without repeats.
  codes text[] NOT NULL,
  -- Which replica wrote the row (for the operators; not part of the chain).
  writer text NOT NULL
);

-- /audit?uscc=: codes @> ARRAY[$1] by the GIN index, then ordered by seq.
CREATE INDEX audit_record_codes ON audit_record USING gin (codes);
-- /audit?callerId= and ?operator=: an index range in seq order, so a page is read and nothing else.
CREATE INDEX audit_record_caller ON audit_record (caller_id, seq) WHERE caller_id IS NOT NULL;
CREATE INDEX audit_record_operator ON audit_record (operator_id, seq) WHERE operator_id IS NOT NULL;
-- /audit?from=&to=.
CREATE INDEX audit_record_at ON audit_record (at);
-- GET /verify/<report number>.
CREATE INDEX audit_record_report ON audit_record (report_number) WHERE report_number IS NOT NULL;

-- Append-only, in the database too: an UPDATE, DELETE or TRUNCATE of a record, or a head moved
-- back or onto a record that is not there, is refused. This stops mistakes and makes tampering a
-- deliberate act (ALTER TABLE … DISABLE TRIGGER by the tables' owner); it is not what detects
-- tampering — `npm run verify-audit` is. Grant the gateway's role INSERT and SELECT on
-- audit_record and SELECT, UPDATE on audit_head only, and keep the owner role for migrations.
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_record_append_only BEFORE UPDATE OR DELETE ON audit_record
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_record_no_truncate BEFORE TRUNCATE ON audit_record
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_head_kept BEFORE DELETE ON audit_head
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

CREATE FUNCTION audit_head_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.seq < OLD.seq THEN
    RAISE EXCEPTION 'the audit head only moves forward (from % to % refused)', OLD.seq, NEW.seq
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.seq > 0 AND NOT EXISTS (SELECT 1 FROM audit_record WHERE seq = NEW.seq AND hash = NEW.hash) THEN
    RAISE EXCEPTION 'the audit head must name a record that exists (seq % with hash %)', NEW.seq, NEW.hash
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER audit_head_moves_forward BEFORE UPDATE ON audit_head
  FOR EACH ROW EXECUTE FUNCTION audit_head_forward();
