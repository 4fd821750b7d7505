-- Who holds which number of the audit trail, decided here when several nodes append at once (S3 buckets with
-- object lock ignore create-if-absent). The entries, their number records and the chain stay in the object store,
-- and the trail verifies from the store alone; this table only arbitrates.
CREATE TABLE audit_sequence (
    seq   bigint PRIMARY KEY,
    link  text   NOT NULL   -- the ChainLink as JSON, as in the store's audit-chain/<seq>.json
);
