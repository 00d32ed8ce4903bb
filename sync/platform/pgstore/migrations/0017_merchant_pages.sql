-- The programme page lists the merchants a page at a time, keyset by id
-- in byte order (as bbolt keeps them), whatever the database's collation.

CREATE INDEX merchants_by_key ON merchants ((merchant COLLATE "C"));
