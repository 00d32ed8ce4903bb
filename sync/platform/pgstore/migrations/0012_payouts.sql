-- The artisans report (issue 15): a cooperative's payouts to its artisans
-- are found by merchant and period without walking its sales.
CREATE INDEX documents_payouts ON documents (merchant, time) WHERE kind = 'payout';
