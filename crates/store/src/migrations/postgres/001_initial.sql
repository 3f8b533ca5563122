-- PostgreSQL schema version 1: the SQLite schema (versions 1 to 3) in PostgreSQL's types.
-- Keys and sort columns use the "C" collation so that lists sort as on SQLite (by bytes).
CREATE TABLE articles (
    seq          BIGSERIAL PRIMARY KEY,
    id           TEXT COLLATE "C" NOT NULL UNIQUE,  -- content hash of the clean text
    path         TEXT NOT NULL,
    url          TEXT,
    title        TEXT,
    published    TEXT COLLATE "C",
    language     TEXT,
    outlet_name  TEXT,
    outlet_kind  TEXT,
    outlet_state TEXT,
    genre        TEXT,
    data         TEXT NOT NULL,                     -- AnnotatedArticle as JSON
    tokens       TEXT NOT NULL DEFAULT '[]',        -- tokens (not part of the public JSON)
    raw          TEXT NOT NULL DEFAULT '',          -- text before cleaning
    batch        BIGINT NOT NULL,
    -- The folded title (weight A) and text words: the caller folds, no dictionary here.
    search       TSVECTOR NOT NULL
);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_outlet ON articles(outlet_name);
CREATE INDEX articles_search ON articles USING GIN (search);

CREATE TABLE article_entities (
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    entity     TEXT COLLATE "C" NOT NULL,
    kind       TEXT NOT NULL,
    mentions   INTEGER NOT NULL,
    PRIMARY KEY (article_id, entity)
);
CREATE INDEX article_entities_entity ON article_entities(entity);

CREATE TABLE stories (
    id         TEXT COLLATE "C" PRIMARY KEY,
    title      TEXT NOT NULL,
    start      TEXT,
    "end"      TEXT,
    sort_key   TEXT COLLATE "C" NOT NULL DEFAULT '',  -- newest date the story covers
    articles   INTEGER NOT NULL,
    origins    INTEGER NOT NULL,
    events     INTEGER NOT NULL,
    outlets    TEXT NOT NULL DEFAULT '[]',           -- badges for the story list, JSON
    data       TEXT NOT NULL,                        -- Story as JSON
    comparison TEXT,                                 -- Comparison as JSON
    hash       TEXT NOT NULL                         -- of data + comparison, to skip unchanged rows
);
CREATE INDEX stories_newest ON stories(sort_key DESC, id);

CREATE TABLE story_articles (
    story_id   TEXT COLLATE "C" NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    article_id TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (story_id, article_id)
);
CREATE INDEX story_articles_article ON story_articles(article_id);

CREATE TABLE duplicates (
    origin TEXT COLLATE "C" PRIMARY KEY,
    data   TEXT NOT NULL                             -- DuplicateGroup as JSON
);
CREATE TABLE duplicate_members (
    article_id TEXT COLLATE "C" PRIMARY KEY,
    origin     TEXT COLLATE "C" NOT NULL
);
CREATE INDEX duplicate_members_origin ON duplicate_members(origin);

CREATE TABLE batches (
    id        BIGSERIAL PRIMARY KEY,
    articles  INTEGER NOT NULL,
    analysed  BOOLEAN NOT NULL DEFAULT TRUE,
    committed TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The persisted analysis index: opaque values only the analysis reads.
CREATE TABLE analysis_index (
    key   TEXT COLLATE "C" PRIMARY KEY,
    value BYTEA NOT NULL
);
CREATE TABLE analysis_state (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    generation BIGINT NOT NULL
);
INSERT INTO analysis_state(id, generation) VALUES (1, 0);
