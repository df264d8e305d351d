-- What the patient decided about the treatments' consents, for the day's list (a
-- status the whole team sees, never the answers): `declined` when a treatment's consent
-- was declined (the optional photographs do not count), else `questions` when the
-- patient asked to talk first, else NULL. Records stored before this version show none.
ALTER TABLE submissions ADD COLUMN consent_outcome TEXT;
