//! Tokens with spans, normalised forms and stems: the one lexer pass of an article.
//!
//! Segmentation scans the text once into raw tokens ([`crate::segment`]); tokens are those
//! raw tokens with their normalised form and their stem (the language's [`TokenRules`]).
use parallax_model::{Span, Token};
use rust_stemmers::{Algorithm, Stemmer};

use crate::lang::Language;
use crate::segment::{raw_tokens, RawToken, Scan};

/// Tokens of `text` inside the given sentences (byte spans into `text`). Scans the text;
/// [`from_scan`] reuses the scan segmentation made.
pub fn tokenize(language: &Language, text: &str, sentences: &[Span]) -> Vec<Token> {
    from_raw(
        language,
        text,
        &raw_tokens(language.segmentation, text),
        sentences,
    )
}

/// Tokens of a scanned text (the sentences and raw tokens of [`crate::segment::scan`]).
pub fn from_scan(language: &Language, text: &str, scan: &Scan) -> Vec<Token> {
    from_raw(language, text, &scan.tokens, &scan.sentences)
}

fn from_raw(language: &Language, text: &str, raw: &[RawToken], sentences: &[Span]) -> Vec<Token> {
    let mut out = Vec::with_capacity(raw.len());
    let mut s = 0;
    for t in raw {
        // Keep only tokens inside a sentence (sentences cover every token when they
        // come from `segment::sentences`).
        while s < sentences.len() && sentences[s].end <= t.start {
            s += 1;
        }
        if !sentences.is_empty() && (s >= sentences.len() || sentences[s].start > t.start) {
            continue;
        }
        let surface = text.get(t.start..t.end).unwrap_or("");
        let norm = normalize(surface);
        let stem = stem(language, &norm);
        out.push(Token {
            span: Span::new(t.start, t.end),
            norm,
            stem,
        });
    }
    out
}

/// Lower case with folded quotes, apostrophes and dashes.
pub fn normalize(surface: &str) -> String {
    let mut out = String::with_capacity(surface.len());
    for c in surface.chars() {
        match c {
            '„' | '“' | '”' | '»' | '«' | '″' => out.push('"'),
            '‚' | '‘' | '’' | '›' | '‹' | '`' | '´' => out.push('\''),
            '–' | '—' | '‐' | '‑' | '‒' | '−' => out.push('-'),
            '\u{a0}' => out.push(' '),
            c if c.is_uppercase() => out.extend(c.to_lowercase()),
            c => out.push(c),
        }
    }
    out
}

/// What the token stage needs from a language: how a word is stemmed.
pub trait TokenRules: Sync {
    /// Stem of a normalised (lower-case) word, as the token's `stem`. The default keeps
    /// the word (a language without a stemmer).
    fn stem(&self, norm: &str) -> String {
        norm.to_string()
    }
}

/// Stem of a normalised word by the language's rules; words that do not start with a
/// letter (numbers, punctuation) are their own stem.
pub fn stem(language: &Language, norm: &str) -> String {
    if !norm.chars().next().is_some_and(char::is_alphabetic) {
        return norm.to_string();
    }
    language.tokens.stem(norm)
}

/// The Snowball stem of a lower-case word for `algorithm` (for language modules, which
/// name their algorithm; a stemmer is a function pointer, so creating one is free).
pub fn snowball(algorithm: Algorithm, lower: &str) -> String {
    Stemmer::create(algorithm).stem(lower).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{lang, segment};

    fn de() -> &'static Language {
        lang::for_code(Some("de"))
    }

    #[test]
    fn stems_match_inflections() {
        let s = |w: &str| stem(de(), &normalize(w));
        assert_eq!(s("Kasachstans"), s("Kasachstan"));
        assert_eq!(s("Verbündeten"), s("Verbündeter"));
        assert_eq!(s("Russlands"), s("Russland"));
        assert_ne!(s("Russland"), s("Kasachstan"));
    }

    #[test]
    fn tokens_have_exact_spans() {
        let text = "Er ging zum „Gipfel“ am 27. November – 7.500 km.\n\nDas ist alles.";
        let sents = segment::sentences(de(), text);
        let toks = tokenize(de(), text, &sents);
        let surfaces: Vec<&str> = toks.iter().map(|t| t.span.slice(text)).collect();
        assert_eq!(
            surfaces,
            vec![
                "Er", "ging", "zum", "„", "Gipfel", "“", "am", "27.", "November", "–", "7.500",
                "km", ".", "Das", "ist", "alles", "."
            ]
        );
        assert_eq!(toks[3].norm, "\"");
        assert_eq!(toks[0].norm, "er");
        assert_eq!(toks[9].norm, "-");
    }
}
