-- Invitations into custom roles, and re-enabled accounts (identity module; S3).

-- when an administrator last enabled a disabled account: dormancy is counted from then, not from the last sign-in
ALTER TABLE users ADD COLUMN reactivated_at TIMESTAMP WITH TIME ZONE;

-- an invitation into a custom role of its scope (invitations.role then holds the base role of the scope). No foreign
-- key: a role offered by invitations that have closed may be deleted; one offered by an open invitation is kept in use
-- by the code, and accepting checks that it is still there.
ALTER TABLE invitations ADD COLUMN custom_role_id UUID;
