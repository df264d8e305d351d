-- Records addressed by what identifies them, and a queue that costs the same at any
-- size: what the console lists, sorts and filters on is written with each record (the
-- patient's name, the treatments, the highest finding and its rank, where it came
-- from, the profile version, the review state and whether another key used its id),
-- with indexes for each order and filter. Rows from before are filled in by the
-- receiver at start (src/store/backfill.rs). Console events name the record they
-- concern by its id and its signer's key. WebAuthn ceremonies and rate allowances are
-- kept here too, so every receiver on one database shares them.
ALTER TABLE submissions ADD COLUMN patient_name TEXT;
ALTER TABLE submissions ADD COLUMN treatments TEXT;
ALTER TABLE submissions ADD COLUMN highest_severity TEXT;
ALTER TABLE submissions ADD COLUMN flag_rank INTEGER;
ALTER TABLE submissions ADD COLUMN source TEXT;
ALTER TABLE submissions ADD COLUMN profile_sha256 TEXT;
ALTER TABLE submissions ADD COLUMN review_state TEXT;
ALTER TABLE submissions ADD COLUMN collision INTEGER NOT NULL DEFAULT 0;
CREATE INDEX submissions_newest ON submissions (received_at);
CREATE INDEX submissions_flagged ON submissions (flag_rank, received_at);
CREATE INDEX submissions_review ON submissions (review_state, received_at);
ALTER TABLE console_events ADD COLUMN submission_kid TEXT;
CREATE INDEX console_events_record ON console_events (submission_id, submission_kid);
CREATE TABLE ceremonies (
    id               TEXT PRIMARY KEY,
    kind             TEXT NOT NULL,
    address          TEXT NOT NULL,
    state            TEXT NOT NULL,
    expires_unix_ms  INTEGER NOT NULL
);
CREATE INDEX ceremonies_expiry ON ceremonies (expires_unix_ms);
CREATE INDEX ceremonies_address ON ceremonies (address);
CREATE TABLE rate_allowances (
    key              TEXT PRIMARY KEY,
    tokens_milli     INTEGER NOT NULL,
    updated_unix_ms  INTEGER NOT NULL
);
