-- Appointments: a patient's visit at a time, from the console or a booking system's
-- export (unique by source and the system's id, so an export imported twice adds
-- nothing). The patient's contact (name, email, mobile) and the treatments booked
-- are sealed like every answer (src/store/sealing.rs); the start, provider and status
-- stay in clear for the day's board to sort and filter on. import_mappings remembers
-- which column of each booking system's export holds which field.
CREATE TABLE appointments (
    id             TEXT PRIMARY KEY,
    source         TEXT NOT NULL,
    external_id    TEXT NOT NULL,
    start_at       TEXT NOT NULL,
    start_unix_ms  INTEGER NOT NULL,
    provider       TEXT NOT NULL,
    treatments     TEXT NOT NULL,
    contact        TEXT NOT NULL,
    language       TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('booked', 'cancelled')),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    UNIQUE (source, external_id)
);
CREATE INDEX appointments_start ON appointments (start_unix_ms);
CREATE TABLE import_mappings (
    source      TEXT PRIMARY KEY,
    mapping     TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
