//! Pieces: the units the quantity, time and quote stages read — numbers (digits with inner
//! `.`/`,` between digits), words (letters, with inner hyphens and apostrophes) and single
//! punctuation characters, each with its byte span.
//!
//! The quantity stage takes its pieces from the article's tokens ([`from_tokens`]: the
//! text's one lexer pass, re-cut where a piece boundary differs from a token boundary);
//! [`scan`] reads them from raw text, for the stages that still scan on their own (time,
//! quote) and for lexicon entries.

use parallax_model::Token;

/// What a scanned piece is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Digits, possibly with inner `.`/`,` (e.g. `7.500`, `21,4`, `22.04.2022`).
    Num,
    /// Letters (and inner hyphens/apostrophes/digits after letters): `US-Dollar`, `EAWU-Ländern`.
    Word,
    /// Any other single non-space character.
    Punct,
}

/// One scanned piece: a byte span into the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// True when whitespace (or the text start) precedes the piece.
    pub space_before: bool,
    /// True when a line break lies between this piece and the previous one.
    pub newline_before: bool,
}

impl Piece {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || c == '\u{00AD}'
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Scan `text` into pieces. Linear in the length of the text.
pub fn scan(text: &str) -> Vec<Piece> {
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    let end_of = |i: usize| if i < n { chars[i].0 } else { text.len() };
    let mut i = 0;
    let mut space_before = true;
    let mut newline_before = false;
    while i < n {
        let c = chars[i].1;
        if c.is_whitespace() {
            space_before = true;
            if c == '\n' || c == '\r' {
                newline_before = true;
            }
            i += 1;
            continue;
        }
        let start = chars[i].0;
        let kind;
        if c.is_ascii_digit() {
            // digits with single inner separators followed by a digit
            let mut j = i + 1;
            while j < n {
                let d = chars[j].1;
                if d.is_ascii_digit() {
                    j += 1;
                } else if (d == '.' || d == ',') && j + 1 < n && chars[j + 1].1.is_ascii_digit() {
                    j += 2;
                } else {
                    break;
                }
            }
            i = j;
            kind = Kind::Num;
        } else if is_word_char(c) {
            let mut j = i + 1;
            while j < n {
                let d = chars[j].1;
                if is_word_char(d) || d.is_ascii_digit() {
                    // letters, and digits inside a word begun with letters (`CO2`, `G20`)
                    j += 1;
                } else if (is_hyphen(d) || d == '\'' || d == '’')
                    && j + 1 < n
                    && is_word_char(chars[j + 1].1)
                {
                    j += 2;
                } else {
                    break;
                }
            }
            i = j;
            kind = Kind::Word;
        } else {
            i += 1;
            kind = Kind::Punct;
        }
        out.push(Piece {
            start,
            end: end_of(i),
            kind,
            space_before,
            newline_before,
        });
        space_before = false;
        newline_before = false;
    }
    out
}

/// Pieces of a text from its tokens (the same pieces [`scan`] reads from the text, save
/// around control characters, which tokens skip). A token is cut where a piece ends inside
/// it (`27.` → `27` `.`, `10km` → `10` `km`); word pieces are joined across an inner hyphen
/// or apostrophe token (`US` `-` `Dollar` → `US-Dollar`, `Tokajew` `'s` → `Tokajew's`).
pub fn from_tokens(text: &str, tokens: &[Token]) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::with_capacity(tokens.len() + tokens.len() / 8);
    let mut prev_end = 0;
    for t in tokens {
        let (start, end) = (t.span.start, t.span.end);
        let (Some(gap), Some(surface)) = (text.get(prev_end..start), text.get(start..end)) else {
            continue;
        };
        let mut space_before = start == 0 || gap.chars().any(char::is_whitespace);
        let mut newline_before = gap.contains(['\n', '\r']);
        prev_end = end;
        for p in token_pieces(surface, start) {
            let piece = Piece {
                space_before,
                newline_before,
                ..p
            };
            space_before = false;
            newline_before = false;
            push_joined(text, &mut out, piece);
        }
    }
    out
}

/// The pieces inside one token (most tokens are one piece: read without a scan).
fn token_pieces(surface: &str, offset: usize) -> Vec<Piece> {
    let whole = |kind| {
        vec![Piece {
            start: offset,
            end: offset + surface.len(),
            kind,
            space_before: false,
            newline_before: false,
        }]
    };
    let mut chars = surface.chars();
    match chars.next() {
        Some(c) if c.is_alphabetic() && surface.chars().all(char::is_alphabetic) => {
            return whole(Kind::Word)
        }
        Some(c) if c.is_ascii_digit() && surface.bytes().all(|b| b.is_ascii_digit()) => {
            return whole(Kind::Num)
        }
        Some(_)
            if chars.next().is_none() && !is_word_char(surface.chars().next().unwrap_or(' ')) =>
        {
            return whole(Kind::Punct)
        }
        _ => {}
    }
    scan(surface)
        .into_iter()
        .map(|p| Piece {
            start: p.start + offset,
            end: p.end + offset,
            ..p
        })
        .collect()
}

/// Push a piece, joining it to the pieces before as [`scan`] would: a word continues over an
/// inner hyphen or apostrophe followed by a word, and over an adjacent word (`Ver\u{ad}trag`).
fn push_joined(text: &str, out: &mut Vec<Piece>, piece: Piece) {
    let glued = |a: &Piece, b: &Piece| a.end == b.start && !b.space_before;
    if piece.kind == Kind::Word {
        if let Some(last) = out.last_mut() {
            if last.kind == Kind::Word && glued(last, &piece) {
                last.end = piece.end;
                return;
            }
        }
        let n = out.len();
        if n >= 2 {
            let (word, mark) = (out[n - 2], out[n - 1]);
            let is_mark = mark.kind == Kind::Punct
                && mark
                    .text(text)
                    .chars()
                    .next()
                    .is_some_and(|c| is_hyphen(c) || c == '\'' || c == '’');
            if word.kind == Kind::Word && is_mark && glued(&word, &mark) && glued(&mark, &piece) {
                out.pop();
                if let Some(last) = out.last_mut() {
                    last.end = piece.end;
                }
                return;
            }
        }
    }
    out.push(piece);
}

/// Lower-case a word cheaply (ASCII fast path).
pub fn lower(s: &str) -> String {
    if s.is_ascii() {
        s.to_ascii_lowercase()
    } else {
        s.to_lowercase()
    }
}

/// True when the word starts with an upper-case letter.
pub fn is_capitalised(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_uppercase())
}

/// Index of the sentence containing byte `pos` (sentences sorted by start), if any.
pub fn sentence_of(sentences: &[parallax_model::Span], pos: usize) -> Option<usize> {
    let idx = sentences.partition_point(|s| s.start <= pos);
    if idx == 0 {
        return None;
    }
    let s = sentences[idx - 1];
    (pos < s.end.max(s.start + 1)).then_some(idx - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_numbers_words_punct() {
        let t = "mehr als 7.500 Kilometern, 21,4 Mrd. US-Dollar (43 %) 27. November";
        let p = scan(t);
        let texts: Vec<&str> = p.iter().map(|x| x.text(t)).collect();
        assert_eq!(
            texts,
            vec![
                "mehr",
                "als",
                "7.500",
                "Kilometern",
                ",",
                "21,4",
                "Mrd",
                ".",
                "US-Dollar",
                "(",
                "43",
                "%",
                ")",
                "27",
                ".",
                "November"
            ]
        );
        assert_eq!(p[2].kind, Kind::Num);
        assert_eq!(p[8].kind, Kind::Word);
    }

    /// Pieces from tokens are the pieces of a scan.
    #[test]
    fn pieces_from_tokens_match_the_scan() {
        for text in [
            "mehr als 7.500 Kilometern, 21,4 Mrd. US-Dollar (43 %) 27. November",
            "Kassym-Schomart Tokajew's Besuch: 10km, 2023er, z.B. 1/2 und 30-Milliarden-Dollar-Marke.",
            "Er sagte: „Wir kommen.“ Dann ... ging er ;-) mit O'Neill – 15 Dollar 50. G20-Gipfel CO2",
            "Ver\u{ad}trag über 40 000 Euro\n\nam 8. Mai um 18:30 Uhr, https://x.de/a?b=1. Ende",
            "Zelenskyy's e-mail: a@b.de  x\u{301}y -- ‐ ‑ 👍🏽 Emoji 👨‍👩‍👧 text. 日本語の文。 Русский-текст.",
            "",
            "....!!!???…",
        ] {
            for code in ["de", "en"] {
                let language = crate::lang::for_code(Some(code));
                let sentences = crate::segment::sentences(language, text);
                let tokens = crate::token::tokenize(language, text, &sentences);
                let pieces = |ps: Vec<Piece>| -> Vec<(String, Kind, bool, bool)> {
                    ps.iter()
                        .map(|p| (p.text(text).to_string(), p.kind, p.space_before, p.newline_before))
                        .collect()
                };
                assert_eq!(pieces(from_tokens(text, &tokens)), pieces(scan(text)), "{text}");
            }
        }
    }

    /// The same on real text: the seeds and the dev treebanks of every language, when present.
    #[test]
    fn pieces_from_tokens_match_the_scan_on_shared_text() {
        let shared = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared"));
        let mut texts: Vec<(String, String)> = Vec::new();
        if let Ok(dir) = std::fs::read_dir(shared.join("corpus/seeds")) {
            for e in dir.flatten() {
                if let Ok(t) = std::fs::read_to_string(e.path()) {
                    texts.push(("de".into(), t));
                }
            }
        }
        for (code, file) in [
            ("de", "ud-german-gsd/de_gsd-ud-dev.conllu"),
            ("en", "ud-english-ewt/en_ewt-ud-dev.conllu"),
            ("ru", "ud-russian-gsd/ru_gsd-ud-dev.conllu"),
            ("fr", "ud-french-gsd/fr_gsd-ud-dev.conllu"),
        ] {
            if let Ok(c) = std::fs::read_to_string(shared.join("bench/segmentation").join(file)) {
                let text: Vec<&str> = c
                    .lines()
                    .filter_map(|l| l.strip_prefix("# text = "))
                    .collect();
                texts.push((code.into(), text.join("\n")));
            }
        }
        if texts.is_empty() {
            let _ = std::io::Write::write_fmt(
                &mut std::io::stderr(),
                format_args!("skipped: ../shared not found\n"),
            ); // unlike eprintln!, shown when the test passes
            return;
        }
        for (code, text) in &texts {
            let language = crate::lang::for_code(Some(code));
            let sentences = crate::segment::sentences(language, text);
            let tokens = crate::token::tokenize(language, text, &sentences);
            let ours = from_tokens(text, &tokens);
            let scanned = scan(text);
            let first = ours
                .iter()
                .zip(&scanned)
                .position(|(a, b)| a != b)
                .map(|i| (ours[i].text(text), scanned[i].text(text), ours[i].start));
            assert!(
                ours.len() == scanned.len() && first.is_none(),
                "{code}: {first:?}"
            );
        }
    }

    #[test]
    fn scans_long_digit_runs_and_odd_text() {
        let t = "1".repeat(100_000);
        assert_eq!(scan(&t).len(), 1);
        let t = "„„»«\"…-–—\u{0301}ä-";
        let p = scan(t);
        assert!(!p.is_empty());
    }
}
