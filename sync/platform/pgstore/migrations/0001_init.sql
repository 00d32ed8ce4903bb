-- The platform's tables. Every key starts with the merchant and every
-- query names it, so each table can be distributed by merchant (Citus:
-- create_distributed_table('documents', 'merchant')) or the merchants split
-- across databases. Two small routing tables are the exception: they find
-- a merchant from what arrives without one (a terminal token's id, an
-- enrollment code, an acquirer's QR reference); they would be reference
-- tables or live on the coordinator.

CREATE TABLE merchants (
    merchant text PRIMARY KEY,
    name     text NOT NULL,
    created  timestamptz NOT NULL,
    -- The change feed's numbers: taken from this row inside each writing
    -- transaction, so for one merchant commit order is number order and a
    -- pull never skips a change committed late.
    feed_seq bigint NOT NULL DEFAULT 0,
    rev_seq  bigint NOT NULL DEFAULT 0
);

CREATE TABLE terminals (
    merchant     text NOT NULL REFERENCES merchants,
    terminal     text NOT NULL,
    name         text NOT NULL,
    till         text NOT NULL DEFAULT '',
    token_hash   text NOT NULL DEFAULT '',
    code_hash    text NOT NULL DEFAULT '',
    enrolled     timestamptz,
    last_contact timestamptz,
    backlog      bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (merchant, terminal)
);

-- Routing: a token names its terminal, not its merchant.
CREATE TABLE terminal_directory (
    terminal text PRIMARY KEY,
    merchant text NOT NULL
);

-- Routing: an unused enrollment code. Enrollment deletes its row in one
-- statement, so of two enrollments with one code exactly one gets it.
CREATE TABLE enrollment_codes (
    code_hash text PRIMARY KEY,
    merchant  text NOT NULL,
    terminal  text NOT NULL
);

-- Pushed documents, stored once: the primary key refuses a second copy
-- whichever server a retry reaches (INSERT ... ON CONFLICT DO NOTHING).
CREATE TABLE documents (
    merchant text NOT NULL,
    id       text NOT NULL,
    terminal text NOT NULL,
    kind     text NOT NULL,
    receipt  bigint NOT NULL DEFAULT 0,
    seq      bigint NOT NULL,
    time     timestamptz NOT NULL,
    total    bigint NOT NULL DEFAULT 0,
    raw      bytea NOT NULL,
    stored   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (merchant, id)
);
CREATE INDEX documents_terminal ON documents (merchant, terminal, seq);

CREATE TABLE days (
    merchant text NOT NULL,
    day      text NOT NULL,
    sales    bigint NOT NULL DEFAULT 0,
    refunds  bigint NOT NULL DEFAULT 0,
    net      bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (merchant, day)
);

-- A product as the platform keeps it (JSON: product, rev, stock basis,
-- who sold a unique piece).
CREATE TABLE products (
    merchant text NOT NULL,
    sku      text NOT NULL,
    state    jsonb NOT NULL,
    PRIMARY KEY (merchant, sku)
);

-- The pull feed: seq per merchant, gapless, in commit order.
CREATE TABLE changes (
    merchant text NOT NULL,
    seq      bigint NOT NULL,
    change   jsonb NOT NULL,
    PRIMARY KEY (merchant, seq)
);

CREATE TABLE oversells (
    merchant text NOT NULL,
    n        bigint GENERATED ALWAYS AS IDENTITY,
    oversell jsonb NOT NULL,
    PRIMARY KEY (merchant, n)
);

CREATE TABLE conflicts (
    merchant text NOT NULL,
    n        bigint GENERATED ALWAYS AS IDENTITY,
    conflict jsonb NOT NULL,
    PRIMARY KEY (merchant, n)
);

-- QR payments: the acquirer's word and the sale that claims the
-- reference meet on this row, whichever comes first (row lock).
CREATE TABLE payments (
    ref     text PRIMARY KEY,
    payment jsonb NOT NULL
);
