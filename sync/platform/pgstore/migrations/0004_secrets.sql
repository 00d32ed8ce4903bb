-- The platform's own secrets (the dashboard password, the acquirer's HMAC
-- key), shared by every server on the database. A small global table: it
-- would be a reference table under distribution.
CREATE TABLE platform_secrets (
    name  text PRIMARY KEY,
    value text NOT NULL
);
