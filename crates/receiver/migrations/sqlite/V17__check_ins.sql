-- After the treatment (issue 32). A visit marked treated records, per treatment, the
-- product, lot number, device and settings used (clear: the medical director counts
-- incidents by product and lot; none of it names the patient). Each treatment whose
-- profile schedules check-ins gets one row per day after, due at a set instant; the
-- outbox sends each by the invitation's channel when due, with a link whose token only
-- the message holds (the row keeps its hash). The patient's answers and photo are
-- sealed at rest; the urgency the receiver computed is kept clear, so the console can
-- list urgent ones first. A message may now be a `check_in` (to the patient) or an
-- `on_call` alert (to the clinic's on-call address, naming no patient).
-- SQLite cannot change a CHECK constraint in place: the outbox is rebuilt.
CREATE TABLE treatment_records (
    appointment_id  TEXT NOT NULL REFERENCES appointments (id),
    treatment       TEXT NOT NULL,
    product         TEXT NOT NULL,
    lot             TEXT NOT NULL,
    device          TEXT NOT NULL,
    settings        TEXT NOT NULL,
    recorded_at     TEXT NOT NULL,
    PRIMARY KEY (appointment_id, treatment)
);
CREATE TABLE check_ins (
    id              TEXT PRIMARY KEY,
    appointment_id  TEXT NOT NULL REFERENCES appointments (id),
    treatment       TEXT NOT NULL,
    day             INTEGER NOT NULL,
    due_unix_ms     INTEGER NOT NULL,
    token_sha256    TEXT,
    opened_at       TEXT,
    completed_at    TEXT,
    urgency         TEXT CHECK (urgency IN ('routine', 'call_clinic', 'emergency')),
    report          TEXT,
    photo           TEXT,
    created_at      TEXT NOT NULL,
    UNIQUE (appointment_id, treatment, day)
);
CREATE INDEX check_ins_token ON check_ins (token_sha256);
CREATE INDEX check_ins_completed ON check_ins (completed_at);
CREATE TABLE messages_v17 (
    id                     TEXT PRIMARY KEY,
    appointment_id         TEXT NOT NULL REFERENCES appointments (id),
    channel                TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
    kind                   TEXT NOT NULL CHECK (kind IN ('invitation', 'reminder', 'check_in', 'on_call')),
    state                  TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'cancelled')),
    attempts               INTEGER NOT NULL DEFAULT 0,
    next_attempt_unix_ms   INTEGER NOT NULL,
    claimed_until_unix_ms  INTEGER,
    last_error             TEXT,
    sent_at                TEXT,
    created_at             TEXT NOT NULL,
    check_in_id            TEXT REFERENCES check_ins (id)
);
INSERT INTO messages_v17 (id, appointment_id, channel, kind, state, attempts, next_attempt_unix_ms,
                          claimed_until_unix_ms, last_error, sent_at, created_at)
    SELECT id, appointment_id, channel, kind, state, attempts, next_attempt_unix_ms,
           claimed_until_unix_ms, last_error, sent_at, created_at FROM messages;
DROP TABLE messages;
ALTER TABLE messages_v17 RENAME TO messages;
CREATE INDEX messages_due ON messages (state, next_attempt_unix_ms);
CREATE INDEX messages_appointment ON messages (appointment_id);
