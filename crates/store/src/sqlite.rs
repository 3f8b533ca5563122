//! The embedded SQLite backend: one file in WAL mode (readers never block the writer).
//! Writers of one file serialise through SQLite's own write lock: an analysis runs inside a
//! `BEGIN IMMEDIATE` transaction ([`Store::with_analysis_lock`]), so a second ingest waits
//! for the first one's analysis and then analyses over everything stored.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::Duration;

use parallax_model::{AnnotatedArticle, DuplicateGroup, Story, StorySummary, Token};
use rusqlite::{params, Connection, ErrorCode, OptionalExtension, Row, TransactionBehavior};

use crate::rows::{
    article_from_json as article_from_row, comparison_parts, entity_counts, genre_code, kind_code,
    page_comparison, sort_key, sql_count, story_rows, vectors_from_json, vectors_json,
};
use crate::{
    slow_commit_pause, AnalysisUpdate, Backend, Batch, BatchAnalysis, CommitReport, Counts,
    LockedStep, Page, Result, SearchHit, Store, StoreError,
};

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Database(e.to_string())
    }
}

/// The schema, one step per release that changes it (its number is `PRAGMA user_version`).
/// Never edit a released step: append a new one.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/sqlite/001_initial.sql"),
    include_str!("migrations/sqlite/002_batch_analysed.sql"),
    include_str!("migrations/sqlite/003_analysis_index.sql"),
    include_str!("migrations/sqlite/004_article_vectors.sql"),
    include_str!("migrations/sqlite/005_story_parts.sql"),
];

/// How long a writer waits for another one (an analysis over a large collection takes
/// minutes; readers in WAL mode never wait).
const WRITER_WAIT: Duration = Duration::from_secs(3600);

/// A Parallax database in one SQLite file.
pub struct SqliteStore {
    conn: Connection,
    /// Inside [`Store::with_analysis_lock`]: commits are savepoints of its transaction.
    locked: bool,
    name: String,
}

impl SqliteStore {
    /// Open (creating if needed) and migrate to the latest schema.
    pub fn open(path: &Path) -> Result<Self> {
        let conn = Connection::open(path)?;
        Self::setup(conn, path.display().to_string())
    }

    /// A private in-memory database (tests, one-off reports).
    pub fn open_in_memory() -> Result<Self> {
        Self::setup(Connection::open_in_memory()?, "memory".into())
    }

    fn setup(mut conn: Connection, name: String) -> Result<Self> {
        conn.busy_timeout(WRITER_WAIT)?;
        set_wal_mode(&conn)?;
        conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")?;
        migrate(&mut conn)?;
        Ok(SqliteStore {
            conn,
            locked: false,
            name,
        })
    }

    /// The schema version (number of applied migrations).
    pub fn schema_version(&self) -> Result<usize> {
        user_version(&self.conn)
    }

    /// `PRAGMA integrity_check`: `"ok"` for a sound file.
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }

    /// `BEGIN IMMEDIATE`, saying so when another writer holds the lock.
    fn begin_immediate(&mut self) -> Result<()> {
        self.conn.busy_timeout(Duration::ZERO)?;
        let first = self.conn.execute_batch("BEGIN IMMEDIATE");
        self.conn.busy_timeout(WRITER_WAIT)?;
        match first {
            Ok(()) => Ok(()),
            Err(e) if e.sqlite_error_code() == Some(ErrorCode::DatabaseBusy) => {
                eprintln!(
                    "parallax: waiting for another writer of {} to finish its analysis",
                    self.name
                );
                Ok(self.conn.execute_batch("BEGIN IMMEDIATE")?)
            }
            Err(e) => Err(e.into()),
        }
    }
}

/// Switch the file to WAL mode. SQLite answers `SQLITE_BUSY` at once, without calling the
/// busy handler, while another process creating the same new file holds its lock: retry
/// for as long as a writer would wait.
fn set_wal_mode(conn: &Connection) -> Result<()> {
    let started = std::time::Instant::now();
    let mut pause = Duration::from_millis(5);
    loop {
        // `journal_mode` returns a row; read it rather than `execute`.
        match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)) {
            Ok(_) => return Ok(()),
            Err(e)
                if e.sqlite_error_code() == Some(ErrorCode::DatabaseBusy)
                    && started.elapsed() < WRITER_WAIT =>
            {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(200));
            }
            Err(e) => return Err(e.into()),
        }
    }
}

fn user_version(conn: &Connection) -> Result<usize> {
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    Ok(v.max(0) as usize)
}

/// Apply the pending schema steps, each in an immediate transaction that re-reads the
/// version: two processes opening a new file at once apply each step once.
fn migrate(conn: &mut Connection) -> Result<()> {
    while user_version(conn)? < MIGRATIONS.len() {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version = user_version(&tx)?;
        let Some(step) = MIGRATIONS.get(version) else {
            break;
        };
        tx.execute_batch(step)
            .map_err(|e| StoreError::Migration(format!("step {}: {e}", version + 1)))?;
        tx.pragma_update(None, "user_version", (version + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

fn summary_from_row(row: &Row<'_>) -> rusqlite::Result<(StorySummary, String)> {
    Ok((
        StorySummary {
            id: row.get(0)?,
            title: row.get(1)?,
            start: row.get(2)?,
            end: row.get(3)?,
            articles: row.get::<_, i64>(4)?.max(0) as usize,
            origins: row.get::<_, i64>(5)?.max(0) as usize,
            events: row.get::<_, i64>(6)?.max(0) as usize,
            outlets: Vec::new(),
        },
        row.get(7)?,
    ))
}

const SUMMARY_COLUMNS: &str =
    "s.id, s.title, s.start, s.\"end\", s.articles, s.origins, s.events, s.outlets";

fn finish_summaries(rows: Vec<(StorySummary, String)>) -> Result<Vec<StorySummary>> {
    rows.into_iter()
        .map(|(mut s, outlets)| {
            s.outlets = serde_json::from_str(&outlets)?;
            Ok(s)
        })
        .collect()
}

/// The FTS5 query for folded search terms: every word must match, each by any of its forms
/// as a prefix. Terms hold only letters and digits (`parallax_nlp::search`); quotes are
/// doubled anyway so that no term can change the query's syntax.
fn fts_query(terms: &[Vec<String>]) -> Option<String> {
    let groups: Vec<String> = terms
        .iter()
        .filter(|forms| !forms.is_empty())
        .map(|forms| {
            let alternatives: Vec<String> = forms
                .iter()
                .map(|f| format!("\"{}\"*", f.replace('"', "\"\"")))
                .collect();
            format!("({})", alternatives.join(" OR "))
        })
        .collect();
    (!groups.is_empty()).then(|| groups.join(" AND "))
}

/// Bind `keys` in chunks of this many (SQLite's variable limit is far above it).
const IN_CHUNK: usize = 500;

fn placeholders(n: usize) -> String {
    vec!["?"; n].join(",")
}

/// Write one batch on `conn` (a transaction or a savepoint of one).
fn write_batch(conn: &Connection, batch: &Batch<'_>) -> Result<CommitReport> {
    let mut report = CommitReport::default();
    if let Some(base) = batch.base_generation {
        let current: i64 = conn.query_row(
            "SELECT generation FROM analysis_state WHERE id = 1",
            [],
            |r| r.get(0),
        )?;
        if current.max(0) as u64 != base {
            return Err(StoreError::Conflict);
        }
        conn.execute(
            "UPDATE analysis_state SET generation = generation + 1 WHERE id = 1",
            [],
        )?;
    }
    let analysed = batch.analysis.is_some() || batch.update.is_some();
    conn.execute(
        "INSERT INTO batches(articles, analysed) VALUES (?1, ?2)",
        params![batch.new_articles.len() as i64, analysed],
    )?;
    let batch_id = conn.last_insert_rowid();
    insert_articles(conn, batch, batch_id, &mut report)?;
    if let Some(analysis) = &batch.analysis {
        write_duplicates_whole(conn, analysis.duplicates)?;
        let seen = write_stories(conn, analysis, &mut report)?;
        let existing: Vec<String> = {
            let mut stmt = conn.prepare("SELECT id FROM stories")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let vanished: Vec<String> = existing
            .into_iter()
            .filter(|id| !seen.contains(id))
            .collect();
        delete_stories(conn, &vanished, &mut report)?;
    }
    if let Some(update) = &batch.update {
        write_duplicates_update(conn, update)?;
        delete_stories(conn, update.removed_stories, &mut report)?;
        write_stories(conn, &update.changed, &mut report)?;
    }
    if batch.index.clear {
        conn.execute("DELETE FROM analysis_index", [])?;
    }
    {
        let mut put = conn
            .prepare_cached("INSERT OR REPLACE INTO analysis_index(key, value) VALUES (?1, ?2)")?;
        let mut delete = conn.prepare_cached("DELETE FROM analysis_index WHERE key = ?1")?;
        for (key, value) in batch.index.put {
            if value.is_empty() {
                delete.execute(params![key])?;
            } else {
                put.execute(params![key, value])?;
            }
        }
    }
    slow_commit_pause(batch.new_articles.len());
    Ok(report)
}

fn insert_articles(
    conn: &Connection,
    batch: &Batch<'_>,
    batch_id: i64,
    report: &mut CommitReport,
) -> Result<()> {
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO articles(id, path, url, title, published, language, outlet_name, outlet_kind,
         outlet_state, genre, data, tokens, raw, batch, vectors)
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)",
    )?;
    let mut fts =
        conn.prepare_cached("INSERT INTO article_fts(rowid, title, body) VALUES (?1, ?2, ?3)")?;
    let mut entity = conn.prepare_cached(
        "INSERT OR REPLACE INTO article_entities(article_id, entity, kind, mentions) VALUES (?1,?2,?3,?4)",
    )?;
    for new in batch.new_articles {
        let a = new.annotated;
        let art = &a.article;
        let outlet = art.outlet.as_ref();
        let changed = insert.execute(params![
            art.id,
            art.path,
            art.url,
            art.title,
            art.published,
            art.language,
            outlet.map(|o| o.name.as_str()),
            outlet.map(|o| kind_code(o.kind)),
            outlet.and_then(|o| o.state_affiliation.as_deref()),
            genre_code(a.genre),
            serde_json::to_string(a)?,
            serde_json::to_string(&a.tokens)?,
            art.raw,
            batch_id,
            vectors_json(a)?,
        ])?;
        if changed == 0 {
            continue;
        }
        report.articles_added += 1;
        let seq = conn.last_insert_rowid();
        fts.execute(params![seq, new.search_title, new.search_body])?;
        for (id, kind, n) in entity_counts(a)? {
            entity.execute(params![art.id, id, kind, n])?;
        }
    }
    Ok(())
}

impl Store for SqliteStore {
    fn backend(&self) -> Backend {
        Backend::Sqlite
    }

    fn article_ids(&self) -> Result<HashSet<String>> {
        let mut stmt = self.conn.prepare("SELECT id FROM articles")?;
        let ids = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<HashSet<String>>>()?;
        Ok(ids)
    }

    fn load_articles(&self) -> Result<Vec<AnnotatedArticle>> {
        let mut stmt = self
            .conn
            .prepare("SELECT data, tokens, raw, vectors FROM articles ORDER BY seq")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<Vec<StoredArticle>>>()?;
        rows.into_iter().map(full_article).collect()
    }

    fn articles_by_id(&self, ids: &[String]) -> Result<Vec<AnnotatedArticle>> {
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(IN_CHUNK) {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT data, tokens, raw, vectors FROM articles WHERE id IN ({})",
                placeholders(chunk.len())
            ))?;
            let rows = stmt
                .query_map(rusqlite::params_from_iter(chunk), |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })?
                .collect::<rusqlite::Result<Vec<StoredArticle>>>()?;
            for row in rows {
                out.push(full_article(row)?);
            }
        }
        Ok(out)
    }

    fn commit(&mut self, batch: Batch<'_>) -> Result<CommitReport> {
        if self.locked {
            let sp = self.conn.savepoint()?;
            let report = write_batch(&sp, &batch)?;
            sp.commit()?;
            Ok(report)
        } else {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let report = write_batch(&tx, &batch)?;
            tx.commit()?;
            Ok(report)
        }
    }

    fn analysis_generation(&self) -> Result<u64> {
        let g: i64 = self.conn.query_row(
            "SELECT generation FROM analysis_state WHERE id = 1",
            [],
            |r| r.get(0),
        )?;
        Ok(g.max(0) as u64)
    }

    fn with_analysis_lock(&mut self, step: &mut LockedStep<'_>) -> Result<()> {
        if self.locked {
            return step(self);
        }
        self.begin_immediate()?;
        self.locked = true;
        let result = step(self);
        self.locked = false;
        match result {
            Ok(()) => Ok(self.conn.execute_batch("COMMIT")?),
            Err(e) => {
                // The step's error is the one to report; a failed rollback changes nothing.
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }

    fn index_entries(&self, keys: &[String]) -> Result<HashMap<String, Vec<u8>>> {
        let mut out = HashMap::with_capacity(keys.len());
        for chunk in keys.chunks(IN_CHUNK) {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT key, value FROM analysis_index WHERE key IN ({})",
                placeholders(chunk.len())
            ))?;
            let rows = stmt.query_map(rusqlite::params_from_iter(chunk), |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?))
            })?;
            for row in rows {
                let (k, v) = row?;
                out.insert(k, v);
            }
        }
        Ok(out)
    }

    fn stories(&self, offset: usize, limit: usize) -> Result<Page<StorySummary>> {
        let total: i64 = self
            .conn
            .query_row("SELECT count(*) FROM stories", [], |r| r.get(0))?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM stories s ORDER BY s.sort_key DESC, s.id LIMIT ?1 OFFSET ?2"
        ))?;
        let rows = stmt
            .query_map(params![limit as i64, offset as i64], summary_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Page {
            items: finish_summaries(rows)?,
            total: total.max(0) as usize,
            offset,
            limit,
        })
    }

    fn story_page(
        &self,
        id: &str,
        offset: usize,
        limit: usize,
    ) -> Result<Option<crate::StoryRecord>> {
        let row: Option<(String, Option<String>)> = self
            .conn
            .prepare_cached("SELECT data, comparison FROM stories WHERE id = ?1")?
            .query_row(params![id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((data, comparison)) = row else {
            return Ok(None);
        };
        let story: Story = serde_json::from_str(&data)?;
        let articles = {
            let mut stmt = self.conn.prepare_cached(
                "SELECT a.data, a.raw FROM story_articles sa JOIN articles a ON a.id = sa.article_id
                 WHERE sa.story_id = ?1
                 ORDER BY a.published IS NOT NULL, a.published, a.id LIMIT ?2 OFFSET ?3",
            )?;
            let rows = stmt
                .query_map(params![id, sql_count(limit), sql_count(offset)], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            rows.into_iter()
                .map(|(data, raw)| article_from_row(&data, raw))
                .collect::<Result<Vec<_>>>()?
        };
        let mut read = |keys: Option<&[String]>| -> Result<Vec<String>> {
            let Some(keys) = keys else {
                let mut stmt = self.conn.prepare_cached(
                    "SELECT data FROM story_parts WHERE story_id = ?1 ORDER BY part",
                )?;
                let parts = stmt
                    .query_map(params![id], |r| r.get(0))?
                    .collect::<rusqlite::Result<Vec<String>>>()?;
                return Ok(parts);
            };
            let mut stmt = self
                .conn
                .prepare_cached("SELECT data FROM story_parts WHERE story_id = ?1 AND part = ?2")?;
            let mut parts = Vec::with_capacity(keys.len());
            for key in keys {
                if let Some(part) = stmt.query_row(params![id, key], |r| r.get(0)).optional()? {
                    parts.push(part);
                }
            }
            Ok(parts)
        };
        let comparison = page_comparison(
            &story,
            &articles,
            offset,
            offset == 0 && limit == usize::MAX,
            comparison.as_deref(),
            &mut read,
        )?;
        let duplicates = {
            let mut stmt = self.conn.prepare_cached(
                "SELECT DISTINCT d.origin, d.data FROM story_articles sa JOIN duplicate_members m ON m.article_id = sa.article_id
                 JOIN duplicates d ON d.origin = m.origin WHERE sa.story_id = ?1 ORDER BY d.origin",
            )?;
            let rows = stmt
                .query_map(params![id], |r| r.get::<_, String>(1))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            rows.iter()
                .map(|d| serde_json::from_str::<DuplicateGroup>(d))
                .collect::<serde_json::Result<Vec<_>>>()?
        };
        Ok(Some(crate::StoryRecord {
            story,
            comparison,
            articles,
            duplicates,
        }))
    }

    fn story_article_ids(&self, id: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT article_id FROM story_articles WHERE story_id = ?1 ORDER BY article_id",
        )?;
        let ids = stmt
            .query_map(params![id], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(ids)
    }

    fn article(&self, id: &str) -> Result<Option<AnnotatedArticle>> {
        let row: Option<(String, String)> = self
            .conn
            .prepare_cached("SELECT data, raw FROM articles WHERE id = ?1")?
            .query_row(params![id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        row.map(|(data, raw)| article_from_row(&data, raw))
            .transpose()
    }

    fn stories_of_article(&self, id: &str) -> Result<Vec<StorySummary>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM story_articles sa JOIN stories s ON s.id = sa.story_id
             WHERE sa.article_id = ?1 ORDER BY s.sort_key DESC, s.id"
        ))?;
        let rows = stmt
            .query_map(params![id], summary_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        finish_summaries(rows)
    }

    fn search(&self, terms: &[Vec<String>], limit: usize) -> Result<Vec<SearchHit>> {
        let fts_query = fts_query(terms)
            .ok_or_else(|| StoreError::BadQuery("the query has no words to search for".into()))?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.id, a.title, a.published, a.outlet_name, a.language, json_extract(a.data, '$.text')
             FROM article_fts f JOIN articles a ON a.seq = f.rowid
             WHERE article_fts MATCH ?1 ORDER BY bm25(article_fts), a.seq LIMIT ?2",
        )?;
        let rows = stmt
            .query_map(params![fts_query, limit as i64], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut story_stmt = self.conn.prepare_cached(
            "SELECT story_id FROM story_articles WHERE article_id = ?1 ORDER BY story_id",
        )?;
        let mut hits = Vec::with_capacity(rows.len());
        for (id, title, published, outlet, language, text) in rows {
            let stories = story_stmt
                .query_map(params![id], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            hits.push(SearchHit {
                article: id,
                title,
                published,
                outlet,
                language,
                text: text.unwrap_or_default(),
                stories,
            });
        }
        Ok(hits)
    }

    fn analysis_pending(&self) -> Result<bool> {
        let newest: Option<bool> = self
            .conn
            .query_row(
                "SELECT analysed FROM batches ORDER BY id DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        Ok(newest == Some(false))
    }

    fn counts(&self) -> Result<Counts> {
        let count = |sql: &str| -> Result<usize> {
            Ok(self.conn.query_row(sql, [], |r| r.get::<_, i64>(0))?.max(0) as usize)
        };
        Ok(Counts {
            articles: count("SELECT count(*) FROM articles")?,
            stories: count("SELECT count(*) FROM stories")?,
            batches: count("SELECT count(*) FROM batches")?,
        })
    }
}

/// A stored article's columns: data, tokens, raw text, sentence vectors.
type StoredArticle = (String, String, String, Option<String>);

fn full_article((data, tokens, raw, vectors): StoredArticle) -> Result<AnnotatedArticle> {
    let mut a = article_from_row(&data, raw)?;
    a.tokens = serde_json::from_str::<Vec<Token>>(&tokens)?;
    a.vectors = vectors_from_json(vectors.as_deref())?;
    Ok(a)
}

/// Replace every copy group.
fn write_duplicates_whole(conn: &Connection, groups: &[DuplicateGroup]) -> Result<()> {
    conn.execute("DELETE FROM duplicate_members", [])?;
    conn.execute("DELETE FROM duplicates", [])?;
    write_groups(conn, groups)
}

fn write_groups(conn: &Connection, groups: &[DuplicateGroup]) -> Result<()> {
    let mut group =
        conn.prepare_cached("INSERT OR REPLACE INTO duplicates(origin, data) VALUES (?1, ?2)")?;
    let mut clear = conn.prepare_cached("DELETE FROM duplicate_members WHERE origin = ?1")?;
    let mut member = conn.prepare_cached(
        "INSERT OR REPLACE INTO duplicate_members(article_id, origin) VALUES (?1, ?2)",
    )?;
    for g in groups {
        group.execute(params![g.origin, serde_json::to_string(g)?])?;
        clear.execute(params![g.origin])?;
        member.execute(params![g.origin, g.origin])?;
        for c in &g.copies {
            member.execute(params![c, g.origin])?;
        }
    }
    Ok(())
}

/// Drop the removed copy groups, then write the changed ones.
fn write_duplicates_update(conn: &Connection, update: &AnalysisUpdate<'_>) -> Result<()> {
    let mut group = conn.prepare_cached("DELETE FROM duplicates WHERE origin = ?1")?;
    let mut members = conn.prepare_cached("DELETE FROM duplicate_members WHERE origin = ?1")?;
    for origin in update.removed_duplicates {
        group.execute(params![origin])?;
        members.execute(params![origin])?;
    }
    write_groups(conn, update.changed.duplicates)
}

/// Write the stories whose content changed; returns the ids of every story of `a`.
fn write_stories(
    conn: &Connection,
    a: &BatchAnalysis<'_>,
    report: &mut CommitReport,
) -> Result<HashSet<String>> {
    let mut hash_of = conn.prepare_cached("SELECT hash FROM stories WHERE id = ?1")?;
    let mut published_of = conn.prepare_cached("SELECT published FROM articles WHERE id = ?1")?;
    let mut upsert = conn.prepare_cached(
        "INSERT INTO stories(id, title, start, \"end\", sort_key, articles, origins, events, outlets, data, comparison, hash)
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)
         ON CONFLICT(id) DO UPDATE SET title=excluded.title, start=excluded.start, \"end\"=excluded.\"end\",
         sort_key=excluded.sort_key, articles=excluded.articles, origins=excluded.origins, events=excluded.events,
         outlets=excluded.outlets, data=excluded.data, comparison=excluded.comparison, hash=excluded.hash",
    )?;
    let mut clear = conn.prepare_cached("DELETE FROM story_articles WHERE story_id = ?1")?;
    let mut clear_parts = conn.prepare_cached("DELETE FROM story_parts WHERE story_id = ?1")?;
    let mut put_part =
        conn.prepare_cached("INSERT INTO story_parts(story_id, part, data) VALUES (?1, ?2, ?3)")?;
    let mut link = conn.prepare_cached(
        "INSERT OR IGNORE INTO story_articles(story_id, article_id) VALUES (?1, ?2)",
    )?;
    let mut seen = HashSet::new();
    for row in story_rows(a)? {
        let story = row.story;
        seen.insert(story.id.clone());
        let stored: Option<String> = hash_of
            .query_row(params![story.id], |r| r.get(0))
            .optional()?;
        if stored.as_deref() == Some(row.hash.as_str()) {
            continue;
        }
        let mut published: Vec<(Option<String>, &str)> = Vec::with_capacity(story.articles.len());
        for id in &story.articles {
            let date: Option<String> = published_of
                .query_row(params![id], |r| r.get(0))
                .optional()?
                .flatten();
            published.push((date, id));
        }
        let newest = published.iter().filter_map(|(d, _)| d.clone()).max();
        upsert.execute(params![
            story.id,
            story.title,
            story.start,
            story.end,
            sort_key(story, newest),
            story.articles.len() as i64,
            row.origins as i64,
            story.events.len() as i64,
            row.badges,
            row.data,
            None::<String>,
            row.hash,
        ])?;
        clear_parts.execute(params![story.id])?;
        if let Some(cmp) = row.comparison {
            for (key, part) in comparison_parts(cmp, published)? {
                put_part.execute(params![story.id, key, part])?;
            }
        }
        clear.execute(params![story.id])?;
        for id in &story.articles {
            link.execute(params![story.id, id])?;
        }
        report.stories_written += 1;
    }
    Ok(seen)
}

fn delete_stories(conn: &Connection, ids: &[String], report: &mut CommitReport) -> Result<()> {
    let mut clear = conn.prepare_cached("DELETE FROM story_articles WHERE story_id = ?1")?;
    let mut delete = conn.prepare_cached("DELETE FROM stories WHERE id = ?1")?;
    for id in ids {
        clear.execute(params![id])?;
        report.stories_removed += delete.execute(params![id])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_must_match_by_any_of_its_forms() {
        let q = fts_query(&[vec!["grosse".into()], vec!["a\"b".into(), "ab".into()]]);
        assert_eq!(
            q.as_deref(),
            Some("(\"grosse\"*) AND (\"a\"\"b\"* OR \"ab\"*)")
        );
        assert_eq!(fts_query(&[vec![]]), None);
    }

    #[test]
    fn a_story_written_before_parts_reads_its_whole_comparison() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("p.db")).unwrap();
        let story = Story {
            id: "s".into(),
            title: "Old".into(),
            articles: Vec::new(),
            events: Vec::new(),
            key_entities: Vec::new(),
            start: None,
            end: None,
            origins: 0,
        };
        let cmp = parallax_model::Comparison {
            story: "s".into(),
            claims: Vec::new(),
            facts: Vec::new(),
            omissions: vec![parallax_model::Omission {
                article: "a".into(),
                facts: vec!["m".into()],
            }],
            wording: Vec::new(),
            framing: Vec::new(),
            stance: Vec::new(),
        };
        store
            .conn
            .execute(
                "INSERT INTO stories(id, title, sort_key, articles, origins, events, outlets, data, comparison, hash)
                 VALUES ('s', 'Old', '', 0, 0, 0, '[]', ?1, ?2, '')",
                params![
                    serde_json::to_string(&story).unwrap(),
                    serde_json::to_string(&cmp).unwrap()
                ],
            )
            .unwrap();
        let rec = store.story_page("s", 0, 10).unwrap().unwrap();
        assert_eq!(rec.comparison, Some(cmp));
    }

    #[test]
    fn two_connections_migrate_a_new_file_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.db");
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let path = path.clone();
                std::thread::spawn(move || SqliteStore::open(&path).map(|s| s.schema_version()))
            })
            .collect();
        for h in handles {
            assert_eq!(h.join().unwrap().unwrap().unwrap(), MIGRATIONS.len());
        }
    }
}
