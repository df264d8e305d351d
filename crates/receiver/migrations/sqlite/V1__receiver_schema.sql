-- The receiver's schema as of versioned migrations. A file from an older receiver
-- (schema version 1 to 4 in PRAGMA user_version) is first brought to this shape by
-- src/store/sqlite/legacy.rs, so here every table is created only when missing.
CREATE TABLE IF NOT EXISTS submissions (
    id               TEXT NOT NULL,
    kid              TEXT NOT NULL,
    fingerprint      TEXT NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('processing', 'done')),
    started_unix_ms  INTEGER NOT NULL,
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
    PRIMARY KEY (id, kid)
);
CREATE TABLE IF NOT EXISTS audit_events (
    submission_id TEXT NOT NULL,
    kid           TEXT NOT NULL,
    seq           INTEGER NOT NULL,
    at            TEXT NOT NULL,
    event         TEXT NOT NULL,
    subject       TEXT,
    PRIMARY KEY (submission_id, kid, seq),
    FOREIGN KEY (submission_id, kid) REFERENCES submissions (id, kid)
);
CREATE TABLE IF NOT EXISTS invites (
    id            TEXT PRIMARY KEY,
    token_sha256  TEXT NOT NULL UNIQUE,
    kid           TEXT,
    created_at    TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS kiosks (
    name                  TEXT PRIMARY KEY,
    code_sha256           TEXT UNIQUE,
    code_expires_unix_ms  INTEGER,
    kid                   TEXT UNIQUE,
    created_at            TEXT NOT NULL,
    enrolled_at           TEXT,
    revoked_at            TEXT,
    last_submission_at    TEXT
);
CREATE TABLE IF NOT EXISTS drafts (
    invite_id        TEXT PRIMARY KEY REFERENCES invites (id),
    ciphertext       BLOB NOT NULL,
    saved_unix_ms    INTEGER NOT NULL,
    expires_unix_ms  INTEGER NOT NULL
);
