//! Feature extraction for the tagger: hashed string features, no allocation per feature.
use std::collections::{HashMap, HashSet};

/// Gazetteer classes (bit flags).
pub const GAZ_FIRST: u8 = 1;
pub const GAZ_LAST: u8 = 2;
pub const GAZ_LOC: u8 = 4;
pub const GAZ_ORG: u8 = 8;
/// Inside (not first word of) a multi-word place/organisation match.
pub const GAZ_INSIDE: u8 = 16;

/// Name lists: single words with class flags, multi-word entries by first word.
pub struct Gazetteer {
    words: HashMap<String, u8>,
    /// first word → list of (full entry as words, flags)
    multi: HashMap<String, Vec<(Vec<String>, u8)>>,
}

impl Gazetteer {
    /// Parse `class TAB entry` lines (classes `first`, `last`, `loc`, `org`).
    pub fn parse(text: &str) -> Gazetteer {
        let mut words: HashMap<String, u8> = HashMap::new();
        let mut multi: HashMap<String, Vec<(Vec<String>, u8)>> = HashMap::new();
        let mut seen: HashSet<(String, u8)> = HashSet::new();
        for line in text.lines() {
            let Some((class, entry)) = line.split_once('\t') else {
                continue;
            };
            let flag = match class {
                "first" => GAZ_FIRST,
                "last" => GAZ_LAST,
                "loc" => GAZ_LOC,
                "org" => GAZ_ORG,
                _ => continue,
            };
            let parts: Vec<String> = entry.split_whitespace().map(str::to_string).collect();
            match parts.len() {
                0 => {}
                1 => *words.entry(parts[0].clone()).or_default() |= flag,
                _ => {
                    if seen.insert((entry.to_string(), flag)) {
                        multi
                            .entry(parts[0].clone())
                            .or_default()
                            .push((parts, flag));
                    }
                }
            }
        }
        Gazetteer { words, multi }
    }

    /// Flags for each word of a sentence (longest multi-word match first).
    pub fn flags(&self, words: &[&str]) -> Vec<u8> {
        let mut out = vec![0u8; words.len()];
        let mut i = 0;
        while i < words.len() {
            let mut matched = 0;
            let mut mflag = 0;
            if let Some(cands) = self.multi.get(words[i]) {
                for (parts, flag) in cands {
                    if parts.len() > matched
                        && i + parts.len() <= words.len()
                        && parts.iter().zip(&words[i..]).all(|(a, b)| a == b)
                    {
                        matched = parts.len();
                        mflag = *flag;
                    }
                }
            }
            if matched > 0 {
                out[i] |= mflag;
                for f in out.iter_mut().take(i + matched).skip(i + 1) {
                    *f |= mflag | GAZ_INSIDE;
                }
            }
            if let Some(&f) = self.words.get(words[i]) {
                out[i] |= f;
            }
            i += 1;
        }
        out
    }

    /// Flags of one word (single-word entries only).
    pub fn word_flags(&self, word: &str) -> u8 {
        self.words.get(word).copied().unwrap_or(0)
    }
}

/// Collects feature hashes.
pub struct FeatureSink<'a>(pub &'a mut Vec<u64>);

const FNV: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

#[inline]
fn mix(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(PRIME);
    }
    h
}

impl FeatureSink<'_> {
    #[inline]
    pub fn one(&mut self, tpl: u8, a: &str) {
        self.0.push(mix(mix(FNV, &[tpl, 0xff]), a.as_bytes()));
    }
    #[inline]
    pub fn two(&mut self, tpl: u8, a: &str, b: &str) {
        let h = mix(mix(FNV, &[tpl, 0xff]), a.as_bytes());
        self.0.push(mix(mix(h, &[0xfe]), b.as_bytes()));
    }
    #[inline]
    pub fn num(&mut self, tpl: u8, n: u64) {
        self.0.push(mix(mix(FNV, &[tpl, 0xfd]), &n.to_le_bytes()));
    }
}

/// The last three characters of `s` (all of it when shorter).
fn last3(s: &str) -> &str {
    match s.char_indices().rev().nth(2) {
        Some((i, _)) => &s[i..],
        None => s,
    }
}

/// Word shape: `Xxxx` classes collapsed (`Putin` → `Xx`, `OVKS` → `X`, `7.500` → `d.d`).
fn shape(word: &str, short: bool) -> String {
    let mut out = String::new();
    let mut last = '\0';
    let mut run = 0;
    for c in word.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if k == last {
            run += 1;
            if short || run >= 2 {
                continue;
            }
        } else {
            run = 0;
        }
        out.push(k);
        last = k;
    }
    out
}

/// Per-sentence precomputed word properties.
pub struct SentenceFeatures<'a> {
    words: &'a [&'a str],
    lower: Vec<String>,
    shapes: Vec<String>,
    short: Vec<String>,
    gaz: Vec<u8>,
    /// Inside straight quotes (titles, names of works: often `OTH`).
    quoted: Vec<bool>,
}

const START: &str = "<s>";
/// Label indices as text (the feature strings the model was trained with).
const LABEL_NUMBERS: [&str; 25] = [
    "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16",
    "17", "18", "19", "20", "21", "22", "23", "24",
];
const END: &str = "</s>";

impl<'a> SentenceFeatures<'a> {
    pub fn new(gaz: &Gazetteer, words: &'a [&'a str]) -> Self {
        let lower = words.iter().map(|w| w.to_lowercase()).collect();
        let shapes = words.iter().map(|w| shape(w, false)).collect();
        let short = words.iter().map(|w| shape(w, true)).collect();
        let mut g = gaz.flags(words);
        // Parts of hyphenated compounds (`US-Präsident`, `Kassym-Schomart`).
        for (i, w) in words.iter().enumerate() {
            if w.contains('-') {
                for part in w.split('-') {
                    g[i] |= gaz.word_flags(part) << 5 & 0xe0;
                }
            }
        }
        let mut quoted = vec![false; words.len()];
        let total = words.iter().filter(|w| **w == "\"").count();
        if total >= 2 {
            let mut inside = false;
            for (i, w) in words.iter().enumerate() {
                if *w == "\"" {
                    inside = !inside;
                } else {
                    quoted[i] = inside;
                }
            }
        }
        SentenceFeatures {
            words,
            lower,
            shapes,
            short,
            gaz: g,
            quoted,
        }
    }

    fn lw(&self, i: isize) -> &str {
        if i < 0 {
            START
        } else if i as usize >= self.words.len() {
            END
        } else {
            &self.lower[i as usize]
        }
    }

    fn sh(&self, i: isize) -> &str {
        if i < 0 {
            START
        } else if i as usize >= self.words.len() {
            END
        } else {
            &self.short[i as usize]
        }
    }

    fn gz(&self, i: isize) -> u8 {
        if i < 0 || i as usize >= self.words.len() {
            0
        } else {
            self.gaz[i as usize]
        }
    }

    /// Features that do not depend on predicted labels.
    pub fn static_features(&self, i: usize, f: &mut FeatureSink) {
        let w = self.words[i];
        let lower = self.lower[i].as_str();
        let ii = i as isize;
        f.num(0, 0);
        f.one(1, w);
        f.one(2, lower);
        let chars: Vec<(usize, char)> = lower.char_indices().collect();
        let n = chars.len();
        for k in 1..=4usize {
            if n > k {
                f.one(2 + k as u8, &lower[..chars[k].0]);
            }
        }
        for k in 1..=5usize {
            if n > k {
                f.one(7 + k as u8, &lower[chars[n - k].0..]);
            }
        }
        f.one(13, &self.shapes[i]);
        f.one(14, &self.short[i]);
        f.one(15, self.lw(ii - 1));
        f.one(16, self.lw(ii + 1));
        f.one(17, self.lw(ii - 2));
        f.one(18, self.lw(ii + 2));
        f.two(19, self.lw(ii - 1), lower);
        f.two(20, lower, self.lw(ii + 1));
        f.two(21, self.sh(ii - 1), &self.short[i]);
        f.two(22, &self.short[i], self.sh(ii + 1));
        let g = self.gz(ii);
        for bit in 0..8u8 {
            if g & (1 << bit) != 0 {
                f.num(23, u64::from(bit));
                f.two(
                    24,
                    &self.short[i],
                    ["f", "l", "p", "o", "in", "pf", "pl", "pp"][bit as usize],
                );
            }
        }
        f.num(25, u64::from(self.gz(ii - 1)));
        f.num(26, u64::from(self.gz(ii + 1)));
        f.num(27, u64::from(g));
        if i == 0 {
            f.one(28, &self.short[i]);
        }
        // Suffixes of neighbours (`der russischen Regierung`).
        let suffix = |s: &str, k: usize| -> String {
            let c: Vec<char> = s.chars().collect();
            c[c.len().saturating_sub(k)..].iter().collect()
        };
        f.one(29, last3(self.lw(ii - 1)));
        f.one(30, last3(self.lw(ii + 1)));
        if let Some((first, _)) = lower.split_once('-') {
            f.one(31, first);
            if let Some((_, last)) = lower.rsplit_once('-') {
                f.one(32, last);
                if last.len() > 2 {
                    f.one(33, &suffix(last, 3));
                }
            }
        }
        f.two(34, self.lw(ii - 1), self.lw(ii + 1));
        f.num(35, (n.min(12)) as u64);
        // Character n-grams inside the word (unknown names: `-stan`, `-ow`, `-berg`).
        if (4..=30).contains(&n) {
            for g in [3usize, 4] {
                for st in 0..=(n - g) {
                    let a = chars[st].0;
                    let b = if st + g < n {
                        chars[st + g].0
                    } else {
                        lower.len()
                    };
                    f.one(44 + g as u8, &lower[a..b]);
                }
            }
        }
        // Crude lemma: genitive and inflection endings removed (`Kasachstans` ~ `Kasachstan`).
        let mut lemma = lower;
        for end in [
            "ischen", "ische", "ischer", "isches", "ischem", "s", "es", "en", "n", "e",
        ] {
            if n > end.len() + 3 {
                if let Some(x) = lower.strip_suffix(end) {
                    lemma = x;
                    break;
                }
            }
        }
        f.one(50, lemma);
        if self.quoted[i] {
            f.one(52, &self.short[i]);
            f.two(53, self.lw(ii - 1), self.lw(ii + 1));
        }
        if let Some(c) = w.chars().next() {
            if c.is_uppercase() {
                f.two(51, lemma, "C");
            }
        }
        f.two(36, self.lw(ii - 1), &self.short[i]);
        f.two(37, self.lw(ii + 1), &self.short[i]);
        f.two(38, self.lw(ii - 2), self.lw(ii - 1));
        if n > 3 {
            f.two(39, &lower[chars[n - 3].0..], &self.short[i]);
        }
    }

    /// Features on the previous predicted labels.
    pub fn dynamic_features(&self, i: usize, prev: usize, prev2: usize, f: &mut FeatureSink) {
        f.num(40, prev as u64);
        f.num(41, (prev as u64) << 8 | prev2 as u64);
        let p = LABEL_NUMBERS.get(prev).copied().unwrap_or("0");
        f.two(42, p, &self.lower[i]);
        f.two(43, p, &self.short[i]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert_eq!(shape("Putin", true), "Xx");
        assert_eq!(shape("OVKS", false), "XX");
        assert_eq!(shape("7.500", true), "d.d");
    }

    #[test]
    fn gazetteer_matches_longest() {
        let g = Gazetteer::parse("loc\tNew York\nloc\tNew York City\nfirst\tAnna\nlast\tAnna\n");
        assert_eq!(
            g.flags(&["in", "New", "York", "City", "Anna"]),
            vec![
                0,
                GAZ_LOC,
                GAZ_LOC | GAZ_INSIDE,
                GAZ_LOC | GAZ_INSIDE,
                GAZ_FIRST | GAZ_LAST
            ]
        );
    }
}
