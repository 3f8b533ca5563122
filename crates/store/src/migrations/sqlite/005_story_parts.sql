-- A story's comparison cut into parts: one per event, one of the articles in no event, and
-- the part every page reads (`crates/store/src/parts.rs`), so a page of a large story reads
-- what it shows. Rows written before keep their whole comparison in `stories.comparison`,
-- which is read when a story has no parts.
CREATE TABLE story_parts (
    story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    part     TEXT NOT NULL,
    data     TEXT NOT NULL,
    PRIMARY KEY (story_id, part)
);
