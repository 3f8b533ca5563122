//! Proper names against a CoNLL-U file (the UD dev treebanks): which words the entity stage
//! puts inside a name, scored against the words the treebank tags `PROPN`. The only name
//! gold there is for English, French and Russian, the languages whose names are found by
//! rules (no trained tagger).
//!
//! Each `# newdoc` of the treebank is one article (a file without documents: each sentence
//! is one), its sentences joined by blank lines so that the figure measures names, not
//! sentence boundaries. A word counts as found when a mention the text states (not one
//! derived from an adjective) covers it. UD tags weekdays, months and titles (`President`)
//! `PROPN` too, so a perfect name finder stays below 1. The documents of the first half of
//! the words are where rules are tuned; the rest is held out.
use std::fmt::Write as _;
use std::path::Path;

use super::EvalError;
use parallax_model::AnnotatedArticle;

/// One word of the treebank, located in its document's text (bytes).
struct Word {
    start: usize,
    end: usize,
    propn: bool,
}

struct Doc {
    text: String,
    words: Vec<Word>,
}

/// Documents of a CoNLL-U file, with each surface word located in the text. A multi-word
/// token (`du` = `de le`) is one word, a name when one of its parts is.
fn read_docs(content: &str) -> Result<Vec<Doc>, EvalError> {
    let has_docs = content.lines().any(|l| l.starts_with("# newdoc"));
    let mut docs: Vec<Doc> = Vec::new();
    let mut sentence: Option<(usize, usize)> = None; // (byte start of the sentence, cursor)
    let mut range_end = 0usize;
    for line in content.lines() {
        if line.starts_with("# newdoc") {
            docs.push(Doc {
                text: String::new(),
                words: Vec::new(),
            });
            continue;
        }
        if let Some(t) = line.strip_prefix("# text = ") {
            if !has_docs || docs.is_empty() {
                docs.push(Doc {
                    text: String::new(),
                    words: Vec::new(),
                });
            }
            let doc = docs.last_mut().ok_or("no document")?;
            if !doc.text.is_empty() {
                doc.text.push_str("\n\n");
            }
            sentence = Some((doc.text.len(), doc.text.len()));
            doc.text.push_str(t);
            range_end = 0;
            continue;
        }
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 4 || cols[0].contains('.') {
            continue;
        }
        let (Some(doc), Some((_, cursor))) = (docs.last_mut(), sentence.as_mut()) else {
            return Err(format!("token line before any `# text`: {line}").into());
        };
        let form = cols[1];
        let propn = cols[3] == "PROPN";
        if let Some((_, last)) = cols[0].split_once('-') {
            range_end = last.parse().unwrap_or(0);
        } else if cols[0].parse::<usize>().unwrap_or(0) <= range_end {
            // A part of the multi-word token just read: it makes the word a name.
            if propn {
                if let Some(w) = doc.words.last_mut() {
                    w.propn = true;
                }
            }
            continue;
        }
        let Some(rel) = doc.text.get(*cursor..).and_then(|rest| rest.find(form)) else {
            return Err(format!("word `{form}` not found in its sentence").into());
        };
        let start = *cursor + rel;
        *cursor = start + form.len();
        doc.words.push(Word {
            start,
            end: *cursor,
            propn,
        });
    }
    Ok(docs)
}

/// Word counts of one part of the file.
#[derive(Default)]
struct Counts {
    gold: usize,
    found: usize,
    right: usize,
}

impl Counts {
    fn add(&mut self, doc: &Doc, a: &AnnotatedArticle) {
        for w in doc
            .words
            .iter()
            .filter(|w| doc.text[w.start..w.end].chars().any(char::is_alphanumeric))
        {
            let found = a
                .entities
                .iter()
                .any(|m| !m.derived && m.span.start < w.end && w.start < m.span.end);
            self.gold += usize::from(w.propn);
            self.found += usize::from(found);
            self.right += usize::from(found && w.propn);
        }
    }

    fn line(&self, name: &str) -> String {
        let p = self.right as f64 / self.found.max(1) as f64;
        let r = self.right as f64 / self.gold.max(1) as f64;
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        format!(
            "  {name:<10} words in names: P {p:.3}  R {r:.3}  F1 {f:.3}  ({} right of {} found, {} gold)",
            self.right, self.found, self.gold
        )
    }
}

/// `path` is a UD CoNLL-U file; `lang` its language (default: the code its name starts with).
pub fn run(path: &Path, lang: Option<&str>) -> Result<String, EvalError> {
    let content = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let lang = super::segmentation::language_for(path, lang)?.code;
    let docs = read_docs(&content)?;
    if docs.is_empty() {
        return Err(format!("{}: no sentences", path.display()).into());
    }
    // The halves hold about as many words each (documents differ much in length).
    let total: usize = docs.iter().map(|d| d.words.len()).sum();
    let (mut tuned, mut held) = (Counts::default(), Counts::default());
    let mut seen = 0;
    for doc in &docs {
        let a = super::annotate_text("", &doc.text, lang);
        if 2 * seen < total {
            &mut tuned
        } else {
            &mut held
        }
        .add(doc, &a);
        seen += doc.words.len();
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "names: {} ({} documents, language {lang}), words the treebank tags PROPN",
        path.display(),
        docs.len()
    );
    let _ = writeln!(out, "{}", tuned.line("first half"));
    let _ = write!(out, "{}", held.line("held out"));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_the_names_of_a_small_treebank() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("en_test-ud-dev.conllu");
        std::fs::write(
            &path,
            "# newdoc id = a\n# text = Yesterday Anatoli Vereshin arrived in Sarybel.\n\
             1\tYesterday\tyesterday\tADV\n2\tAnatoli\tAnatoli\tPROPN\n3\tVereshin\tVereshin\tPROPN\n\
             4\tarrived\tarrive\tVERB\n5\tin\tin\tADP\n6\tSarybel\tSarybel\tPROPN\n7\t.\t.\tPUNCT\n\n\
             # newdoc id = b\n# text = The talks went well.\n\
             1\tThe\tthe\tDET\n2\ttalks\ttalk\tNOUN\n3\twent\tgo\tVERB\n4\twell\twell\tADV\n5\t.\t.\tPUNCT\n\n",
        )
        .expect("write");
        let report = run(&path, None).expect("runs");
        assert!(report.contains("language en"), "{report}");
        assert!(report.contains("3 gold"), "{report}");
        assert!(
            report.contains("first half") && report.contains("held out"),
            "{report}"
        );
    }
}
