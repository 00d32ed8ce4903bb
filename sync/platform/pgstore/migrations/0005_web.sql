-- The web pages (issue 17): a merchant's place in the programme, the
-- tender split of each day's figures, merchants' web users and sessions.

ALTER TABLE merchants
    ADD COLUMN city     text NOT NULL DEFAULT '',
    ADD COLUMN category text NOT NULL DEFAULT '';

-- What came in by each kind of tender, kept at ingest beside the counts
-- (days before this migration show their net as "other").
ALTER TABLE days
    ADD COLUMN cash  bigint NOT NULL DEFAULT 0,
    ADD COLUMN card  bigint NOT NULL DEFAULT 0,
    ADD COLUMN qr    bigint NOT NULL DEFAULT 0,
    ADD COLUMN other bigint NOT NULL DEFAULT 0;
UPDATE days SET other = net;

CREATE INDEX days_day ON days (day);
CREATE INDEX documents_time ON documents (merchant, time);

-- A merchant's web users; the email (lower case) finds them at login.
CREATE TABLE users (
    merchant text NOT NULL REFERENCES merchants,
    id       text NOT NULL,
    email    text NOT NULL UNIQUE,
    usr      jsonb NOT NULL,
    PRIMARY KEY (merchant, id)
);

-- Logged-in browsers, by the hash of their cookie.
CREATE TABLE sessions (
    hash    text PRIMARY KEY,
    expires timestamptz NOT NULL,
    session jsonb NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires);
