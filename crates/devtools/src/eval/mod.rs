//! Evaluation against the public suites in `../shared/bench/` (read, never copied) and the
//! project's own labelled sample corpus. Each function reads a suite and returns a printable
//! report.

pub mod claims;
pub mod cleaning;
pub mod dates_timeml;
pub mod extraction;
pub mod genre;
pub mod names;
pub mod ner;
pub mod numbers_dates;
pub mod quotes;
pub mod quotes_news;
pub mod segmentation;
pub mod stories;
pub mod subjectivity;

/// Error type of the evaluations: a readable message.
pub type EvalError = Box<dyn std::error::Error + Send + Sync>;

/// A suite's text as an article of language `lang` (no title, date or outlet), annotated by
/// the nlp stage.
pub fn annotate_text(path: &str, text: &str, lang: &str) -> parallax_model::AnnotatedArticle {
    parallax_nlp::annotate(parallax_model::Article {
        id: String::new(),
        path: path.to_string(),
        url: None,
        title: None,
        published: None,
        language: Some(lang.to_string()),
        outlet: None,
        authors: Vec::new(),
        text: text.to_string(),
        removed: Vec::new(),
        field_origins: Default::default(),
        credits: Vec::new(),
        raw: String::new(),
    })
}
