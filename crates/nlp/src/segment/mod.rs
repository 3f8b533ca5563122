//! Sentence segmentation and the raw tokenizer underneath it.
//!
//! One linear pass splits the text into raw tokens (words, numbers, abbreviations with their
//! full stop, ordinals, URLs, punctuation); a second pass over the tokens decides where
//! sentences end. Both passes are linear in the length of the text and never slice inside a
//! character.
use std::collections::HashSet;

use parallax_model::Span;

use crate::lang::Language;

/// What segmentation needs from a language.
pub trait SegmentationRules: Sync {
    /// `word` (without its full stop) is an abbreviation that keeps its full stop
    /// and does not end a sentence (`Dr`, `z.B`, `Nr`).
    fn is_abbreviation(&self, _word: &str) -> bool {
        false
    }
    /// `word` follows an ordinal written with a full stop (`27. November`, `19. Jahrhundert`).
    fn is_ordinal_follower(&self, _word: &str) -> bool {
        false
    }
    /// `word` typically precedes a day/ordinal number (`am 27.`, `im 19.`).
    fn is_ordinal_preceder(&self, _word: &str) -> bool {
        false
    }
    /// Whether the language writes ordinals as a number with a full stop (German: yes).
    fn ordinal_full_stop(&self) -> bool {
        false
    }
    /// Conjunctions after which a word ending in a hyphen keeps it (`Gas- und Ölsektor`).
    fn is_hyphen_conjunction(&self, _word: &str) -> bool {
        false
    }
    /// An abbreviation (with its full stop) that often closes a sentence (`etc.`, `usw.`):
    /// it ends one when a capitalised word follows.
    fn abbreviation_may_end(&self, _abbrev: &str) -> bool {
        false
    }
    /// `prefix` (lower case, without its apostrophe) is an elided word that stands as a token
    /// of its own with its apostrophe (French `l'`, `qu'`: `l'Ukraine` is `l'` + `Ukraine`).
    fn is_elision(&self, _prefix: &str) -> bool {
        false
    }
    /// A hyphen between letters joins one word (Russian `рок-группы`, `Санкт-Петербург`)
    /// instead of separating two.
    fn joins_hyphenated_words(&self) -> bool {
        false
    }
    /// `word` (lower case, after a hyphen) is a clitic written onto the word before it that
    /// stands as a token of its own with its hyphen (French `a-t-il` = `a` + `-t-il`).
    fn is_hyphen_clitic(&self, _word: &str) -> bool {
        false
    }
    /// A possessive `'s` stays on its word (English `Putin's`), as it is written.
    fn keeps_possessive(&self) -> bool {
        false
    }
}

/// A set of words read from an embedded data file: one per line, `#` comments.
pub(crate) fn word_set(text: &'static str) -> HashSet<&'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// What kind of thing a raw token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Word,
    Number,
    /// A word with its abbreviation full stop (`Dr.`, `z.B.`).
    Abbrev,
    /// A number with its ordinal full stop (`27.`).
    Ordinal,
    Url,
    /// Sentence-final punctuation: `.`, `!`, `?`, `…`, `...`.
    Terminal,
    Punct,
    /// Anything else (symbols, emoji).
    Other,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct RawToken {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Line breaks in the whitespace before this token (capped at 2).
    pub breaks_before: u8,
    /// Whitespace precedes this token.
    pub space_before: bool,
}

fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|s| s.chars().next())
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || is_combining(c)
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F | 0x200D | 0xFE0F)
}

fn is_separator(c: char) -> bool {
    c.is_whitespace() || (c.is_control()) || c == '\u{200B}' || c == '\u{FEFF}'
}

fn starts_with_at(text: &str, i: usize, pat: &str) -> bool {
    text.as_bytes()
        .get(i..i + pat.len())
        .is_some_and(|b| b.eq_ignore_ascii_case(pat.as_bytes()))
}

/// End of the word that starts at `i` (the next word after whitespace), for look-ahead.
fn peek_word(text: &str, mut i: usize) -> Option<(usize, usize)> {
    while let Some(c) = char_at(text, i) {
        if c == ' ' || c == '\t' || c == '\u{a0}' {
            i += c.len_utf8();
        } else {
            break;
        }
    }
    let start = i;
    while let Some(c) = char_at(text, i) {
        if is_word_char(c) {
            i += c.len_utf8();
        } else {
            break;
        }
    }
    (i > start).then_some((start, i))
}

/// Split `text` into raw tokens.
pub(crate) fn raw_tokens(rules: &dyn SegmentationRules, text: &str) -> Vec<RawToken> {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut out: Vec<RawToken> = Vec::with_capacity(n / 5 + 1);
    let mut i = 0;
    let mut breaks: u8 = 0;
    let mut space = true;
    let mut line_start = true;
    while i < n {
        let Some(c) = char_at(text, i) else { break };
        if is_separator(c) {
            if c == '\n' {
                breaks = breaks.saturating_add(1).min(2);
                line_start = true;
            }
            space = true;
            i += c.len_utf8();
            continue;
        }
        let start = i;
        let (end, kind) = if (starts_with_at(text, i, "http://")
            || starts_with_at(text, i, "https://")
            || starts_with_at(text, i, "www."))
            && !matches!(out.last(), Some(t) if t.end == i && t.kind == Kind::Word)
        {
            (scan_url(text, i), Kind::Url)
        } else if is_word_char(c) {
            scan_word(
                rules,
                text,
                i,
                line_start,
                out.last().map(|t| &text[t.start..t.end]),
            )
        } else if let Some(end) = clitic_at(rules, text, i) {
            (end, Kind::Word)
        } else {
            scan_punct(text, i, c)
        };
        let end = end.max(start + c.len_utf8()).min(n);
        out.push(RawToken {
            start,
            end,
            kind,
            breaks_before: breaks,
            space_before: space,
        });
        breaks = 0;
        space = false;
        line_start = false;
        i = end;
    }
    out
}

fn scan_url(text: &str, start: usize) -> usize {
    let mut i = start;
    while let Some(c) = char_at(text, i) {
        if is_separator(c) || matches!(c, '"' | '„' | '“' | '”' | '»' | '«' | '<' | '>') {
            break;
        }
        i += c.len_utf8();
    }
    // Strip trailing punctuation that belongs to the sentence.
    while i > start {
        let Some(c) = text[..i].chars().next_back() else {
            break;
        };
        if matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '\'') {
            i -= c.len_utf8();
        } else {
            break;
        }
    }
    i
}

/// Longest elided word before an apostrophe (`lorsqu`, `quelqu`), in bytes.
const MAX_ELISION_BYTES: usize = 8;

fn scan_word(
    rules: &dyn SegmentationRules,
    text: &str,
    start: usize,
    line_start: bool,
    prev: Option<&str>,
) -> (usize, Kind) {
    let mut i = start;
    let mut all_digits = true;
    let mut has_at = false;
    // Length in chars of the current dot-separated segment, and whether every earlier
    // segment was a single letter (`z.B`, `U.S.A`).
    let mut seg_len = 0usize;
    let mut single_letter_segments = true;
    let mut dotted = false;
    while let Some(c) = char_at(text, i) {
        if is_word_char(c) {
            if !c.is_ascii_digit() {
                all_digits = false;
            }
            seg_len += 1;
            i += c.len_utf8();
            continue;
        }
        let next = char_at(text, i + c.len_utf8());
        let prev_c = text[..i].chars().next_back();
        let next_is_word = next.is_some_and(is_word_char);
        match c {
            '.' | ','
                if prev_c.is_some_and(|p| p.is_ascii_digit())
                    && next.is_some_and(|x| x.is_ascii_digit()) =>
            {
                i += 1;
                seg_len = 0;
            }
            '.' if next.is_some_and(|x| x.is_alphabetic())
                && ((single_letter_segments && seg_len == 1) || has_at) =>
            {
                i += 1;
                dotted = true;
                seg_len = 0;
            }
            '\'' | '’'
                if next.is_some_and(|x| x.is_alphabetic())
                    && i > start
                    && !all_digits
                    // elided words are short; no lower-casing at every apostrophe
                    && i - start <= MAX_ELISION_BYTES
                    && rules.is_elision(&text[start..i].to_lowercase()) =>
            {
                return (i + c.len_utf8(), Kind::Word);
            }
            '\'' | '’'
                if next.is_some_and(|x| x.is_alphabetic())
                    && i > start
                    && !all_digits
                    && (!matches!(next, Some('s' | 'S'))
                        || rules.keeps_possessive()
                        || char_at(text, i + c.len_utf8() + 1).is_some_and(is_word_char)) =>
            {
                i += c.len_utf8();
                seg_len = 0;
            }
            '-' if rules.joins_hyphenated_words()
                && prev_c.is_some_and(char::is_alphabetic)
                && next.is_some_and(char::is_alphabetic)
                && clitic_at(rules, text, i).is_none() =>
            {
                i += 1;
                seg_len = 0;
            }
            '/' if next_is_word
                && prev_c.is_some_and(|p| p.is_alphabetic())
                && next.is_some_and(|x| x.is_alphabetic()) =>
            {
                i += 1;
                seg_len = 0;
            }
            '@' if next_is_word && i > start => {
                has_at = true;
                all_digits = false;
                i += 1;
                seg_len = 0;
            }
            '&' if next.is_some_and(|x| x.is_uppercase())
                && prev_c.is_some_and(|p| p.is_uppercase()) =>
            {
                i += 1;
                seg_len = 0;
            }
            _ => break,
        }
        if seg_len == 0 && c != '.' {
            single_letter_segments = false;
        }
        if seg_len == 0 && c == '.' && !dotted && !all_digits {
            single_letter_segments = false;
        }
    }
    let word = &text[start..i];
    let kind = if all_digits { Kind::Number } else { Kind::Word };
    if char_at(text, i) != Some('.') || char_at(text, i + 1) == Some('.') {
        return (i, kind);
    }
    // A full stop follows: abbreviation, ordinal, or the end of a sentence?
    if kind == Kind::Word {
        let first_len = word.chars().count();
        if dotted
            || rules.is_abbreviation(word)
            || (first_len == 1 && word.chars().all(char::is_alphabetic))
        {
            return (i + 1, Kind::Abbrev);
        }
        let lower = word.to_lowercase();
        if lower != word && rules.is_abbreviation(&lower) && line_start {
            return (i + 1, Kind::Abbrev);
        }
        return (i, kind);
    }
    if kind == Kind::Number && rules.ordinal_full_stop() && word.len() <= 3 {
        let after = peek_word(text, i + 1);
        let next_word = after.map(|(a, b)| &text[a..b]);
        let gap_ok =
            after.is_some_and(|(a, _)| text[i + 1..a].chars().all(|c| c == ' ' || c == '\u{a0}'));
        let follower = gap_ok
            && next_word.is_some_and(|w| {
                rules.is_ordinal_follower(w)
                    || w.chars().next().is_some_and(|c| c.is_lowercase())
                    || (w.chars().all(|c| c.is_ascii_digit())
                        && prev.is_some_and(|p| rules.is_ordinal_preceder(p)))
            });
        let list_item = line_start;
        let after_prep = prev.is_some_and(|p| rules.is_ordinal_preceder(p))
            && gap_ok
            && next_word.is_some_and(|w| w.chars().next().is_some_and(|c| c.is_uppercase()))
            && word.len() <= 2;
        if follower || list_item || after_prep {
            return (i + 1, Kind::Ordinal);
        }
    }
    (i, kind)
}

/// The end of a hyphenated clitic at `start` (French `-t-il` in `a-t-il`), a token of its
/// own: a hyphen, then hyphen-joined letters the language lists, then no more letters.
fn clitic_at(rules: &dyn SegmentationRules, text: &str, start: usize) -> Option<usize> {
    let rest = text.get(start..)?.strip_prefix('-')?;
    let len = rest
        .char_indices()
        .find(|&(_, c)| !(c.is_alphabetic() || c == '-'))
        .map_or(rest.len(), |(n, _)| n);
    let word = rest[..len].trim_end_matches('-');
    (!word.is_empty() && rules.is_hyphen_clitic(&word.to_lowercase()))
        .then_some(start + 1 + word.len())
}

/// The length of an HTML character reference (`&#39;`, `&#x27;`, `&quot;`) at `start`, or 0.
fn char_reference_len(text: &str, start: usize) -> usize {
    let Some(body) = text.get(start..).and_then(|r| r.strip_prefix('&')) else {
        return 0;
    };
    let (prefix, allowed, min): (usize, fn(&u8) -> bool, usize) =
        if body.starts_with("#x") || body.starts_with("#X") {
            (2, u8::is_ascii_hexdigit, 1)
        } else if body.starts_with('#') {
            (1, u8::is_ascii_digit, 1)
        } else {
            (0, u8::is_ascii_alphabetic, 2)
        };
    let bytes = &body.as_bytes()[prefix..];
    let name = bytes.iter().take(8).take_while(|b| allowed(b)).count();
    if name >= min && bytes.get(name) == Some(&b';') {
        1 + prefix + name + 1
    } else {
        0
    }
}

fn scan_punct(text: &str, start: usize, c: char) -> (usize, Kind) {
    let run = |ch: char| {
        let mut i = start;
        while char_at(text, i) == Some(ch) {
            i += ch.len_utf8();
        }
        i
    };
    match c {
        '.' => {
            let end = run('.');
            (end, Kind::Terminal)
        }
        '…' | '!' | '?' => (start + c.len_utf8(), Kind::Terminal),
        '-' => (run('-'), Kind::Punct),
        // a run of one symbol is one mark (separator lines `=====`, `***`)
        '*' | '=' | '_' | '~' | '#' | '+' | '<' | '>' => (run(c), Kind::Punct),
        '`' => (run('`').min(start + 2), Kind::Punct),
        // character references left in the text (`&#39;&#39;`, `&quot;`): one mark
        '&' if char_reference_len(text, start) > 0 => {
            let mut end = start;
            while char_reference_len(text, end) > 0 {
                end += char_reference_len(text, end);
            }
            (end, Kind::Punct)
        }
        '\'' if char_at(text, start + 1) == Some('\'') => (start + 2, Kind::Punct),
        '\'' if matches!(char_at(text, start + 1), Some('s' | 'S'))
            && !char_at(text, start + 2).is_some_and(is_word_char)
            && start > 0
            && text[..start].chars().next_back().is_some_and(is_word_char) =>
        {
            (start + 2, Kind::Word)
        }
        ':' | ';' => {
            // Emoticons `:-)` `;-)` `:)`
            for emo in [":-)", ";-)", ":-(", ":-D", ";)", ":)", ":(", ":D"] {
                if text.get(start..start + emo.len()) == Some(emo) {
                    return (start + emo.len(), Kind::Other);
                }
            }
            (start + 1, Kind::Punct)
        }
        c if c.is_ascii_punctuation() || is_general_punct(c) => (start + c.len_utf8(), Kind::Punct),
        _ => {
            // Symbols, emoji: one char, plus any joiners / variation selectors glued to it.
            let mut i = start + c.len_utf8();
            while let Some(x) = char_at(text, i) {
                if is_combining(x) || (0x1F3FB..=0x1F3FF).contains(&(x as u32)) {
                    i += x.len_utf8();
                    if x == '\u{200D}' {
                        if let Some(y) = char_at(text, i) {
                            if !is_separator(y) {
                                i += y.len_utf8();
                            }
                        }
                    }
                } else {
                    break;
                }
            }
            (i, Kind::Other)
        }
    }
}

fn is_general_punct(c: char) -> bool {
    matches!(
        c,
        '„' | '“'
            | '”'
            | '‚'
            | '‘'
            | '’'
            | '»'
            | '«'
            | '›'
            | '‹'
            | '–'
            | '—'
            | '‐'
            | '‒'
            | '•'
            | '·'
            | '§'
            | '°'
            | '€'
            | '£'
            | '¿'
            | '¡'
    )
}

fn is_closing(text: &str, t: &RawToken) -> bool {
    matches!(
        &text[t.start..t.end],
        "''" | "“" | "”" | "\"" | "'" | "’" | "«" | "»" | "‘" | "›" | "‹" | ")" | "]" | "}"
    )
}

fn is_opening(s: &str) -> bool {
    matches!(
        s,
        "``" | "„" | "“" | "\"" | "»" | "«" | "‚" | "‘" | "›" | "‹" | "(" | "[" | "'"
    )
}

fn is_list_marker(s: &str) -> bool {
    matches!(s, "-" | "–" | "—" | "•" | "·" | "*" | "‐")
}

/// Sentence spans over raw tokens: pairs of token indices `[a, b)`.
pub(crate) fn sentence_ranges(
    rules: &dyn SegmentationRules,
    text: &str,
    toks: &[RawToken],
) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < toks.len() {
        // Structural break before token i?
        if i > start && toks[i].breaks_before > 0 && line_break_ends(text, toks, i) {
            out.push((start, i));
            start = i;
        }
        let t = &toks[i];
        if t.kind == Kind::Terminal
            || (t.kind == Kind::Abbrev && rules.abbreviation_may_end(&text[t.start..t.end]))
        {
            // Run of terminals and closing quotes/brackets glued together.
            let mut j = i + 1;
            while j < toks.len()
                && toks[j].breaks_before == 0
                && (toks[j].kind == Kind::Terminal
                    || (!toks[j].space_before && is_closing(text, &toks[j])))
            {
                j += 1;
            }
            if j >= toks.len() {
                break;
            }
            let next = &toks[j];
            let s = &text[next.start..next.end];
            let first = s.chars().next().unwrap_or(' ');
            let ends = if next.breaks_before > 0 {
                true
            } else if !next.space_before {
                false
            } else if first.is_uppercase() || first.is_numeric() || next.kind == Kind::Url {
                true
            } else if first.is_lowercase() {
                lower_case_start(text, toks, i, j)
            } else if is_symbol_rule(s) {
                true
            } else {
                (is_opening(s) || is_list_marker(s)) && j + 1 < toks.len() && {
                    let f2 = text[toks[j + 1].start..].chars().next().unwrap_or(' ');
                    f2.is_uppercase()
                        || f2.is_numeric()
                        || is_opening(&text[toks[j + 1].start..toks[j + 1].end])
                }
            };
            if ends {
                out.push((start, j));
                start = j;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    if start < toks.len() {
        out.push((start, toks.len()));
    }
    out
}

/// Whether terminals `toks[i..j]` end a sentence although the next word is in lower case (mail,
/// forums and chat leave capitals out): a `?` or `!` does; a full stop does after a
/// lower-case word of three letters or more, which is no abbreviation (those are
/// [`Kind::Abbrev`]) and no initial. Not after a closing bracket or quote mark.
fn lower_case_start(text: &str, toks: &[RawToken], i: usize, j: usize) -> bool {
    let run = &text[toks[i].start..toks[j - 1].end];
    // Inside brackets or a quote (`(mit Personal!) und`, `"Why?" he asked`) the sentence
    // around goes on.
    if j - 1 > i && is_closing(text, &toks[j - 1]) {
        return false;
    }
    if run.contains(['?', '!', '？', '！']) {
        return true;
    }
    if !run.starts_with('.') || run.starts_with("..") || i == 0 || toks[i].space_before {
        return false;
    }
    let word = &text[toks[i - 1].start..toks[i - 1].end];
    word.chars().count() >= 3 && word.chars().all(|c| c.is_alphabetic() && c.is_lowercase())
}

/// A separator line's symbols (`***`, `=====`, `____`, `--`): no word, no quote or bracket.
fn is_symbol_rule(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    matches!(first, '*' | '=' | '_' | '-' | '–' | '—' | '~' | '#')
        && s.chars().count() >= 2
        && s.chars().all(|c| c == first)
}

/// A line break before token `i` ends the sentence: a blank line always does; a single line
/// break does unless the text just wraps (the line ends mid-phrase and the next continues
/// in lower case).
fn line_break_ends(text: &str, toks: &[RawToken], i: usize) -> bool {
    if toks[i].breaks_before >= 2 {
        return true;
    }
    let prev = &toks[i - 1];
    let cur = &toks[i];
    let ps = &text[prev.start..prev.end];
    let cs = &text[cur.start..cur.end];
    if is_list_marker(cs) || cur.kind == Kind::Ordinal {
        return true;
    }
    let next_lower = cs.chars().next().is_some_and(|c| c.is_lowercase());
    // A lower-case word (a conjunction, an article) or a comma leaves the phrase open.
    let prev_continues = matches!(ps, "," | ";" | "-" | "(" | "„")
        || ps.chars().next().is_some_and(|c| c.is_lowercase());
    !(next_lower && prev_continues)
}

/// One scan of a text: its raw tokens and the sentences found over them. The token stage
/// builds its tokens from the same raw tokens ([`crate::token::from_scan`]), so the text is
/// read once for both.
pub struct Scan {
    pub(crate) tokens: Vec<RawToken>,
    /// Sentence spans, in order, covering every non-blank stretch.
    pub sentences: Vec<Span>,
}

/// Scan `text`: raw tokens and sentences.
pub fn scan(language: &Language, text: &str) -> Scan {
    let tokens = raw_tokens(language.segmentation, text);
    let sentences = sentence_ranges(language.segmentation, text, &tokens)
        .into_iter()
        .filter(|&(a, b)| b > a)
        .map(|(a, b)| Span::new(tokens[a].start, tokens[b - 1].end))
        .collect();
    Scan { tokens, sentences }
}

/// Sentence spans of `text`, in order, covering every non-blank stretch.
pub fn sentences(language: &Language, text: &str) -> Vec<Span> {
    scan(language, text).sentences
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang;

    fn split(text: &str) -> Vec<&str> {
        sentences(lang::for_code(Some("de")), text)
            .iter()
            .map(|s| s.slice(text))
            .collect()
    }

    fn toks(text: &str) -> Vec<&str> {
        toks_in("de", text)
    }

    #[test]
    fn abbreviations_do_not_split() {
        assert_eq!(
            split("Dr. Müller kam z. B. mit Prof. Schmidt. Er wohnt in der Hauptstr. Nr. 5 in St. Gallen."),
            vec!["Dr. Müller kam z. B. mit Prof. Schmidt.", "Er wohnt in der Hauptstr. Nr. 5 in St. Gallen."]
        );
        assert_eq!(
            split("Das gilt u. a. für Berlin. Aber nicht z.B. für Rom."),
            vec!["Das gilt u. a. für Berlin.", "Aber nicht z.B. für Rom."]
        );
    }

    #[test]
    fn lower_case_starts_and_separator_lines() {
        let en = |text: &'static str| -> Vec<&'static str> {
            sentences(lang::for_code(Some("en")), text)
                .iter()
                .map(|s| s.slice(text))
                .collect()
        };
        // Mail and forum text leaves capitals out.
        assert_eq!(
            en("where did you grow up? india? call them at noon. they are going to party."),
            vec![
                "where did you grow up?",
                "india?",
                "call them at noon.",
                "they are going to party."
            ]
        );
        assert_eq!(
            en("Thank you. ***** Visit us. ===== More"),
            vec!["Thank you.", "***** Visit us.", "===== More"]
        );
        // Brackets, quotes, abbreviations and initials go on.
        assert_eq!(
            en("\"Why?\" he asked. Fruit, cheese etc. and bread. A nice staff (friendly!) and food."),
            vec![
                "\"Why?\" he asked.",
                "Fruit, cheese etc. and bread.",
                "A nice staff (friendly!) and food."
            ]
        );
        assert_eq!(
            split("Tolles Personal (sehr freundlich!) und gute Massagen."),
            vec!["Tolles Personal (sehr freundlich!) und gute Massagen."]
        );
    }

    #[test]
    fn ordinals_and_numbers() {
        assert_eq!(
            split("Am 27. November 2024 kam er. Im 19. Jahrhundert war das anders. Die Grenze ist 7.500 Kilometer lang, die Quote 21,4 Prozent."),
            vec![
                "Am 27. November 2024 kam er.",
                "Im 19. Jahrhundert war das anders.",
                "Die Grenze ist 7.500 Kilometer lang, die Quote 21,4 Prozent."
            ]
        );
        assert_eq!(
            split("Das war 2022. Danach kam 2023."),
            vec!["Das war 2022.", "Danach kam 2023."]
        );
        assert_eq!(
            toks("am 27. November 7.500 21,4"),
            vec!["am", "27.", "November", "7.500", "21,4"]
        );
    }

    #[test]
    fn quotes_inside_and_outside() {
        assert_eq!(
            split("Er sagte: „Wir kommen.“ Dann ging er. „Nein“, sagte sie. »Gut!« Er lachte."),
            vec![
                "Er sagte: „Wir kommen.“",
                "Dann ging er.",
                "„Nein“, sagte sie.",
                "»Gut!«",
                "Er lachte."
            ]
        );
        assert_eq!(
            split("Sie rief \"Halt!\". Niemand hörte."),
            vec!["Sie rief \"Halt!\".", "Niemand hörte."]
        );
        assert_eq!(split("„Warum?“, fragte er."), vec!["„Warum?“, fragte er."]);
    }

    #[test]
    fn headlines_and_list_items() {
        let text = "Putin in Kasachstan\n\nEr kam am Mittwoch. Es war kalt.\n„Großprojekte“\n- erstens etwas\n- zweitens mehr\nDer Text geht\nweiter hier.";
        assert_eq!(
            split(text),
            vec![
                "Putin in Kasachstan",
                "Er kam am Mittwoch.",
                "Es war kalt.",
                "„Großprojekte“",
                "- erstens etwas",
                "- zweitens mehr",
                "Der Text geht\nweiter hier."
            ]
        );
    }

    #[test]
    fn ellipses_and_urls() {
        assert_eq!(
            split(
                "Und dann ... nichts. Mehr unter https://www.example.org/a.html. Sonst … nichts."
            ),
            vec![
                "Und dann ... nichts.",
                "Mehr unter https://www.example.org/a.html.",
                "Sonst … nichts."
            ]
        );
        assert_eq!(
            toks("unter https://x.de/a?b=1. Ende"),
            vec!["unter", "https://x.de/a?b=1", ".", "Ende"]
        );
    }

    #[test]
    fn token_shapes() {
        assert_eq!(
            toks("Gas- und Ölsektor"),
            vec!["Gas", "-", "und", "Ölsektor"]
        );
        assert_eq!(
            toks("Kassym-Schomart Tokajew's ;-)"),
            vec!["Kassym", "-", "Schomart", "Tokajew", "'s", ";-)"]
        );
        assert_eq!(
            toks("``Ja'', sagte O'Neill."),
            vec!["``", "Ja", "''", ",", "sagte", "O'Neill", "."]
        );
        assert_eq!(toks("(OVKS)."), vec!["(", "OVKS", ")", "."]);
        assert_eq!(toks("„Hallo“"), vec!["„", "Hallo", "“"]);
        assert_eq!(toks("W. Putin"), vec!["W.", "Putin"]);
    }

    fn toks_in<'a>(code: &str, text: &'a str) -> Vec<&'a str> {
        raw_tokens(lang::for_code(Some(code)).segmentation, text)
            .iter()
            .map(|t| &text[t.start..t.end])
            .collect()
    }

    #[test]
    fn language_token_rules() {
        // French elisions stand apart; `aujourd'hui` is no elision
        assert_eq!(
            toks_in("fr", "L'Ukraine qu'il a vue aujourd'hui, jusqu'alors"),
            vec![
                "L'",
                "Ukraine",
                "qu'",
                "il",
                "a",
                "vue",
                "aujourd'hui",
                ",",
                "jusqu'",
                "alors"
            ]
        );
        // French joins hyphenated words but not an inverted subject
        assert_eq!(
            toks_in("fr", "le porte-parole a-t-il dit, peut-être ; dit-elle"),
            vec![
                "le",
                "porte-parole",
                "a",
                "-t-il",
                "dit",
                ",",
                "peut-être",
                ";",
                "dit",
                "-elle"
            ]
        );
        // Russian joins words across a hyphen, not numbers
        assert_eq!(
            toks_in("ru", "рок-группы Санкт-Петербург 1904-1905"),
            vec!["рок-группы", "Санкт-Петербург", "1904", "-", "1905"]
        );
        // English keeps the possessive on its word; German splits it
        assert_eq!(toks_in("en", "Putin's visit"), vec!["Putin's", "visit"]);
        assert_eq!(
            toks_in("de", "Putin's Besuch"),
            vec!["Putin", "'s", "Besuch"]
        );
        // a run of one symbol is one mark
        assert_eq!(
            toks_in("en", "end. *** ===== <<"),
            vec!["end", ".", "***", "=====", "<<"]
        );
        // character references left in a text are one mark
        assert_eq!(
            toks_in("de", "Er&#39;&#39; und &quot;so&quot; &amp x"),
            vec![
                "Er",
                "&#39;&#39;",
                "und",
                "&quot;",
                "so",
                "&quot;",
                "&",
                "amp",
                "x"
            ]
        );
    }

    #[test]
    fn odd_input_does_not_panic() {
        for text in [
            "",
            " ",
            "\n\n\n",
            "👍🏽 Emoji 👨‍👩‍👧 text. 日本語の文。 Русский текст. عربى",
            "\u{0}\u{1}\u{7f}abc.\u{200b}Def",
            "....!!!???…",
            "a.b.c.d.e",
            "-",
            "1.",
            "z.",
            "„“»«",
            "https://",
            "x\u{0301}\u{0301}.",
        ] {
            let s = split(text);
            for part in s {
                assert!(!part.is_empty());
            }
        }
        let long = "wort ".repeat(200_000);
        assert_eq!(split(&long).len(), 1);
    }
}
