-- Each terminal's journal chain as the platform anchored it: one row per
-- journal position, never replaced (platform.Storage.PutAnchors). Forks,
-- pushes that did not continue the chain, are also listed for the
-- dashboard, once per (position, hash). Keyed by terminal: terminal ids are
-- unique across merchants.
CREATE TABLE anchors (
    terminal text NOT NULL,
    seq      bigint NOT NULL,
    anchor   jsonb NOT NULL,
    PRIMARY KEY (terminal, seq)
);

CREATE TABLE forks (
    terminal text NOT NULL,
    seq      bigint NOT NULL,
    hash     text NOT NULL,
    anchor   jsonb NOT NULL,
    PRIMARY KEY (terminal, seq, hash)
);
