-- The clinic's staff (issue 13): accounts with roles, one-time invitations to register
-- a passkey, passkeys, console sessions, and the console's append-only audit log.
CREATE TABLE staff (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('front_desk', 'provider', 'director')),
    created_at   TEXT NOT NULL,
    disabled_at  TEXT
);
CREATE TABLE staff_invites (
    token_sha256     TEXT PRIMARY KEY,
    staff_id         TEXT NOT NULL REFERENCES staff (id),
    expires_unix_ms  BIGINT NOT NULL,
    used_at          TEXT
);
CREATE TABLE passkeys (
    credential_id  TEXT PRIMARY KEY,
    staff_id       TEXT NOT NULL REFERENCES staff (id),
    passkey        TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    last_used_at   TEXT
);
CREATE TABLE staff_sessions (
    id_sha256          TEXT PRIMARY KEY,
    staff_id           TEXT NOT NULL REFERENCES staff (id),
    created_unix_ms    BIGINT NOT NULL,
    last_seen_unix_ms  BIGINT NOT NULL,
    ended_at           TEXT
);
CREATE TABLE console_events (
    seq            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at             TEXT NOT NULL,
    staff_id       TEXT,
    role           TEXT,
    action         TEXT NOT NULL,
    submission_id  TEXT,
    detail         TEXT
);
CREATE FUNCTION console_events_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the console audit log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER console_events_append_only BEFORE UPDATE OR DELETE ON console_events
    FOR EACH ROW EXECUTE FUNCTION console_events_append_only();
