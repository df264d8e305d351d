-- Scope of practice (issue 29): each member's credential, licence number and expiry,
-- and the names a booking system books them as (one per line); the medical
-- director's exceptions (a member may perform a treatment through a day, and why);
-- and who marked a visit treated.
CREATE TABLE staff_licences (
    staff_id    TEXT PRIMARY KEY REFERENCES staff (id),
    credential  TEXT NOT NULL,
    number      TEXT NOT NULL,
    expires     TEXT NOT NULL,
    booked_as   TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE TABLE scope_exceptions (
    id            TEXT PRIMARY KEY,
    staff_id      TEXT NOT NULL REFERENCES staff (id),
    treatment     TEXT NOT NULL,
    valid_until   TEXT NOT NULL,
    reason        TEXT NOT NULL,
    created_by    TEXT,
    created_at    TEXT NOT NULL,
    withdrawn_at  TEXT
);
ALTER TABLE appointments ADD COLUMN treated_by TEXT REFERENCES staff (id);
ALTER TABLE appointments ADD COLUMN treated_at TEXT;
