-- Anchors and forks keyed by merchant first, like every other table, so
-- they can be distributed by merchant with the rest. A chain's key is the
-- terminal id, or "terminal id/install id" for a replacement device.
ALTER TABLE anchors ADD COLUMN merchant text NOT NULL DEFAULT '';
ALTER TABLE forks ADD COLUMN merchant text NOT NULL DEFAULT '';
UPDATE anchors a SET merchant = d.merchant FROM terminal_directory d WHERE d.terminal = split_part(a.terminal, '/', 1);
UPDATE forks f SET merchant = d.merchant FROM terminal_directory d WHERE d.terminal = split_part(f.terminal, '/', 1);
ALTER TABLE anchors DROP CONSTRAINT anchors_pkey;
ALTER TABLE anchors ADD PRIMARY KEY (merchant, terminal, seq);
ALTER TABLE forks DROP CONSTRAINT forks_pkey;
ALTER TABLE forks ADD PRIMARY KEY (merchant, terminal, seq, hash);
