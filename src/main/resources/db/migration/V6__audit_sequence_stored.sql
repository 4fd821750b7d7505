-- Whether a claimed number's entry has reached the store. A node killed between claiming numbers here and storing
-- their entries leaves rows not stored, and the other nodes chain on past them (the newest row is the end for them);
-- the next node to start stores those entries from the rows, which hold them sealed. Rows from before: stored.
ALTER TABLE audit_sequence ADD COLUMN stored boolean NOT NULL DEFAULT true;
ALTER TABLE audit_sequence ALTER COLUMN stored SET DEFAULT false;
CREATE INDEX audit_sequence_not_stored ON audit_sequence (seq) WHERE NOT stored;
