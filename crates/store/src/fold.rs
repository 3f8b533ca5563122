//! German-aware folding for full-text search.
//!
//! Both the indexed text and the query are folded the same way, so that `Größe`, `Grösse`,
//! `Groesse` and `Grosse` all meet: lower case; `ä`/`ae` → `a`, `ö`/`oe` → `o`,
//! `ü`/`ue` → `u`, `ß` → `ss`. Other diacritics (`é`, `č`) are removed by FTS5's
//! `unicode61 remove_diacritics 2` tokenizer. The `ae`/`oe`/`ue` rule also merges a few
//! unrelated spellings (`neue` and `neu`); for search recall that is the better trade.

/// Fold a text for indexing or querying. Linear time; keeps non-letters as they are.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            'ä' | 'Ä' => out.push('a'),
            'ö' | 'Ö' => out.push('o'),
            'ü' | 'Ü' => out.push('u'),
            'ß' | 'ẞ' => out.push_str("ss"),
            'e' | 'E'
                if matches!(out.as_bytes().last(), Some(b'a' | b'o' | b'u'))
                    && !prev_is_vowel_pair(&out) => {}
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// `ue` after `q` is not an umlaut transliteration (`Quelle`, `Quecksilber`).
fn prev_is_vowel_pair(out: &str) -> bool {
    out.ends_with("qu")
}

/// The search terms of a user query: words of letters and digits, folded. Everything else
/// (quotes, operators, punctuation) is dropped, so no query can break FTS5 syntax.
pub fn query_terms(query: &str) -> Vec<String> {
    query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(fold)
        .filter(|w| !w.is_empty())
        .take(16)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn umlauts_and_sharp_s_meet_their_transliterations() {
        for word in ["Größe", "Grösse", "Groesse", "GROSSE", "grosse"] {
            assert_eq!(fold(word), "grosse", "{word}");
        }
        assert_eq!(fold("Tokajew"), "tokajew");
        assert_eq!(fold("Übergabe"), fold("Uebergabe"));
        assert_eq!(fold("Bär"), fold("Baer"));
        assert_eq!(fold("Quelle"), "quelle");
    }

    #[test]
    fn query_terms_drop_syntax() {
        assert_eq!(
            query_terms("\"Größe\" OR* (Tokajew) -x"),
            vec!["grosse", "or", "tokajew", "x"]
        );
        assert!(query_terms("\"*^()").is_empty());
    }
}
