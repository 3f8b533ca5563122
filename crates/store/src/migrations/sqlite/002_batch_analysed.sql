-- Whether a batch brought the analysis (copies, stories) up to date: ingest re-analyses the
-- whole collection only as it grows by a quarter, and at the end of a run.
ALTER TABLE batches ADD COLUMN analysed INTEGER NOT NULL DEFAULT 1;
