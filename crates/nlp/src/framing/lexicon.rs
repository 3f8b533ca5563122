//! Words with spans, quoted stretches, and the phrase matcher the framing lexicons use.
//!
//! Matching rules (shared by `data/lang/*/framing*.{toml,txt}` and `data/wording.toml`):
//! text and terms are lower-cased and hyphens inside words are dropped (`Kreml-Chef` =
//! `kremlchef`); a one-word term matches a word equal to it plus an inflection ending
//! (`angriffskrieges`); `*term` also matches as the tail of a compound (`sonderoperation` in
//! `militärsonderoperation`); `term*` matches any word starting with `term`; a multi-word term
//! matches consecutive words, each by the same rules.

use std::collections::HashMap;

use parallax_model::Span;

/// A word of the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub start: usize,
    pub end: usize,
    /// Lower case, hyphens removed.
    pub norm: String,
    /// Starts with an upper-case letter.
    pub capitalized: bool,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// The words of `text[range]` (alphanumeric runs, joined across inner hyphens). Linear time.
pub fn words(text: &str, range: Span) -> Vec<Word> {
    let Some(slice) = text.get(range.start..range.end) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = slice.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if is_word_char(c) {
            if start.is_none() {
                start = Some(i);
            }
            continue;
        }
        if let Some(s) = start {
            let next_is_word = chars.peek().map(|&(_, n)| is_word_char(n)).unwrap_or(false);
            if is_joiner(c) && next_is_word {
                continue;
            }
            out.push(make_word(slice, range.start, s, i));
            start = None;
        }
    }
    if let Some(s) = start {
        out.push(make_word(slice, range.start, s, slice.len()));
    }
    out
}

fn make_word(slice: &str, offset: usize, s: usize, e: usize) -> Word {
    let raw = &slice[s..e];
    let norm: String = raw
        .chars()
        .filter(|c| !is_joiner(*c))
        .flat_map(char::to_lowercase)
        .collect();
    Word {
        start: offset + s,
        end: offset + e,
        norm,
        capitalized: raw.chars().next().map(char::is_uppercase).unwrap_or(false),
    }
}

/// Normalise a lexicon term the way [`words`] normalises text.
pub fn norm_term(term: &str) -> String {
    term.chars()
        .filter(|c| !is_joiner(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Stretches of `text` inside quote marks (`„…“`, `“…”`, `«…»`, `»…«`, `"…"`), each at most
/// one paragraph and 3,000 bytes long. Spans include the marks. Linear time.
pub fn quoted_spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut open: Option<(usize, &'static [char])> = None;
    let mut prev_newline = false;
    for (i, c) in text.char_indices() {
        if let Some((s, closers)) = open {
            if closers.contains(&c) {
                out.push(Span::new(s, i + c.len_utf8()));
                open = None;
            } else if (c == '\n' && prev_newline) || i - s > 3000 {
                open = None;
            }
        } else {
            let closers: Option<&'static [char]> = match c {
                '„' => Some(&['“', '”']),
                '“' => Some(&['”']),
                '«' => Some(&['»']),
                '»' => Some(&['«']),
                '"' => Some(&['"']),
                _ => None,
            };
            if let Some(cl) = closers {
                open = Some((i, cl));
            }
        }
        prev_newline = c == '\n';
    }
    out
}

/// Whether `pos` lies inside one of the sorted, non-overlapping `spans`.
pub fn inside(spans: &[Span], pos: usize) -> bool {
    let i = spans.partition_point(|s| s.end <= pos);
    spans
        .get(i)
        .map(|s| s.start <= pos && pos < s.end)
        .unwrap_or(false)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Inflect,
    Prefix,
    Tail,
}

#[derive(Debug, Clone)]
struct PWord {
    stem: String,
    mode: Mode,
}

impl PWord {
    fn parse(w: &str) -> Option<PWord> {
        let (stem, mode) = if let Some(s) = w.strip_prefix('*') {
            (s, Mode::Tail)
        } else if let Some(s) = w.strip_suffix('*') {
            (s, Mode::Prefix)
        } else {
            (w, Mode::Inflect)
        };
        let stem = norm_term(stem);
        (!stem.is_empty()).then_some(PWord { stem, mode })
    }

    fn matches(&self, norm: &str, endings: &[String]) -> bool {
        match self.mode {
            Mode::Prefix => norm.starts_with(&self.stem),
            // Short words (`i`, `me`, `du`, `gut`) match only exactly: `i`+`s` is `is`.
            Mode::Inflect if self.stem.chars().count() <= 3 => norm == self.stem,
            Mode::Inflect => norm
                .strip_prefix(self.stem.as_str())
                .map(|rest| endings.iter().any(|e| e == rest))
                .unwrap_or(false),
            Mode::Tail => endings.iter().any(|e| {
                norm.strip_suffix(e.as_str())
                    .map(|base| base.ends_with(self.stem.as_str()))
                    .unwrap_or(false)
            }),
        }
    }
}

/// A match of a lexicon term: the words `first..last` (inclusive) and the term's payload.
#[derive(Debug, Clone, PartialEq)]
pub struct Match<'a, T> {
    pub first: usize,
    pub last: usize,
    pub payload: &'a T,
}

/// A set of terms, each with a payload, matched against word sequences.
#[derive(Debug, Clone)]
pub struct Matcher<T> {
    patterns: Vec<(Vec<PWord>, T)>,
    by_first: HashMap<String, Vec<usize>>,
    other_first: Vec<usize>,
    /// Endings a one-word term may carry in the text (the language's; `""` is the bare term).
    endings: Vec<String>,
}

impl<T> Default for Matcher<T> {
    /// A matcher of bare terms (no endings).
    fn default() -> Self {
        Self::with_endings(&[])
    }
}

impl<T> Matcher<T> {
    pub fn new() -> Self {
        Self::default()
    }

    /// A matcher whose one-word terms also match with one of `endings` (a language's
    /// inflection endings, `framing.toml`'s `endings`).
    pub fn with_endings(endings: &[String]) -> Self {
        let mut endings: Vec<String> = endings.to_vec();
        if !endings.iter().any(String::is_empty) {
            endings.insert(0, String::new());
        }
        Matcher {
            patterns: Vec::new(),
            by_first: HashMap::new(),
            other_first: Vec::new(),
            endings,
        }
    }

    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// The payloads of every pattern, in the order they were added.
    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.patterns.iter().map(|(_, v)| v)
    }

    /// Add a term (one or more words separated by spaces).
    pub fn add(&mut self, term: &str, payload: T) {
        let words: Vec<PWord> = term.split_whitespace().filter_map(PWord::parse).collect();
        let Some(first) = words.first() else { return };
        let idx = self.patterns.len();
        if first.mode == Mode::Inflect {
            self.by_first
                .entry(first.stem.clone())
                .or_default()
                .push(idx);
        } else {
            self.other_first.push(idx);
        }
        self.patterns.push((words, payload));
    }

    fn candidates(&self, norm: &str, out: &mut Vec<usize>) {
        out.clear();
        for e in &self.endings {
            if let Some(base) = norm.strip_suffix(e.as_str()) {
                if let Some(v) = self.by_first.get(base) {
                    out.extend(
                        v.iter()
                            .copied()
                            .filter(|&i| self.patterns[i].0[0].matches(norm, &self.endings)),
                    );
                }
            }
        }
        out.extend(
            self.other_first
                .iter()
                .copied()
                .filter(|&i| self.patterns[i].0[0].matches(norm, &self.endings)),
        );
    }

    /// All matches. With `overlapping == false`, the longest match at each position wins and
    /// the scan resumes after it; otherwise every term matching anywhere is reported.
    pub fn find<'a>(&'a self, words: &[Word], overlapping: bool) -> Vec<Match<'a, T>> {
        let mut out = Vec::new();
        let mut cands = Vec::new();
        let mut i = 0;
        while i < words.len() {
            self.candidates(&words[i].norm, &mut cands);
            cands.sort_unstable();
            cands.dedup();
            let mut best: Option<Match<'a, T>> = None;
            for &c in &cands {
                let (pat, payload) = &self.patterns[c];
                let n = pat.len();
                if i + n > words.len() {
                    continue;
                }
                if pat
                    .iter()
                    .zip(&words[i..i + n])
                    .skip(1)
                    .all(|(p, w)| p.matches(&w.norm, &self.endings))
                {
                    let m = Match {
                        first: i,
                        last: i + n - 1,
                        payload,
                    };
                    if overlapping {
                        out.push(m);
                    } else if best.as_ref().map(|b| m.last > b.last).unwrap_or(true) {
                        best = Some(m);
                    }
                }
            }
            match best {
                Some(b) => {
                    i = b.last + 1;
                    out.push(b);
                }
                None => i += 1,
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ws(t: &str) -> Vec<Word> {
        words(t, Span::new(0, t.len()))
    }

    #[test]
    fn words_join_hyphens_and_keep_spans() {
        let t = "Der Kreml-Chef – 30-Milliarden-Marke, Übersee.";
        let w = ws(t);
        let norms: Vec<&str> = w.iter().map(|w| w.norm.as_str()).collect();
        assert_eq!(norms, ["der", "kremlchef", "30milliardenmarke", "übersee"]);
        assert_eq!(&t[w[1].start..w[1].end], "Kreml-Chef");
        assert!(w[3].capitalized);
    }

    #[test]
    fn matcher_inflection_tail_prefix_and_phrases() {
        let endings: Vec<String> = ["s", "es", "e", "en", "er"].map(String::from).to_vec();
        let mut m = Matcher::with_endings(&endings);
        m.add("angriffskrieg", 1);
        m.add("*operation", 2);
        m.add("rekord*", 3);
        m.add("krieg in der ukraine", 4);
        m.add("krieg", 5);
        let w = ws("Des Angriffskrieges, die Militäroperationen, ein Rekordwert, den Krieges in der Ukraine.");
        let got: Vec<i32> = m.find(&w, false).iter().map(|m| *m.payload).collect();
        assert_eq!(got, [1, 2, 3, 4]);
        let w = ws("Kriegsende und Krieger");
        assert_eq!(
            m.find(&w, false).len(),
            1,
            "krieger = krieg+er, kriegsende is not krieg"
        );
        let mut short = Matcher::new();
        short.add("i", ());
        assert_eq!(
            short.find(&ws("It is I, in it"), false).len(),
            1,
            "short terms match exactly"
        );
        let mut bare = Matcher::new();
        bare.add("krieg", ());
        assert_eq!(
            bare.find(&ws("Krieger und Krieg"), false).len(),
            1,
            "without endings only the bare word"
        );
    }

    #[test]
    fn quotes_are_found_and_unclosed_ones_dropped() {
        let t = "Er sagte: „Wir sind da.“ Und «oui» und „offen\n\nweiter";
        let q = quoted_spans(t);
        assert_eq!(q.len(), 2);
        assert_eq!(&t[q[0].start..q[0].end], "„Wir sind da.“");
        assert!(inside(&q, q[1].start + 1));
        assert!(!inside(&q, 0));
    }
}
