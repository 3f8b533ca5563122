-- Schema version 1. Annotated articles are kept whole as JSON (the public article object),
-- plus indexed columns and tables for what the UI lists, filters and searches.
CREATE TABLE articles (
    seq          INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,          -- content hash of the clean text
    path         TEXT NOT NULL,
    url          TEXT,
    title        TEXT,
    published    TEXT,
    language     TEXT,
    outlet_name  TEXT,
    outlet_kind  TEXT,
    outlet_state TEXT,
    genre        TEXT,
    data         TEXT NOT NULL,                 -- AnnotatedArticle as JSON
    tokens       TEXT NOT NULL DEFAULT '[]',    -- tokens (not part of the public JSON)
    raw          TEXT NOT NULL DEFAULT '',      -- text before cleaning
    batch        INTEGER NOT NULL
);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_outlet ON articles(outlet_name);

CREATE TABLE article_entities (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    entity     TEXT NOT NULL,
    kind       TEXT NOT NULL,
    mentions   INTEGER NOT NULL,
    PRIMARY KEY (article_id, entity)
) WITHOUT ROWID;
CREATE INDEX article_entities_entity ON article_entities(entity);

-- Folded text (German umlauts and ß, see fold.rs) for full-text search; rowid = articles.seq.
CREATE VIRTUAL TABLE article_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');

CREATE TABLE stories (
    id        TEXT PRIMARY KEY,
    title     TEXT NOT NULL,
    start     TEXT,
    "end"     TEXT,
    sort_key  TEXT NOT NULL DEFAULT '',          -- newest date the story covers
    articles  INTEGER NOT NULL,
    origins   INTEGER NOT NULL,
    events    INTEGER NOT NULL,
    outlets   TEXT NOT NULL DEFAULT '[]',        -- badges for the story list, JSON
    data      TEXT NOT NULL,                     -- Story as JSON
    comparison TEXT,                             -- Comparison as JSON
    hash      TEXT NOT NULL                      -- of data + comparison, to skip unchanged rows
);
CREATE INDEX stories_newest ON stories(sort_key DESC, id);

CREATE TABLE story_articles (
    story_id   TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    article_id TEXT NOT NULL,
    PRIMARY KEY (story_id, article_id)
) WITHOUT ROWID;
CREATE INDEX story_articles_article ON story_articles(article_id);

CREATE TABLE duplicates (
    origin TEXT PRIMARY KEY,
    data   TEXT NOT NULL                         -- DuplicateGroup as JSON
);
CREATE TABLE duplicate_members (
    article_id TEXT PRIMARY KEY,
    origin     TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE batches (
    id        INTEGER PRIMARY KEY,
    articles  INTEGER NOT NULL,
    committed TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
