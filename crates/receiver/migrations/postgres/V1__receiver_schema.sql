-- The receiver's schema on PostgreSQL: the same tables as on SQLite. A submission
-- row is written whole, in the transaction that stores its audit trail and answer,
-- so its state is always 'done' here; the unique (id, kid) key is what makes a
-- submission stored once across every receiver sharing the database.
CREATE TABLE submissions (
    id               TEXT NOT NULL,
    kid              TEXT NOT NULL,
    fingerprint      TEXT NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('processing', 'done')),
    started_unix_ms  BIGINT NOT NULL,
    response_status  INTEGER,
    response_body    TEXT,
    received_at      TEXT,
    jws              TEXT,
    payload          TEXT,
    clinic_id        TEXT,
    profile_version  TEXT,
    protocol_version TEXT,
    language         TEXT,
    invite           TEXT,
    kiosk            TEXT,
    stored_order     BIGINT GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (id, kid)
);
CREATE INDEX submissions_received ON submissions (received_at, stored_order);
CREATE TABLE audit_events (
    submission_id TEXT NOT NULL,
    kid           TEXT NOT NULL,
    seq           INTEGER NOT NULL,
    at            TEXT NOT NULL,
    event         TEXT NOT NULL,
    subject       TEXT,
    PRIMARY KEY (submission_id, kid, seq),
    FOREIGN KEY (submission_id, kid) REFERENCES submissions (id, kid)
);
CREATE TABLE invites (
    id            TEXT PRIMARY KEY,
    token_sha256  TEXT NOT NULL UNIQUE,
    kid           TEXT,
    created_at    TEXT NOT NULL
);
CREATE TABLE kiosks (
    name                  TEXT PRIMARY KEY,
    code_sha256           TEXT UNIQUE,
    code_expires_unix_ms  BIGINT,
    kid                   TEXT UNIQUE,
    created_at            TEXT NOT NULL,
    enrolled_at           TEXT,
    revoked_at            TEXT,
    last_submission_at    TEXT
);
CREATE TABLE drafts (
    invite_id        TEXT PRIMARY KEY REFERENCES invites (id),
    ciphertext       BYTEA NOT NULL,
    saved_unix_ms    BIGINT NOT NULL,
    expires_unix_ms  BIGINT NOT NULL
);
