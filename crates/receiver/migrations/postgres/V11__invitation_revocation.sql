-- The front desk sends an invitation again or revokes it: a queued message may be
-- `cancelled`, and an invitation `revoked_at`, after which its link opens nothing.
ALTER TABLE messages DROP CONSTRAINT messages_state_check;
ALTER TABLE messages ADD CONSTRAINT messages_state_check CHECK (state IN ('queued', 'sent', 'cancelled'));
ALTER TABLE invites ADD COLUMN revoked_at TEXT;
