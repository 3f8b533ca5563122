//! The PostgreSQL backend (15 or newer): one database shared by several ingest workers and
//! servers, on one machine or many. Connections come from an r2d2 pool; every commit is one
//! transaction; article inserts are insert-or-ignore on the content-hash id (taken in id
//! order, so two workers never deadlock on each other's rows); the analysis is serialised
//! by a session advisory lock ([`Store::with_analysis_lock`]), released when the holder's
//! connection ends (a killed worker's lock goes with it). Search runs over a `tsvector` of
//! the caller-folded words (no text-search dictionary: the folding is Parallax's own).

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use parallax_model::{AnnotatedArticle, DuplicateGroup, Story, StorySummary, Token};
use postgres::{Client, NoTls, Row, Transaction};
use r2d2_postgres::PostgresConnectionManager;

use crate::rows::{
    article_from_json, comparison_parts, entity_counts, genre_code, kind_code, page_comparison,
    sort_key, sql_count, story_rows, vectors_from_json, vectors_json,
};
use crate::{
    slow_commit_pause, AnalysisUpdate, Backend, Batch, BatchAnalysis, CommitReport, Counts,
    LockedStep, Page, Result, SearchHit, Store, StoreError, StoryRecord,
};

type Pool = r2d2::Pool<PostgresConnectionManager<NoTls>>;
type Pooled = r2d2::PooledConnection<PostgresConnectionManager<NoTls>>;

/// The schema, one step per release that changes it; applied steps are listed in
/// `schema_migrations`. Never edit a released step: append a new one.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/postgres/001_initial.sql"),
    include_str!("migrations/postgres/002_article_vectors.sql"),
    include_str!("migrations/postgres/003_story_parts.sql"),
];

/// Advisory lock keys (arbitrary, fixed): schema migration, and the analysis.
const MIGRATION_LOCK: i64 = 0x5041_5241_4c4c_4158; // "PARALLAX"
const ANALYSIS_LOCK: i64 = 0x5041_5241_4c4c_4131;

/// Connections one process keeps (a writer needs two: the lock's and the commit's).
const POOL_SIZE: u32 = 4;
/// How long to wait for a connection before reporting the server unavailable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// PostgreSQL limits one `tsvector` to 1 MB: the words of longer texts are cut there.
const MAX_SEARCH_BYTES: usize = 900_000;
/// Index entries written per statement.
const PUT_CHUNK: usize = 2000;

/// The error's text with each cause of its chain that it does not already say.
fn with_causes(e: &postgres::Error) -> String {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.contains(&text) {
            message = format!("{message}: {text}");
        }
        source = cause.source();
    }
    message
}

impl From<postgres::Error> for StoreError {
    fn from(e: postgres::Error) -> Self {
        let message = with_causes(&e);
        if let Some(db) = e.as_db_error() {
            let code = db.code().code();
            // 08: connection exception; 57P01-03: the server is shutting down or starting;
            // 40001/40P01: serialization failure, deadlock — all worth another try.
            let retryable = code.starts_with("08")
                || code.starts_with("57P")
                || code == "40001"
                || code == "40P01";
            return if retryable {
                StoreError::Unavailable(db.message().to_string())
            } else {
                StoreError::Database(db.message().to_string())
            };
        }
        if e.is_closed()
            || message.starts_with("error connecting")
            || message.starts_with("error communicating")
            || message.contains("connection closed")
        {
            StoreError::Unavailable(message)
        } else {
            StoreError::Database(message)
        }
    }
}

impl From<r2d2::Error> for StoreError {
    fn from(e: r2d2::Error) -> Self {
        StoreError::Unavailable(e.to_string())
    }
}

/// A Parallax database on a PostgreSQL server. Cloning shares the connection pool.
#[derive(Clone)]
pub struct PostgresStore {
    pool: Pool,
    name: String,
}

impl PostgresStore {
    /// Connect to `url` (`postgres://user:password@host:port/database`) and migrate the
    /// schema to the latest version.
    pub fn open(url: &str) -> Result<Self> {
        let name = crate::DbTarget::Postgres(url.to_string()).display();
        let config: postgres::Config = url.parse().map_err(|e| {
            StoreError::Unsupported(format!("{name} is not a valid PostgreSQL URL: {e}"))
        })?;
        let manager = PostgresConnectionManager::new(config, NoTls);
        let config_for_errors = |url: &str| -> Result<postgres::Config> {
            let mut c: postgres::Config = url
                .parse()
                .map_err(|e| StoreError::Unsupported(format!("not a valid PostgreSQL URL: {e}")))?;
            c.connect_timeout(CONNECT_TIMEOUT);
            Ok(c)
        };
        let pool = r2d2::Pool::builder()
            .max_size(POOL_SIZE)
            .min_idle(Some(0))
            .connection_timeout(CONNECT_TIMEOUT)
            .error_handler(Box::new(r2d2::NopErrorHandler))
            .build_unchecked(manager);
        // A first connection of its own: its error says why the server cannot be reached.
        let mut client = config_for_errors(url)?.connect(NoTls)?;
        migrate(&mut client)?;
        Ok(PostgresStore { pool, name })
    }

    /// The applied schema steps.
    pub fn schema_version(&self) -> Result<usize> {
        let row = self
            .conn()?
            .query_one("SELECT count(*) FROM schema_migrations", &[])?;
        Ok(row.get::<_, i64>(0).max(0) as usize)
    }

    /// Delete every article, story and index entry (benchmarks start from empty).
    pub fn clear_all(&self) -> Result<()> {
        self.conn()?.batch_execute(
            "TRUNCATE articles, article_entities, stories, story_articles, duplicates,
             duplicate_members, batches, analysis_index;
             UPDATE analysis_state SET generation = 0;",
        )?;
        Ok(())
    }

    fn conn(&self) -> Result<Pooled> {
        Ok(self.pool.get()?)
    }
}

/// Apply the pending schema steps, each in its own transaction under an advisory lock, so
/// workers starting together on a new database apply each step once.
fn migrate(client: &mut Client) -> Result<()> {
    let current = |client: &mut Client| -> Result<Option<i64>> {
        let exists: Option<String> = client
            .query_one("SELECT to_regclass('schema_migrations')::text", &[])?
            .get(0);
        if exists.is_none() {
            return Ok(None);
        }
        Ok(client
            .query_one("SELECT max(version)::bigint FROM schema_migrations", &[])?
            .get(0))
    };
    if current(client)?.unwrap_or(0) as usize >= MIGRATIONS.len() {
        return Ok(());
    }
    for (n, step) in MIGRATIONS.iter().enumerate() {
        let version = n as i32 + 1;
        let mut tx = client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (
                 version INTEGER PRIMARY KEY,
                 applied TIMESTAMPTZ NOT NULL DEFAULT now())",
        )?;
        let done = tx
            .query_opt(
                "SELECT 1 FROM schema_migrations WHERE version = $1",
                &[&version],
            )?
            .is_some();
        if !done {
            tx.batch_execute(step).map_err(|e| {
                let cause = StoreError::from(e);
                StoreError::Migration(format!("step {version}: {cause}"))
            })?;
            tx.execute(
                "INSERT INTO schema_migrations(version) VALUES ($1)",
                &[&version],
            )?;
        }
        tx.commit()?;
    }
    Ok(())
}

/// The distinct words of folded text, at most [`MAX_SEARCH_BYTES`] of them.
fn search_words(folded: &str) -> Vec<&str> {
    let mut seen = HashSet::new();
    let mut bytes = 0;
    let mut out = Vec::new();
    for w in folded.split_whitespace() {
        if seen.insert(w) {
            bytes += w.len() + 8;
            if bytes > MAX_SEARCH_BYTES {
                break;
            }
            out.push(w);
        }
    }
    out
}

/// The `tsquery` for folded search terms: every word must match, each by any of its forms
/// as a prefix. Lexemes are quoted (quotes and backslashes escaped), so no term can change
/// the query's syntax.
fn ts_query(terms: &[Vec<String>]) -> Option<String> {
    let groups: Vec<String> = terms
        .iter()
        .filter(|forms| !forms.is_empty())
        .map(|forms| {
            let alternatives: Vec<String> = forms
                .iter()
                .map(|f| format!("'{}':*", f.replace('\\', "\\\\").replace('\'', "''")))
                .collect();
            format!("( {} )", alternatives.join(" | "))
        })
        .collect();
    (!groups.is_empty()).then(|| groups.join(" & "))
}

const SUMMARY_COLUMNS: &str =
    "s.id, s.title, s.start, s.\"end\", s.articles, s.origins, s.events, s.outlets";

fn summary_from_row(row: &Row) -> Result<StorySummary> {
    Ok(StorySummary {
        id: row.get(0),
        title: row.get(1),
        start: row.get(2),
        end: row.get(3),
        articles: row.get::<_, i32>(4).max(0) as usize,
        origins: row.get::<_, i32>(5).max(0) as usize,
        events: row.get::<_, i32>(6).max(0) as usize,
        outlets: serde_json::from_str(row.get::<_, &str>(7))?,
    })
}

fn full_article(row: &Row) -> Result<AnnotatedArticle> {
    let mut a = article_from_json(row.get(0), row.get(2))?;
    a.tokens = serde_json::from_str::<Vec<Token>>(row.get(1))?;
    a.vectors = vectors_from_json(row.get::<_, Option<&str>>(3))?;
    Ok(a)
}

fn write_batch(tx: &mut Transaction<'_>, batch: &Batch<'_>) -> Result<CommitReport> {
    let mut report = CommitReport::default();
    if let Some(base) = batch.base_generation {
        let current: i64 = tx
            .query_one(
                "SELECT generation FROM analysis_state WHERE id = 1 FOR UPDATE",
                &[],
            )?
            .get(0);
        if current.max(0) as u64 != base {
            return Err(StoreError::Conflict);
        }
        tx.execute(
            "UPDATE analysis_state SET generation = generation + 1 WHERE id = 1",
            &[],
        )?;
    }
    let analysed = batch.analysis.is_some() || batch.update.is_some();
    let batch_id: i64 = tx
        .query_one(
            "INSERT INTO batches(articles, analysed) VALUES ($1, $2) RETURNING id",
            &[&(batch.new_articles.len() as i32), &analysed],
        )?
        .get(0);
    insert_articles(tx, batch, batch_id, &mut report)?;
    if let Some(analysis) = &batch.analysis {
        tx.execute("DELETE FROM duplicate_members", &[])?;
        tx.execute("DELETE FROM duplicates", &[])?;
        write_groups(tx, analysis.duplicates)?;
        let seen: Vec<String> = write_stories(tx, analysis, &mut report)?
            .into_iter()
            .collect();
        let vanished: Vec<String> = tx
            .query("SELECT id FROM stories WHERE NOT (id = ANY($1))", &[&seen])?
            .iter()
            .map(|r| r.get(0))
            .collect();
        delete_stories(tx, &vanished, &mut report)?;
    }
    if let Some(update) = &batch.update {
        write_duplicates_update(tx, update)?;
        delete_stories(tx, update.removed_stories, &mut report)?;
        write_stories(tx, &update.changed, &mut report)?;
    }
    write_index(tx, batch)?;
    slow_commit_pause(batch.new_articles.len());
    Ok(report)
}

fn insert_articles(
    tx: &mut Transaction<'_>,
    batch: &Batch<'_>,
    batch_id: i64,
    report: &mut CommitReport,
) -> Result<()> {
    let insert = tx.prepare(
        "INSERT INTO articles(id, path, url, title, published, language, outlet_name, outlet_kind,
         outlet_state, genre, data, tokens, raw, batch, search, vectors)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,
                 setweight(array_to_tsvector($15::text[]), 'A') || array_to_tsvector($16::text[]),
                 $17)
         ON CONFLICT (id) DO NOTHING RETURNING seq",
    )?;
    let entity = tx.prepare(
        "INSERT INTO article_entities(article_id, entity, kind, mentions) VALUES ($1,$2,$3,$4)
         ON CONFLICT (article_id, entity) DO UPDATE SET kind = excluded.kind, mentions = excluded.mentions",
    )?;
    // One order for every writer: two transactions inserting overlapping articles wait for
    // each other instead of deadlocking.
    let mut order: Vec<usize> = (0..batch.new_articles.len()).collect();
    order.sort_by(|&a, &b| {
        let id = |i: usize| batch.new_articles[i].annotated.article.id.as_str();
        id(a).cmp(id(b))
    });
    for i in order {
        let new = &batch.new_articles[i];
        let a = new.annotated;
        let art = &a.article;
        let outlet = art.outlet.as_ref();
        let title_words = search_words(new.search_title);
        let body_words = search_words(new.search_body);
        let inserted = tx.query_opt(
            &insert,
            &[
                &art.id,
                &art.path,
                &art.url,
                &art.title,
                &art.published,
                &art.language,
                &outlet.map(|o| o.name.as_str()),
                &outlet.map(|o| kind_code(o.kind)),
                &outlet.and_then(|o| o.state_affiliation.as_deref()),
                &genre_code(a.genre),
                &serde_json::to_string(a)?,
                &serde_json::to_string(&a.tokens)?,
                &art.raw,
                &batch_id,
                &title_words,
                &body_words,
                &vectors_json(a)?,
            ],
        )?;
        if inserted.is_none() {
            continue;
        }
        report.articles_added += 1;
        for (id, kind, n) in entity_counts(a)? {
            tx.execute(&entity, &[&art.id, &id, &kind, &(n as i32)])?;
        }
    }
    Ok(())
}

fn write_groups(tx: &mut Transaction<'_>, groups: &[DuplicateGroup]) -> Result<()> {
    let group = tx.prepare(
        "INSERT INTO duplicates(origin, data) VALUES ($1, $2)
         ON CONFLICT (origin) DO UPDATE SET data = excluded.data",
    )?;
    let clear = tx.prepare("DELETE FROM duplicate_members WHERE origin = $1")?;
    let member = tx.prepare(
        "INSERT INTO duplicate_members(article_id, origin) VALUES ($1, $2)
         ON CONFLICT (article_id) DO UPDATE SET origin = excluded.origin",
    )?;
    for g in groups {
        tx.execute(&group, &[&g.origin, &serde_json::to_string(g)?])?;
        tx.execute(&clear, &[&g.origin])?;
        tx.execute(&member, &[&g.origin, &g.origin])?;
        for c in &g.copies {
            tx.execute(&member, &[c, &g.origin])?;
        }
    }
    Ok(())
}

fn write_duplicates_update(tx: &mut Transaction<'_>, update: &AnalysisUpdate<'_>) -> Result<()> {
    let removed = update.removed_duplicates;
    tx.execute("DELETE FROM duplicates WHERE origin = ANY($1)", &[&removed])?;
    tx.execute(
        "DELETE FROM duplicate_members WHERE origin = ANY($1)",
        &[&removed],
    )?;
    write_groups(tx, update.changed.duplicates)
}

/// Write the stories whose content changed; returns the ids of every story of `a`.
fn write_stories(
    tx: &mut Transaction<'_>,
    a: &BatchAnalysis<'_>,
    report: &mut CommitReport,
) -> Result<HashSet<String>> {
    let hash_of = tx.prepare("SELECT hash FROM stories WHERE id = $1")?;
    let published_of = tx.prepare("SELECT id, published FROM articles WHERE id = ANY($1)")?;
    let upsert = tx.prepare(
        "INSERT INTO stories(id, title, start, \"end\", sort_key, articles, origins, events, outlets, data, comparison, hash)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)
         ON CONFLICT (id) DO UPDATE SET title=excluded.title, start=excluded.start, \"end\"=excluded.\"end\",
         sort_key=excluded.sort_key, articles=excluded.articles, origins=excluded.origins, events=excluded.events,
         outlets=excluded.outlets, data=excluded.data, comparison=excluded.comparison, hash=excluded.hash",
    )?;
    let clear = tx.prepare("DELETE FROM story_articles WHERE story_id = $1")?;
    let clear_parts = tx.prepare("DELETE FROM story_parts WHERE story_id = $1")?;
    let put_part =
        tx.prepare("INSERT INTO story_parts(story_id, part, data) VALUES ($1, $2, $3)")?;
    let link = tx.prepare(
        "INSERT INTO story_articles(story_id, article_id) SELECT $1, unnest($2::text[])
         ON CONFLICT DO NOTHING",
    )?;
    let mut seen = HashSet::new();
    for row in story_rows(a)? {
        let story = row.story;
        seen.insert(story.id.clone());
        let stored: Option<String> = tx.query_opt(&hash_of, &[&story.id])?.map(|r| r.get(0));
        if stored.as_deref() == Some(row.hash.as_str()) {
            continue;
        }
        let dates: HashMap<String, Option<String>> = tx
            .query(&published_of, &[&story.articles])?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        let published: Vec<(Option<String>, &str)> = story
            .articles
            .iter()
            .map(|id| (dates.get(id).cloned().flatten(), id.as_str()))
            .collect();
        let newest = published.iter().filter_map(|(d, _)| d.clone()).max();
        tx.execute(
            &upsert,
            &[
                &story.id,
                &story.title,
                &story.start,
                &story.end,
                &sort_key(story, newest),
                &(story.articles.len() as i32),
                &(row.origins as i32),
                &(story.events.len() as i32),
                &row.badges,
                &row.data,
                &None::<String>,
                &row.hash,
            ],
        )?;
        tx.execute(&clear_parts, &[&story.id])?;
        if let Some(cmp) = row.comparison {
            for (key, part) in comparison_parts(cmp, published)? {
                tx.execute(&put_part, &[&story.id, &key, &part])?;
            }
        }
        tx.execute(&clear, &[&story.id])?;
        tx.execute(&link, &[&story.id, &story.articles])?;
        report.stories_written += 1;
    }
    Ok(seen)
}

fn delete_stories(
    tx: &mut Transaction<'_>,
    ids: &[String],
    report: &mut CommitReport,
) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    tx.execute(
        "DELETE FROM story_articles WHERE story_id = ANY($1)",
        &[&ids],
    )?;
    report.stories_removed +=
        tx.execute("DELETE FROM stories WHERE id = ANY($1)", &[&ids])? as usize;
    Ok(())
}

fn write_index(tx: &mut Transaction<'_>, batch: &Batch<'_>) -> Result<()> {
    if batch.index.clear {
        tx.execute("DELETE FROM analysis_index", &[])?;
    }
    let (deletes, puts): (Vec<_>, Vec<_>) = batch.index.put.iter().partition(|(_, v)| v.is_empty());
    let deleted: Vec<&str> = deletes.iter().map(|(k, _)| k.as_str()).collect();
    if !deleted.is_empty() {
        tx.execute(
            "DELETE FROM analysis_index WHERE key = ANY($1)",
            &[&deleted],
        )?;
    }
    for chunk in puts.chunks(PUT_CHUNK) {
        // The last value of a key wins, as with one statement per entry.
        let mut last: HashMap<&str, &[u8]> = HashMap::with_capacity(chunk.len());
        for (k, v) in chunk {
            last.insert(k.as_str(), v.as_slice());
        }
        let keys: Vec<&str> = last.keys().copied().collect();
        let values: Vec<&[u8]> = keys.iter().map(|k| last[k]).collect();
        tx.execute(
            "INSERT INTO analysis_index(key, value) SELECT * FROM unnest($1::text[], $2::bytea[])
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            &[&keys, &values],
        )?;
    }
    Ok(())
}

impl Store for PostgresStore {
    fn backend(&self) -> Backend {
        Backend::Postgres
    }

    fn article_ids(&self) -> Result<HashSet<String>> {
        let rows = self.conn()?.query("SELECT id FROM articles", &[])?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    fn load_articles(&self) -> Result<Vec<AnnotatedArticle>> {
        let rows = self.conn()?.query(
            "SELECT data, tokens, raw, vectors FROM articles ORDER BY seq",
            &[],
        )?;
        rows.iter().map(full_article).collect()
    }

    fn articles_by_id(&self, ids: &[String]) -> Result<Vec<AnnotatedArticle>> {
        let rows = self.conn()?.query(
            "SELECT data, tokens, raw, vectors FROM articles WHERE id = ANY($1)",
            &[&ids],
        )?;
        rows.iter().map(full_article).collect()
    }

    fn commit(&mut self, batch: Batch<'_>) -> Result<CommitReport> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        let report = write_batch(&mut tx, &batch)?;
        tx.commit()?;
        Ok(report)
    }

    fn analysis_pending(&self) -> Result<bool> {
        let newest: Option<bool> = self
            .conn()?
            .query_opt("SELECT analysed FROM batches ORDER BY id DESC LIMIT 1", &[])?
            .map(|r| r.get(0));
        Ok(newest == Some(false))
    }

    fn analysis_generation(&self) -> Result<u64> {
        let g: i64 = self
            .conn()?
            .query_one("SELECT generation FROM analysis_state WHERE id = 1", &[])?
            .get(0);
        Ok(g.max(0) as u64)
    }

    fn with_analysis_lock(&mut self, step: &mut LockedStep<'_>) -> Result<()> {
        let mut lock = self.conn()?;
        let granted: bool = lock
            .query_one("SELECT pg_try_advisory_lock($1)", &[&ANALYSIS_LOCK])?
            .get(0);
        if !granted {
            eprintln!(
                "parallax: waiting for another worker's analysis of {}",
                self.name
            );
            lock.execute("SELECT pg_advisory_lock($1)", &[&ANALYSIS_LOCK])?;
        }
        let result = step(self);
        // A lost connection has released the lock already.
        let _ = lock.execute("SELECT pg_advisory_unlock($1)", &[&ANALYSIS_LOCK]);
        result
    }

    fn index_entries(&self, keys: &[String]) -> Result<HashMap<String, Vec<u8>>> {
        let rows = self.conn()?.query(
            "SELECT key, value FROM analysis_index WHERE key = ANY($1)",
            &[&keys],
        )?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    fn stories(&self, offset: usize, limit: usize) -> Result<Page<StorySummary>> {
        let mut conn = self.conn()?;
        let mut tx = conn
            .build_transaction()
            .isolation_level(postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()?;
        let total: i64 = tx.query_one("SELECT count(*) FROM stories", &[])?.get(0);
        let rows = tx.query(
            &format!(
                "SELECT {SUMMARY_COLUMNS} FROM stories s ORDER BY s.sort_key DESC, s.id LIMIT $1 OFFSET $2"
            ),
            &[&(limit as i64), &(offset as i64)],
        )?;
        tx.commit()?;
        Ok(Page {
            items: rows.iter().map(summary_from_row).collect::<Result<_>>()?,
            total: total.max(0) as usize,
            offset,
            limit,
        })
    }

    fn story_page(&self, id: &str, offset: usize, limit: usize) -> Result<Option<StoryRecord>> {
        let mut conn = self.conn()?;
        let mut tx = conn
            .build_transaction()
            .isolation_level(postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()?;
        let Some(row) =
            tx.query_opt("SELECT data, comparison FROM stories WHERE id = $1", &[&id])?
        else {
            return Ok(None);
        };
        let story: Story = serde_json::from_str(row.get::<_, &str>(0))?;
        let whole: Option<String> = row.get(1);
        let articles = tx
            .query(
                "SELECT a.data, a.raw FROM story_articles sa JOIN articles a ON a.id = sa.article_id
                 WHERE sa.story_id = $1
                 ORDER BY a.published COLLATE \"C\" NULLS FIRST, a.id COLLATE \"C\" LIMIT $2 OFFSET $3",
                &[&id, &sql_count(limit), &sql_count(offset)],
            )?
            .iter()
            .map(|r| article_from_json(r.get(0), r.get(1)))
            .collect::<Result<Vec<_>>>()?;
        let mut read = |keys: Option<&[String]>| -> Result<Vec<String>> {
            let rows = match keys {
                None => tx.query(
                    "SELECT data FROM story_parts WHERE story_id = $1 ORDER BY part",
                    &[&id],
                )?,
                Some(keys) => tx.query(
                    "SELECT data FROM story_parts WHERE story_id = $1 AND part = ANY($2)",
                    &[&id, &keys],
                )?,
            };
            Ok(rows.iter().map(|r| r.get(0)).collect())
        };
        let comparison = page_comparison(
            &story,
            &articles,
            offset,
            offset == 0 && limit == usize::MAX,
            whole.as_deref(),
            &mut read,
        )?;
        let duplicates = tx
            .query(
                "SELECT DISTINCT d.origin, d.data FROM story_articles sa JOIN duplicate_members m ON m.article_id = sa.article_id
                 JOIN duplicates d ON d.origin = m.origin WHERE sa.story_id = $1 ORDER BY d.origin",
                &[&id],
            )?
            .iter()
            .map(|r| serde_json::from_str::<DuplicateGroup>(r.get(1)))
            .collect::<serde_json::Result<Vec<_>>>()?;
        tx.commit()?;
        Ok(Some(StoryRecord {
            story,
            comparison,
            articles,
            duplicates,
        }))
    }

    fn story_article_ids(&self, id: &str) -> Result<Vec<String>> {
        let rows = self.conn()?.query(
            "SELECT article_id FROM story_articles WHERE story_id = $1 ORDER BY article_id",
            &[&id],
        )?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    fn article(&self, id: &str) -> Result<Option<AnnotatedArticle>> {
        self.conn()?
            .query_opt("SELECT data, raw FROM articles WHERE id = $1", &[&id])?
            .map(|r| article_from_json(r.get(0), r.get(1)))
            .transpose()
    }

    fn stories_of_article(&self, id: &str) -> Result<Vec<StorySummary>> {
        let rows = self.conn()?.query(
            &format!(
                "SELECT {SUMMARY_COLUMNS} FROM story_articles sa JOIN stories s ON s.id = sa.story_id
                 WHERE sa.article_id = $1 ORDER BY s.sort_key DESC, s.id"
            ),
            &[&id],
        )?;
        rows.iter().map(summary_from_row).collect()
    }

    fn search(&self, terms: &[Vec<String>], limit: usize) -> Result<Vec<SearchHit>> {
        let query = ts_query(terms)
            .ok_or_else(|| StoreError::BadQuery("the query has no words to search for".into()))?;
        let rows = self.conn()?.query(
            "SELECT a.id, a.title, a.published, a.outlet_name, a.language, (a.data::jsonb)->>'text',
                    ARRAY(SELECT sa.story_id FROM story_articles sa WHERE sa.article_id = a.id ORDER BY sa.story_id)
             FROM articles a WHERE a.search @@ $1::text::tsquery
             ORDER BY ts_rank(a.search, $1::text::tsquery) DESC, a.seq LIMIT $2",
            &[&query, &(limit as i64)],
        )?;
        Ok(rows
            .iter()
            .map(|r| SearchHit {
                article: r.get(0),
                title: r.get(1),
                published: r.get(2),
                outlet: r.get(3),
                language: r.get(4),
                text: r.get::<_, Option<String>>(5).unwrap_or_default(),
                stories: r.get(6),
            })
            .collect())
    }

    fn counts(&self) -> Result<Counts> {
        let row = self.conn()?.query_one(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM stories), (SELECT count(*) FROM batches)",
            &[],
        )?;
        let n = |i: usize| row.get::<_, i64>(i).max(0) as usize;
        Ok(Counts {
            articles: n(0),
            stories: n(1),
            batches: n(2),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_must_match_by_any_of_its_forms() {
        let q = ts_query(&[vec!["grosse".into()], vec!["a'b".into(), "a\\b".into()]]);
        assert_eq!(
            q.as_deref(),
            Some("( 'grosse':* ) & ( 'a''b':* | 'a\\\\b':* )")
        );
        assert_eq!(ts_query(&[vec![]]), None);
    }

    #[test]
    fn search_words_are_distinct_and_bounded() {
        assert_eq!(search_words("a b a c"), ["a", "b", "c"]);
        let long: String = (0..200_000).map(|i| format!("w{i} ")).collect();
        let words = search_words(&long);
        assert!(words.len() < 200_000);
        assert!(words.iter().map(|w| w.len() + 8).sum::<usize>() <= MAX_SEARCH_BYTES);
    }
}
