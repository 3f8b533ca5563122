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

/// Read one input, streaming each article (or each bad record's error) to `sink`.
pub fn read_input(input: &Input, sink: &mut dyn FnMut(Result<Article, InputError>)) {
    readers::read(input, sink);
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
