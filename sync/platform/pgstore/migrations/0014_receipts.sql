-- The digital receipt (issue 15): a customer's link names the document
-- alone (/r/<id>?k=<key>), not its merchant, so documents are found by id
-- too; and the document's anchor, for the fingerprint its page shows, by
-- the document id the anchor carries.
CREATE INDEX documents_id ON documents (id);
CREATE INDEX anchors_doc ON anchors (merchant, (anchor->>'id'));
