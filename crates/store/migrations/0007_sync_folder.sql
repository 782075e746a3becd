-- Keyplan schema 7: the sync folder.

-- The files of a sync folder this laptop has merged or written, so an unchanged file is not read
-- again and this laptop's own file is rewritten only when something changed. `sha256`: the
-- file's bytes when last merged or written; `state`: for this laptop's own file, what it was
-- written from (the latest stamp, the user name, what it holds), empty for other laptops' files.
CREATE TABLE sync_files (
    path   TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    state  TEXT NOT NULL DEFAULT '',
    at     TEXT NOT NULL
) STRICT;
