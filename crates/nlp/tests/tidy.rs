//! Tidy: rules of the architecture (docs/ARCHITECTURE.md) that the compiler cannot check,
//! enforced by reading the source tree.
//!
//! 1. **One home per language.** No word of a known language — anything listed in a word
//!    list under `data/lang/*/` (month and weekday names, function words, number and unit
//!    words, speech verbs, abbreviations, role words) — appears as a string literal in a
//!    shared stage file: only `crates/nlp/src/lang/<code>/` and `data/lang/<code>/` know a
//!    language. A few files may, for the reasons in [`ALLOWED`]; an entry that no longer
//!    matches anything must be deleted.
//! 2. Every module of the language layer starts with a `//!` doc comment.
//!
//! Test code (files named `tests.rs`, and everything after a top-level `#[cfg(test)]`) may
//! name words: it checks a language's behaviour through a shared stage.

use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Shared code that may hold language words, and why. `(path prefix, literal or "" for any,
/// reason)`.
const ALLOWED: &[(&str, &str, &str)] = &[
    (
        "crates/ingest/src/readers/jsonl.rs",
        "",
        "the English of Parallax's own messages (the CLI speaks English), not text matched",
    ),
    (
        "crates/ingest/src/decode.rs",
        "byte",
        "the English of Parallax's own messages (the CLI speaks English), not text matched",
    ),
    (
        "crates/ingest/src/readers/html.rs",
        "",
        "HTML element names (void elements of the nesting guard), not words of a language",
    ),
    (
        "crates/nlp/src/display.rs",
        "month",
        "a placeholder name in the display.toml templates (`{month} {y}`), not text matched",
    ),
    (
        "crates/analyze/src/compare/facts.rs",
        "pp",
        "the unit code of percentage points from units.tsv (French abbreviations also list `pp.`), not text matched",
    ),
    (
        "crates/nlp/src/quantity/mod.rs",
        "time",
        "a unit kind code from numbers.tsv (durations belong to the time stage), not text matched",
    ),
    (
        "crates/nlp/src/cleaning.rs",
        "other",
        "the evaluation report's label for a pattern family without a name, not text matched",
    ),
    (
        "crates/nlp/src/time/",
        "",
        "dates: the dates helper moves these words into lang/<code>/times.rs (issue 16)",
    ),
    (
        "crates/nlp/src/framing/genre.rs",
        "report",
        "the English name of the genre the interface shows (`report`), not text matched",
    ),
    (
        "crates/nlp/src/quote/lexicon.rs",
        "",
        "the row kinds of quotes.tsv (`that`, `so`, `like`, `wh`), not text words",
    ),
    (
        "crates/ingest/src/clean/",
        "",
        "cleaning patterns: the sources helper moves them into data/lang/<code>/ (issue 16)",
    ),
    (
        "crates/ingest/src/language.rs",
        "",
        "ISO 639-1 codes of the language detector (`es`, `it`), not words",
    ),
    (
        "crates/nlp/src/ner/",
        "",
        "the GermEval tagger's feature templates (gazetteer class names, German endings): \
         fixed by the shipped weights, they move only with a retrained model",
    ),
    (
        "crates/nlp/src/quantity/lexicon.rs",
        "",
        "field names of the numbers*.tsv formats (`hundred`, `about`), not text words",
    ),
    (
        "crates/analyze/src/compare/align.rs",
        "",
        "English labels of qualifiers in the comparison's notes (the interface's language)",
    ),
    (
        "crates/ingest/src/lib.rs",
        "argument",
        "the field-origin key `argument` (a value given on the command line), not a text word",
    ),
    (
        "crates/analyze/src/duplicates.rs",
        "quelle",
        "part of ingest's field-origin key `quelle-line` (an internal key, not a text word)",
    ),
];

/// Shared code scanned for language words: the product crates outside `nlp::lang`.
const SHARED: &[&str] = &[
    "crates/nlp/src",
    "crates/analyze/src",
    "crates/pipeline/src",
    "crates/store/src",
    "crates/ingest/src",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn relative(path: &Path) -> String {
    let root = root().canonicalize().unwrap_or_else(|_| root());
    let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    path.strip_prefix(&root)
        .unwrap_or(&path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Which column of a `data/lang/*` file holds words (None: the file holds no word list the
/// check uses, e.g. framing cues, which are ordinary content words).
fn word_column(file: &str, kind: &str) -> Option<usize> {
    match file {
        "abbreviations.txt"
        | "stopwords.txt"
        | "entity-stopwords.txt"
        | "ordinal-followers.txt" => Some(0),
        "numbers_qualifiers.tsv" | "units.tsv" | "demonyms.txt" => Some(0),
        // Fragments of words, not words: endings, respellings, irregular ordinal stems.
        "numbers.tsv" if matches!(kind, "adjending" | "respell" | "ordstem" | "ordsuffix") => None,
        "dates.tsv" | "numbers.tsv" | "quotes.tsv" => Some(1),
        "roles.txt" if kind != "holder" => Some(1),
        _ => None,
    }
}

/// Every word of every language's word lists, lower case.
fn language_words() -> HashSet<String> {
    let mut words = HashSet::new();
    let mut add = |entry: &str| {
        for w in entry.split(|c: char| !(c.is_alphabetic() || c == '\'' || c == '’')) {
            let w = w.trim_matches(['\'', '’']);
            if w.chars().count() >= 2 {
                words.insert(w.to_lowercase());
            }
        }
    };
    let langs = fs::read_dir(root().join("data/lang")).expect("data/lang exists");
    for lang in langs.flatten() {
        let Ok(files) = fs::read_dir(lang.path()) else {
            continue;
        };
        for file in files.flatten() {
            let name = file.file_name().to_string_lossy().to_string();
            let Ok(content) = fs::read_to_string(file.path()) else {
                continue;
            };
            if name == "story.toml" {
                story_words(&content, &mut add);
                continue;
            }
            for line in content.lines() {
                if line.starts_with('#') || line.trim().is_empty() {
                    continue;
                }
                let cols: Vec<&str> = line.split('\t').collect();
                if let Some(col) = word_column(&name, cols[0].trim()) {
                    if let Some(entry) = cols.get(col) {
                        add(entry);
                    }
                }
            }
        }
    }
    words
}

/// The words of a `story.toml`: every string, and every key of its tables.
fn story_words(content: &str, add: &mut impl FnMut(&str)) {
    fn walk(value: &toml::Value, add: &mut impl FnMut(&str)) {
        match value {
            toml::Value::String(s) => add(s),
            toml::Value::Array(items) => items.iter().for_each(|v| walk(v, add)),
            toml::Value::Table(table) => {
                // The separators are characters, not words.
                for (key, v) in table
                    .iter()
                    .filter(|(k, _)| !matches!(k.as_str(), "decimal" | "thousands"))
                {
                    if matches!(v, toml::Value::Float(_) | toml::Value::String(_)) {
                        add(key);
                    }
                    walk(v, add);
                }
            }
            _ => {}
        }
    }
    let value: toml::Value = toml::from_str(content).expect("story.toml parses");
    walk(&value, add);
}

/// The source without its test code: `tests.rs` files are all test code, other files end
/// their production code at a top-level `#[cfg(test)]`.
fn production_code(path: &Path, source: &str) -> Option<String> {
    if path.file_name().is_some_and(|n| n == "tests.rs") {
        return None;
    }
    let end = source.find("\n#[cfg(test)]").unwrap_or(source.len());
    Some(source[..end].to_string())
}

/// String literals of Rust source with their line numbers (comments, char literals and
/// lifetimes skipped; raw strings read).
fn string_literals(source: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\n' => {
                line += 1;
                i += 1;
            }
            '/' if chars.get(i + 1) == Some(&'/') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '/' if chars.get(i + 1) == Some(&'*') => {
                i += 2;
                while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                    line += usize::from(chars[i] == '\n');
                    i += 1;
                }
                i += 2;
            }
            '\'' => {
                // A char literal (`'"'`, `'\''`) or a lifetime (`'a`).
                if chars.get(i + 1) == Some(&'\\') {
                    i += 2;
                    while i < chars.len() && chars[i] != '\'' {
                        i += 1;
                    }
                    i += 1;
                } else if chars.get(i + 2) == Some(&'\'') {
                    i += 3;
                } else {
                    i += 1;
                }
            }
            'r' if matches!(chars.get(i + 1), Some('"' | '#'))
                && (i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')) =>
            {
                let mut j = i + 1;
                let mut hashes = 0;
                while chars.get(j) == Some(&'#') {
                    hashes += 1;
                    j += 1;
                }
                if chars.get(j) != Some(&'"') {
                    i += 1;
                    continue;
                }
                j += 1;
                let start_line = line;
                let mut lit = String::new();
                while j < chars.len() {
                    if chars[j] == '"' && (1..=hashes).all(|h| chars.get(j + h) == Some(&'#')) {
                        break;
                    }
                    line += usize::from(chars[j] == '\n');
                    lit.push(chars[j]);
                    j += 1;
                }
                out.push((start_line, lit));
                i = j + 1 + hashes;
            }
            '"' => {
                let start_line = line;
                let mut lit = String::new();
                let mut j = i + 1;
                while j < chars.len() && chars[j] != '"' {
                    if chars[j] == '\\' {
                        j += 1;
                    }
                    if let Some(&ch) = chars.get(j) {
                        line += usize::from(ch == '\n');
                        lit.push(ch);
                    }
                    j += 1;
                }
                out.push((start_line, lit));
                i = j + 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// The literal read as one to three words of text (`und`, `bis zu`, `Mrd.`), if it is one:
/// letters only, lower case or capitalised (all-capital keywords such as SQL's `OR` are no
/// text words), no identifier characters (`_`, `-`, `:`).
fn as_words(literal: &str) -> Option<Vec<String>> {
    let words: Vec<&str> = literal.split(' ').filter(|w| !w.is_empty()).collect();
    if words.is_empty() || words.len() > 3 {
        return None;
    }
    let mut out = Vec::new();
    for w in words {
        let w = w.strip_suffix('.').unwrap_or(w);
        if w.chars().count() < 2 || !w.chars().all(|c| c.is_alphabetic() || c == '\'') {
            return None;
        }
        let mut rest = w.chars().skip(1);
        if !rest.all(|c| !c.is_uppercase()) {
            return None;
        }
        out.push(w.to_lowercase());
    }
    Some(out)
}

#[test]
fn no_language_word_in_shared_stage_code() {
    let vocabulary = language_words();
    assert!(
        vocabulary.contains("november") && vocabulary.len() > 1000,
        "the word lists of data/lang/* were read ({} words)",
        vocabulary.len()
    );
    let mut files = Vec::new();
    for dir in SHARED {
        rust_files(&root().join(dir), &mut files);
    }
    let mut used: BTreeSet<usize> = BTreeSet::new();
    let mut found = Vec::new();
    for path in &files {
        let rel = relative(path);
        if rel.starts_with("crates/nlp/src/lang/") {
            continue;
        }
        let Some(code) = fs::read_to_string(path)
            .ok()
            .and_then(|s| production_code(path, &s))
        else {
            continue;
        };
        for (line, literal) in string_literals(&code) {
            let Some(words) = as_words(&literal) else {
                continue;
            };
            let hit = if words.len() == 1 {
                vocabulary.contains(&words[0])
            } else {
                words.iter().all(|w| vocabulary.contains(w))
            };
            if !hit {
                continue;
            }
            let allowed = ALLOWED.iter().position(|(prefix, lit, _)| {
                rel.starts_with(prefix) && (lit.is_empty() || *lit == literal)
            });
            match allowed {
                Some(n) => {
                    used.insert(n);
                }
                None => found.push(format!("{rel}:{line}: \"{literal}\"")),
            }
        }
    }
    assert!(
        found.is_empty(),
        "words of a language in shared stage code (move them into crates/nlp/src/lang/<code>/ \
         or data/lang/<code>/, or add an entry with its reason to ALLOWED in {}):\n  {}",
        file!(),
        found.join("\n  ")
    );
    let stale: Vec<String> = ALLOWED
        .iter()
        .enumerate()
        .filter(|(n, _)| !used.contains(n))
        .map(|(_, (prefix, lit, why))| format!("{prefix} {lit:?} ({why})"))
        .collect();
    assert!(
        stale.is_empty(),
        "entries of ALLOWED in {} match nothing any more; delete them:\n  {}",
        file!(),
        stale.join("\n  ")
    );
}

#[test]
fn every_language_layer_module_has_a_doc_comment() {
    let mut files = Vec::new();
    rust_files(&root().join("crates/nlp/src"), &mut files);
    let missing: Vec<String> = files
        .iter()
        .filter(|p| {
            let source = fs::read_to_string(p).unwrap_or_default();
            !source.trim_start().starts_with("//!")
        })
        .map(|p| relative(p))
        .collect();
    assert!(
        missing.is_empty(),
        "modules without a `//!` doc comment:\n  {}",
        missing.join("\n  ")
    );
}

#[test]
fn the_literal_reader_reads_rust() {
    let source = r####"let a = "und"; // "oder"
let b = '"'; let c = '\''; fn f<'a>(x: &'a str) {}
/* "bis" */ let d = r#"zu "x""#; let e = "a \" b";"####;
    let lits: Vec<String> = string_literals(source)
        .into_iter()
        .map(|(_, l)| l)
        .collect();
    assert_eq!(lits, vec!["und", "zu \"x\"", "a \" b"]);
    assert_eq!(as_words("Mrd."), Some(vec!["mrd".to_string()]));
    assert_eq!(as_words("OR"), None);
    assert_eq!(as_words("quelle-line"), None);
    assert_eq!(as_words("bis zu"), Some(vec!["bis".into(), "zu".into()]));
    assert_eq!(as_words("a folder"), None);
}
