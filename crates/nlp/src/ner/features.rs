//! Feature extraction for the tagger: hashed string features, no allocation per feature.
use std::collections::HashSet;

// Gazetteer lookups run for every word: a fast non-cryptographic hash (keys are our own data).
use rustc_hash::FxHashMap as HashMap;

/// Gazetteer classes (bit flags).
pub const GAZ_FIRST: u8 = 1;
pub const GAZ_LAST: u8 = 2;
pub const GAZ_LOC: u8 = 4;
pub const GAZ_ORG: u8 = 8;
/// Inside (not first word of) a multi-word place/organisation match.
pub const GAZ_INSIDE: u8 = 16;

/// Word-class flags from the lexicon: a form of a common noun, of a proper name, of a place
/// name (Wiktionary), a place name (GeoNames, ISO 3166-2).
pub const LEX_NOUN: u8 = 1;
pub const LEX_NAME: u8 = 2;
pub const LEX_TOPO: u8 = 4;
pub const LEX_GEO: u8 = 8;

/// Name lists: single words with class flags, multi-word entries by first word; plus a
/// general lexicon (word frequency bands, common-noun and proper-name forms).
pub struct Gazetteer {
    words: HashMap<String, u8>,
    /// first word → list of (full entry as words, flags)
    multi: HashMap<String, Vec<(Vec<String>, u8)>>,
    /// lower-case word → Zipf frequency band (2..=8)
    freq: HashMap<String, u8>,
    /// exact form → `LEX_*` flags
    lex: HashMap<String, u8>,
    /// exact form → Brown cluster (bit path reversed: a k-bit prefix is the low k bits)
    clusters: HashMap<String, u16>,
}

impl Gazetteer {
    /// Parse `class TAB entry` lines (classes `first`, `last`, `loc`, `org`).
    pub fn parse(text: &str) -> Gazetteer {
        let mut words: HashMap<String, u8> = HashMap::default();
        let mut multi: HashMap<String, Vec<(Vec<String>, u8)>> = HashMap::default();
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
        Gazetteer {
            words,
            multi,
            freq: HashMap::default(),
            lex: HashMap::default(),
            clusters: HashMap::default(),
        }
    }

    /// Add a lexicon: `f TAB word TAB zipf`, `n TAB form` (common noun), `p TAB form` (name),
    /// `t TAB form` (place name), `g TAB name` (geographic name).
    pub fn with_lexicon(mut self, text: &str) -> Gazetteer {
        for line in text.lines() {
            let mut cols = line.split('\t');
            match (cols.next(), cols.next(), cols.next()) {
                (Some("f"), Some(w), Some(z)) => {
                    if let Ok(z) = z.parse::<u8>() {
                        self.freq.insert(w.to_string(), z);
                    }
                }
                (Some("n"), Some(w), None) => {
                    *self.lex.entry(w.to_string()).or_default() |= LEX_NOUN
                }
                (Some("p"), Some(w), None) => {
                    *self.lex.entry(w.to_string()).or_default() |= LEX_NAME
                }
                (Some("t"), Some(w), None) => {
                    *self.lex.entry(w.to_string()).or_default() |= LEX_TOPO
                }
                (Some("g"), Some(w), None) => {
                    *self.lex.entry(w.to_string()).or_default() |= LEX_GEO
                }
                _ => {}
            }
        }
        self
    }

    /// Add Brown word clusters: `CLUSTER TAB form form …` lines.
    pub fn with_clusters(mut self, text: &str) -> Gazetteer {
        for line in text.lines() {
            let Some((cluster, forms)) = line.split_once('\t') else {
                continue;
            };
            let Ok(cluster) = cluster.parse::<u16>() else {
                continue;
            };
            for form in forms.split(' ') {
                self.clusters.insert(form.to_string(), cluster);
            }
        }
        self
    }

    /// Brown cluster of a word form (0: none). A form the clusters do not know is looked up
    /// in lower case, then capitalised (sentence-initial words, headlines in capitals).
    pub fn cluster(&self, word: &str) -> u16 {
        let known = |w: &str| self.clusters.get(w).copied();
        if let Some(c) = known(word) {
            return c;
        }
        let lower = word.to_lowercase();
        if let Some(c) = known(&lower) {
            return c;
        }
        let mut chars = lower.chars();
        let capitalised: String = match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => return 0,
        };
        if let Some(c) = known(&capitalised) {
            return c;
        }
        // A genitive or plural form the clusters lack (`Nordkoreas` ~ `Nordkorea`), or the
        // last part of a hyphenated compound (`F1-Zirkus` ~ `Zirkus`).
        for end in ["s", "es", "n", "en"] {
            if let Some(stem) = word.strip_suffix(end) {
                if stem.chars().count() > 3 {
                    if let Some(c) = known(stem) {
                        return c;
                    }
                }
            }
        }
        match word.rsplit_once('-') {
            Some((_, last)) if !last.is_empty() => known(last).unwrap_or(0),
            _ => 0,
        }
    }

    /// Zipf frequency band of a lower-case word (0: rare or unknown).
    pub fn freq_band(&self, lower: &str) -> u8 {
        self.freq.get(lower).copied().unwrap_or(0)
    }

    /// `LEX_*` flags of an exact form.
    pub fn lex_flags(&self, word: &str) -> u8 {
        self.lex.get(word).copied().unwrap_or(0)
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

/// The longest proper suffix (at least 4 letters, after at least 3) of a word that, capitalised,
/// is a known common noun: the head of a compound. Returns its byte offset.
fn noun_head(gaz: &Gazetteer, w: &str) -> Option<usize> {
    let idx: Vec<usize> = w.char_indices().map(|(i, _)| i).collect();
    let n = idx.len();
    if !(7..=40).contains(&n) {
        return None;
    }
    let mut buf = String::with_capacity(w.len());
    for &start in &idx[3..=n - 4] {
        let rest = &w[start..];
        if rest.starts_with('-') {
            continue;
        }
        buf.clear();
        let mut cs = rest.chars();
        if let Some(c) = cs.next() {
            buf.extend(c.to_uppercase());
        }
        buf.push_str(cs.as_str());
        if gaz.lex_flags(&buf) & LEX_NOUN != 0 {
            return Some(start);
        }
    }
    None
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
    /// Frequency band of the lower-case word.
    band: Vec<u8>,
    /// Lexicon flags (of the word, of the last part of a hyphenated word shifted by 4).
    lex: Vec<u8>,
    /// Byte offset of the longest known common noun ending a capitalised compound
    /// (`Münsterschatz` → `schatz`), if any.
    head: Vec<Option<usize>>,
    /// Brown cluster per word (0: none).
    cluster: Vec<u16>,
    /// Brown cluster of the compound head (`Münsterschatz` → `Schatz`; 0: none).
    head_cluster: Vec<u16>,
}

const START: &str = "<s>";
/// Small numbers as text (frequency bands in string features).
const NUMBERS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
const END: &str = "</s>";

impl<'a> SentenceFeatures<'a> {
    pub fn new(gaz: &Gazetteer, words: &'a [&'a str]) -> Self {
        let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
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
        let band = lower.iter().map(|l: &String| gaz.freq_band(l)).collect();
        let lex: Vec<u8> = words
            .iter()
            .map(|w| {
                let mut f = gaz.lex_flags(w);
                if let Some((_, last)) = w.rsplit_once('-') {
                    f |= gaz.lex_flags(last) << 4;
                }
                f
            })
            .collect();
        let head: Vec<Option<usize>> = words
            .iter()
            .zip(&lex)
            .map(|(w, &f): (&&str, &u8)| {
                if f & LEX_NOUN != 0 || !w.starts_with(|c: char| c.is_uppercase()) {
                    return None;
                }
                noun_head(gaz, w)
            })
            .collect();
        let cluster = words.iter().map(|w| gaz.cluster(w)).collect();
        let head_cluster = head
            .iter()
            .zip(&lower)
            .map(
                |(h, l): (&Option<usize>, &String)| match h.and_then(|h| l.get(h..)) {
                    Some(tail) => gaz.cluster(tail),
                    None => 0,
                },
            )
            .collect();
        SentenceFeatures {
            cluster,
            head_cluster,
            words,
            lower,
            shapes,
            short,
            gaz: g,
            quoted,
            band,
            lex,
            head,
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

    fn lx(&self, i: isize) -> u8 {
        if i < 0 || i as usize >= self.words.len() {
            0xff
        } else {
            self.lex[i as usize]
        }
    }

    /// The compound head (or the whole lower-case word when it is a known noun).
    fn hd(&self, i: isize) -> Option<&str> {
        if i < 0 || i as usize >= self.words.len() {
            return None;
        }
        let i = i as usize;
        match self.head[i] {
            Some(h) => self.lower[i].get(h..),
            None if self.lex[i] & LEX_NOUN != 0 => Some(&self.lower[i]),
            None => None,
        }
    }

    /// Brown cluster of a position, `u16::MAX` outside the sentence.
    fn cl(&self, i: isize) -> u64 {
        if i < 0 || i as usize >= self.words.len() {
            u64::from(u16::MAX)
        } else {
            u64::from(self.cluster[i as usize])
        }
    }

    fn bd(&self, i: isize) -> u64 {
        if i < 0 || i as usize >= self.words.len() {
            9
        } else {
            u64::from(self.band[i as usize])
        }
    }

    /// Features that do not depend on predicted labels.
    ///
    /// The features naming the word itself (form, lower case, lemma, word bigrams) come first;
    /// returns how many there are (training may drop them for rare words, so that the other
    /// features learn to recognise unseen words).
    pub fn static_features(&self, i: usize, f: &mut FeatureSink) -> usize {
        let w = self.words[i];
        let lower = self.lower[i].as_str();
        let ii = i as isize;
        let chars: Vec<(usize, char)> = lower.char_indices().collect();
        let n = chars.len();
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
        let before = f.0.len();
        f.one(1, w);
        f.one(2, lower);
        f.two(19, self.lw(ii - 1), lower);
        f.two(20, lower, self.lw(ii + 1));
        f.one(50, lemma);
        if w.starts_with(|c: char| c.is_uppercase()) {
            f.two(51, lemma, "C");
        }
        let identity = f.0.len() - before;
        f.num(0, 0);
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
        if self.quoted[i] {
            f.one(52, &self.short[i]);
            f.two(53, self.lw(ii - 1), self.lw(ii + 1));
        }
        f.two(36, self.lw(ii - 1), &self.short[i]);
        f.two(37, self.lw(ii + 1), &self.short[i]);
        f.two(38, self.lw(ii - 2), self.lw(ii - 1));
        if n > 3 {
            f.two(39, &lower[chars[n - 3].0..], &self.short[i]);
        }
        // Word classes from the lexicon.
        let band = self.bd(ii);
        f.num(54, band);
        f.num(55, band << 8 | u64::from(self.lex[i]));
        f.two(56, &self.short[i], NUMBERS[band as usize]);
        f.num(57, band << 4 | self.bd(ii - 1));
        f.num(58, band << 4 | self.bd(ii + 1));
        if i == 0 {
            f.num(59, band << 8 | u64::from(self.lex[i]));
        }
        if let Some(h) = self.head[i] {
            let head = self.lower[i].get(h..).unwrap_or("");
            f.one(60, head);
            f.num(61, band);
        }
        // Word classes of the neighbours (`Bayerischen Staatsministerium`, `Herr X`).
        f.num(62, u64::from(self.lx(ii - 1)) << 8 | u64::from(self.lex[i]));
        f.num(63, u64::from(self.lx(ii + 1)) << 8 | u64::from(self.lex[i]));
        if let Some(h) = self.hd(ii + 1) {
            f.two(64, h, &self.short[i]);
        }
        if let Some(h) = self.hd(ii - 1) {
            f.two(65, h, &self.short[i]);
        }
        // Brown clusters: prefixes of the bit path generalise to words never seen in training.
        let c = self.cl(ii);
        for (k, bits) in [4u64, 6, 10, 16].into_iter().enumerate() {
            let prefix = c & ((1 << bits) - 1);
            f.num(66 + k as u8, prefix);
            f.num(
                70 + k as u8,
                prefix << 32 | u64::from(self.lex[i]) << 16 | band,
            );
        }
        let (prev, next) = (self.cl(ii - 1), self.cl(ii + 1));
        f.num(74, prev);
        f.num(75, next);
        f.num(76, (prev & 0x3f) << 16 | (c & 0x3f));
        f.num(77, (c & 0x3f) << 16 | (next & 0x3f));
        f.num(79, c << 16 | u64::from(self.short_code(i)));
        f.num(80, self.cl(ii - 2));
        f.num(81, self.cl(ii + 2));
        f.num(82, prev << 16 | c);
        f.num(83, c << 16 | next);
        f.num(84, (prev & 0x3ff) << 16 | (next & 0x3ff));
        if self.head_cluster[i] != 0 {
            f.num(85, u64::from(self.head_cluster[i]));
        }
        identity
    }

    /// A small code for the short shape (first letter case, letters/digits) of a word.
    fn short_code(&self, i: usize) -> u8 {
        let w = self.words[i];
        let upper = w.starts_with(|c: char| c.is_uppercase());
        let all_upper = w.chars().all(|c| !c.is_lowercase());
        let digit = w.chars().any(|c| c.is_ascii_digit());
        u8::from(upper) | u8::from(all_upper) << 1 | u8::from(digit) << 2
    }
}

/// The label bigram feature: the same for every word, so taggers cache its weights.
pub fn transition_feature(prev: usize, f: &mut FeatureSink) {
    f.num(40, prev as u64);
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

    #[test]
    fn lexicon_flags_bands_and_compound_heads() {
        let g = Gazetteer::parse("loc\tBerlin\n").with_lexicon(
            "f\tdie\t7\nf\tberlin\t4\nn\tSchatz\nn\tKirche\np\tOtto\nt\tBerlin\ng\tAstana\nbad line\n",
        );
        assert_eq!(g.freq_band("die"), 7);
        assert_eq!(g.freq_band("unbekanntwort"), 0);
        assert_eq!(g.lex_flags("Kirche"), LEX_NOUN);
        assert_eq!(g.lex_flags("Berlin"), LEX_TOPO);
        assert_eq!(g.lex_flags("Astana"), LEX_GEO);
        assert_eq!(g.word_flags("Berlin"), GAZ_LOC);
        // The head of a compound is found; short or unknown words have none.
        assert_eq!(noun_head(&g, "Münsterschatz"), Some("Münster".len()));
        assert_eq!(noun_head(&g, "Langkirche"), Some(4));
        assert_eq!(noun_head(&g, "Schatz"), None);
        assert_eq!(noun_head(&g, "Kasachstan"), None);
        let words = ["Die", "Münsterschatz", "-", "Kirche"];
        let sf = SentenceFeatures::new(&g, &words);
        let mut a = Vec::new();
        let k = sf.static_features(1, &mut FeatureSink(&mut a));
        assert!(k > 0 && k < a.len());
        let mut b = Vec::new();
        sf.static_features(1, &mut FeatureSink(&mut b));
        assert_eq!(a, b, "features are deterministic");
    }

    #[test]
    fn clusters_fall_back_to_case_stems_and_hyphen_parts() {
        let g = Gazetteer::parse("")
            .with_clusters("80\tBerlin Nordkorea\n40\tPutin\n7\tZirkus\nbad line\n");
        assert_eq!(g.cluster("Berlin"), 80);
        assert_eq!(
            g.cluster("BERLIN"),
            80,
            "capitalised form of a headline word"
        );
        assert_eq!(g.cluster("berlin"), 80);
        assert_eq!(g.cluster("Nordkoreas"), 80, "genitive");
        assert_eq!(g.cluster("F1-Zirkus"), 7, "last hyphen part");
        assert_eq!(g.cluster("Put"), 0);
        assert_eq!(g.cluster(""), 0);
        // Unknown words get cluster 0, and the cluster features tell them apart from known ones.
        let words = ["Putin", "besucht", "Sarybel"];
        let sf = SentenceFeatures::new(&g, &words);
        let (mut known, mut unknown) = (Vec::new(), Vec::new());
        sf.static_features(0, &mut FeatureSink(&mut known));
        sf.static_features(2, &mut FeatureSink(&mut unknown));
        let mut putin_cluster = Vec::new();
        FeatureSink(&mut putin_cluster).num(69, 40);
        assert!(known.contains(&putin_cluster[0]));
        assert!(!unknown.contains(&putin_cluster[0]));
    }
}
