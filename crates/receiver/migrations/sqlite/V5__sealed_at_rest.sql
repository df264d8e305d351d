-- Health data sealed at rest, and an audit log whose edits show. The data keys are
-- kept only wrapped by the key-encryption key, which lives outside the database
-- (src/keys); seal_state says whether every row has been sealed (rows from before
-- are sealed by the receiver at start, in batches: src/store/sealing.rs). Each
-- console event carries its place in a hash chain and the chain's hash there, and
-- audit_chain keeps the head (src/domain/chain.rs).
CREATE TABLE data_keys (
    id          TEXT PRIMARY KEY,
    kek_id      TEXT NOT NULL,
    wrapped     TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE TABLE seal_state (
    name   TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
ALTER TABLE console_events ADD COLUMN chain_n INTEGER;
ALTER TABLE console_events ADD COLUMN chain_hash TEXT;
CREATE UNIQUE INDEX console_events_chain ON console_events (chain_n);
CREATE TABLE audit_chain (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    n     INTEGER NOT NULL,
    hash  TEXT NOT NULL
);
INSERT INTO audit_chain (id, n, hash)
    VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
