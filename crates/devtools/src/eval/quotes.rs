//! `parallax eval quotes DIR`: speaker attribution on GePaDe (German parliamentary speeches),
//! `quotes/gepade/dev.json` under `../shared/bench/quotes/gepade`.
//!
//! Format: sentence id → `{words, lemmas, annotations}`; each annotation key is a token index
//! of a candidate predicate, `predicate` is `speech` for a cue, and `roles` tags every token
//! with BIO roles (`B-Source`, `I-Source`, `B-Message`, …). We rebuild each sentence's text
//! from its words, run [`parallax_nlp::quote::attributions`] on it (no entity layer: the
//! capitalised-name fallback), and score:
//! - cue P/R/F1 over tokens (a predicted cue is the token holding a cue's first byte);
//! - source P/R/F1 strict (same cue token and identical source token span) and token
//!   overlap (source tokens shared, summed over cue pairs that match).
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::Path;

use parallax_model::Span;
use serde_json::Value;

use super::EvalError;
use parallax_nlp::lang;

#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub tp: f64,
    pub pred: f64,
    pub gold: f64,
}

impl Counts {
    pub fn prf(&self) -> (f64, f64, f64) {
        let p = if self.pred > 0.0 {
            self.tp / self.pred
        } else {
            0.0
        };
        let r = if self.gold > 0.0 {
            self.tp / self.gold
        } else {
            0.0
        };
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        (p, r, f)
    }
}

/// (cue, source strict, source overlap) counts over the file.
pub fn score(file: &Path) -> Result<(Counts, Counts, Counts, usize), EvalError> {
    let raw = std::fs::read_to_string(file).map_err(|e| {
        format!(
            "{}: {e} (the data lives in ../shared/bench/quotes/gepade)",
            file.display()
        )
    })?;
    let data: Value = serde_json::from_str(&raw)?;
    let obj = data
        .as_object()
        .ok_or("dev.json: expected an object of sentences")?;
    let language = lang::for_code(Some("de"));
    let (mut cue, mut strict, mut overlap) =
        (Counts::default(), Counts::default(), Counts::default());
    let mut sentences = 0;
    for sent in obj.values() {
        let words: Vec<&str> = sent["words"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|w| w.as_str())
            .collect();
        if words.is_empty() {
            continue;
        }
        sentences += 1;
        let mut text = String::new();
        let mut offsets = Vec::with_capacity(words.len());
        for w in &words {
            if !text.is_empty() {
                text.push(' ');
            }
            offsets.push((text.len(), text.len() + w.len()));
            text.push_str(w);
        }
        let token_at = |pos: usize| offsets.iter().position(|(s, e)| *s <= pos && pos < *e);
        let tokens_in = |sp: Span| -> BTreeSet<usize> {
            offsets
                .iter()
                .enumerate()
                .filter(|(_, (s, e))| *s < sp.end && sp.start < *e)
                .map(|(i, _)| i)
                .collect()
        };
        // gold
        let mut gold: HashMap<usize, Option<BTreeSet<usize>>> = HashMap::new();
        for (k, ann) in sent["annotations"].as_object().into_iter().flatten() {
            if ann["predicate"].as_str() != Some("speech") {
                continue;
            }
            let Ok(idx) = k.parse::<usize>() else {
                continue;
            };
            let roles: Vec<&str> = ann["roles"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|r| r.as_str())
                .collect();
            // the first Source span
            let mut src = BTreeSet::new();
            let mut inside = false;
            for (i, r) in roles.iter().enumerate() {
                if *r == "B-Source" {
                    if !src.is_empty() {
                        break;
                    }
                    src.insert(i);
                    inside = true;
                } else if *r == "I-Source" && inside {
                    src.insert(i);
                } else {
                    inside = false;
                }
            }
            gold.insert(idx, (!src.is_empty()).then_some(src));
        }
        // ours
        let spans = [Span::new(0, text.len())];
        let atts = parallax_nlp::quote::attributions(language, &text, &spans, &[]);
        let mut pred: HashMap<usize, Option<BTreeSet<usize>>> = HashMap::new();
        for a in atts {
            if let Some(t) = token_at(a.cue.start) {
                pred.entry(t).or_insert_with(|| a.source.map(tokens_in));
            }
        }
        cue.gold += gold.len() as f64;
        cue.pred += pred.len() as f64;
        for (t, psrc) in &pred {
            let Some(gsrc) = gold.get(t) else {
                if let Some(p) = psrc {
                    strict.pred += 1.0;
                    overlap.pred += p.len() as f64;
                }
                continue;
            };
            cue.tp += 1.0;
            if let Some(p) = psrc {
                strict.pred += 1.0;
                overlap.pred += p.len() as f64;
                if let Some(g) = gsrc {
                    if p == g {
                        strict.tp += 1.0;
                    }
                    overlap.tp += p.intersection(g).count() as f64;
                }
            }
        }
        for g in gold.values().flatten() {
            strict.gold += 1.0;
            overlap.gold += g.len() as f64;
        }
    }
    Ok((cue, strict, overlap, sentences))
}

pub fn run(path: &Path) -> Result<String, EvalError> {
    let file = if path.is_dir() {
        path.join("dev.json")
    } else {
        path.to_path_buf()
    };
    let (cue, strict, overlap, n) = score(&file)?;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "GePaDe speaker attribution, {} ({n} sentences), rule-based cues, no entity layer",
        file.display()
    );
    for (name, c) in [
        ("cue", cue),
        ("source strict", strict),
        ("source overlap", overlap),
    ] {
        let (p, r, f) = c.prf();
        let _ = writeln!(
            s,
            "{name:<16} P {p:.3}  R {r:.3}  F1 {f:.3}   (tp {:.0}, predicted {:.0}, gold {:.0})",
            c.tp, c.pred, c.gold
        );
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_when_absent() {
        assert!(run(Path::new("/nonexistent/gepade")).is_err());
    }

    #[test]
    fn scores_gepade_when_present() {
        let dir = Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/bench/quotes/gepade"
        ));
        if !dir.exists() {
            eprintln!("skipped: {} not found", dir.display());
            return;
        }
        let report = run(dir).expect("eval runs");
        println!("{report}");
        assert!(report.contains("cue"));
    }
}
