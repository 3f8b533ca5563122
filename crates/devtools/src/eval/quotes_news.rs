//! `parallax eval quotes-news [FILE|DIR]`: quotes and their speakers in German news — the
//! Wikinews quotation-attribution corpus of Petersen-Frey & Biemann (LREC-COLING 2024) under
//! `../shared/bench/quotes/wikinews-de/` (`train.jsonl`, `dev.jsonl`; a folder means `dev.jsonl`).
//! CC BY-NC-SA: read for evaluation and rule tuning only, never copied, never trained on.
//!
//! Each document's `originalText` goes through the full [`parallax_nlp::annotate`] (German, with
//! entities); every quote that is not a term is a prediction. Gold spans count characters
//! (Unicode scalar values), ours bytes: predictions are converted to characters first.
//!
//! - **Quote match**: a prediction and a gold quote match when they share at least half of the
//!   shorter one's characters (a gold quote of several spans counts the characters of all its
//!   spans). Matching is one-to-one within a document, greedily by the share of the longer one
//!   covered (the closest pairs first). P = matched predictions / predictions, R = matched gold
//!   quotes / gold quotes. Per type, R counts gold quotes of that type and P predictions of the
//!   corresponding kind; the type accuracy counts matched pairs whose kinds agree.
//!   A second, stricter line requires half of the *longer* one (a near-equal span).
//! - **Speaker** (on matched pairs whose gold quote names a speaker): *strict* when the predicted
//!   `speaker_span` shares a character with a gold speaker span; *lenient* also when the
//!   predicted entity is the entity of a mention inside the gold speaker span, or — the gold
//!   speaker being a pronoun — the entity of the nearest person mention before that pronoun.
//!
//! `QUOTES_NEWS_SHOW=miss,fp,speaker,kind` prints examples of each error to stderr (with their
//! sentence); `QUOTES_NEWS_PREDICTIONS=FILE` writes the predictions in the corpus's own format
//! (token ids) for the authors' `eval.py --prediction FILE --gold dev.jsonl`.
use std::fmt::Write as _;
use std::path::Path;

use parallax_model::{AnnotatedArticle, EntityKind, QuoteKind};
use rayon::prelude::*;
use serde_json::{json, Value};

use super::EvalError;

/// The corpus's five quote types, in report order.
const TYPES: [&str; 5] = [
    "Direct",
    "Indirect",
    "Reported",
    "FreeIndirect",
    "IndirectFreeIndirect",
];

/// A half-open character range.
type Chars = (usize, usize);

#[derive(Debug, Clone)]
struct Gold {
    spans: Vec<Chars>,
    kind: usize,
    speaker: Vec<Chars>,
    speaker_text: String,
}

#[derive(Debug, Clone)]
struct Doc {
    name: String,
    text: String,
    gold: Vec<Gold>,
    /// Token character ranges (for the token-id output).
    tokens: Vec<Chars>,
}

#[derive(Debug, Clone)]
struct Pred {
    span: Chars,
    kind: Option<usize>,
    speaker_span: Option<Chars>,
    speaker: Option<String>,
    cue: Option<Chars>,
}

/// Counts of one scoring run.
#[derive(Debug, Default, Clone)]
pub struct Scores {
    pub docs: usize,
    pub gold: [usize; 5],
    pub found: [usize; 5],
    pub pred: [usize; 5],
    pub pred_matched: [usize; 5],
    pub kind_agree: usize,
    pub matched: usize,
    /// Matched pairs with the stricter (half of the longer) criterion.
    pub near_matched: usize,
    pub with_speaker: usize,
    pub speaker_strict: usize,
    pub speaker_lenient: usize,
    /// Per gold type: found quotes with a gold speaker, and those with the speaker (strict).
    pub type_speaker: [(usize, usize); 5],
}

fn type_of(name: &str) -> Option<usize> {
    TYPES.iter().position(|t| *t == name)
}

fn kind_index(kind: QuoteKind) -> Option<usize> {
    match kind {
        QuoteKind::Direct => Some(0),
        QuoteKind::Indirect => Some(1),
        QuoteKind::Reported => Some(2),
        QuoteKind::FreeIndirect => Some(3),
        QuoteKind::IndirectFreeIndirect => Some(4),
        QuoteKind::Term => None,
    }
}

fn spans_of(v: &Value) -> Vec<Chars> {
    v["spans"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| {
            Some((
                s["charBegin"].as_u64()? as usize,
                s["charEnd"].as_u64()? as usize,
            ))
        })
        .filter(|(b, e)| b < e)
        .collect()
}

fn parse_doc(line: &str) -> Result<Doc, EvalError> {
    let v: Value = serde_json::from_str(line)?;
    let text = v["originalText"]
        .as_str()
        .ok_or("a document without originalText")?
        .to_string();
    let gold = v["annotations"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| {
            Some(Gold {
                spans: spans_of(&a["quote"]),
                kind: type_of(a["type"].as_str()?)?,
                speaker: spans_of(&a["speaker"]),
                speaker_text: a["speaker"]["text"].as_str().unwrap_or("").to_string(),
            })
        })
        .filter(|g| !g.spans.is_empty())
        .collect();
    let tokens = v["tokens"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| {
            Some((
                t["charBegin"].as_u64()? as usize,
                t["charEnd"].as_u64()? as usize,
            ))
        })
        .collect();
    Ok(Doc {
        name: v["documentName"].as_str().unwrap_or("").to_string(),
        text,
        gold,
        tokens,
    })
}

fn load(file: &Path) -> Result<Vec<Doc>, EvalError> {
    let raw = std::fs::read_to_string(file).map_err(|e| {
        format!(
            "{}: {e} (the suite lives in ../shared/bench/quotes/wikinews-de)",
            file.display()
        )
    })?;
    raw.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            parse_doc(l).map_err(|e| format!("{} line {}: {e}", file.display(), i + 1).into())
        })
        .collect()
}

/// Byte offset → character index, for one text.
struct CharIndex(Vec<usize>);

impl CharIndex {
    fn new(text: &str) -> Self {
        CharIndex(text.char_indices().map(|(b, _)| b).collect())
    }
    fn char_at(&self, byte: usize) -> usize {
        self.0.partition_point(|&b| b < byte)
    }
    fn range(&self, start: usize, end: usize) -> Chars {
        (self.char_at(start), self.char_at(end))
    }
}

fn annotate(doc: &Doc) -> AnnotatedArticle {
    super::annotate_text(&doc.name, &doc.text, "de")
}

fn predictions(a: &AnnotatedArticle) -> Vec<Pred> {
    let ix = CharIndex::new(&a.article.text);
    a.quotes
        .iter()
        .filter(|q| q.kind != QuoteKind::Term)
        .map(|q| Pred {
            span: ix.range(q.span.start, q.span.end),
            kind: kind_index(q.kind),
            speaker_span: q.speaker_span.map(|s| ix.range(s.start, s.end)),
            speaker: q.speaker.clone(),
            cue: q.cue_span.map(|s| ix.range(s.start, s.end)),
        })
        .collect()
}

fn len(spans: &[Chars]) -> usize {
    spans.iter().map(|(b, e)| e - b).sum()
}

fn shared(spans: &[Chars], (pb, pe): Chars) -> usize {
    spans
        .iter()
        .map(|&(b, e)| e.min(pe).saturating_sub(b.max(pb)))
        .sum()
}

fn touches(spans: &[Chars], (pb, pe): Chars) -> bool {
    spans.iter().any(|&(b, e)| b < pe && pb < e)
}

/// One-to-one matches (gold index, prediction index) by the overlap criterion.
fn match_quotes(gold: &[Gold], pred: &[Pred]) -> Vec<(usize, usize, bool)> {
    let mut pairs = Vec::new();
    for (gi, g) in gold.iter().enumerate() {
        let gl = len(&g.spans);
        for (pi, p) in pred.iter().enumerate() {
            let pl = p.span.1 - p.span.0;
            let s = shared(&g.spans, p.span);
            if s == 0 || 2 * s < gl.min(pl) {
                continue;
            }
            let of_longer = s as f64 / gl.max(pl).max(1) as f64;
            pairs.push((of_longer, gi, pi));
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let (mut gused, mut pused) = (vec![false; gold.len()], vec![false; pred.len()]);
    let mut out = Vec::new();
    for (share, gi, pi) in pairs {
        if gused[gi] || pused[pi] {
            continue;
        }
        gused[gi] = true;
        pused[pi] = true;
        out.push((gi, pi, share >= 0.5));
    }
    out
}

/// Entity of the nearest person mention ending before `pos`.
fn antecedent(a: &AnnotatedArticle, ix: &CharIndex, pos: usize) -> Option<String> {
    a.entities
        .iter()
        .filter(|e| e.kind == EntityKind::Person && ix.char_at(e.span.end) <= pos)
        .max_by_key(|e| e.span.end)
        .map(|e| e.entity.clone())
}

fn speaker_lenient(a: &AnnotatedArticle, ix: &CharIndex, g: &Gold, p: &Pred) -> bool {
    let Some(id) = &p.speaker else {
        return false;
    };
    let inside = a
        .entities
        .iter()
        .any(|e| &e.entity == id && touches(&g.speaker, ix.range(e.span.start, e.span.end)));
    if inside {
        return true;
    }
    let pron = &parallax_nlp::lang::for_code(Some("de"))
        .quotes
        .lexicon()
        .pron;
    let is_pronoun = pron.contains_key(&g.speaker_text.trim().to_lowercase());
    is_pronoun
        && g.speaker
            .first()
            .and_then(|s| antecedent(a, ix, s.0))
            .is_some_and(|ante| &ante == id)
}

/// What one document contributes, and its printable examples.
struct DocResult {
    scores: Scores,
    shown: Vec<(&'static str, String)>,
    output: Value,
}

fn context(text: &str, (b, e): Chars) -> String {
    let chars: Vec<char> = text.chars().collect();
    let from = b.saturating_sub(120);
    let to = (e + 80).min(chars.len());
    let s: String = chars[from..b.min(chars.len())].iter().collect();
    let m: String = chars[b.min(chars.len())..e.min(chars.len())]
        .iter()
        .collect();
    let t: String = chars[e.min(chars.len())..to].iter().collect();
    format!("…{s}⟦{m}⟧{t}…").replace('\n', " ")
}

fn slice(text: &str, (b, e): Chars) -> String {
    text.chars().skip(b).take(e.saturating_sub(b)).collect()
}

fn score_doc(doc: &Doc) -> DocResult {
    let a = annotate(doc);
    let pred = predictions(&a);
    let ix = CharIndex::new(&doc.text);
    let matches = match_quotes(&doc.gold, &pred);
    let mut s = Scores {
        docs: 1,
        ..Scores::default()
    };
    let mut shown = Vec::new();
    for g in &doc.gold {
        s.gold[g.kind] += 1;
    }
    for p in &pred {
        if let Some(k) = p.kind {
            s.pred[k] += 1;
        }
    }
    let mut gold_hit = vec![false; doc.gold.len()];
    let mut pred_hit = vec![false; pred.len()];
    for &(gi, pi, near) in &matches {
        let (g, p) = (&doc.gold[gi], &pred[pi]);
        gold_hit[gi] = true;
        pred_hit[pi] = true;
        s.matched += 1;
        s.near_matched += near as usize;
        s.found[g.kind] += 1;
        if let Some(k) = p.kind {
            s.pred_matched[k] += 1;
            if k == g.kind {
                s.kind_agree += 1;
            } else {
                shown.push((
                    "kind",
                    format!(
                        "gold {} / ours {}: {}",
                        TYPES[g.kind],
                        TYPES[k],
                        context(&doc.text, p.span)
                    ),
                ));
            }
        }
        if g.speaker.is_empty() {
            continue;
        }
        s.with_speaker += 1;
        let strict = p.speaker_span.is_some_and(|sp| touches(&g.speaker, sp));
        s.speaker_strict += strict as usize;
        s.type_speaker[g.kind].0 += 1;
        s.type_speaker[g.kind].1 += strict as usize;
        let lenient = strict || speaker_lenient(&a, &ix, g, p);
        s.speaker_lenient += lenient as usize;
        if !lenient {
            shown.push((
                "speaker",
                format!(
                    "gold {:?} / ours {:?} ({}): {}",
                    g.speaker_text,
                    p.speaker_span.map(|sp| slice(&doc.text, sp)),
                    TYPES[g.kind],
                    context(&doc.text, p.span)
                ),
            ));
        }
    }
    for (gi, g) in doc.gold.iter().enumerate() {
        if !gold_hit[gi] {
            let span = (g.spans[0].0, g.spans.last().map(|s| s.1).unwrap_or(0));
            shown.push((
                "miss",
                format!(
                    "{} ({:?}): {}",
                    TYPES[g.kind],
                    g.speaker_text,
                    context(&doc.text, span)
                ),
            ));
        }
    }
    for (pi, p) in pred.iter().enumerate() {
        if !pred_hit[pi] {
            shown.push((
                "fp",
                format!(
                    "{} ({:?}): {}",
                    p.kind.map(|k| TYPES[k]).unwrap_or("?"),
                    p.speaker_span.map(|sp| slice(&doc.text, sp)),
                    context(&doc.text, p.span)
                ),
            ));
        }
    }
    DocResult {
        scores: s,
        shown,
        output: prediction_json(doc, &pred),
    }
}

/// A document's predictions in the corpus's format (token ids), for `eval.py`.
fn prediction_json(doc: &Doc, pred: &[Pred]) -> Value {
    let ids = |span: Option<Chars>| -> Vec<usize> {
        span.map(|(b, e)| {
            doc.tokens
                .iter()
                .enumerate()
                .filter(|(_, t)| t.0 < e && b < t.1)
                .map(|(i, _)| i)
                .collect()
        })
        .unwrap_or_default()
    };
    let annotations: Vec<Value> = pred
        .iter()
        .map(|p| {
            json!({
                "quote": {"tokenIds": ids(Some(p.span))},
                "speaker": {"tokenIds": ids(p.speaker_span)},
                "cue": {"tokenIds": ids(p.cue)},
                "frame": {"tokenIds": []},
                "addressee": {"tokenIds": []},
                "type": p.kind.map(|k| TYPES[k]),
                "medium": null,
            })
        })
        .collect();
    json!({"documentName": doc.name, "annotations": annotations})
}

impl Scores {
    fn add(&mut self, o: &Scores) {
        self.docs += o.docs;
        for k in 0..5 {
            self.gold[k] += o.gold[k];
            self.found[k] += o.found[k];
            self.pred[k] += o.pred[k];
            self.pred_matched[k] += o.pred_matched[k];
        }
        self.kind_agree += o.kind_agree;
        self.matched += o.matched;
        self.near_matched += o.near_matched;
        self.with_speaker += o.with_speaker;
        self.speaker_strict += o.speaker_strict;
        self.speaker_lenient += o.speaker_lenient;
        for k in 0..5 {
            self.type_speaker[k].0 += o.type_speaker[k].0;
            self.type_speaker[k].1 += o.type_speaker[k].1;
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

/// Score every document of `file`.
pub fn score(file: &Path) -> Result<Scores, EvalError> {
    let docs = load(file)?;
    let results: Vec<DocResult> = docs.par_iter().map(score_doc).collect();
    let mut total = Scores::default();
    for r in &results {
        total.add(&r.scores);
    }
    show(&results);
    if let Some(out) = std::env::var_os("QUOTES_NEWS_PREDICTIONS") {
        let lines: Vec<String> = results.iter().map(|r| r.output.to_string()).collect();
        std::fs::write(&out, lines.join("\n") + "\n")
            .map_err(|e| format!("{}: {e}", Path::new(&out).display()))?;
    }
    Ok(total)
}

fn show(results: &[DocResult]) {
    let Ok(wanted) = std::env::var("QUOTES_NEWS_SHOW") else {
        return;
    };
    let wanted: Vec<&str> = wanted.split(',').map(str::trim).collect();
    for r in results {
        for (what, line) in &r.shown {
            if wanted.contains(what) || wanted.contains(&"all") {
                eprintln!("[{what}] {line}");
            }
        }
    }
}

/// The printable report.
pub fn report(file: &Path, s: &Scores) -> String {
    let mut out = String::new();
    let total_gold: usize = s.gold.iter().sum();
    let total_pred: usize = s.pred.iter().sum();
    let _ = writeln!(
        out,
        "German news quotes (Wikinews), {} ({} documents, {} gold quotes, {} predicted)",
        file.display(),
        s.docs,
        total_gold,
        total_pred
    );
    let _ = writeln!(
        out,
        "match: overlap of at least half of the shorter span, one-to-one (see the module docs)"
    );
    let line =
        |out: &mut String, name: &str, tp_p: usize, pred: usize, tp_g: usize, gold: usize| {
            let (p, r) = (ratio(tp_p, pred), ratio(tp_g, gold));
            let _ = writeln!(
                out,
                "{name:<22} P {p:.3}  R {r:.3}  F1 {:.3}   (predicted {pred}, gold {gold})",
                f1(p, r)
            );
        };
    line(
        &mut out, "quotes", s.matched, total_pred, s.matched, total_gold,
    );
    line(
        &mut out,
        "quotes (near-equal)",
        s.near_matched,
        total_pred,
        s.near_matched,
        total_gold,
    );
    for (k, name) in TYPES.iter().enumerate() {
        line(
            &mut out,
            name,
            s.pred_matched[k],
            s.pred[k],
            s.found[k],
            s.gold[k],
        );
        let (n, ok) = s.type_speaker[k];
        let _ = writeln!(
            out,
            "{:<22} speaker (strict) {:.3} of {n} found",
            "",
            ratio(ok, n)
        );
    }
    let _ = writeln!(
        out,
        "kind agrees on {:.3} of found quotes ({} of {})",
        ratio(s.kind_agree, s.matched),
        s.kind_agree,
        s.matched
    );
    let _ = writeln!(
        out,
        "speaker on found quotes: strict {:.3}, lenient {:.3} ({} / {} of {} with a gold speaker)",
        ratio(s.speaker_strict, s.with_speaker),
        ratio(s.speaker_lenient, s.with_speaker),
        s.speaker_strict,
        s.speaker_lenient,
        s.with_speaker
    );
    out
}

pub fn run(path: &Path) -> Result<String, EvalError> {
    let file = if path.is_dir() {
        path.join("dev.jsonl")
    } else {
        path.to_path_buf()
    };
    let scores = score(&file)?;
    Ok(report(&file, &scores))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold(spans: &[Chars], kind: usize) -> Gold {
        Gold {
            spans: spans.to_vec(),
            kind,
            speaker: vec![],
            speaker_text: String::new(),
        }
    }

    fn pred(span: Chars) -> Pred {
        Pred {
            span,
            kind: Some(0),
            speaker_span: None,
            speaker: None,
            cue: None,
        }
    }

    #[test]
    fn half_of_the_shorter_matches_one_to_one() {
        let g = [gold(&[(10, 30)], 0), gold(&[(40, 50), (60, 70)], 1)];
        // (12, 20) lies inside the first gold quote: a match, but not a near-equal one
        let m = match_quotes(&g, &[pred((12, 20)), pred((0, 100))]);
        assert!(m.contains(&(0, 0, false)), "{m:?}");
        // the long prediction covers all of the second gold quote (its shorter side)
        assert!(m.contains(&(1, 1, false)), "{m:?}");
        // a prediction sharing less than half of the shorter one is no match
        assert!(match_quotes(&g, &[pred((25, 45))]).is_empty());
        // two predictions for one gold quote: only the closer one matches
        let m = match_quotes(&g, &[pred((10, 29)), pred((10, 20))]);
        assert_eq!(m, vec![(0, 0, true)]);
    }

    #[test]
    fn characters_not_bytes() {
        let ix = CharIndex::new("„Ä“ b");
        assert_eq!(ix.range(3, 5), (1, 2));
        assert_eq!(ix.char_at(9), 4);
    }

    #[test]
    fn errors_when_absent() {
        assert!(run(Path::new("/nonexistent/wikinews-de")).is_err());
    }
}
