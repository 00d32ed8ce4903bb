-- A push's anchors of stored documents in one row: consecutive journal
-- positions first_seq..last_seq of one chain, hashes holding each
-- position's 32-byte SHA-256 in order and prev the hash before the first
-- (each position's previous hash is the one before it in the run). An
-- anchor row a sale cost a third of a push's writes; a run costs 32 bytes
-- a sale. Refused documents and forks keep a row each in anchors. A
-- position is recorded once, in one of the two tables (the chain's
-- advisory lock and the check before writing see to that).
CREATE TABLE anchor_runs (
    merchant  text NOT NULL,
    terminal  text NOT NULL,
    first_seq bigint NOT NULL,
    last_seq  bigint NOT NULL,
    prev      bytea NOT NULL,
    hashes    bytea NOT NULL,
    time      timestamptz NOT NULL,
    PRIMARY KEY (merchant, terminal, first_seq)
);
-- Hashes do not compress: store them out of line as they are.
ALTER TABLE anchor_runs ALTER COLUMN hashes SET STORAGE EXTERNAL;
