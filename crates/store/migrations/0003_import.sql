-- Keyplan schema 3: what imports need to recognise a record they have seen before.

-- The id an ERP or CRM gives an account or contact; an import matches by it before the name.
ALTER TABLE accounts ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX accounts_live_external_id ON accounts(external_id)
    WHERE deleted_at IS NULL AND external_id IS NOT NULL;
ALTER TABLE contacts ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX contacts_live_external_id ON contacts(account_id, external_id)
    WHERE deleted_at IS NULL AND external_id IS NOT NULL;

-- One 64-bit content fingerprint per imported transaction, interaction or survey row, so the
-- same file imported twice adds nothing the second time (as the rowid: the smallest, fastest
-- B-tree SQLite has). Never deleted: a row deleted in Keyplan and imported again stays deleted.
CREATE TABLE import_fingerprints (
    fingerprint INTEGER PRIMARY KEY
) STRICT;
