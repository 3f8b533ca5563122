//! What the nlp stage adds to an article: sentences, tokens, entities, quantities,
//! times, quotes and framing cues — each with its span into the clean text.

use serde::{Deserialize, Serialize};

use crate::{Article, Span, TimeValue};

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

/// The TIMEX3 type of a time expression (TimeML): a calendar date or period, a time of day,
/// a duration, or a recurring time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimeType {
    /// `8. Mai`, `2014`, `im vergangenen Jahr`, `heute`, `damals`.
    #[default]
    Date,
    /// `um neun Uhr`, `Dienstagabend`.
    Time,
    /// `zwei Tage`, `seit drei Jahren`, `22 Jahre alt`.
    Duration,
    /// `jährlich`, `jeden Montag`.
    Set,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeExpr {
    /// The expression as TimeML marks it: without its governing preposition (`8. Mai` of
    /// `am 8. Mai`), with its article and a qualifier (`den letzten zwei Jahren`, `rund 200
    /// Stunden`).
    #[serde(flatten)]
    pub span: Span,
    pub text: String,
    /// TIMEX3 value (JSON: the TIMEX3 string): `2024-11-27`, `2023-11`, `2023`,
    /// `2014-W08-WE`, `2002-02-27T09:00`, `P2D`, `PRESENT_REF`, `2024-11-27/2024-11-28`.
    pub value: Option<TimeValue>,
    pub anchored_to: Anchor,
    /// TIMEX3 type (JSON `type`).
    #[serde(rename = "type", default)]
    pub kind: TimeType,
    /// The governing preposition (`vor`, `seit`, `bis zum`, `am`), left out of `span`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signal: Option<Span>,
    /// What the phrase with its preposition points to, where that differs from `value`:
    /// `vor fünf Jahren` (P5Y) → `2009-02-21`, `in drei Wochen` (P3W) → a day, `bis 2025`
    /// (2025) → `2024-11-27/2025`, `in den letzten 30 Jahren` (P30Y) → `1994/2024`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phrase_value: Option<TimeValue>,
    /// The times TimeML annotates one by one inside this one: the two ends of a range
    /// (`27. bis 28. November` → `27.` and `28. November`), the day and the clock time of
    /// `am Montag um 17.30 Uhr`. Empty for other times.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<TimeExpr>,
}

impl TimeExpr {
    /// A date of `value` at `span`: no preposition, no parts.
    pub fn new(span: Span, text: &str, value: Option<TimeValue>, anchored_to: Anchor) -> Self {
        TimeExpr {
            span,
            text: text.to_string(),
            value,
            anchored_to,
            kind: TimeType::Date,
            signal: None,
            phrase_value: None,
            parts: Vec::new(),
        }
    }

    /// The time the phrase refers to: its [`TimeExpr::phrase_value`] when it has one (`vor
    /// fünf Jahren` → a date), else its value.
    pub fn reference(&self) -> Option<&TimeValue> {
        self.phrase_value.as_ref().or(self.value.as_ref())
    }
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
    /// Sentences or clauses that state something: the candidates for the story's claims.
    #[serde(default)]
    pub claim_candidates: Vec<Span>,
    /// Sentence vectors of the multilingual encoder, when it was installed (kept in the
    /// store, not part of the public JSON).
    #[serde(default, skip_serializing)]
    pub vectors: Option<SentenceVectors>,
}

/// An embedding stored in 8 bits per dimension: `values[i] as f32 * scale`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuantizedVector {
    pub scale: f32,
    pub values: Vec<i8>,
}

/// An article's sentence vectors: its title with its lead, and each claim candidate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentenceVectors {
    /// The encoder that made them (vectors of different models never meet).
    pub model: String,
    pub title_lead: Option<QuantizedVector>,
    /// One per `claim_candidates` entry, same order.
    pub candidates: Vec<QuantizedVector>,
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
            claim_candidates: Vec::new(),
            vectors: None,
        }
    }
}
