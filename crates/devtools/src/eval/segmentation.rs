//! Sentence and token boundaries against a CoNLL-U file (the UD dev treebanks), with the
//! rules of the treebank's language.
//!
//! The raw text is rebuilt from the `# text` lines joined by single spaces; gold sentence
//! spans are those lines, gold token spans are the surface tokens (multi-word tokens such as
//! `zum` count once) located in order inside each sentence. Spans are in characters.
use std::collections::HashSet;
use std::path::Path;
use std::time::Instant;

use super::EvalError;
use parallax_nlp::{lang, segment, token};

/// Gold data rebuilt from a CoNLL-U file.
pub struct Gold {
    pub text: String,
    /// Sentence spans (char offsets).
    pub sentences: Vec<(usize, usize)>,
    /// Token spans (char offsets).
    pub tokens: Vec<(usize, usize)>,
}

/// How sentences are joined into the raw text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One space between sentences (the figure every treebank has).
    Spaces,
    /// A blank line where the treebank marks a new paragraph or document (`# newpar`,
    /// `# newdoc`), one space elsewhere: the text as its source laid it out.
    Paragraphs,
}

/// Read a CoNLL-U file into raw text with gold sentence and token character spans.
pub fn read_conllu(content: &str) -> Result<Gold, EvalError> {
    read_conllu_as(content, Layout::Spaces)
}

/// Read a CoNLL-U file, joining its sentences as `layout` says.
pub fn read_conllu_as(content: &str, layout: Layout) -> Result<Gold, EvalError> {
    let mut text = String::new();
    let mut chars = 0usize;
    let mut sentences = Vec::new();
    let mut tokens = Vec::new();
    // Current sentence: its text, its char start, and a byte cursor inside it.
    let mut cur: Option<(String, usize, usize)> = None;
    let mut skip_until = 0usize;
    let mut new_paragraph = false;
    for line in content.lines() {
        if line.starts_with("# newpar") || line.starts_with("# newdoc") {
            new_paragraph = true;
            continue;
        }
        if let Some(t) = line.strip_prefix("# text = ") {
            if !text.is_empty() {
                let sep = if layout == Layout::Paragraphs && new_paragraph {
                    "\n\n"
                } else {
                    " "
                };
                text.push_str(sep);
                chars += sep.len();
            }
            new_paragraph = false;
            let n = t.chars().count();
            sentences.push((chars, chars + n));
            text.push_str(t);
            cur = Some((t.to_string(), chars, 0));
            chars += n;
            skip_until = 0;
            continue;
        }
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 2 {
            continue;
        }
        let id = cols[0];
        if id.contains('.') {
            continue;
        }
        let form = cols[1];
        let (is_range, last) = match id.split_once('-') {
            Some((_, b)) => (true, b.parse::<usize>().unwrap_or(0)),
            None => (false, id.parse::<usize>().unwrap_or(0)),
        };
        if !is_range && last <= skip_until {
            continue;
        }
        if is_range {
            skip_until = last;
        }
        let Some((stext, sstart, cursor)) = cur.as_mut() else {
            return Err(format!("token line before any `# text`: {line}").into());
        };
        let Some(rel) = stext.get(*cursor..).and_then(|rest| rest.find(form)) else {
            return Err(format!("token `{form}` not found in sentence `{stext}`").into());
        };
        let b = *cursor + rel;
        let cstart = *sstart + stext[..b].chars().count();
        let cend = cstart + form.chars().count();
        tokens.push((cstart, cend));
        *cursor = b + form.len();
    }
    Ok(Gold {
        text,
        sentences,
        tokens,
    })
}

/// Precision, recall and F1 of `pred` against `gold`.
pub fn prf(gold: &HashSet<(usize, usize)>, pred: &HashSet<(usize, usize)>) -> (f64, f64, f64) {
    let tp = pred.intersection(gold).count() as f64;
    let p = if pred.is_empty() {
        0.0
    } else {
        tp / pred.len() as f64
    };
    let r = if gold.is_empty() {
        0.0
    } else {
        tp / gold.len() as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f)
}

/// The language of a treebank file: `lang` when given, else the code its name starts with
/// (UD files are named `de_gsd-ud-dev.conllu`).
pub fn language_for(path: &Path, lang: Option<&str>) -> Result<&'static lang::Language, EvalError> {
    let code = match lang {
        Some(code) => code.to_string(),
        None => path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.split(['_', '-', '.']).next())
            .unwrap_or("")
            .to_string(),
    };
    lang::registered(&code).ok_or_else(|| {
        format!(
            "no language module for `{code}` (give --lang; supported: {})",
            lang::supported().collect::<Vec<_>>().join(", ")
        )
        .into()
    })
}

/// Sentence-boundary and token scores of one stretch of the text.
struct Scores {
    spans: (f64, f64, f64),
    boundaries: (f64, f64, f64),
    tokens: (f64, f64, f64),
}

/// Score predicted sentences and tokens (char spans) against the gold ones that start in
/// `[from, to)`; predictions are assigned to the stretch where they start (boundaries where
/// they end).
fn score(
    gold: &Gold,
    pred_s: &[(usize, usize)],
    pred_t: &[(usize, usize)],
    from: usize,
    to: usize,
) -> Scores {
    let inside = |x: usize| (from..to).contains(&x);
    let set = |spans: &[(usize, usize)]| -> HashSet<(usize, usize)> {
        spans.iter().copied().filter(|s| inside(s.0)).collect()
    };
    let ends = |spans: &[(usize, usize)]| -> HashSet<(usize, usize)> {
        spans
            .iter()
            .filter(|s| inside(s.1.saturating_sub(1)))
            .map(|s| (s.1, s.1))
            .collect()
    };
    Scores {
        spans: prf(&set(&gold.sentences), &set(pred_s)),
        boundaries: prf(&ends(&gold.sentences), &ends(pred_s)),
        tokens: prf(&set(&gold.tokens), &set(pred_t)),
    }
}

/// Character spans (start, end) of sentences or tokens.
type CharSpans = Vec<(usize, usize)>;

/// Predicted sentence and token char spans, and the seconds one pass took.
fn predict(language: &'static lang::Language, text: &str) -> (CharSpans, CharSpans, f64) {
    // Time the segmenter and tokenizer together, repeated for a stable figure.
    let mut rounds = 0u32;
    let started = Instant::now();
    let (sents, toks) = loop {
        let scan = segment::scan(language, text);
        let t = token::from_scan(language, text, &scan);
        rounds += 1;
        if started.elapsed().as_secs_f64() > 1.0 || rounds >= 50 {
            break (scan.sentences, t);
        }
    };
    let secs = started.elapsed().as_secs_f64() / f64::from(rounds);
    // Byte offsets → char offsets.
    let mut byte_to_char = vec![0usize; text.len() + 1];
    let mut c = 0;
    for (b, ch) in text.char_indices() {
        byte_to_char[b] = c;
        c += 1;
        for k in 1..ch.len_utf8() {
            byte_to_char[b + k] = c;
        }
    }
    byte_to_char[text.len()] = c;
    let pred_s = sents
        .iter()
        .map(|s| (byte_to_char[s.start], byte_to_char[s.end]))
        .collect();
    let pred_t = toks
        .iter()
        .map(|t| (byte_to_char[t.span.start], byte_to_char[t.span.end]))
        .collect();
    (pred_s, pred_t, secs)
}

/// Write the first half's errors (where rules may be tuned) to `out`, one a line with its
/// context: missed and false sentence ends, missed and false tokens.
fn write_errors(
    out: &Path,
    gold: &Gold,
    pred_s: &[(usize, usize)],
    pred_t: &[(usize, usize)],
    mid: usize,
) -> Result<(), EvalError> {
    use std::fmt::Write as _;
    let chars: Vec<char> = gold.text.chars().collect();
    let context = |a: usize, b: usize| -> String {
        let from = a.saturating_sub(30);
        let to = (b + 30).min(chars.len());
        let before: String = chars[from..a.min(chars.len())].iter().collect();
        let inside: String = chars[a.min(chars.len())..b.min(chars.len())]
            .iter()
            .collect();
        let after: String = chars[b.min(chars.len())..to].iter().collect();
        format!("{before}[{inside}]{after}").replace('\n', "⏎")
    };
    let mut text = String::new();
    let ends = |spans: &[(usize, usize)]| -> HashSet<usize> {
        spans.iter().map(|s| s.1).filter(|&e| e <= mid).collect()
    };
    let (gold_ends, pred_ends) = (ends(&gold.sentences), ends(pred_s));
    for (what, a, b) in [
        ("missed end", &gold_ends, &pred_ends),
        ("false end", &pred_ends, &gold_ends),
    ] {
        let mut list: Vec<usize> = a.difference(b).copied().collect();
        list.sort_unstable();
        for e in list {
            let _ = writeln!(text, "{what}\t{}", context(e, e));
        }
    }
    let toks = |spans: &[(usize, usize)]| -> HashSet<(usize, usize)> {
        spans.iter().copied().filter(|s| s.0 < mid).collect()
    };
    let (gold_t, pred_t) = (toks(&gold.tokens), toks(pred_t));
    for (what, a, b) in [
        ("missed token", &gold_t, &pred_t),
        ("false token", &pred_t, &gold_t),
    ] {
        let mut list: Vec<(usize, usize)> = a.difference(b).copied().collect();
        list.sort_unstable();
        for (s, e) in list {
            let _ = writeln!(text, "{what}\t{}", context(s, e));
        }
    }
    std::fs::write(out, text)?;
    Ok(())
}

fn row(name: &str, s: &Scores) -> String {
    let (bp, br, bf) = s.boundaries;
    let (_, _, sf) = s.spans;
    let (tp, tr, tf) = s.tokens;
    format!(
        "{name:<26} boundaries P {bp:.3} R {br:.3} F1 {bf:.3} | spans F1 {sf:.3} | tokens P {tp:.3} R {tr:.3} F1 {tf:.3}"
    )
}

/// Score the language's segmenter and tokenizer on a CoNLL-U file: all of it (sentence
/// spans, boundaries, tokens), then its first half (where rules may be tuned) and its second
/// half (held out), and — for treebanks that mark paragraphs — the text laid out with its
/// paragraph breaks.
pub fn run(path: &Path, lang: Option<&str>) -> Result<String, EvalError> {
    let content = std::fs::read_to_string(path)?;
    let language = language_for(path, lang)?;
    let gold = read_conllu(&content)?;
    let text = gold.text.as_str();
    let (pred_s, pred_t, secs) = predict(language, text);
    let nchars = text.chars().count();
    let all = score(&gold, &pred_s, &pred_t, 0, usize::MAX);
    // The half-way point: the start of the first sentence of the second half.
    let mid = gold
        .sentences
        .get(gold.sentences.len() / 2)
        .map_or(nchars, |s| s.0);
    let first = score(&gold, &pred_s, &pred_t, 0, mid);
    if let Some(out) = std::env::var_os("PARALLAX_SEGMENTATION_ERRORS") {
        write_errors(Path::new(&out), &gold, &pred_s, &pred_t, mid)?;
    }
    let second = score(&gold, &pred_s, &pred_t, mid, usize::MAX);
    let (sp, sr, sf) = all.spans;
    let (bp, br, bf) = all.boundaries;
    let (tp, tr, tf) = all.tokens;
    let mut out = format!(
        "segmentation: {} ({}: {} sentences, {} tokens, {} chars)\n\
         sentence spans      P {sp:.3}  R {sr:.3}  F1 {sf:.3}\n\
         sentence boundaries P {bp:.3}  R {br:.3}  F1 {bf:.3}\n\
         token spans         P {tp:.3}  R {tr:.3}  F1 {tf:.3}\n\
         {}\n{}\n",
        path.display(),
        language.name,
        gold.sentences.len(),
        gold.tokens.len(),
        nchars,
        row("first half (tuning)", &first),
        row("second half (held out)", &second),
    );
    if content.contains("\n# newpar") || content.contains("\n# newdoc") {
        let laid_out = read_conllu_as(&content, Layout::Paragraphs)?;
        let (ps, pt, _) = predict(language, &laid_out.text);
        let n = laid_out.text.chars().count();
        out.push_str(&row(
            "with paragraph breaks",
            &score(&laid_out, &ps, &pt, 0, n + 1),
        ));
        out.push('\n');
    }
    out.push_str(&format!(
        "speed: {:.0} chars/s ({:.1} MB/s, segmenter + tokenizer, one core)",
        nchars as f64 / secs.max(1e-9),
        text.len() as f64 / secs.max(1e-9) / 1e6,
    ));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_multiword_tokens_once() {
        let conllu = "# text = Er ging zum Haus.\n1\tEr\t_\n2\tging\t_\n3-4\tzum\t_\n3\tzu\t_\n4\tdem\t_\n5\tHaus\t_\n6\t.\t_\n\n# text = Gut.\n1\tGut\t_\n2\t.\t_\n";
        let g = read_conllu(conllu).expect("parses");
        assert_eq!(g.text, "Er ging zum Haus. Gut.");
        assert_eq!(g.sentences, vec![(0, 17), (18, 22)]);
        assert_eq!(
            g.tokens,
            vec![
                (0, 2),
                (3, 7),
                (8, 11),
                (12, 16),
                (16, 17),
                (18, 21),
                (21, 22)
            ]
        );
    }
}
