//! The HTTP server: HTML pages and the JSON API over a [`Store`].
//!
//! Store calls and rendering run on the blocking pool; a panic there becomes a plain 500
//! page, never a stack trace. Unknown ids give 404, bad query strings 400.
//!
//! Every request must name the server in its `Host` header by an IP address, `localhost`, or
//! a name on the allow-list ([`AppState::allow_hosts`]); any other name gets 403. A web page
//! on another site cannot then reach the local API through a DNS name it rebinds to
//! 127.0.0.1 (the browser sends that name as `Host`).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use parallax_store::{Store, StoreError};
use serde::Deserialize;
use serde_json::json;

use crate::links::Links;
use crate::render;
use crate::views;

/// Stories per page of the list (HTML) and the default API page size.
pub const PAGE_SIZE: usize = 50;
/// Largest page the API serves.
pub const MAX_LIMIT: usize = 500;
const MAX_QUERY_CHARS: usize = 200;

const OPENAPI: &str = include_str!("../openapi.json");

/// Shared state: a few store connections, used round-robin.
pub struct AppState {
    stores: Vec<Mutex<Box<dyn Store>>>,
    next: AtomicUsize,
    /// Host names (lower case, without port) accepted besides IP addresses and `localhost`.
    allowed_hosts: Vec<String>,
}

impl AppState {
    pub fn new(stores: Vec<Box<dyn Store>>) -> Arc<Self> {
        Self::allow_hosts(stores, &[])
    }

    /// The state with `names` (host names, `parallax.example.org`) accepted in `Host` besides
    /// IP addresses and `localhost`: for a server reached by name from other machines.
    pub fn allow_hosts(stores: Vec<Box<dyn Store>>, names: &[String]) -> Arc<Self> {
        assert!(!stores.is_empty(), "at least one store connection");
        Arc::new(AppState {
            stores: stores.into_iter().map(Mutex::new).collect(),
            next: AtomicUsize::new(0),
            allowed_hosts: names
                .iter()
                .map(|n| n.trim().trim_end_matches('.').to_lowercase())
                .filter(|n| !n.is_empty())
                .collect(),
        })
    }

    /// Whether a `Host` header value names this server: an IP address (v4, or v6 in
    /// brackets), `localhost`, or an allowed name, each with or without a port.
    pub fn host_allowed(&self, host: &str) -> bool {
        let host = host.trim();
        let name = match host.strip_prefix('[') {
            // `[::1]:8080`: the address is what the brackets hold.
            Some(rest) => match rest.split_once(']') {
                Some((v6, port)) if port.is_empty() || port.starts_with(':') => {
                    return v6.parse::<std::net::Ipv6Addr>().is_ok();
                }
                _ => return false,
            },
            None => host.rsplit_once(':').map_or(host, |(name, _port)| name),
        };
        let name = name.trim_end_matches('.').to_lowercase();
        name.parse::<std::net::Ipv4Addr>().is_ok()
            || name == "localhost"
            || self.allowed_hosts.contains(&name)
    }

    fn store(&self) -> MutexGuard<'_, Box<dyn Store>> {
        let n = self.stores.len();
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        for i in 0..n {
            if let Ok(guard) = self.stores[(start + i) % n].try_lock() {
                return guard;
            }
        }
        self.stores[start % n]
            .lock()
            .unwrap_or_else(|p| p.into_inner())
    }
}

/// What went wrong, for the user.
pub enum Failure {
    NotFound(String),
    BadRequest(String),
    Forbidden(String),
    Internal(String),
}

impl Failure {
    fn parts(&self) -> (StatusCode, &'static str, &str) {
        match self {
            Failure::NotFound(m) => (StatusCode::NOT_FOUND, "Not found", m),
            Failure::BadRequest(m) => (StatusCode::BAD_REQUEST, "Bad request", m),
            Failure::Forbidden(m) => (StatusCode::FORBIDDEN, "Forbidden", m),
            Failure::Internal(m) => (StatusCode::INTERNAL_SERVER_ERROR, "Server error", m),
        }
    }

    fn html(&self) -> Response {
        let (status, title, message) = self.parts();
        (
            status,
            Html(render::error_page(status.as_u16(), title, message)),
        )
            .into_response()
    }

    fn json(&self) -> Response {
        let (status, _, message) = self.parts();
        (
            status,
            Json(json!({ "error": message, "status": status.as_u16() })),
        )
            .into_response()
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::BadQuery(m) => Failure::BadRequest(m),
            other => {
                eprintln!("parallax serve: {other}");
                Failure::Internal("the database could not answer; see the server log".into())
            }
        }
    }
}

/// The stored article `id`, or a 404.
fn article_or_404(
    store: &dyn Store,
    id: &str,
) -> Result<parallax_model::AnnotatedArticle, Failure> {
    store
        .article(id)?
        .ok_or_else(|| Failure::NotFound("There is no article with this id.".into()))
}

/// A search request's words and result limit, or a 400.
fn search_params(
    q: Result<Query<SearchParams>, QueryRejection>,
) -> Result<(String, usize), Failure> {
    let params = query(q)?;
    let words = search_query(params.q)?;
    let limit = number("limit", params.limit.as_deref(), 50, MAX_LIMIT)?;
    Ok((words, limit))
}

async fn with_store<T: Send + 'static>(
    state: &Arc<AppState>,
    f: impl FnOnce(&dyn Store) -> Result<T, Failure> + Send + 'static,
) -> Result<T, Failure> {
    let state = Arc::clone(state);
    tokio::task::spawn_blocking(move || {
        let guard = state.store();
        f(&**guard)
    })
    .await
    .unwrap_or_else(|_| Err(Failure::Internal("an internal error occurred".into())))
}

pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(stories_html))
        .route("/stories", get(stories_html))
        .route("/stories/{id}", get(story_html))
        .route("/articles/{id}", get(article_html))
        .route("/search", get(search_html))
        .route("/api/stories", get(stories_json))
        .route("/api/stories/{id}", get(story_json))
        .route("/api/articles/{id}", get(article_json))
        .route("/api/search", get(search_json))
        .route("/api/openapi.json", get(openapi))
        .fallback(fallback)
        .layer(axum::middleware::map_response(security_headers))
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&state),
            check_host,
        ))
        .with_state(state)
}

/// Refuse a request whose `Host` names another server (see the module docs). A request
/// without `Host` (HTTP/1.0, a test client) passes: browsers always send one.
async fn check_host(
    State(state): State<Arc<AppState>>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let host = req.headers().get(header::HOST).map(|h| h.to_str());
    match host {
        None => next.run(req).await,
        Some(Ok(h)) if state.host_allowed(h) => next.run(req).await,
        Some(h) => {
            let shown: String = h.unwrap_or("?").chars().take(100).collect();
            let f = Failure::Forbidden(format!(
                "This server does not answer to the host name `{shown}`. Reach it by its IP \
                 address or `localhost`, or start it with `--allow-host {shown}`."
            ));
            let res = if req.uri().path().starts_with("/api/") {
                f.json()
            } else {
                f.html()
            };
            security_headers(res).await
        }
    }
}

async fn security_headers(mut res: Response) -> Response {
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(render::csp()) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    res
}

async fn fallback(uri: Uri) -> Response {
    let f = Failure::NotFound(format!("There is no page at {}.", uri.path()));
    if uri.path().starts_with("/api/") {
        f.json()
    } else {
        f.html()
    }
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

// ------------------------------------------------------------------ parameters

#[derive(Deserialize)]
pub struct ListParams {
    page: Option<String>,
    offset: Option<String>,
    limit: Option<String>,
}

#[derive(Deserialize)]
pub struct StoryParams {
    offset: Option<String>,
    limit: Option<String>,
}

#[derive(Deserialize)]
pub struct SearchParams {
    q: Option<String>,
    limit: Option<String>,
}

fn number(name: &str, value: Option<&str>, default: usize, max: usize) -> Result<usize, Failure> {
    match value {
        None => Ok(default),
        Some(v) => match v.trim().parse::<usize>() {
            Ok(n) if n <= max => Ok(n),
            _ => Err(Failure::BadRequest(format!(
                "`{name}` must be a whole number from 0 to {max}"
            ))),
        },
    }
}

fn query<T>(q: Result<Query<T>, QueryRejection>) -> Result<T, Failure> {
    q.map(|Query(t)| t)
        .map_err(|_| Failure::BadRequest("the query string is malformed".into()))
}

fn path_id(p: Result<Path<String>, PathRejection>) -> Result<String, Failure> {
    let id = p
        .map(|Path(id)| id)
        .map_err(|_| Failure::BadRequest("the id in the address is malformed".into()))?;
    if id.is_empty() || id.len() > 200 {
        return Err(Failure::BadRequest(
            "the id in the address is malformed".into(),
        ));
    }
    Ok(id)
}

fn search_query(q: Option<String>) -> Result<String, Failure> {
    let q = q.unwrap_or_default();
    let q = q.trim();
    if q.is_empty() {
        return Err(Failure::BadRequest("give a search term: `?q=…`".into()));
    }
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(Failure::BadRequest(format!(
            "the query is longer than {MAX_QUERY_CHARS} characters"
        )));
    }
    Ok(q.to_string())
}

fn html_result(r: Result<String, Failure>) -> Response {
    match r {
        Ok(page) => Html(page).into_response(),
        Err(f) => f.html(),
    }
}

fn json_result(r: Result<serde_json::Value, Failure>) -> Response {
    match r {
        Ok(v) => Json(v).into_response(),
        Err(f) => f.json(),
    }
}

// ------------------------------------------------------------------ HTML

async fn stories_html(
    State(state): State<Arc<AppState>>,
    q: Result<Query<ListParams>, QueryRejection>,
) -> Response {
    let r = async {
        let params = query(q)?;
        let page = number("page", params.page.as_deref(), 1, 1_000_000)?.max(1);
        with_store(&state, move |store| {
            let list = store.stories((page - 1) * PAGE_SIZE, PAGE_SIZE)?;
            let pages = list.total.div_ceil(PAGE_SIZE).max(1);
            if page > pages {
                return Err(Failure::NotFound(format!(
                    "There are only {pages} pages of stories."
                )));
            }
            let items: Vec<_> = list
                .items
                .iter()
                .map(|s| views::story_item(s, Links::Server))
                .collect();
            Ok(render::stories_page(&render::StoriesPage {
                items: &items,
                total: list.total,
                page,
                pages,
                prev_href: (page > 1).then(|| format!("/?page={}", page - 1)),
                next_href: (page < pages).then(|| format!("/?page={}", page + 1)),
            }))
        })
        .await
    }
    .await;
    html_result(r)
}

async fn story_html(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
    q: Result<Query<StoryParams>, QueryRejection>,
) -> Response {
    let r = async {
        let id = path_id(id)?;
        let params = query(q)?;
        let offset = number("offset", params.offset.as_deref(), 0, usize::MAX / 2)?;
        with_store(&state, move |store| {
            let (rec, comparison) = story_page_or_404(store, &id, offset, PAGE_SIZE)?;
            let members: Vec<_> = rec.articles.iter().collect();
            let mut view = views::story_view(
                &rec.story,
                comparison.as_ref(),
                &members,
                &rec.duplicates,
                Links::Server,
            );
            let story_href = Links::Server.story(&rec.story.id);
            view.pager =
                views::SourcePager::new(offset, PAGE_SIZE, rec.story.articles.len(), |o| {
                    format!("{story_href}?offset={o}")
                });
            Ok(render::story_page(&view))
        })
        .await
    }
    .await;
    html_result(r)
}

/// One page of a story's articles, with what the comparison says about them; a 404 for an
/// unknown story or a page past its last article.
fn story_page_or_404(
    store: &dyn Store,
    id: &str,
    offset: usize,
    limit: usize,
) -> Result<
    (
        parallax_store::StoryRecord,
        Option<parallax_model::Comparison>,
    ),
    Failure,
> {
    let rec = store
        .story_page(id, offset, limit)?
        .ok_or_else(|| Failure::NotFound("There is no story with this id.".into()))?;
    let total = rec.story.articles.len();
    if offset > 0 && offset >= total {
        return Err(Failure::NotFound(format!(
            "This story has {total} article{}; there is nothing from offset {offset} on.",
            if total == 1 { "" } else { "s" }
        )));
    }
    let on_page: std::collections::HashSet<&str> =
        rec.articles.iter().map(|a| a.article.id.as_str()).collect();
    let comparison = rec
        .comparison
        .as_ref()
        .map(|c| crate::page::for_articles(c, &|a| on_page.contains(a)));
    Ok((rec, comparison))
}

async fn article_html(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
) -> Response {
    let r = async {
        let id = path_id(id)?;
        with_store(&state, move |store| {
            let a = article_or_404(store, &id)?;
            let stories = store.stories_of_article(&id)?;
            Ok(render::article_page(&views::article_view(
                &a,
                &stories,
                Links::Server,
            )))
        })
        .await
    }
    .await;
    html_result(r)
}

async fn search_html(
    State(state): State<Arc<AppState>>,
    q: Result<Query<SearchParams>, QueryRejection>,
) -> Response {
    let r = async {
        let (q, limit) = search_params(q)?;
        with_store(&state, move |store| {
            let hits = search(store, &q, limit)?;
            let views: Vec<render::HitView> = hits
                .into_iter()
                .map(|h| render::HitView {
                    href: Links::Server.article(&h.article),
                    title: h.title.unwrap_or_else(|| "(no title)".into()),
                    published: h.published.as_deref().map(views::format_published),
                    outlet: h.outlet,
                    snippet: h.snippet,
                    stories: h
                        .stories
                        .iter()
                        .map(|s| render::LinkView {
                            href: Links::Server.story(s),
                        })
                        .collect(),
                })
                .collect();
            Ok(render::search_page(&q, &views))
        })
        .await
    }
    .await;
    html_result(r)
}

// ------------------------------------------------------------------ JSON

async fn stories_json(
    State(state): State<Arc<AppState>>,
    q: Result<Query<ListParams>, QueryRejection>,
) -> Response {
    let r = async {
        let params = query(q)?;
        let offset = number("offset", params.offset.as_deref(), 0, usize::MAX / 2)?;
        let limit = number("limit", params.limit.as_deref(), PAGE_SIZE, MAX_LIMIT)?;
        with_store(&state, move |store| {
            Ok(serde_json::to_value(store.stories(offset, limit)?).unwrap_or_default())
        })
        .await
    }
    .await;
    json_result(r)
}

async fn story_json(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
    q: Result<Query<StoryParams>, QueryRejection>,
) -> Response {
    let r = async {
        let id = path_id(id)?;
        let params = query(q)?;
        let offset = number("offset", params.offset.as_deref(), 0, usize::MAX / 2)?;
        let limit = number("limit", params.limit.as_deref(), PAGE_SIZE, MAX_LIMIT)?;
        with_store(&state, move |store| {
            let (rec, comparison) = story_page_or_404(store, &id, offset, limit)?;
            let articles: Vec<_> = rec
                .articles
                .iter()
                .map(|a| {
                    let art = &a.article;
                    json!({ "id": art.id, "path": art.path, "url": art.url, "title": art.title,
                            "published": art.published, "language": art.language, "outlet": art.outlet,
                            "genre": a.genre })
                })
                .collect();
            Ok(json!({ "story": rec.story, "comparison": comparison, "articles": articles,
                       "articles_total": rec.story.articles.len(), "offset": offset, "limit": limit,
                       "duplicates": rec.duplicates }))
        })
        .await
    }
    .await;
    json_result(r)
}

async fn article_json(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
) -> Response {
    let r = async {
        let id = path_id(id)?;
        with_store(&state, move |store| {
            let a = article_or_404(store, &id)?;
            let stories: Vec<String> = store
                .stories_of_article(&id)?
                .into_iter()
                .map(|s| s.id)
                .collect();
            let mut v = serde_json::to_value(&a).map_err(|e| Failure::Internal(e.to_string()))?;
            if let Some(obj) = v.as_object_mut() {
                obj.insert("stories".into(), json!(stories));
            }
            Ok(v)
        })
        .await
    }
    .await;
    json_result(r)
}

async fn search_json(
    State(state): State<Arc<AppState>>,
    q: Result<Query<SearchParams>, QueryRejection>,
) -> Response {
    let r = async {
        let (q, limit) = search_params(q)?;
        with_store(&state, move |store| {
            let hits = search(store, &q, limit)?;
            Ok(json!({ "query": q, "hits": hits }))
        })
        .await
    }
    .await;
    json_result(r)
}

/// One search result as the API and the search page show it.
#[derive(serde::Serialize)]
struct Hit {
    article: String,
    title: Option<String>,
    published: Option<String>,
    outlet: Option<String>,
    /// A short excerpt of the clean text around the first match.
    snippet: String,
    /// Stories the article belongs to.
    stories: Vec<String>,
}

/// Search the store for the query's words, each folded the way every language folds it.
fn search(store: &dyn Store, query: &str, limit: usize) -> Result<Vec<Hit>, Failure> {
    let terms = parallax_nlp::search::query_terms(query);
    let hits = store.search(&terms, limit)?;
    Ok(hits
        .into_iter()
        .map(|h| {
            let language = parallax_nlp::lang::for_code(h.language.as_deref());
            Hit {
                snippet: parallax_nlp::search::snippet(language, &h.text, &terms),
                article: h.article,
                title: h.title,
                published: h.published,
                outlet: h.outlet,
                stories: h.stories,
            }
        })
        .collect())
}

/// Serve until Ctrl-C.
pub async fn serve(listener: tokio::net::TcpListener, state: Arc<AppState>) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
