//! Folding for full-text search: the indexed text and the query are folded the same way, so
//! spellings of one word meet (`Größe`, `Grösse`, `Groesse`, `Grosse`).
//!
//! Every language folds case and strips diacritics (`é` → `e`, `č` → `c`); a language adds
//! its own equivalences through [`SearchRules`] (German: `ä`/`ae` → `a`, `ß` → `ss`). An
//! article is indexed with its own language's rules; a query's language is unknown, so each
//! query word is folded by every language and matches any of its foldings.

use unicode_normalization::UnicodeNormalization;

use crate::lang::{self, Language};

/// A language's search equivalences.
pub trait SearchRules: Sync {
    /// Fold one word (letters and digits only) into `out`; the default folds case and
    /// strips diacritics.
    fn fold_word(&self, word: &str, out: &mut String) {
        fold_generic(word, out);
    }
}

/// Lower case without diacritics: `Élysée` → `elysee`, `ß` → `ss`.
pub fn fold_generic(word: &str, out: &mut String) {
    for c in word.nfkd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        match c {
            'ß' | 'ẞ' => out.push_str("ss"),
            _ => out.extend(c.to_lowercase()),
        }
    }
}

/// Words of a text: maximal runs of letters, digits and combining marks, with their byte
/// offsets.
pub fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = text.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some(&(_, c)) = rest.peek() {
            if is_word_char(c) {
                break;
            }
            rest.next();
        }
        let (start, _) = *rest.peek()?;
        let mut end = start;
        while let Some(&(i, c)) = rest.peek() {
            if !is_word_char(c) {
                break;
            }
            end = i + c.len_utf8();
            rest.next();
        }
        Some((start, &text[start..end]))
    })
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

/// The text as the search index holds it: each word folded by `language`, separated by
/// spaces. Linear time.
pub fn index_text(language: &Language, text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (_, word) in words(text) {
        if !out.is_empty() {
            out.push(' ');
        }
        language.search.fold_word(word, &mut out);
    }
    out
}

/// Most words a query keeps (so no query can be made expensive).
const MAX_QUERY_WORDS: usize = 16;

/// The words of a user query, each as the distinct forms every language folds it to; an
/// article matches a word when it holds any of its forms. Quotes, operators and punctuation
/// are dropped, so no query can break a backend's search syntax.
pub fn query_terms(query: &str) -> Vec<Vec<String>> {
    words(query)
        .take(MAX_QUERY_WORDS)
        .map(|(_, word)| {
            let mut forms: Vec<String> = lang::all()
                .map(|l| {
                    let mut f = String::new();
                    l.search.fold_word(word, &mut f);
                    f
                })
                .filter(|f| !f.is_empty())
                .collect();
            forms.sort();
            forms.dedup();
            forms
        })
        .filter(|forms| !forms.is_empty())
        .collect()
}

/// A short excerpt of `text` around the first word that starts with one of the query's
/// forms (as folded by `language`), on char boundaries and with whitespace collapsed.
pub fn snippet(language: &Language, text: &str, terms: &[Vec<String>]) -> String {
    const BEFORE: usize = 60;
    const AFTER: usize = 140;
    let mut folded = String::new();
    let at = words(text)
        .find(|(_, word)| {
            folded.clear();
            language.search.fold_word(word, &mut folded);
            terms
                .iter()
                .flatten()
                .any(|t| folded.starts_with(t.as_str()))
        })
        .map_or(0, |(at, _)| at);
    let mut from = at.saturating_sub(BEFORE);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (at + AFTER).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    let body = text[from..to]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let lead = if from > 0 { "…" } else { "" };
    let tail = if to < text.len() { "…" } else { "" };
    format!("{lead}{body}{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn de() -> &'static Language {
        lang::for_code(Some("de"))
    }

    #[test]
    fn spellings_of_one_word_meet() {
        for word in ["Größe", "Grösse", "Groesse", "GROSSE", "grosse"] {
            assert_eq!(index_text(de(), word), "grosse", "{word}");
        }
        assert_eq!(index_text(de(), "Übergabe"), index_text(de(), "Uebergabe"));
        assert_eq!(index_text(de(), "Quelle"), "quelle");
        let en = lang::for_code(Some("en"));
        assert_eq!(index_text(en, "Élysée café"), "elysee cafe");
    }

    #[test]
    fn a_query_word_matches_any_languages_folding() {
        let terms = query_terms("\"Größe\" OR* (Tokajew) -x");
        assert_eq!(terms.len(), 4);
        assert!(terms[0].contains(&"grosse".to_string()));
        assert_eq!(terms[2], vec!["tokajew".to_string()]);
        assert!(query_terms("\"*^()").is_empty());
    }

    #[test]
    fn snippets_are_on_char_boundaries() {
        let text = "ääääääääääääääääääääääääääääääääääääääääää Größe ööööööööööööööööööööööööööööööööööööööööööööööööööööööööööööööööööööööööööööööö";
        let s = snippet(de(), text, &query_terms("Grosse"));
        assert!(s.contains("Größe"), "{s}");
    }
}
