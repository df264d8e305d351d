-- The Today board at a year's scale (issue 34): each appointment's forms are found
-- through its invitations and the records they brought, so both are indexed by what
-- the board looks them up by. Without them a busy day read every record once per
-- appointment (1.7 s with 100,000 records and 20,000 appointments).
CREATE INDEX invites_appointment ON invites (appointment_id);
CREATE INDEX submissions_invite ON submissions (invite);
