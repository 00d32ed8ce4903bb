-- The credit notebook: what each sale, refund or repayment does to a
-- customer's account, once per document. A balance is the sum.
CREATE TABLE account_entries (
    merchant text NOT NULL,
    customer text NOT NULL,
    doc      text NOT NULL,
    time     timestamptz NOT NULL,
    entry    jsonb NOT NULL,
    PRIMARY KEY (merchant, customer, doc)
);
