-- When an invitation was first opened (the widget asked for the visit's draft with its
-- token), for the day's list: not opened, opened, submitted.
ALTER TABLE invites ADD COLUMN opened_at TEXT;
