-- Webhooks (issue 30): the endpoints the medical director (or a key with the webhooks
-- scope) registers, each with its own secret (sealed like health data: it signs what
-- the clinic's systems trust) and, during a rotation, the previous one until a time;
-- the events, thin bodies of ids kept byte for byte as signed; and one delivery per
-- event and endpoint, tried with backoff for three days, claimed by one receiver at a
-- time so several on one database deliver each once.
CREATE TABLE webhook_endpoints (
    id                       TEXT PRIMARY KEY,
    url                      TEXT NOT NULL,
    description              TEXT NOT NULL,
    event_types              TEXT NOT NULL,
    secret                   TEXT NOT NULL,
    previous_secret          TEXT,
    previous_until_unix_ms   INTEGER,
    created_by               TEXT REFERENCES staff (id),
    created_by_key           TEXT REFERENCES api_keys (id),
    created_at               TEXT NOT NULL,
    disabled_at              TEXT,
    disabled_reason          TEXT,
    deleted_at               TEXT
);
CREATE TABLE webhook_events (
    id               TEXT PRIMARY KEY,
    type             TEXT NOT NULL,
    body             TEXT NOT NULL,
    created_unix_ms  INTEGER NOT NULL
);
CREATE TABLE webhook_deliveries (
    event_id               TEXT NOT NULL REFERENCES webhook_events (id),
    endpoint_id            TEXT NOT NULL REFERENCES webhook_endpoints (id),
    state                  TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts               INTEGER NOT NULL DEFAULT 0,
    next_attempt_unix_ms   INTEGER NOT NULL,
    claimed_until_unix_ms  INTEGER,
    last_status            INTEGER,
    last_error             TEXT,
    last_attempt_at        TEXT,
    delivered_at           TEXT,
    created_unix_ms        INTEGER NOT NULL,
    PRIMARY KEY (event_id, endpoint_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_unix_ms);
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (endpoint_id, created_unix_ms);
