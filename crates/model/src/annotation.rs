//! What the nlp stage adds to an article: sentences, tokens, entities, quantities,
//! times, quotes and framing cues — each with its span into the clean text.

use serde::{Deserialize, Serialize};

use crate::{Article, Span};

/// A token: its span, a normalised form (lower case, folded quotes) and a stem for matching.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    #[serde(flatten)]
    pub span: Span,
    pub norm: String,
    pub stem: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Person,
    Organisation,
    Location,
    Misc,
}

/// One mention of an entity in the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityMention {
    #[serde(flatten)]
    pub span: Span,
    pub text: String,
    pub kind: EntityKind,
    /// Canonical entity id, shared by every mention of the same entity across articles
    /// (e.g. `person:tokajew`, `location:kasachstan`).
    pub entity: String,
    /// True for derived forms (`russische` → Russia) and role descriptions (`der Kremlchef`).
    #[serde(default)]
    pub derived: bool,
}

/// A canonical entity as seen in one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityInfo {
    pub id: String,
    pub name: String,
    pub kind: EntityKind,
    pub mentions: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    Exact,
    About,
    Almost,
    MoreThan,
    LessThan,
    UpTo,
    AtLeast,
}

/// What a number quantifies: a noun phrase with its stem, so later stages can align it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measure {
    #[serde(flatten)]
    pub span: Span,
    pub text: String,
    /// Stem of the head noun (e.g. `handelsumsatz`, `vertrag`).
    pub stem: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    #[serde(flatten)]
    pub span: Span,
    pub text: String,
    pub value: f64,
    /// Upper bound for ranges (`20 bis 30`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_max: Option<f64>,
    /// Unit code: ISO 4217 for money (`USD`), `%`, `pp`, `km`, `t`, `count`, …
    pub unit: String,
    pub qualifier: Qualifier,
    /// The measured noun phrase's text (JSON contract: `measure`), if found.
    pub measure: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure_detail: Option<Measure>,
}

/// How a time expression was resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Anchor {
    /// The text names the date completely.
    Absolute,
    /// Resolved against the article's published date.
    Published,
    /// Resolved against a date the text itself implies.
    TextDate,
    /// Could not be resolved; `value` is null or partial.
    Unresolved,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeExpr {
    #[serde(flatten)]
    pub span: Span,
    pub text: String,
    /// ISO 8601 / TIMEX3 style: `2024-11-27`, `2023-11`, `2023`, `2023-01/2023-10`, `P2D`.
    pub value: Option<String>,
    pub anchored_to: Anchor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteKind {
    /// Words in quote marks attributed to a speaker.
    Direct,
    /// Indirect speech after a cue (`sagte, dass …`, `laut X …`, Konjunktiv after a cue).
    Indirect,
    /// A speech act told in the author's words (`forderte eine schnellere Entscheidung`,
    /// `kritisierte den Plan`): the whole clause, speaker included.
    Reported,
    /// Hearsay without a cue of its own, marked by the modal (`Es soll mehr Geld fließen`,
    /// `Der Minister soll zurückgetreten sein`); the speaker is the source named before.
    FreeIndirect,
    /// A subjunctive sentence continuing the speaker of the quote before it, without a new
    /// cue (`Er sagte, … Die Lage sei ernst.` — the second sentence).
    IndirectFreeIndirect,
    /// Quote marks around a term, title or scare quote: not speech.
    Term,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    #[serde(flatten)]
    pub span: Span,
    pub text: String,
    /// Canonical entity id of the speaker.
    pub speaker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker_span: Option<Span>,
    /// The cue word or phrase (`sagte`, `laut`).
    pub cue: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue_span: Option<Span>,
    pub direct: bool,
    pub kind: QuoteKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Genre {
    Report,
    Opinion,
    Promotional,
}

/// A loaded-language or persuasion cue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FramingCue {
    #[serde(flatten)]
    pub span: Span,
    pub text: String,
    /// e.g. `name-calling`, `fear`, `flag-waving`, `doubt`, `exaggeration`, `first-person`, `direct-address`.
    pub category: String,
    /// Inside quote marks: the words of someone quoted, not the author's own.
    #[serde(default)]
    pub quoted: bool,
}

/// A term from a wording family (`Invasion` vs `Militäroperation`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WordingHit {
    #[serde(flatten)]
    pub span: Span,
    pub text: String,
    /// The family, e.g. `war-in-ukraine`.
    pub family: String,
    /// The variant within the family, e.g. `invasion`, `special-operation`.
    pub variant: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    Positive,
    Negative,
    Neutral,
}

/// Stance toward one entity, with the sentences that show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stance {
    pub entity: String,
    pub polarity: Polarity,
    pub score: f64,
    pub evidence: Vec<Span>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Framing {
    pub genre: Genre,
    /// Evidence for the genre decision, as short human-readable reasons.
    #[serde(default)]
    pub genre_reasons: Vec<String>,
    #[serde(default)]
    pub cues: Vec<FramingCue>,
    #[serde(default)]
    pub wording: Vec<WordingHit>,
    #[serde(default)]
    pub stance: Vec<Stance>,
    /// Share of sentences judged subjective, 0..1.
    #[serde(default)]
    pub subjectivity: f64,
    /// The sentences judged subjective (author's opinion, evaluation, appeal).
    #[serde(default)]
    pub subjective_sentences: Vec<Span>,
}

/// An article with its linguistic layer. Serialises flat: the article's fields plus these.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnnotatedArticle {
    #[serde(flatten)]
    pub article: Article,
    pub sentences: Vec<Span>,
    #[serde(default, skip_serializing)]
    pub tokens: Vec<Token>,
    pub entities: Vec<EntityMention>,
    #[serde(default)]
    pub entity_table: Vec<EntityInfo>,
    pub quantities: Vec<Quantity>,
    pub times: Vec<TimeExpr>,
    pub quotes: Vec<Quote>,
    /// Genre (`report`, `opinion`, `promotional`), also inside `framing`.
    pub genre: Option<Genre>,
    pub framing: Option<Framing>,
}

impl AnnotatedArticle {
    /// An article with an empty linguistic layer.
    pub fn bare(article: Article) -> Self {
        AnnotatedArticle {
            article,
            sentences: Vec::new(),
            tokens: Vec::new(),
            entities: Vec::new(),
            entity_table: Vec::new(),
            quantities: Vec::new(),
            times: Vec::new(),
            quotes: Vec::new(),
            genre: None,
            framing: None,
        }
    }
}
