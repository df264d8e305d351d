-- Protocol governance (issue 14): every clinic profile version served, by the SHA-256
-- of its canonical form, and the medical director's approvals with the WebAuthn
-- assertion (authenticator data, client data, signature) that signs each one.
CREATE TABLE profile_versions (
    sha256         TEXT PRIMARY KEY,
    profile        TEXT NOT NULL,
    first_seen     TEXT NOT NULL,
    lint_errors    BIGINT NOT NULL,
    lint_warnings  BIGINT NOT NULL,
    tests_passed   BIGINT NOT NULL,
    tests_failed   BIGINT NOT NULL
);
CREATE TABLE profile_approvals (
    profile_sha256      TEXT PRIMARY KEY REFERENCES profile_versions (sha256),
    staff_id            TEXT NOT NULL REFERENCES staff (id),
    approver            TEXT NOT NULL,
    credential          TEXT NOT NULL,
    approved_at         TEXT NOT NULL,
    origin              TEXT NOT NULL,
    credential_id       TEXT NOT NULL,
    authenticator_data  TEXT NOT NULL,
    client_data_json    TEXT NOT NULL,
    signature           TEXT NOT NULL
);
