-- Invitations that reach the patient: each message (an appointment's invitation by
-- email) waits in an outbox until a receiver sends it, retried with backoff after a
-- failure and kept across restarts; a receiver claims a message for a minute before
-- sending, so several receivers on one database send each once. The failure is kept
-- as a reason in words (never the server's text, which may quote the address). An
-- invitation's token and draft key exist only in the message sent: the invite row
-- keeps the token's hash and the appointment it is for.
ALTER TABLE invites ADD COLUMN appointment_id TEXT;
CREATE TABLE messages (
    id                     TEXT PRIMARY KEY,
    appointment_id         TEXT NOT NULL REFERENCES appointments (id),
    channel                TEXT NOT NULL CHECK (channel IN ('email')),
    kind                   TEXT NOT NULL CHECK (kind IN ('invitation')),
    state                  TEXT NOT NULL CHECK (state IN ('queued', 'sent')),
    attempts               INTEGER NOT NULL DEFAULT 0,
    next_attempt_unix_ms   INTEGER NOT NULL,
    claimed_until_unix_ms  INTEGER,
    last_error             TEXT,
    sent_at                TEXT,
    created_at             TEXT NOT NULL
);
CREATE INDEX messages_due ON messages (state, next_attempt_unix_ms);
CREATE INDEX messages_appointment ON messages (appointment_id);
