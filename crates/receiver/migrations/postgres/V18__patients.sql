-- Patients as records across visits (issue 31, part 1). A patient record is made by
-- staff from a visit and visits are linked to it by staff, never by the receiver (it
-- only suggests). Its id is opaque and random (`pat-` and 24 hex digits). Its name
-- and date of birth are sealed for its row; nothing names the patient in clear.
-- Suggestions come from a keyed blind index (`patient_index`: HMAC-SHA-256 entries of
-- the folded name and date of birth, see src/domain/patient.rs), each entry kept with
-- the visit it came from (empty for the record's own), so unlinking a visit takes its
-- entries with it. `accepted` is reserved for the record staff accept across visits
-- (medications, allergies, conditions, each with when it was last confirmed; issue
-- 31, parts 2 to 4), sealed as one JSON document for the row; NULL until then.
CREATE TABLE patients (
    id                 TEXT PRIMARY KEY,
    legal_name         TEXT NOT NULL,
    date_of_birth      TEXT NOT NULL,
    accepted           TEXT,
    accepted_at        TEXT,
    created_at         TEXT NOT NULL,
    created_by         TEXT
);
CREATE TABLE patient_visits (
    submission_id   TEXT NOT NULL,
    submission_kid  TEXT NOT NULL,
    patient_id      TEXT NOT NULL REFERENCES patients (id),
    linked_at       TEXT NOT NULL,
    linked_by       TEXT,
    PRIMARY KEY (submission_id, submission_kid),
    FOREIGN KEY (submission_id, submission_kid) REFERENCES submissions (id, kid)
);
CREATE INDEX patient_visits_patient ON patient_visits (patient_id);
CREATE TABLE patient_index (
    patient_id      TEXT NOT NULL REFERENCES patients (id),
    kind            TEXT NOT NULL CHECK (kind IN ('name_dob', 'word_dob', 'dob')),
    entry           TEXT NOT NULL,
    submission_id   TEXT NOT NULL DEFAULT '',
    submission_kid  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (patient_id, entry, submission_id, submission_kid)
);
CREATE INDEX patient_index_entry ON patient_index (entry);
