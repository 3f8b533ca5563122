-- The persisted analysis index (story states, document frequencies, copy fingerprints):
-- opaque values only the analysis reads, so that an ingest updates the stories
-- incrementally instead of recomputing them over the whole collection.
CREATE TABLE analysis_index (
    key   TEXT PRIMARY KEY,
    value BLOB NOT NULL
) WITHOUT ROWID;
-- Incremented by every analysis committed with a base generation: a writer whose analysis
-- was computed on an older generation is refused (another one came first).
CREATE TABLE analysis_state (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL
);
INSERT INTO analysis_state(id, generation) VALUES (1, 0);
