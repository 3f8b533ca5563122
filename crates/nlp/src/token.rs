//! Tokens with spans, normalised forms and stems.
use std::cell::RefCell;

use parallax_model::{Span, Token};
use rust_stemmers::{Algorithm, Stemmer};

use crate::lang::Language;
use crate::segment::raw_tokens;

/// Tokens of `text` inside the given sentences (byte spans into `text`).
pub fn tokenize(language: &Language, text: &str, sentences: &[Span]) -> Vec<Token> {
    let raw = raw_tokens(language.segmentation, text);
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

/// Stem of a normalised word: Snowball (German for `de`, English otherwise) with the umlauts
/// folded, so `Kasachstans` ~ `Kasachstan` and `Verbündeten` ~ `Verbündeter`.
pub fn stem(language: &Language, norm: &str) -> String {
    if !norm.chars().next().is_some_and(char::is_alphabetic) {
        return norm.to_string();
    }
    thread_local! {
        static STEMMERS: RefCell<Option<(Stemmer, Stemmer)>> = const { RefCell::new(None) };
    }
    STEMMERS.with(|cell| {
        let mut cell = cell.borrow_mut();
        let (de, en) = cell.get_or_insert_with(|| {
            (
                Stemmer::create(Algorithm::German),
                Stemmer::create(Algorithm::English),
            )
        });
        let stemmed = if language.code == "de" {
            de.stem(norm)
        } else {
            en.stem(norm)
        };
        stemmed
            .chars()
            .map(|c| match c {
                'ä' => 'a',
                'ö' => 'o',
                'ü' => 'u',
                c => c,
            })
            .collect()
    })
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
