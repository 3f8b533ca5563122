//! A small, linear-time word scanner shared by the quantity, time and quote stages.
//!
//! It does not depend on the token layer (which may be empty): it splits the raw text
//! into numbers (digits with inner `.`/`,` between digits), words (letters, with inner
//! hyphens and apostrophes) and single punctuation characters, each with its byte span.

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

    #[test]
    fn scans_long_digit_runs_and_odd_text() {
        let t = "1".repeat(100_000);
        assert_eq!(scan(&t).len(), 1);
        let t = "„„»«\"…-–—\u{0301}ä-";
        let p = scan(t);
        assert!(!p.is_empty());
    }
}
