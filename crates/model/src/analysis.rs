//! What the analyze stage produces: copies, stories, events and the comparison of sources.

use serde::{Deserialize, Serialize};

use crate::{AnnotatedArticle, Qualifier, SourceKind, Span};

/// A group of near-identical texts: the origin and its copies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DuplicateGroup {
    /// Article id of the earliest/fullest text.
    pub origin: String,
    pub copies: Vec<String>,
    /// Similarity of each copy to the origin (same order as `copies`), 0..1.
    #[serde(default)]
    pub similarity: Vec<f64>,
    /// An origin named by the text itself (`Quelle: URL`, `(dpa)`), if any.
    #[serde(default)]
    pub credited_origin: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: String,
    /// ISO 8601 date, month or range the event happened.
    pub when: Option<String>,
    pub articles: Vec<String>,
    #[serde(default)]
    pub label: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Story {
    pub id: String,
    pub title: String,
    pub articles: Vec<String>,
    pub events: Vec<Event>,
    /// Canonical entity ids, most salient first.
    #[serde(default)]
    pub key_entities: Vec<String>,
    /// First and last date the story covers (ISO 8601).
    #[serde(default)]
    pub start: Option<String>,
    #[serde(default)]
    pub end: Option<String>,
    /// Number of independent origins among its articles.
    #[serde(default)]
    pub origins: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactStatus {
    Agree,
    Conflict,
    DifferentScope,
    Single,
}

/// What kind of fact a cell states: an achieved value, a target or forecast, a change,
/// the date of an event, or a statement (a quote).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum FactKind {
    #[default]
    Value,
    Target,
    Change,
    Date,
    Statement,
}

/// How two value groups of one row (indices into the cells' `group`) compare: a group
/// compared with itself tells whether its cells of different articles agree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactPair {
    pub a: usize,
    pub b: usize,
    pub status: FactStatus,
}

/// One source's value for a fact, with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactCell {
    pub article: String,
    /// Numeric value, or a textual value for statements and dates.
    pub value: FactValue,
    pub unit: Option<String>,
    /// Time scope of the value (ISO 8601), e.g. `2023` or `2023-01/2023-10`.
    pub scope: Option<String>,
    #[serde(default)]
    pub qualifier: Option<Qualifier>,
    /// The cell's value group: cells of one group state the same value (kind, unit, scope,
    /// qualifier) in the same event, so a row stores how its groups compare, not every pair
    /// of cells (a story of thousands of articles would store millions of pairs).
    #[serde(default)]
    pub group: usize,
    /// Span of the value in the article's text.
    pub start: usize,
    pub end: usize,
    /// The sentence holding the evidence.
    #[serde(default)]
    pub sentence: Option<Span>,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub kind: FactKind,
    /// The words the scope came from (`in den ersten zehn Monaten des Jahres 2023`).
    #[serde(default)]
    pub scope_text: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactRow {
    /// What is measured (stem or canonical measure key), e.g. `handelsumsatz`.
    pub measure: String,
    /// What is measured, for a reader: `trade turnover`, `date of the visit`, `Tokajew said`.
    #[serde(default)]
    pub label: String,
    /// Entities the fact is about.
    #[serde(default)]
    pub subjects: Vec<String>,
    pub status: FactStatus,
    pub cells: Vec<FactCell>,
    /// Unit shared by the row's cells (`USD`, `%`, `count`), if numeric.
    #[serde(default)]
    pub unit: Option<String>,
    /// How the row's value groups compare (`a <= b`, group indices); what two cells of
    /// different articles compare to is `parallax_analyze::compare::FactRowIndex::status`.
    #[serde(default)]
    pub group_pairs: Vec<FactPair>,
    /// A one-line human-readable account of the row.
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Omission {
    pub article: String,
    /// Measures of facts at least two other sources report.
    pub facts: Vec<String>,
}

/// A wording family and the variants each source uses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WordingRow {
    pub family: String,
    /// (article id, variants used, sorted).
    pub by_article: Vec<(String, Vec<String>)>,
}

/// Whether a claim is made by several independent sources, one, or disputed between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimStatus {
    /// Stated by at least two independent origins (copies of one article count once).
    Shared,
    /// Stated by one origin.
    Single,
    /// Sources state it with contradicting content.
    Disputed,
}

/// What a claim is about, judged from its evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimKind {
    /// A figure: an amount, a count, a share.
    Number,
    /// When something happened.
    Date,
    /// Words someone said.
    Quote,
    /// Anything else stated.
    Statement,
}

/// One source's statement of a claim: the sentence (or clause) it is made in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimCell {
    pub article: String,
    /// Byte offsets of the sentence or clause in the article's clean text.
    pub start: usize,
    pub end: usize,
    pub sentence: String,
    /// For a quote: the canonical id of the speaker the source names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
}

/// Why two cells of one claim contradict each other (`a`, `b`: indexes into `cells`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimDispute {
    pub a: usize,
    pub b: usize,
    pub why: String,
}

/// A statement the articles of a story make, aligned across sources and languages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub id: String,
    /// A readable account of the claim (one of its sentences).
    pub label: String,
    pub status: ClaimStatus,
    pub kind: ClaimKind,
    /// The event of the story the claim belongs to, when the story has events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// Claims about one measure with different scopes (the yearly figure and a ten-month
    /// figure) share a family: kept apart, shown together.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    /// Articles stating it, in story order.
    pub sources: Vec<String>,
    /// Independent origins among the sources.
    pub origins: usize,
    pub cells: Vec<ClaimCell>,
    #[serde(default)]
    pub disputes: Vec<ClaimDispute>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub story: String,
    /// The story's claims: disputed first, then shared, then single, each by sources.
    #[serde(default)]
    pub claims: Vec<Claim>,
    pub facts: Vec<FactRow>,
    pub omissions: Vec<Omission>,
    #[serde(default)]
    pub wording: Vec<WordingRow>,
    /// Genre and subjectivity of each article of the story.
    #[serde(default)]
    pub framing: Vec<ArticleFraming>,
    /// Stance of each source toward the story's main actors.
    #[serde(default)]
    pub stance: Vec<StanceRow>,
}

/// How one article of a story frames it, in brief.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleFraming {
    pub article: String,
    pub genre: Option<crate::Genre>,
    #[serde(default)]
    pub genre_reasons: Vec<String>,
    #[serde(default)]
    pub subjectivity: f64,
    /// Number of loaded-language cues per category, sorted by category.
    #[serde(default)]
    pub cues: Vec<(String, usize)>,
}

/// Stance toward one actor, per article that mentions it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StanceRow {
    pub entity: String,
    /// (article id, polarity, score, evidence sentences).
    pub by_article: Vec<(String, crate::Polarity, f64, Vec<Span>)>,
}

/// The whole result of `parallax analyze`: the public JSON document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub schema_version: String,
    pub articles: Vec<AnnotatedArticle>,
    pub duplicates: Vec<DuplicateGroup>,
    pub stories: Vec<Story>,
    pub comparisons: Vec<Comparison>,
}

/// A fact's value: a number or a text (dates, statements).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FactValue {
    Number(f64),
    Text(String),
}

/// An outlet as a story list shows it: name, kind and state affiliation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct OutletBadge {
    pub name: String,
    pub kind: Option<SourceKind>,
    pub state_affiliation: Option<String>,
}

/// One line of the story list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StorySummary {
    pub id: String,
    pub title: String,
    pub start: Option<String>,
    pub end: Option<String>,
    pub articles: usize,
    /// Independent origins among the articles (copies counted once).
    pub origins: usize,
    pub events: usize,
    pub outlets: Vec<OutletBadge>,
}
