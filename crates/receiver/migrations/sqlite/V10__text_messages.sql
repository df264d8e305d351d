-- Invitations by text message: a message's channel may be `sms` (sent through the
-- clinic's HTTPS gateway when the appointment has a mobile number and no email), and
-- its kind a `reminder` (sent when the forms were not opened a set time before the
-- visit). SQLite cannot change a CHECK constraint in place: the table is rebuilt.
CREATE TABLE messages_v10 (
    id                     TEXT PRIMARY KEY,
    appointment_id         TEXT NOT NULL REFERENCES appointments (id),
    channel                TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
    kind                   TEXT NOT NULL CHECK (kind IN ('invitation', 'reminder')),
    state                  TEXT NOT NULL CHECK (state IN ('queued', 'sent')),
    attempts               INTEGER NOT NULL DEFAULT 0,
    next_attempt_unix_ms   INTEGER NOT NULL,
    claimed_until_unix_ms  INTEGER,
    last_error             TEXT,
    sent_at                TEXT,
    created_at             TEXT NOT NULL
);
INSERT INTO messages_v10 (id, appointment_id, channel, kind, state, attempts, next_attempt_unix_ms,
                          claimed_until_unix_ms, last_error, sent_at, created_at)
    SELECT id, appointment_id, channel, kind, state, attempts, next_attempt_unix_ms,
           claimed_until_unix_ms, last_error, sent_at, created_at FROM messages;
DROP TABLE messages;
ALTER TABLE messages_v10 RENAME TO messages;
CREATE INDEX messages_due ON messages (state, next_attempt_unix_ms);
CREATE INDEX messages_appointment ON messages (appointment_id);
