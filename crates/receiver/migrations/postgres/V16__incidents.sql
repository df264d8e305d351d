-- Incidents (issue 32): an adverse event after a treatment, recorded by a provider and
-- reviewed by the medical director. What names or describes the patient is sealed
-- like other health data (the patient's name, the device and its settings, the
-- description, the actions taken and the outcome: `c1.` values, sealed for their
-- column and row). What the director's counts group by stays in clear: the
-- treatment, the product, the lot, the provider's name, the grade, the onset date
-- and the state (with the provider's role, the days, the reporting choices, the
-- links by id and the sign-off). Reporting to the manufacturer or the regulator is
-- what staff did; the receiver files nothing.
CREATE TABLE incidents (
    id                     TEXT PRIMARY KEY,
    patient                TEXT NOT NULL,
    provider               TEXT NOT NULL,
    provider_role          TEXT NOT NULL,
    treatment_date         TEXT NOT NULL,
    onset_date             TEXT NOT NULL,
    onset_time             TEXT NOT NULL,
    treatment              TEXT NOT NULL,
    product                TEXT NOT NULL,
    lot                    TEXT NOT NULL,
    device                 TEXT NOT NULL,
    description            TEXT NOT NULL,
    grade                  BIGINT CHECK (grade BETWEEN 1 AND 5),
    actions                TEXT NOT NULL,
    outcome                TEXT NOT NULL,
    manufacturer           TEXT NOT NULL CHECK (manufacturer IN ('not_considered', 'considered', 'filed')),
    manufacturer_filed_on  TEXT NOT NULL,
    regulator              TEXT NOT NULL CHECK (regulator IN ('not_considered', 'considered', 'filed')),
    regulator_filed_on     TEXT NOT NULL,
    appointment_id         TEXT,
    submission_id          TEXT,
    checkin_id             TEXT,
    state                  TEXT NOT NULL CHECK (state IN ('open', 'under_review', 'closed')),
    signed_off_by          TEXT REFERENCES staff (id),
    signed_off_at          TEXT,
    recorded_by            TEXT REFERENCES staff (id),
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL
);
CREATE INDEX incidents_onset ON incidents (onset_date);
