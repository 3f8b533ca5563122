//! Ingest: from input paths (text, HTML, JSON Lines, RSS/Atom, WARC, gzip of each, stdin)
//! to clean [`Article`]s with metadata and a record of what cleaning removed.
//!
//! - [`readers`]: one module per format (`text`, `html`, `jsonl`, `feed`, `warc`); gzip is
//!   detected by magic bytes, the format by content sniffing with the extension as tie-breaker.
//! - [`clean`]: removal of scraping leftovers and repairs, with the patterns of the text's
//!   language (`data/lang/<code>/cleaning.toml`, through `parallax-nlp`) and neutral ones.
//! - [`metadata`]: title, date, authors, URL, outlet, credits, each with its origin.
//! - [`outlets`]: the outlet registry (`data/outlets.toml` + the user's file + a folder's
//!   own `outlets.toml`).
//! - [`language`]: language identification (whatlang); [`id`]: content-hash ids.

pub mod clean;
pub mod decode;
pub mod id;
pub mod language;
pub mod metadata;
pub mod outlets;
pub mod readers;

pub use clean::{clean, CleanOptions, Cleaned};
pub use outlets::Registry;

use std::borrow::Cow;
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use parallax_model::{Article, Deadline};

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
        write!(f, "{}: {}", escape_name(&self.input), self.reason)
    }
}

impl std::error::Error for InputError {}

/// Something worth knowing about an input that was read nevertheless (bytes that were not
/// valid UTF-8 and were replaced, a file that mixes encodings). Not a failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputWarning {
    /// The input (and `#N` record) it concerns.
    pub input: String,
    pub message: String,
}

impl fmt::Display for InputWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", escape_name(&self.input), self.message)
    }
}

/// An input's name fit for a one-line message: control characters (a newline in a file
/// name) are written as escapes (`\n`, `\u{1b}`), everything else as it is.
pub fn escape_name(name: &str) -> Cow<'_, str> {
    if !name.chars().any(char::is_control) {
        return Cow::Borrowed(name);
    }
    let mut out = String::with_capacity(name.len() + 8);
    for c in name.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// What reading an input produces, in order: articles, errors for what could not be read,
/// warnings about what was read with repairs.
#[derive(Debug)]
pub enum InputItem {
    /// An article, with the deadline of the input (or record) it came from: the annotation
    /// that follows should stop at the same deadline (`parallax_nlp::annotate_within`).
    Article {
        article: Box<Article>,
        deadline: Deadline,
    },
    Error(InputError),
    Warning(InputWarning),
}

/// Limits for reading one input. The size limit applies to what is held in memory as one
/// article (a text or HTML file, a JSON Lines line, a WARC record; documents read whole — a
/// feed, a JSON document — may be [`ReadOptions::WHOLE_DOCUMENT_FACTOR`] times larger); the
/// time budget to each article from the start of its reading to the end of its annotation
/// (each record of a JSONL file, feed or WARC on its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadOptions {
    /// Largest single article, in bytes (uncompressed).
    pub max_article_bytes: u64,
    /// Time budget per article; `None`: no limit.
    pub time_budget: Option<Duration>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_article_bytes: 64 * 1024 * 1024,
            time_budget: Some(Duration::from_secs(60)),
        }
    }
}

impl ReadOptions {
    /// Documents read whole (feeds, JSON documents) may be this many times larger than one article.
    pub const WHOLE_DOCUMENT_FACTOR: u64 = 4;

    /// No size or time limit (benches, tests).
    pub fn unlimited() -> Self {
        ReadOptions {
            max_article_bytes: u64::MAX / 8,
            time_budget: None,
        }
    }

    /// A deadline starting now.
    pub fn deadline(&self) -> Deadline {
        Deadline::after(self.time_budget)
    }

    /// The size limit of a document read whole.
    pub fn max_document_bytes(&self) -> u64 {
        self.max_article_bytes
            .saturating_mul(Self::WHOLE_DOCUMENT_FACTOR)
    }
}

/// Expand paths: files as they are, folders recursively (sorted, hidden files and folders
/// skipped, symlinked folders not followed, a folder's own documentation and label files
/// skipped — see [`is_folder_companion`]), `-` for stdin.
pub fn discover(paths: &[PathBuf]) -> (Vec<Input>, Vec<InputError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, &mut inputs, &mut errors),
            Ok(_) => inputs.push(Input::File(p.clone())),
            Err(e) => errors.push(InputError {
                input: p.display().to_string(),
                reason: format!("cannot open: {e}"),
            }),
        }
    }
    (inputs, errors)
}

fn walk(dir: &std::path::Path, inputs: &mut Vec<Input>, errors: &mut Vec<InputError>) {
    if let Err(reason) = outlets::register_folder(dir) {
        errors.push(InputError {
            input: dir.join(outlets::FOLDER_FILE).display().to_string(),
            reason: format!("{reason}; the folder's articles use the outlets known without it"),
        });
    }
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            errors.push(InputError {
                input: dir.display().to_string(),
                reason: format!("cannot read folder: {e}"),
            });
            return;
        }
    };
    let mut entries: Vec<_> = rd.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || is_folder_companion(&name) {
            continue;
        }
        let path = e.path();
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            walk(&path, inputs, errors);
        } else if ft.is_file() || (ft.is_symlink() && path.is_file()) {
            inputs.push(Input::File(path));
        }
    }
}

/// Files that describe a folder of articles rather than being articles: `README*`,
/// `LICENSE*`/`COPYING*`, tables (`.tsv`, `.csv`) such as gold labels, and the folder's
/// outlets file (`outlets.toml`, read as outlets). They are skipped when a folder is
/// expanded; named explicitly, they are read like any file.
pub fn is_folder_companion(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    ["README", "LICENSE", "LICENCE", "COPYING"]
        .iter()
        .any(|p| upper.starts_with(p))
        || upper.ends_with(".TSV")
        || upper.ends_with(".CSV")
        || name.eq_ignore_ascii_case(outlets::FOLDER_FILE)
}

/// Read one input with the default [`ReadOptions`], streaming each article (or each bad
/// record's error) to `sink`; warnings are dropped (see [`read_input_with`]).
pub fn read_input(input: &Input, sink: &mut dyn FnMut(Result<Article, InputError>)) {
    read_input_with(input, &ReadOptions::default(), &mut |item| match item {
        InputItem::Article { article, .. } => sink(Ok(*article)),
        InputItem::Error(e) => sink(Err(e)),
        InputItem::Warning(_) => {}
    });
}

/// Read one input within `options`, streaming its articles, errors and warnings to `sink`.
pub fn read_input_with(input: &Input, options: &ReadOptions, sink: &mut dyn FnMut(InputItem)) {
    readers::read(input, options, sink);
}

/// Clean a piece of scraped text given directly (e.g. `parallax annotate`) into an article:
/// cleaned, language detected (`None` when unsure, as for very short snippets), id computed.
/// A first line that looks like a title becomes the title.
pub fn article_from_text(path: &str, raw: &str, published: Option<&str>) -> Article {
    let hints = metadata::Hints {
        published: published.map(|p| (p.to_string(), "argument".to_string())),
        ..Default::default()
    };
    let mut a = metadata::build_article(path.to_string(), raw.to_string(), hints);
    if a.published.is_none() {
        if let Some(p) = published.filter(|p| !p.trim().is_empty()) {
            // Not a date we can read: keep what was given.
            a.published = Some(p.trim().to_string());
            a.field_origins
                .insert("published".into(), "argument".into());
        }
    }
    a
}
