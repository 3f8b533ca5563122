//! German search folding: which spellings of a word meet.

use super::German;
use crate::search::{fold_generic, SearchRules};

/// German writes umlauts and `ß` also as `ae`, `oe`, `ue` and `ss` (or drops the dots):
/// `Größe`, `Grösse`, `Groesse` and `Grosse` fold to one form. The `ae`/`oe`/`ue` rule also
/// merges a few unrelated spellings (`neue` and `neu`); for search recall that is the better
/// trade. `ue` after `q` is no umlaut (`Quelle`).
impl SearchRules for German {
    fn fold_word(&self, word: &str, out: &mut String) {
        let start = out.len();
        for c in word.chars() {
            match c {
                'ä' | 'Ä' => out.push('a'),
                'ö' | 'Ö' => out.push('o'),
                'ü' | 'Ü' => out.push('u'),
                'e' | 'E'
                    if matches!(out.as_bytes()[start..].last(), Some(b'a' | b'o' | b'u'))
                        && !out[start..].ends_with("qu") => {}
                _ => fold_generic(c.encode_utf8(&mut [0; 4]), out),
            }
        }
    }
}
