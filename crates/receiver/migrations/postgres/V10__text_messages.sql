-- Invitations by text message: a message's channel may be `sms` (sent through the
-- clinic's HTTPS gateway when the appointment has a mobile number and no email), and
-- its kind a `reminder` (sent when the forms were not opened a set time before the
-- visit).
ALTER TABLE messages DROP CONSTRAINT messages_channel_check;
ALTER TABLE messages ADD CONSTRAINT messages_channel_check CHECK (channel IN ('email', 'sms'));
ALTER TABLE messages DROP CONSTRAINT messages_kind_check;
ALTER TABLE messages ADD CONSTRAINT messages_kind_check CHECK (kind IN ('invitation', 'reminder'));
