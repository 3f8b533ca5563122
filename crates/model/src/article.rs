//! What ingest produces: a clean article with its metadata and what cleaning removed.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::Span;

/// What kind of outlet a source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    Wire,
    Newspaper,
    Broadcaster,
    Online,
    Blog,
    Aggregator,
}

/// An outlet from the registry (`data/outlets.toml`); unknown outlets stay `None`, never guessed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outlet {
    /// Stable registry id, e.g. `rt`.
    #[serde(default)]
    pub id: String,
    pub name: String,
    /// Main domain, e.g. `rt.com`.
    pub domain: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    #[serde(default)]
    pub country: Option<String>,
    pub kind: SourceKind,
    /// Country (alpha-2) whose state owns or directs the outlet, if any.
    pub state_affiliation: Option<String>,
}

/// Why cleaning removed a piece of raw text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RemovalReason {
    Navigation,
    Promotion,
    AdMarker,
    Comments,
    ReadMore,
    CookieBanner,
    Copyright,
    DuplicateTitle,
    SourceLine,
    Byline,
    CaptionCredit,
    Share,
    Newsletter,
    Breadcrumb,
    TagList,
    DateLine,
    Separator,
    Markup,
    /// The title line of a plain-text article, moved to `Article::title`.
    Title,
    /// A line repeating the line just before it.
    DuplicateLine,
    /// A site or section name appended to a title line (`… – RT Russland und die ehemalige Sowjetunion`).
    SiteName,
    /// A broken HTML entity that was repaired (`&quot ;` → `"`).
    Entity,
    Other,
}

/// A piece of raw text that cleaning removed, with where it was and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removed {
    /// Byte span in [`Article::raw`] (the text before cleaning).
    pub span_in_raw: Span,
    pub text: String,
    pub reason: RemovalReason,
}

/// Where a metadata field's value was found, e.g. `meta[property=og:title]`, `json-ld`,
/// `first-line`, `quelle-line`, `url-domain`, `date-line`, `jsonl`, `feed`.
pub type FieldOrigins = BTreeMap<String, String>;

/// One clean article. `id` is the hex SHA-256 prefix of the clean text: stable everywhere.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub id: String,
    /// Input file; `#N` suffix for the N-th record (1-based) of a feed, WARC or JSONL file.
    pub path: String,
    pub url: Option<String>,
    pub title: Option<String>,
    /// ISO 8601 date or date-time, or null.
    pub published: Option<String>,
    /// ISO 639-1 code, e.g. `de`.
    pub language: Option<String>,
    pub outlet: Option<Outlet>,
    #[serde(default)]
    pub authors: Vec<String>,
    /// The clean text all spans point into.
    pub text: String,
    #[serde(default)]
    pub removed: Vec<Removed>,
    /// Where each metadata field came from (`title`, `published`, `url`, `outlet`, `language`, …).
    #[serde(default)]
    pub field_origins: FieldOrigins,
    /// Outlet credits found in the text (`Quelle: TASS`, `(dpa)`), kept for lineage.
    #[serde(default)]
    pub credits: Vec<String>,
    /// The text before cleaning (what `removed[].span_in_raw` points into).
    #[serde(default, skip_serializing)]
    pub raw: String,
}
