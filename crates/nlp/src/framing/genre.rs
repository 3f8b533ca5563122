//! Genre of a whole article — report, opinion (incl. commentary and satire) or promotional —
//! from the author's voice against the quoted sources.
//!
//! [`GenreFeatures`] are language-neutral measures (shares and rates) whose words each language
//! supplies (`data/lang/<code>/framing.toml`: pronouns, evaluative and modal words, genre
//! labels): how much of the text is quoted or attributed, first and second person outside
//! quotes, evaluative and modal language, rhetorical questions, exclamations, scare quotes,
//! the headline's form, a genre label (`Kommentar:`), digits and a dateline, and the outlet's
//! kind as a prior. A multinomial logistic regression over them ([`GenreModel`], weights in
//! `data/genre.toml`) gives the genre; its reasons name the features that weighed most.

use parallax_model::{Genre, Quote, QuoteKind, SourceKind, Span};
use serde::{Deserialize, Serialize};

use super::lexicon::{inside, Word};
use super::subjectivity::SentenceJudgement;
use super::FramingLexicon;

/// The model shipped with Parallax (see `data/PROVENANCE.md`).
pub const GENRE_MODEL_TOML: &str = include_str!("../../../../data/genre.toml");

/// Feature names, in the order of [`GenreFeatures::values`], with a plain-language label.
pub const FEATURES: &[(&str, &str)] = &[
    ("quoted_share", "share of the text inside quotes"),
    ("attributed_rate", "quotes and reported speech per sentence"),
    ("first_singular", "sentences in the first person singular"),
    ("first_plural", "sentences in the first person plural"),
    ("second_person", "sentences addressing the reader"),
    ("evaluative", "evaluative words per 100 words"),
    (
        "intensifiers",
        "intensifiers and modal particles per 100 words",
    ),
    ("opinion_phrases", "opinion phrases per sentence"),
    ("modal", "modal words (should, must) per 100 words"),
    ("questions", "questions outside quotes per sentence"),
    ("exclamations", "exclamations per sentence"),
    ("loaded", "loaded-language cues per 100 words"),
    ("subjective_share", "share of subjective sentences"),
    ("calls_to_act", "calls to act per sentence"),
    ("commerce", "shopping and offer words per 100 words"),
    ("emoji", "emoji"),
    ("scare_quotes", "short quoted terms per sentence"),
    ("title_question", "headline is a question"),
    ("title_exclamation", "headline is an exclamation"),
    (
        "title_first_person",
        "headline in the first or second person",
    ),
    ("opinion_label", "labelled as commentary, column or satire"),
    ("promo_label", "labelled as advertising or sponsored"),
    ("digits", "digits per 100 words"),
    ("dateline", "opens with a dateline"),
    ("prior_blog", "outlet is a blog"),
    ("prior_news", "outlet is a wire, newspaper or broadcaster"),
];

/// The feature values of one article (same order as [`FEATURES`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GenreFeatures {
    pub values: Vec<f64>,
}

/// What the genre judgement looks at besides the text.
#[derive(Debug, Clone, Copy, Default)]
pub struct GenreContext<'a> {
    /// The headline, when known separately from the text.
    pub title: Option<&'a str>,
    /// The outlet's kind, when the outlet is known.
    pub outlet_kind: Option<SourceKind>,
}

/// Everything the features are computed from.
pub struct GenreInput<'a> {
    pub lexicon: &'a FramingLexicon,
    pub text: &'a str,
    pub words: &'a [Word],
    pub judgements: &'a [SentenceJudgement],
    pub quoted: &'a [Span],
    pub quotes: &'a [Quote],
    pub context: GenreContext<'a>,
    /// Headline words (normalised like text words).
    pub title_words: &'a [Word],
}

fn per(n: usize, d: usize) -> f64 {
    if d == 0 {
        0.0
    } else {
        n as f64 / d as f64
    }
}

/// Compute the features of one article.
pub fn features(input: &GenreInput) -> GenreFeatures {
    let j: Vec<&SentenceJudgement> = input.judgements.iter().filter(|j| j.words >= 3).collect();
    let n = j.len().max(1);
    let count = |f: &dyn Fn(&SentenceJudgement) -> bool| j.iter().filter(|s| f(s)).count();
    let sum = |f: &dyn Fn(&SentenceJudgement) -> usize| j.iter().map(|s| f(s)).sum::<usize>();
    let own_words = input
        .words
        .iter()
        .filter(|w| !inside(input.quoted, w.start))
        .count()
        .max(1);
    let per100 = |k: usize| (100.0 * k as f64 / own_words as f64).min(20.0);
    let quoted_bytes: usize = input.quoted.iter().map(|s| s.end - s.start).sum();
    let attributed = input
        .quotes
        .iter()
        .filter(|q| q.kind != QuoteKind::Term)
        .count();
    let scare = input
        .quotes
        .iter()
        .filter(|q| q.kind == QuoteKind::Term)
        .count();
    let title = input.context.title.map(str::trim).unwrap_or("");
    let lex = input.lexicon;
    let title_person = lex.style.find(input.title_words, true).iter().any(|m| {
        matches!(
            m.payload,
            super::Style::FirstSingular | super::Style::FirstPlural | super::Style::Direct
        )
    });
    let head_words = label_window(input.title_words, input.words);
    let label = |g: Genre| {
        let found = lex
            .genre_labels
            .find(input.title_words, true)
            .iter()
            .chain(lex.genre_labels.find(&head_words, true).iter())
            .any(|m| *m.payload == g);
        f64::from(u8::from(found))
    };
    let digits = input
        .words
        .iter()
        .filter(|w| !inside(input.quoted, w.start) && w.norm.chars().any(|c| c.is_ascii_digit()))
        .count();
    let kind = input.context.outlet_kind;
    let values = vec![
        per(quoted_bytes, input.text.len()),
        per(attributed, n).min(2.0),
        per(count(&|s| s.features.first_singular > 0), n),
        per(count(&|s| s.features.first_plural > 0), n),
        per(count(&|s| s.features.direct + s.features.formal > 0), n),
        per100(sum(&|s| s.features.evaluative)),
        per100(sum(&|s| s.features.intensifiers + s.features.particles)),
        per(sum(&|s| s.features.opinion), n).min(1.0),
        per100(sum(&|s| s.features.modal)),
        per(count(&|s| s.features.questions > 0), n),
        per(count(&|s| s.features.exclamations > 0), n),
        per100(sum(&|s| s.features.cues)),
        per(count(&|s| s.subjective), n),
        per(sum(&|s| s.features.call_to_action), n).min(1.0),
        per100(sum(&|s| s.features.commerce)),
        f64::from(u8::from(sum(&|s| s.features.emoji) > 0)),
        per(scare, n).min(1.0),
        f64::from(u8::from(title.ends_with('?'))),
        f64::from(u8::from(title.ends_with('!'))),
        f64::from(u8::from(title_person)),
        label(Genre::Opinion),
        label(Genre::Promotional),
        per100(digits),
        f64::from(u8::from(opens_with_dateline(input.text))),
        f64::from(u8::from(kind == Some(SourceKind::Blog))),
        f64::from(u8::from(matches!(
            kind,
            Some(SourceKind::Wire | SourceKind::Newspaper | SourceKind::Broadcaster)
        ))),
    ];
    debug_assert_eq!(values.len(), FEATURES.len());
    GenreFeatures { values }
}

/// The words where a genre label stands when there is no separate headline: the first
/// dozen words of the text (`Kommentar: …`, `Eine Glosse von …`).
fn label_window(title_words: &[Word], words: &[Word]) -> Vec<Word> {
    let take = if title_words.is_empty() { 12 } else { 6 };
    words.iter().take(take).cloned().collect()
}

/// A text opening like a wire or newspaper report: `Ort (Agentur) – …`, `ORT – …` or
/// `Ort. Der …`, the place being one to five capitalised words without punctuation.
fn opens_with_dateline(text: &str) -> bool {
    let head: String = text.chars().take(80).collect();
    let dash = [" – ", " — ", " - "]
        .iter()
        .filter_map(|d| head.find(d))
        .min();
    let dot = head
        .find(". ")
        .filter(|&p| head[p + 2..].chars().next().is_some_and(char::is_uppercase));
    let (end, max_words) = match (dash, dot) {
        (Some(d), _) => (d, 5),
        (None, Some(p)) => (p, 2),
        (None, None) => return false,
    };
    let before = head[..end].trim();
    let mut depth = 0i32;
    let outside: String = before
        .chars()
        .filter(|c| {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => return depth == 0,
            }
            false
        })
        .collect();
    let words: Vec<&str> = outside.split_whitespace().collect();
    (1..=max_words).contains(&words.len())
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        && !outside.contains(['.', ',', '!', '?', ':', ';'])
        && !outside.chars().any(|c| c.is_ascii_digit())
}

/// A multinomial logistic regression over standardised [`GenreFeatures`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GenreModel {
    /// Feature names, in the order the weights use (must equal [`FEATURES`]' names).
    pub features: Vec<String>,
    pub mean: Vec<f64>,
    pub scale: Vec<f64>,
    #[serde(rename = "class")]
    pub classes: Vec<GenreClass>,
}

/// One class of the model: its genre, bias and weights.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GenreClass {
    pub genre: Genre,
    pub bias: f64,
    pub weights: Vec<f64>,
}

/// A genre decision with each class's probability and the strongest contributions.
#[derive(Debug, Clone)]
pub struct GenreDecision {
    pub genre: Genre,
    pub probabilities: Vec<(Genre, f64)>,
    /// (feature index, contribution) toward the chosen genre against the runner-up, largest first.
    pub contributions: Vec<(usize, f64)>,
}

impl GenreModel {
    /// The shipped model; `None` if its file does not match the features (a build defect the
    /// tests catch).
    pub fn shipped() -> Option<&'static GenreModel> {
        static MODEL: std::sync::OnceLock<Option<GenreModel>> = std::sync::OnceLock::new();
        MODEL
            .get_or_init(|| GenreModel::parse(GENRE_MODEL_TOML).ok())
            .as_ref()
    }

    /// Parse and check a model file.
    pub fn parse(text: &str) -> Result<GenreModel, String> {
        let m: GenreModel = toml::from_str(text).map_err(|e| format!("genre model: {e}"))?;
        let names: Vec<&str> = FEATURES.iter().map(|f| f.0).collect();
        if m.features != names {
            return Err("genre model: its features are not the ones computed".into());
        }
        let n = names.len();
        if m.mean.len() != n
            || m.scale.len() != n
            || m.classes.is_empty()
            || m.classes.iter().any(|c| c.weights.len() != n)
        {
            return Err("genre model: vector lengths do not match the features".into());
        }
        Ok(m)
    }

    /// Standardised features.
    pub fn standardise(&self, f: &GenreFeatures) -> Vec<f64> {
        f.values
            .iter()
            .zip(self.mean.iter().zip(&self.scale))
            .map(|(v, (m, s))| (v - m) / if *s > 1e-9 { *s } else { 1.0 })
            .collect()
    }

    /// Class scores (log-odds up to a constant) of standardised features.
    pub fn scores(&self, x: &[f64]) -> Vec<f64> {
        self.classes
            .iter()
            .map(|c| c.bias + c.weights.iter().zip(x).map(|(w, v)| w * v).sum::<f64>())
            .collect()
    }

    /// Decide the genre of an article's features.
    pub fn decide(&self, f: &GenreFeatures) -> GenreDecision {
        let x = self.standardise(f);
        let scores = self.scores(&x);
        let probs = softmax(&scores);
        let mut order: Vec<usize> = (0..scores.len()).collect();
        order.sort_by(|a, b| scores[*b].total_cmp(&scores[*a]));
        let best = order[0];
        let runner = order.get(1).copied().unwrap_or(best);
        let mut contributions: Vec<(usize, f64)> = x
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let w = self.classes[best].weights[i] - self.classes[runner].weights[i];
                (i, w * v)
            })
            .filter(|(_, c)| *c > 0.05)
            .collect();
        contributions.sort_by(|a, b| b.1.total_cmp(&a.1));
        GenreDecision {
            genre: self.classes[best].genre,
            probabilities: self
                .classes
                .iter()
                .zip(&probs)
                .map(|(c, p)| (c.genre, *p))
                .collect(),
            contributions,
        }
    }
}

/// Probabilities from scores.
pub fn softmax(scores: &[f64]) -> Vec<f64> {
    let max = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let exp: Vec<f64> = scores.iter().map(|s| (s - max).exp()).collect();
    let total: f64 = exp.iter().sum();
    exp.iter().map(|e| e / total).collect()
}

/// Plain-language name of a genre.
pub fn genre_name(g: Genre) -> &'static str {
    match g {
        Genre::Report => "report",
        Genre::Opinion => "opinion",
        Genre::Promotional => "promotional",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_model_matches_the_features() {
        let m = GenreModel::parse(GENRE_MODEL_TOML).expect("data/genre.toml parses");
        assert!(m.classes.iter().any(|c| c.genre == Genre::Report));
        assert!(m.classes.iter().any(|c| c.genre == Genre::Opinion));
        assert!(GenreModel::parse("features = []\nmean = []\nscale = []").is_err());
    }

    #[test]
    fn datelines_are_recognised() {
        assert!(opens_with_dateline("Berlin (dpa) – Die Regierung hat …"));
        assert!(opens_with_dateline("WASHINGTON – The Senate …"));
        assert!(!opens_with_dateline(
            "Ich finde, dass wir – ehrlich gesagt – zu spät sind."
        ));
        assert!(!opens_with_dateline(
            "Der Minister sagte am Montag, die Lage sei ernst."
        ));
    }

    #[test]
    fn softmax_sums_to_one() {
        let p = softmax(&[1.0, 2.0, 3.0]);
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert!(p[2] > p[1] && p[1] > p[0]);
    }
}
