//! The embedded SQLite backend.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::Duration;

use parallax_model::{
    AnnotatedArticle, Comparison, DuplicateGroup, Genre, SourceKind, Story, StorySummary, Token,
};
use rusqlite::{params, Connection, OptionalExtension, Row};
use rusqlite_migration::{Migrations, M};
use sha2::{Digest, Sha256};

use crate::{
    Batch, BatchAnalysis, CommitReport, Counts, Page, Result, SearchHit, Store, StoreError,
};

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Database(e.to_string())
    }
}

impl From<rusqlite_migration::Error> for StoreError {
    fn from(e: rusqlite_migration::Error) -> Self {
        StoreError::Migration(e.to_string())
    }
}

/// The schema, one migration per release that changes it. Never edit a released step:
/// append a new one.
fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("migrations/001_initial.sql")),
        M::up(include_str!("migrations/002_batch_analysed.sql")),
    ])
}

/// Environment variable (milliseconds) that makes a commit pause inside its transaction,
/// after writing and before committing: lets tests kill an ingest mid-batch.
pub const SLOW_COMMIT_ENV: &str = "PARALLAX_TEST_SLOW_COMMIT";

/// A Parallax database in one SQLite file (WAL mode: readers never block the writer).
pub struct SqliteStore {
    conn: Connection,
}

impl SqliteStore {
    /// Open (creating if needed) and migrate to the latest schema.
    pub fn open(path: &Path) -> Result<Self> {
        let conn = Connection::open(path)?;
        Self::setup(conn)
    }

    /// A private in-memory database (tests, one-off reports).
    pub fn open_in_memory() -> Result<Self> {
        Self::setup(Connection::open_in_memory()?)
    }

    fn setup(mut conn: Connection) -> Result<Self> {
        conn.busy_timeout(Duration::from_secs(10))?;
        // `journal_mode` returns a row; read it rather than `execute`.
        let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")?;
        migrations().to_latest(&mut conn)?;
        Ok(SqliteStore { conn })
    }

    /// The schema version (number of applied migrations).
    pub fn schema_version(&self) -> Result<usize> {
        let v: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        Ok(v.max(0) as usize)
    }

    /// `PRAGMA integrity_check`: `"ok"` for a sound file.
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }
}

fn kind_code(kind: SourceKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn genre_code(genre: Option<Genre>) -> Option<String> {
    genre
        .and_then(|g| serde_json::to_value(g).ok())
        .and_then(|v| v.as_str().map(str::to_string))
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

fn article_from_row(data: &str, raw: String) -> Result<AnnotatedArticle> {
    let mut a: AnnotatedArticle = serde_json::from_str(data)?;
    a.article.raw = raw;
    Ok(a)
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

fn slow_commit_pause(articles: usize) {
    if let Some(ms) = std::env::var(SLOW_COMMIT_ENV)
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        eprintln!("parallax: committing batch of {articles} articles (paused {ms} ms)");
        std::thread::sleep(Duration::from_millis(ms));
    }
}

impl Store for SqliteStore {
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
            .prepare("SELECT data, tokens, raw FROM articles ORDER BY seq")?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(data, tokens, raw)| {
                let mut a = article_from_row(&data, raw)?;
                a.tokens = serde_json::from_str::<Vec<Token>>(&tokens)?;
                Ok(a)
            })
            .collect()
    }

    fn commit(&mut self, batch: Batch<'_>) -> Result<CommitReport> {
        let mut report = CommitReport::default();
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO batches(articles, analysed) VALUES (?1, ?2)",
            params![batch.new_articles.len() as i64, batch.analysis.is_some()],
        )?;
        let batch_id = tx.last_insert_rowid();
        {
            let mut insert = tx.prepare(
                "INSERT OR IGNORE INTO articles(id, path, url, title, published, language, outlet_name, outlet_kind,
                 outlet_state, genre, data, tokens, raw, batch) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)",
            )?;
            let mut fts =
                tx.prepare("INSERT INTO article_fts(rowid, title, body) VALUES (?1, ?2, ?3)")?;
            let mut entity = tx.prepare(
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
                ])?;
                if changed == 0 {
                    continue;
                }
                report.articles_added += 1;
                let seq = tx.last_insert_rowid();
                fts.execute(params![seq, new.search_title, new.search_body])?;
                let mut counts: HashMap<&str, (String, usize)> = HashMap::new();
                for m in &a.entities {
                    let kind = serde_json::to_value(m.kind)?
                        .as_str()
                        .unwrap_or("misc")
                        .to_string();
                    counts.entry(m.entity.as_str()).or_insert((kind, 0)).1 += 1;
                }
                for (id, (kind, n)) in counts {
                    entity.execute(params![art.id, id, kind, n as i64])?;
                }
            }
        }
        if let Some(analysis) = &batch.analysis {
            write_analysis(&tx, analysis, &mut report)?;
        }
        slow_commit_pause(batch.new_articles.len());
        tx.commit()?;
        Ok(report)
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

    fn story(&self, id: &str) -> Result<Option<crate::StoryRecord>> {
        let row: Option<(String, Option<String>)> = self
            .conn
            .prepare_cached("SELECT data, comparison FROM stories WHERE id = ?1")?
            .query_row(params![id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((data, comparison)) = row else {
            return Ok(None);
        };
        let story: Story = serde_json::from_str(&data)?;
        let comparison: Option<Comparison> =
            comparison.map(|c| serde_json::from_str(&c)).transpose()?;
        let mut by_id: HashMap<String, AnnotatedArticle> = HashMap::new();
        {
            let mut stmt = self.conn.prepare_cached(
                "SELECT a.data, a.raw FROM story_articles sa JOIN articles a ON a.id = sa.article_id WHERE sa.story_id = ?1",
            )?;
            let rows = stmt
                .query_map(params![id], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            for (data, raw) in rows {
                let a = article_from_row(&data, raw)?;
                by_id.insert(a.article.id.clone(), a);
            }
        }
        let articles = story
            .articles
            .iter()
            .filter_map(|id| by_id.remove(id))
            .collect();
        let duplicates = {
            let mut stmt = self.conn.prepare_cached(
                "SELECT DISTINCT d.data FROM story_articles sa JOIN duplicate_members m ON m.article_id = sa.article_id
                 JOIN duplicates d ON d.origin = m.origin WHERE sa.story_id = ?1 ORDER BY d.origin",
            )?;
            let rows = stmt
                .query_map(params![id], |r| r.get::<_, String>(0))?
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

/// Replace copies and rewrite the stories whose content changed (dropping vanished ones).
fn write_analysis(
    tx: &rusqlite::Transaction<'_>,
    a: &BatchAnalysis<'_>,
    report: &mut CommitReport,
) -> Result<()> {
    // Copies: replaced whole (small).
    tx.execute("DELETE FROM duplicate_members", [])?;
    tx.execute("DELETE FROM duplicates", [])?;
    {
        let mut group =
            tx.prepare("INSERT OR REPLACE INTO duplicates(origin, data) VALUES (?1, ?2)")?;
        let mut member = tx.prepare(
            "INSERT OR REPLACE INTO duplicate_members(article_id, origin) VALUES (?1, ?2)",
        )?;
        for g in a.duplicates {
            group.execute(params![g.origin, serde_json::to_string(g)?])?;
            member.execute(params![g.origin, g.origin])?;
            for c in &g.copies {
                member.execute(params![c, g.origin])?;
            }
        }
    }
    // Stories: rewrite only those whose content changed, drop those that vanished.
    {
        let existing: HashMap<String, String> = {
            let mut stmt = tx.prepare("SELECT id, hash FROM stories")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let comparisons: HashMap<&str, &Comparison> = a
            .comparisons
            .iter()
            .map(|c| (c.story.as_str(), c))
            .collect();
        let mut published_of = tx.prepare("SELECT published FROM articles WHERE id = ?1")?;
        let summaries: HashMap<&str, &StorySummary> =
            a.summaries.iter().map(|s| (s.id.as_str(), s)).collect();
        let mut upsert = tx.prepare(
            "INSERT INTO stories(id, title, start, \"end\", sort_key, articles, origins, events, outlets, data, comparison, hash)
             VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)
             ON CONFLICT(id) DO UPDATE SET title=excluded.title, start=excluded.start, \"end\"=excluded.\"end\",
             sort_key=excluded.sort_key, articles=excluded.articles, origins=excluded.origins, events=excluded.events,
             outlets=excluded.outlets, data=excluded.data, comparison=excluded.comparison, hash=excluded.hash",
        )?;
        let mut clear = tx.prepare("DELETE FROM story_articles WHERE story_id = ?1")?;
        let mut link = tx.prepare(
            "INSERT OR IGNORE INTO story_articles(story_id, article_id) VALUES (?1, ?2)",
        )?;
        let mut seen = HashSet::new();
        for story in a.stories {
            seen.insert(story.id.as_str());
            let data = serde_json::to_string(story)?;
            let comparison = comparisons
                .get(story.id.as_str())
                .map(serde_json::to_string)
                .transpose()?;
            let mut h = Sha256::new();
            h.update(data.as_bytes());
            h.update([0]);
            h.update(comparison.as_deref().unwrap_or("").as_bytes());
            if let Some(summary) = summaries.get(story.id.as_str()) {
                h.update([0]);
                h.update(serde_json::to_string(summary)?.as_bytes());
            }
            let hash = format!("{:x}", h.finalize());
            if existing.get(&story.id) == Some(&hash) {
                continue;
            }
            let summary = summaries.get(story.id.as_str());
            let mut newest: Option<String> = None;
            for id in &story.articles {
                let published: Option<String> = published_of
                    .query_row(params![id], |r| r.get(0))
                    .optional()?
                    .flatten();
                if published.as_ref() > newest.as_ref() {
                    newest = published;
                }
            }
            let sort_key = story
                .end
                .clone()
                .or_else(|| story.start.clone())
                .or(newest)
                .unwrap_or_default();
            let origins = summary.map_or(story.origins, |s| s.origins);
            let badges = summary.map(|s| s.outlets.as_slice()).unwrap_or_default();
            upsert.execute(params![
                story.id,
                story.title,
                story.start,
                story.end,
                sort_key,
                story.articles.len() as i64,
                origins as i64,
                story.events.len() as i64,
                serde_json::to_string(badges)?,
                data,
                comparison,
                hash,
            ])?;
            clear.execute(params![story.id])?;
            for id in &story.articles {
                link.execute(params![story.id, id])?;
            }
            report.stories_written += 1;
        }
        let mut delete = tx.prepare("DELETE FROM stories WHERE id = ?1")?;
        for id in existing.keys().filter(|id| !seen.contains(id.as_str())) {
            clear.execute(params![id])?;
            delete.execute(params![id])?;
            report.stories_removed += 1;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        assert!(migrations().validate().is_ok());
    }

    #[test]
    fn every_word_must_match_by_any_of_its_forms() {
        let q = fts_query(&[vec!["grosse".into()], vec!["a\"b".into(), "ab".into()]]);
        assert_eq!(
            q.as_deref(),
            Some("(\"grosse\"*) AND (\"a\"\"b\"* OR \"ab\"*)")
        );
        assert_eq!(fts_query(&[vec![]]), None);
    }
}
