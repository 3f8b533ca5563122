//! Number and unit lexicons, parsed from a language's data files (`data/lang/<code>/numbers*.tsv`,
//! `units.tsv`). The format is shared by every language; what differs lives in the data.

use std::collections::{HashMap as StdHashMap, HashSet as StdHashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: lexicon keys are short words, for which SipHash dominates the run time.
#[derive(Default, Clone, Copy)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= *b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A hash map with the fast FNV hasher.
pub type HashMap<K, V> = StdHashMap<K, V, BuildHasherDefault<Fnv>>;
/// A hash set with the fast FNV hasher.
pub type HashSet<K> = StdHashSet<K, BuildHasherDefault<Fnv>>;

use parallax_model::Qualifier;

/// One unit: its code (`USD`, `%`, `km`) and kind (`currency`, `percent`, `length`, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub code: String,
    pub kind: String,
}

/// A parsed number lexicon.
#[derive(Debug, Default)]
pub struct NumberLexicon {
    /// Morphemes of cardinal number words with their value.
    pub card: HashMap<String, f64>,
    pub hundred: Vec<String>,
    pub thousand: Vec<String>,
    pub and: Vec<String>,
    pub scale: HashMap<String, f64>,
    pub fraction: HashMap<String, f64>,
    pub vague: HashMap<String, f64>,
    pub ordstem: Vec<(String, String)>,
    pub special: HashMap<String, f64>,
    /// Ordinal endings, longest first (`sten`, `ste`, `te`; `th`, `st`).
    pub ord_suffix: Vec<String>,
    /// Determiners/possessives that open a noun phrase.
    pub det: Vec<String>,
    /// Determiners of a genitive attribute after a quantity (`des`, `seines`).
    pub gen: Vec<String>,
    /// Nouns that never are the measure (time words).
    pub timenoun: Vec<String>,
    /// Words linking a range (`bis`, `-`).
    pub range: Vec<String>,
    /// Words that are never counted things.
    pub notcount: Vec<String>,
    /// Abbreviated scale words that may carry a full stop (`Mrd.`, `Mio.`).
    pub scale_dot: Vec<String>,
    /// The word of a spoken decimal point (`zwei Komma drei`).
    pub point: Vec<String>,
    /// The word joining the parts of a number phrase (`fünf und drei Viertel`, `15 Dollar
    /// und 50 Cent`, `zwischen 4 und 10`).
    pub conj: Vec<String>,
    /// The word opening a range `between … and …`.
    pub between: Vec<String>,
    /// Words after a number that make it a clock time (`18 Uhr`).
    pub clock: Vec<String>,
    /// Currency subunits (`Cent`): after a currency amount they add hundredths.
    pub subunit: Vec<String>,
    /// Fraction nouns that take a genitive and never multiply the number before them
    /// (`die Hälfte`).
    pub part_noun: Vec<String>,
    /// Inflection endings of adjectives (`neue`, `neuen`): a word with one is no noun head.
    pub adj_endings: Vec<String>,
    /// Endings of a counted noun after a number, in languages that do not capitalise nouns
    /// (`300 contracts`, `5 проектов`).
    pub plural_endings: Vec<String>,
    /// Respellings tried when a number word is not found as written (`fuenf` → `fünf`):
    /// (written, respelled) pairs.
    pub respell: Vec<(String, String)>,
    /// Morphemes sorted longest first, for compound word parsing.
    morphemes: Vec<(String, Morpheme)>,
    /// Qualifier phrases (lower-case words) with their qualifier, longest first.
    pub qualifiers: Vec<(Vec<String>, Qualifier)>,
    /// Units by lower-case surface (words joined by one space).
    pub units: HashMap<String, Unit>,
    /// Largest number of pieces in a unit surface.
    pub unit_max_words: usize,
    /// First two characters of every number word (a cheap filter before parsing).
    prefixes: HashSet<String>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Morpheme {
    Card(f64),
    Hundred,
    Thousand,
    And,
}

fn parse_qualifier(s: &str) -> Option<Qualifier> {
    Some(match s {
        "about" => Qualifier::About,
        "almost" => Qualifier::Almost,
        "more_than" => Qualifier::MoreThan,
        "less_than" => Qualifier::LessThan,
        "up_to" => Qualifier::UpTo,
        "at_least" => Qualifier::AtLeast,
        "exact" => Qualifier::Exact,
        _ => return None,
    })
}

fn lines(data: &str) -> impl Iterator<Item = Vec<&str>> {
    data.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
}

/// Split a unit or qualifier surface into the pieces the scanner would produce.
pub fn surface_pieces(s: &str) -> Vec<String> {
    let lower = super::lexer::lower(s);
    super::lexer::scan(&lower)
        .iter()
        .map(|p| p.text(&lower).to_string())
        .collect()
}

impl NumberLexicon {
    /// Build from the contents of `numbers.tsv`, `numbers_qualifiers.tsv` and `units.tsv`.
    pub fn parse(numbers: &str, qualifiers: &str, units: &str) -> Self {
        let mut lx = NumberLexicon::default();
        for f in lines(numbers) {
            let (kind, word) = match (f.first(), f.get(1)) {
                (Some(k), Some(w)) => (*k, w.to_string()),
                _ => continue,
            };
            let value: f64 = f.get(2).and_then(|v| v.parse().ok()).unwrap_or(0.0);
            match kind {
                "card" => {
                    lx.card.insert(word, value);
                }
                "hundred" => lx.hundred.push(word),
                "thousand" => lx.thousand.push(word),
                "and" => lx.and.push(word),
                "scale" => {
                    lx.scale.insert(word, value);
                }
                "fraction" => {
                    lx.fraction.insert(word, value);
                }
                "vague" => {
                    lx.vague.insert(word, value);
                }
                "ordstem" => lx.ordstem.push((word, f.get(2).unwrap_or(&"").to_string())),
                "special" => {
                    lx.special.insert(word, value);
                }
                "ordsuffix" => lx.ord_suffix.push(word),
                "det" => lx.det.push(word),
                "gen" => lx.gen.push(word),
                "timenoun" => lx.timenoun.push(word),
                "range" => lx.range.push(word),
                "notcount" => lx.notcount.push(word),
                "scaledot" => lx.scale_dot.push(word),
                "point" => lx.point.push(word),
                "conj" => lx.conj.push(word),
                "between" => lx.between.push(word),
                "clock" => lx.clock.push(word),
                "subunit" => lx.subunit.push(word),
                "partnoun" => lx.part_noun.push(word),
                "adjending" => lx.adj_endings.push(word),
                "pluralend" => lx.plural_endings.push(word),
                "respell" => {
                    if let Some(to) = f.get(2).filter(|t| !t.is_empty()) {
                        lx.respell.push((word, to.to_string()));
                    }
                }
                _ => {}
            }
        }
        lx.ord_suffix
            .sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
        let mut morphemes: Vec<(String, Morpheme)> = Vec::new();
        for (w, v) in &lx.card {
            morphemes.push((w.clone(), Morpheme::Card(*v)));
        }
        for w in &lx.hundred {
            morphemes.push((w.clone(), Morpheme::Hundred));
        }
        for w in &lx.thousand {
            morphemes.push((w.clone(), Morpheme::Thousand));
        }
        for w in &lx.and {
            morphemes.push((w.clone(), Morpheme::And));
        }
        morphemes.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        let starts = morphemes
            .iter()
            .map(|(w, _)| w.clone())
            .chain(lx.special.keys().cloned())
            .chain(lx.vague.keys().cloned())
            .chain(lx.ordstem.iter().map(|(w, _)| w.clone()));
        let starts: Vec<String> = starts.collect();
        for w in starts {
            // The prefix as written and as a respelled word would start (`fü` and `fu`
            // for `fuenf`).
            let mut written = w.clone();
            for (from, to) in &lx.respell {
                written = written.replace(to.as_str(), from);
            }
            lx.prefixes.insert(w.chars().take(2).collect());
            lx.prefixes.insert(written.chars().take(2).collect());
        }
        lx.morphemes = morphemes;
        for f in lines(qualifiers) {
            if let (Some(p), Some(q)) = (f.first(), f.get(1).and_then(|q| parse_qualifier(q))) {
                let words: Vec<String> = surface_pieces(p);
                lx.qualifiers.push((words, q));
            }
        }
        lx.qualifiers
            .sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        for f in lines(units) {
            if let (Some(s), Some(code), Some(kind)) = (f.first(), f.get(1), f.get(2)) {
                let pieces = surface_pieces(s);
                lx.unit_max_words = lx.unit_max_words.max(pieces.len());
                // keyed by the lower-case surface with single spaces, as `unit_at` rebuilds it
                let key = super::lexer::lower(s)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                lx.units.insert(
                    key,
                    Unit {
                        code: code.to_string(),
                        kind: kind.to_string(),
                    },
                );
            }
        }
        lx
    }

    /// Value of a cardinal number word (lower case), compounds included
    /// (`einhunderteinunddreißig` → 131, `twenty-one` → 21). Not ordinals.
    pub fn cardinal_word(&self, w: &str) -> Option<f64> {
        if !self.may_be_number(w) {
            return None;
        }
        if w.is_empty() || w.len() > 160 || !w.chars().all(|c| c.is_alphabetic() || c == '-') {
            return None;
        }
        if let Some(v) = self.special.get(w) {
            return Some(*v);
        }
        if let Some(v) = self.compound(w) {
            return Some(v);
        }
        // another spelling of the language (German without umlauts: fuenf, dreissig, zwoelf)
        if self
            .respell
            .iter()
            .any(|(from, _)| w.contains(from.as_str()))
        {
            let mut respelled = w.to_string();
            for (from, to) in &self.respell {
                respelled = respelled.replace(from.as_str(), to);
            }
            if let Some(v) = self.compound(&respelled) {
                return Some(v);
            }
        }
        // `zweieinhalb`, `dreiviertel`: a cardinal followed by a fraction
        for (suffix, v) in &self.special {
            if let Some(head) = w.strip_suffix(suffix.as_str()) {
                if let Some(h) = self.compound(head) {
                    if *v < 1.0 {
                        return Some(h + v);
                    }
                }
            }
        }
        for (suffix, frac) in &self.fraction {
            if let Some(head) = w.strip_suffix(suffix.as_str()) {
                if let Some(h) = self.compound(head) {
                    return Some(h * frac);
                }
            }
        }
        None
    }

    /// Cheap filter: can this (lower-case) word start a number word at all?
    pub fn may_be_number(&self, w: &str) -> bool {
        let end = w
            .char_indices()
            .nth(1)
            .map(|(i, c)| i + c.len_utf8())
            .unwrap_or(w.len());
        w.get(..end).is_some_and(|two| self.prefixes.contains(two))
    }

    /// Parse a compound of morphemes (`zweihundertsechsundfünfzig`).
    fn compound(&self, w: &str) -> Option<f64> {
        let w = w.trim_matches('-');
        if w.is_empty() {
            return None;
        }
        let mut seq = Vec::new();
        if !self.split(w.as_bytes(), 0, &mut seq, 0) {
            return None;
        }
        evaluate(&seq)
    }

    /// Depth-first split into morphemes (hyphens are skipped); bounded by the word length.
    fn split(&self, w: &[u8], pos: usize, seq: &mut Vec<Morpheme>, depth: usize) -> bool {
        if pos == w.len() {
            return evaluate(seq).is_some();
        }
        if depth > 24 {
            return false;
        }
        if w[pos] == b'-' {
            return self.split(w, pos + 1, seq, depth + 1);
        }
        for (m, kind) in &self.morphemes {
            if w[pos..].starts_with(m.as_bytes()) {
                seq.push(*kind);
                if self.split(w, pos + m.len(), seq, depth + 1) {
                    return true;
                }
                seq.pop();
            }
        }
        false
    }

    /// Value of an ordinal number word (`fünfte`, `elfter`, `neunundzwanzigsten`, `third`).
    pub fn ordinal_word(&self, w: &str) -> Option<f64> {
        if w.len() > 160 || !self.may_be_number(w) {
            return None;
        }
        for suffix in &self.ord_suffix {
            let Some(stem) = w.strip_suffix(suffix.as_str()) else {
                continue;
            };
            if stem.is_empty() {
                continue;
            }
            let mut candidates = vec![stem.to_string()];
            for (irregular, regular) in &self.ordstem {
                if let Some(head) = stem.strip_suffix(irregular.as_str()) {
                    candidates.insert(0, format!("{head}{regular}"));
                }
            }
            for c in candidates {
                if let Some(v) = self.compound(&c) {
                    if v >= 1.0 {
                        return Some(v);
                    }
                }
            }
        }
        None
    }

    /// The qualifier ending right before a number, given the lower-case words before it
    /// (last word last). Returns the qualifier and how many words it spans.
    pub fn qualifier_before(&self, words: &[String]) -> Option<(Qualifier, usize)> {
        for (phrase, q) in &self.qualifiers {
            if phrase.len() <= words.len() && words[words.len() - phrase.len()..] == phrase[..] {
                return Some((*q, phrase.len()));
            }
        }
        None
    }
}

/// Evaluate a morpheme sequence, or None when it is not a well-formed number word.
fn evaluate(seq: &[Morpheme]) -> Option<f64> {
    let mut total = 0.0;
    let mut cur = 0.0;
    let mut last: Option<Morpheme> = None;
    let mut seen_thousand = false;
    for &m in seq {
        match m {
            Morpheme::Card(v) => {
                match last {
                    None | Some(Morpheme::Hundred) | Some(Morpheme::Thousand) => {}
                    Some(Morpheme::And) => {
                        if !(20.0..100.0).contains(&v) {
                            return None;
                        }
                    }
                    Some(Morpheme::Card(prev)) => {
                        // English: `twenty` `one` (hyphen skipped): ten followed by a unit
                        if !((20.0..100.0).contains(&prev)
                            && prev % 10.0 == 0.0
                            && (1.0..10.0).contains(&v))
                        {
                            return None;
                        }
                    }
                }
                cur += v;
            }
            Morpheme::And => match last {
                Some(Morpheme::Card(v)) if (1.0..10.0).contains(&v) => {}
                _ => return None,
            },
            Morpheme::Hundred => {
                if cur >= 100.0 || matches!(last, Some(Morpheme::And) | Some(Morpheme::Hundred)) {
                    return None;
                }
                cur = if cur == 0.0 { 100.0 } else { cur * 100.0 };
            }
            Morpheme::Thousand => {
                if seen_thousand || matches!(last, Some(Morpheme::And) | Some(Morpheme::Thousand)) {
                    return None;
                }
                seen_thousand = true;
                total += if cur == 0.0 { 1000.0 } else { cur * 1000.0 };
                cur = 0.0;
            }
        }
        last = Some(m);
    }
    if matches!(last, Some(Morpheme::And)) || last.is_none() {
        return None;
    }
    Some(total + cur)
}

/// Parse a digit string (`7.500`, `21,4`, `2.000,352`, `1,234.5`) with the language's
/// decimal separator. None for date-like strings (`22.04.2022`, `18.12`).
pub fn parse_digits(s: &str, decimal_comma: bool) -> Option<f64> {
    if s.len() > 40 {
        return None;
    }
    let (dec, thou) = if decimal_comma {
        (',', '.')
    } else {
        ('.', ',')
    };
    let (int_part, frac_part) = match s.rfind(dec) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    if int_part.contains(dec) {
        return None;
    }
    let groups: Vec<&str> = int_part.split(thou).collect();
    if groups.len() > 1
        && (groups[0].is_empty() || groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3))
    {
        return None;
    }
    let mut digits: String = groups.concat();
    if let Some(f) = frac_part {
        if f.is_empty() || f.contains(thou) {
            return None;
        }
        digits.push('.');
        digits.push_str(f);
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits() {
        assert_eq!(parse_digits("7.500", true), Some(7500.0));
        assert_eq!(parse_digits("21,4", true), Some(21.4));
        assert_eq!(parse_digits("2.000,352", true), Some(2000.352));
        assert_eq!(parse_digits("4,800", true), Some(4.8));
        assert_eq!(parse_digits("22.04.2022", true), None);
        assert_eq!(parse_digits("18.12", true), None);
        assert_eq!(parse_digits("1,234.5", false), Some(1234.5));
    }
}
