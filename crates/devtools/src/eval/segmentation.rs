//! Sentence and token boundaries against a CoNLL-U file (UD German GSD).
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

/// Read a CoNLL-U file into raw text with gold sentence and token character spans.
pub fn read_conllu(content: &str) -> Result<Gold, EvalError> {
    let mut text = String::new();
    let mut chars = 0usize;
    let mut sentences = Vec::new();
    let mut tokens = Vec::new();
    // Current sentence: its text, its char start, and a byte cursor inside it.
    let mut cur: Option<(String, usize, usize)> = None;
    let mut skip_until = 0usize;
    for line in content.lines() {
        if let Some(t) = line.strip_prefix("# text = ") {
            if !text.is_empty() {
                text.push(' ');
                chars += 1;
            }
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

pub fn run(path: &Path) -> Result<String, EvalError> {
    let content = std::fs::read_to_string(path)?;
    let gold = read_conllu(&content)?;
    let language = lang::for_code(Some("de"));
    let text = gold.text.as_str();

    // Time the segmenter and tokenizer together, repeated for a stable figure.
    let mut rounds = 0u32;
    let started = Instant::now();
    let (sents, toks) = loop {
        let s = segment::sentences(language, text);
        let t = token::tokenize(language, text, &s);
        rounds += 1;
        if started.elapsed().as_secs_f64() > 1.0 || rounds >= 50 {
            break (s, t);
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
    let nchars = c;

    let pred_s: HashSet<(usize, usize)> = sents
        .iter()
        .map(|s| (byte_to_char[s.start], byte_to_char[s.end]))
        .collect();
    let pred_t: HashSet<(usize, usize)> = toks
        .iter()
        .map(|t| (byte_to_char[t.span.start], byte_to_char[t.span.end]))
        .collect();
    let gold_s: HashSet<(usize, usize)> = gold.sentences.iter().copied().collect();
    let gold_t: HashSet<(usize, usize)> = gold.tokens.iter().copied().collect();
    // Boundaries: sentence ends (the position where a sentence stops).
    let gold_b: HashSet<(usize, usize)> = gold.sentences.iter().map(|s| (s.1, s.1)).collect();
    let pred_b: HashSet<(usize, usize)> = pred_s.iter().map(|s| (s.1, s.1)).collect();

    let (sp, sr, sf) = prf(&gold_s, &pred_s);
    let (bp, br, bf) = prf(&gold_b, &pred_b);
    let (tp, tr, tf) = prf(&gold_t, &pred_t);
    let cps = nchars as f64 / secs.max(1e-9);
    Ok(format!(
        "segmentation: {} ({} sentences, {} tokens, {} chars)\n\
         sentence spans      P {sp:.3}  R {sr:.3}  F1 {sf:.3}\n\
         sentence boundaries P {bp:.3}  R {br:.3}  F1 {bf:.3}\n\
         token spans         P {tp:.3}  R {tr:.3}  F1 {tf:.3}\n\
         speed: {:.0} chars/s ({:.1} MB/s, segmenter + tokenizer, one core)",
        path.display(),
        gold.sentences.len(),
        gold.tokens.len(),
        nchars,
        cps,
        text.len() as f64 / secs.max(1e-9) / 1e6,
    ))
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
