-- The journal chain hash a stored document was pushed with (checked by
-- the chain check: SHA-256 of the previous hash and the document's bytes),
-- kept with the document: the anchors of stored documents are runs without
-- document ids since 0007, and the digital receipt shows this hash as the
-- sale's fingerprint. NULL for documents stored before, or without a link.
ALTER TABLE documents ADD COLUMN chain_hash bytea;
