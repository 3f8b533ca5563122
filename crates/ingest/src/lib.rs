//! Ingest: from input paths (text, HTML, JSON Lines, RSS/Atom, WARC, gzip of each, stdin)
//! to clean [`Article`]s with metadata and a record of what cleaning removed.

pub mod eval;

use std::fmt;
use std::path::PathBuf;

use parallax_model::Article;

/// One input to read: a file, or standard input (`-`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    File(PathBuf),
    Stdin,
}

impl fmt::Display for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Input::File(p) => write!(f, "{}", p.display()),
            Input::Stdin => f.write_str("-"),
        }
    }
}

/// A problem with one input or one record of it; the run carries on with the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The input (and `#N` record) it concerns.
    pub input: String,
    pub reason: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.input, self.reason)
    }
}

impl std::error::Error for InputError {}

/// Expand paths: files as they are, folders recursively (sorted), `-` for stdin.
pub fn discover(paths: &[PathBuf]) -> (Vec<Input>, Vec<InputError>) {
    let _ = paths;
    (Vec::new(), Vec::new())
}

/// Read one input, streaming each article (or each bad record's error) to `sink`.
pub fn read_input(input: &Input, sink: &mut dyn FnMut(Result<Article, InputError>)) {
    let _ = (input, sink);
}

/// Clean a piece of scraped text given directly (e.g. `parallax annotate`) into an article.
pub fn article_from_text(path: &str, raw: &str, published: Option<&str>) -> Article {
    let _ = published;
    let text = raw.trim().to_string();
    Article {
        id: String::new(),
        path: path.to_string(),
        url: None,
        title: None,
        published: published.map(str::to_string),
        language: None,
        outlet: None,
        authors: Vec::new(),
        text,
        removed: Vec::new(),
        field_origins: Default::default(),
        credits: Vec::new(),
        raw: raw.to_string(),
    }
}
