-- The front desk sends an invitation again or revokes it: a queued message may be
-- `cancelled`, and an invitation `revoked_at`, after which its link opens nothing.
-- SQLite cannot change a CHECK constraint in place: the outbox is rebuilt.
CREATE TABLE messages_v11 (
    id                     TEXT PRIMARY KEY,
    appointment_id         TEXT NOT NULL REFERENCES appointments (id),
    channel                TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
    kind                   TEXT NOT NULL CHECK (kind IN ('invitation', 'reminder')),
    state                  TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'cancelled')),
    attempts               INTEGER NOT NULL DEFAULT 0,
    next_attempt_unix_ms   INTEGER NOT NULL,
    claimed_until_unix_ms  INTEGER,
    last_error             TEXT,
    sent_at                TEXT,
    created_at             TEXT NOT NULL
);
INSERT INTO messages_v11 (id, appointment_id, channel, kind, state, attempts, next_attempt_unix_ms,
                          claimed_until_unix_ms, last_error, sent_at, created_at)
    SELECT id, appointment_id, channel, kind, state, attempts, next_attempt_unix_ms,
           claimed_until_unix_ms, last_error, sent_at, created_at FROM messages;
DROP TABLE messages;
ALTER TABLE messages_v11 RENAME TO messages;
CREATE INDEX messages_due ON messages (state, next_attempt_unix_ms);
CREATE INDEX messages_appointment ON messages (appointment_id);
ALTER TABLE invites ADD COLUMN revoked_at TEXT;
