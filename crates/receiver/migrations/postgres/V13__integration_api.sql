-- The integration API (issue 30): keys the medical director makes in the console
-- (found by id, the secret kept only as its SHA-256, scoped, revocable, last use
-- noted), and each key's POST requests by Idempotency-Key for 24 hours (the answer
-- sealed like health data: it may hold an invitation link).
CREATE TABLE api_keys (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    secret_sha256  TEXT NOT NULL,
    scopes         TEXT NOT NULL,
    created_by     TEXT REFERENCES staff (id),
    created_at     TEXT NOT NULL,
    last_used_at   TEXT,
    revoked_at     TEXT
);
CREATE TABLE api_requests (
    key_id           TEXT NOT NULL REFERENCES api_keys (id),
    idempotency_key  TEXT NOT NULL,
    fingerprint      TEXT NOT NULL,
    status           BIGINT NOT NULL,
    body             TEXT NOT NULL,
    created_unix_ms  BIGINT NOT NULL,
    PRIMARY KEY (key_id, idempotency_key)
);
CREATE INDEX submissions_stored_order ON submissions (stored_order);
