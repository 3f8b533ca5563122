//! Claim candidates: the sentences (or `;`-clauses) of an article that state something about
//! its story — who did or said what, when, where, how much. `parallax-analyze` aligns them
//! across a story's sources; the multilingual encoder, when installed, embeds exactly these.
//!
//! The rules hold no word of any language: a candidate has enough words, at least two of them
//! in lower case where the script has case (a headline or a caption in title case is no
//! claim), ends like a statement (not a question), and is not the title repeated.

use parallax_model::{Span, Token};

/// Fewest words a claim has (`Putin traf Tokajew.` has three; real statements have more).
const MIN_WORDS: usize = 5;
/// A line without closing punctuation this short is a heading or a caption.
const MIN_WORDS_UNPUNCTUATED: usize = 12;
/// Most candidates kept per article (the lead and the body's first statements), so a very
/// long text cannot make a story's alignment quadratic in its size.
pub const MAX_PER_ARTICLE: usize = 60;

/// The claim candidates of an article, in text order.
pub fn candidates(
    text: &str,
    title: Option<&str>,
    sentences: &[Span],
    tokens: &[Token],
) -> Vec<Span> {
    // A title written as a sentence (`… einen Staatsbesuch ab.`) is a statement, kept once
    // where the text states it; a headline repeated as a line of the text is not.
    let mut title_left = title.map(|t| (comparable(t), ends_like_statement(t)));
    let mut out = Vec::new();
    let mut t = 0;
    for &sentence in sentences {
        for clause in clauses(text, sentence) {
            while t < tokens.len() && tokens[t].span.end <= clause.start {
                t += 1;
            }
            let words = tokens[t..]
                .iter()
                .take_while(|tok| tok.span.start < clause.end)
                .filter(|tok| tok.norm.chars().any(char::is_alphabetic));
            let body = clause.slice(text);
            if let Some((t, statement)) = &title_left {
                if !t.is_empty() && comparable(body) == *t {
                    let keep = *statement;
                    title_left = None;
                    if !keep {
                        continue;
                    }
                }
            } else if title.is_some_and(|t| comparable(body) == comparable(t)) {
                continue;
            }
            if is_statement(body, words) {
                out.push(clause);
                if out.len() == MAX_PER_ARTICLE {
                    return out;
                }
            }
        }
    }
    out
}

/// A sentence split at semicolons into clauses, each trimmed of surrounding whitespace.
fn clauses(text: &str, sentence: Span) -> impl Iterator<Item = Span> + '_ {
    let body = sentence.slice(text);
    let mut start = 0;
    let mut parts = Vec::new();
    for (i, c) in body.char_indices() {
        if c == ';' {
            parts.push((start, i + 1));
            start = i + 1;
        }
    }
    parts.push((start, body.len()));
    parts.into_iter().filter_map(move |(s, e)| {
        let piece = &body[s..e];
        let lead = piece.len() - piece.trim_start().len();
        let trail = piece.len() - piece.trim_end().len();
        (e - trail > s + lead)
            .then(|| Span::new(sentence.start + s + lead, sentence.start + e - trail))
    })
}

fn is_statement<'a>(clause: &str, words: impl Iterator<Item = &'a Token>) -> bool {
    let trimmed = trim_end(clause);
    if trimmed.ends_with('?') {
        return false;
    }
    let count = words.count();
    let (mut lower, mut cased) = (0usize, 0usize);
    for word in clause
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        let first = word.chars().next().unwrap_or(' ');
        if first.is_lowercase() {
            lower += 1;
            cased += 1;
        } else if first.is_uppercase() {
            cased += 1;
        }
    }
    if count < MIN_WORDS {
        return false;
    }
    if cased > 0 && lower < 2 {
        return false;
    }
    ends_like_statement(clause) || count >= MIN_WORDS_UNPUNCTUATED
}

fn trim_end(s: &str) -> &str {
    s.trim_end_matches(|c: char| c.is_whitespace() || is_closing_quote(c))
}

/// Closes with a full stop, an exclamation mark, a semicolon or an ellipsis.
fn ends_like_statement(s: &str) -> bool {
    trim_end(s).ends_with(['.', '!', ';', '…', '。', '।'])
}

fn is_closing_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '«' | '»' | '‘' | '’' | '\'' | ')')
}

/// Letters and digits in lower case, single-spaced: a repeated title matches its title.
fn comparable(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}
