-- Payments belong to a merchant; terminals get their identity from the
-- platform and can be revoked (issue 10).

-- The acquirer's merchant account id: its notices name the merchant by it.
ALTER TABLE merchants ADD COLUMN account text UNIQUE;

-- A terminal's identity is its name, unique in its merchant (compared
-- without case); aliases are the ids a till's documents carried before
-- it enrolled; installs the ids of its devices (QR reference prefixes).
ALTER TABLE terminals
    ADD COLUMN aliases      text[] NOT NULL DEFAULT '{}',
    ADD COLUMN installs     text[] NOT NULL DEFAULT '{}',
    ADD COLUMN last_receipt bigint NOT NULL DEFAULT 0,
    ADD COLUMN revoked      timestamptz,
    ADD COLUMN revoked_hash text NOT NULL DEFAULT '';

-- Payments by (merchant, reference). A payment no sale claimed names no
-- merchant in the old layout and cannot be placed: it is dropped.
ALTER TABLE payments ADD COLUMN merchant text NOT NULL DEFAULT '';
UPDATE payments SET merchant = coalesce(payment->>'merchant', '');
DELETE FROM payments WHERE merchant = '';
ALTER TABLE payments DROP CONSTRAINT payments_pkey;
ALTER TABLE payments ADD PRIMARY KEY (merchant, ref);

-- Later acquirer notices that contradict a reference's final state.
CREATE TABLE contradictions (
    merchant      text NOT NULL,
    n             bigint GENERATED ALWAYS AS IDENTITY,
    contradiction jsonb NOT NULL,
    PRIMARY KEY (merchant, n)
);
