-- The merchant's master records (customers, artisans): the latest version
-- of each, as the tills' journal events carried it. Later edit wins: by
-- time, then the edit's event id (doc).
CREATE TABLE records (
    merchant text NOT NULL,
    kind     text NOT NULL,
    id       text NOT NULL,
    time     timestamptz NOT NULL,
    doc      text NOT NULL,
    record   jsonb NOT NULL,
    PRIMARY KEY (merchant, kind, id)
);
