-- The kept figures of the web pages (issue 17): days in the platform's
-- time zone (Africa/Casablanca) rather than UTC, the on-account and
-- foreign-cash tenders, and each day's detail (by hour, by kind of
-- tender, by product) that a merchant's page reads instead of the
-- documents. Ingest adds to them in its own transaction. The server
-- computes them again from the documents once (figures_state), since the
-- days kept so far were UTC days.

ALTER TABLE days
    ADD COLUMN account bigint NOT NULL DEFAULT 0,
    ADD COLUMN eur     bigint NOT NULL DEFAULT 0,
    ADD COLUMN usd     bigint NOT NULL DEFAULT 0;

CREATE TABLE day_hours (
    merchant text NOT NULL,
    day      text NOT NULL,
    hour     integer NOT NULL CHECK (hour BETWEEN 0 AND 23),
    sales    bigint NOT NULL DEFAULT 0,
    refunds  bigint NOT NULL DEFAULT 0,
    net      bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (merchant, day, hour)
);

CREATE TABLE day_tenders (
    merchant text NOT NULL,
    day      text NOT NULL,
    kind     text NOT NULL,
    amount   bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (merchant, day, kind)
);

CREATE TABLE day_products (
    merchant text NOT NULL,
    day      text NOT NULL,
    sku      text NOT NULL,
    name     jsonb NOT NULL,
    qty      bigint NOT NULL DEFAULT 0,
    amount   bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (merchant, day, sku)
);

-- How the kept figures were computed; '' until the server computed them
-- again from the documents.
CREATE TABLE figures_state (
    one     boolean PRIMARY KEY DEFAULT true CHECK (one),
    version text NOT NULL
);
INSERT INTO figures_state (version) VALUES ('');

-- The documents the platform refused from each terminal (the till's
-- quarantine), kept as their anchors are recorded; counted from the
-- anchors with the figures.
ALTER TABLE terminals ADD COLUMN refused bigint NOT NULL DEFAULT 0;
