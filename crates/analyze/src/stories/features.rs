//! Content features of one article, computed from its text and whatever the nlp layer
//! annotated: salient word stems (title words boosted), canonical entities, numbers with
//! their unit, and the dates the article reports. Pure functions; every word of a language
//! (stopwords, stems, month names, number words) comes from the article's
//! [`parallax_nlp::lang::Language`].

use std::collections::HashSet;
use std::sync::OnceLock;

use parallax_model::{AnnotatedArticle, TimeValue};
use parallax_nlp::lang::{self, Language};
use parallax_nlp::story::StoryLexicon;
use regex::Regex;
use rustc_hash::FxHashMap;

use super::dates::{self, DatePoint};

/// Namespaces of the hashed feature keys.
pub const NS_WORD: u8 = b'w';
pub const NS_ENTITY: u8 = b'e';
pub const NS_NUMBER: u8 = b'n';
pub const NS_DATE: u8 = b'd';
/// Entity names without their type, in the language-independent features.
pub const NS_SHARED_ENTITY: u8 = b'E';
/// Namespace of an article's settings: its places, organisations and other names, by the
/// start of their consonant skeleton so that spellings of other languages agree
/// (`kandarien`, `kandaria`).
pub const NS_SETTING: u8 = b'S';

/// At most this many features describe one article (the most salient ones).
pub const MAX_FEATURES: usize = 64;

/// Extra weight of a word that occurs in the title.
const TITLE_BOOST: f32 = 1.5;
/// Extra protagonist weight of an actor the headline names.
const TITLE_PERSON_BONUS: f32 = 2.0;
/// Weight of a canonical entity relative to a word.
const ENTITY_WEIGHT: f32 = 1.5;
/// Weight of a number (value + unit) relative to a word.
const NUMBER_WEIGHT: f32 = 1.0;
/// Weight of a reported date (in the language-independent features only).
const DATE_WEIGHT: f32 = 1.0;

/// An article's language: the registered language whose rules read it.
pub type Lang = &'static Language;

/// (De)serialises a [`Lang`] as its code, for the persisted story index.
pub mod lang_code {
    use super::Lang;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(lang: &Lang, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(lang.code)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Lang, D::Error> {
        let code = String::deserialize(d)?;
        Ok(parallax_nlp::lang::for_code(Some(&code)))
    }
}

/// One language's words for the story features: its story lexicon (stopwords, number
/// words, scales).
pub struct LangData {
    pub lang: Lang,
}

fn load(lang: Lang) -> LangData {
    LangData { lang }
}

/// The data of a language (built once for every registered language).
pub fn lang_data(lang: Lang) -> &'static LangData {
    static ALL: OnceLock<Vec<LangData>> = OnceLock::new();
    let all = ALL.get_or_init(|| lang::all().map(load).collect());
    all.iter()
        .find(|d| d.lang == lang)
        .or_else(|| all.first())
        .expect("at least one language is registered")
}

impl LangData {
    pub fn lexicon(&self) -> &'static StoryLexicon {
        self.lang.story.lexicon()
    }
    pub fn is_stopword(&self, lower: &str) -> bool {
        self.lexicon().is_stopword(lower)
    }
    pub fn stem(&self, lower: &str) -> String {
        self.lang.story.stem(lower)
    }
}

/// The article's language: its metadata, else the language whose stopwords it uses most.
pub fn language_of(article: &AnnotatedArticle) -> Lang {
    lang::of_text(article.article.language.as_deref(), &article.article.text)
}

/// Words of `text`: maximal runs of alphanumeric characters (inner hyphens split), with spans.
pub fn words(text: &str) -> impl Iterator<Item = (usize, usize, &str)> {
    let mut iter = text.char_indices().peekable();
    std::iter::from_fn(move || loop {
        let (start, c) = iter.next()?;
        if !c.is_alphanumeric() {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, c)) = iter.peek() {
            if c.is_alphanumeric() {
                end = i + c.len_utf8();
                iter.next();
            } else {
                break;
            }
        }
        return Some((start, end, text.get(start..end).unwrap_or("")));
    })
}

/// FNV-1a, 64 bit: a stable hash (the same on every machine and Rust version).
pub fn fnv1a(ns: u8, s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in std::iter::once(ns).chain(s.bytes()) {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The title: the article's title, else its first non-empty line (if short).
pub fn title_of(article: &AnnotatedArticle) -> String {
    if let Some(t) = article
        .article
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        return t.to_string();
    }
    article
        .article
        .text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(|l| {
            let mut end = l.len().min(200);
            while !l.is_char_boundary(end) {
                end -= 1;
            }
            l.get(..end).unwrap_or("").to_string()
        })
        .unwrap_or_default()
}

/// A number with its unit as a feature key, e.g. `21.4e9:USD`. Values are rounded to four
/// significant digits so `21,4 Milliarden US-Dollar` and `$21.4 billion` give the same key.
pub fn number_key(value: f64, unit: &str) -> Option<String> {
    if !value.is_finite() {
        return None;
    }
    let unit = unit.trim();
    // Years and small bare counts say little about which story a text tells.
    let bare = unit.is_empty() || unit == "count";
    if bare && value.fract() == 0.0 && ((1900.0..=2100.0).contains(&value) || value.abs() < 10.0) {
        return None;
    }
    let rounded = if value == 0.0 {
        0.0
    } else {
        let mag = value.abs().log10().floor() as i32;
        let f = 10f64.powi(3 - mag);
        (value * f).round() / f
    };
    Some(format!("{rounded:e}:{}", if bare { "" } else { unit }))
}

/// Numbers written in the text (fallback when the nlp layer gave no quantities).
pub fn numbers_in_text(text: &str, data: &LangData) -> Vec<(usize, String)> {
    static NUM: OnceLock<Regex> = OnceLock::new();
    let re = NUM.get_or_init(|| {
        Regex::new(r"\d{1,3}(?:[.,\u{a0}\u{202f} ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?")
            .unwrap_or_else(|_| {
                // The pattern is a constant; this branch is unreachable in practice.
                Regex::new(r"\d+").expect("constant regex")
            })
    });
    let mut out = Vec::new();
    for m in re.find_iter(text) {
        let s = m.as_str();
        // Skip digits glued to letters (model names, ids) and ISO dates.
        let before = text.get(..m.start()).and_then(|b| b.chars().next_back());
        let after = text.get(m.end()..).and_then(|a| a.chars().next());
        if before.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == ':')
            || after.is_some_and(|c| c.is_alphabetic() || c == '-' || c == ':')
        {
            continue;
        }
        let Some(mut value) = parse_number(s, data) else {
            continue;
        };
        let mut unit = String::new();
        let lex = data.lexicon();
        if let Some(c) = before {
            if let Some(u) = lex.units.get(&c.to_string()) {
                unit = u.clone();
            }
        }
        // Following words: an optional scale, then an optional unit.
        let rest = text.get(m.end()..).unwrap_or("");
        let mut follow = words_and_signs(rest).take(2);
        if let Some(w) = follow.next() {
            let lw = w.to_lowercase();
            if let Some(f) = lex.scales.get(&lw) {
                value *= f;
                if let Some(w2) = follow.next() {
                    if let Some(u) = lex.units.get(&w2.to_lowercase()) {
                        unit = u.clone();
                    }
                }
            } else if let Some(u) = lex.units.get(&lw) {
                unit = u.clone();
            }
        }
        if let Some(k) = number_key(value, &unit) {
            out.push((m.start(), k));
        }
    }
    out
}

/// The next tokens after a number: words (with inner hyphens) and single signs like `%`.
fn words_and_signs(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_end_matches(['.', ',', ';', ':', ')', '“', '”', '"']))
        .take_while(|w| !w.is_empty())
}

fn parse_number(s: &str, data: &LangData) -> Option<f64> {
    let lex = data.lexicon();
    let mut clean = String::with_capacity(s.len());
    for c in s.chars() {
        if c == lex.decimal {
            clean.push('.');
        } else if c == lex.thousands || c.is_whitespace() {
            continue;
        } else if c.is_ascii_digit() {
            clean.push(c);
        } else if c == '.' || c == ',' {
            // The other separator: a thousands group written the foreign way.
            continue;
        }
    }
    clean.parse().ok()
}

/// Everything the story and copy analysis reads from one article.
#[derive(Debug, Clone)]
pub struct ArticleFeatures {
    pub lang: Lang,
    /// Raw (pre-idf) weights of hashed features, sorted by key.
    pub terms: Vec<(u64, f32)>,
    /// Canonical entity ids with their weight, heaviest first.
    pub entities: Vec<(String, f32)>,
    /// Persons among them, heaviest first.
    pub persons: Vec<Protagonist>,
    /// Where and among whom it happens: the other names (places, organisations), keyed in
    /// [`NS_SETTING`], with their weight, heaviest first.
    pub settings: Vec<(u64, f32)>,
    /// Hashed number keys (value + unit), sorted, unique.
    pub numbers: Vec<u64>,
    /// Dates the article reports, in text order.
    pub dates: Vec<DatePoint>,
    /// Language-independent items in text order (entity ids, numbers with unit, complete
    /// dates); `true` marks numbers and dates. For cross-language copies.
    pub sequence: Vec<(u64, bool)>,
    /// Language-independent features (entity ids, numbers with unit, reported dates with
    /// month and year) with raw weights, sorted by key: what an article shares with one in
    /// another language on the same story.
    pub shared: Vec<(u64, f32)>,
    /// Weekdays (ISO 1..=7) the article names in dates it could not resolve (`am Mittwoch`
    /// without a publication date), sorted, unique: they still tell which days it reports.
    pub weekdays: Vec<u8>,
    /// Publication day (days since 1970-01-01), if known.
    pub published: Option<i32>,
    pub title: String,
    /// The sentence encoder's unit vector of the title with the lead, when the article was
    /// embedded: what an article shares in meaning with one in another language.
    pub meaning: Option<Vec<f32>>,
}

/// The article's title-and-lead vector as floats, if the encoder embedded it.
fn meaning_of(article: &AnnotatedArticle) -> Option<Vec<f32>> {
    let v = article.vectors.as_ref()?.title_lead.as_ref()?;
    Some(v.values.iter().map(|&x| f32::from(x) * v.scale).collect())
}

/// A person (or a named actor in the headline) an article is about.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Protagonist {
    /// Hashed entity name, without its type.
    pub key: u64,
    pub weight: f32,
    /// The entity feature as tagged (`person:morsk`) and as a place (`location:morsk`): the
    /// collection tells how often the tagger read the name either way.
    pub as_tagged: u64,
    pub as_place: u64,
}

/// Compute the features of one article.
pub fn extract(article: &AnnotatedArticle) -> ArticleFeatures {
    let lang = language_of(article);
    let data = lang_data(lang);
    let text = article.article.text.as_str();
    let title = title_of(article);
    let mut tf: FxHashMap<u64, f32> = FxHashMap::default();

    let mut title_stems: HashSet<u64> = HashSet::new();
    for (_, _, w) in words(&title) {
        if let Some(k) = word_key(w, data) {
            title_stems.insert(k);
        }
    }
    let mut counts: FxHashMap<u64, u32> = FxHashMap::default();
    // The title is often repeated as the text's first line: count the body only once.
    for (_, _, w) in words(text) {
        if let Some(k) = word_key(w, data) {
            *counts.entry(k).or_default() += 1;
        }
    }
    for k in &title_stems {
        counts.entry(*k).or_insert(1);
    }
    for (k, c) in counts {
        let mut w = 1.0 + (c as f32).ln();
        if title_stems.contains(&k) {
            w += TITLE_BOOST;
        }
        tf.insert(k, w);
    }

    // Canonical entities.
    let mut ent: FxHashMap<&str, f32> = FxHashMap::default();
    // Protagonists: persons, and any named actor (not a place) the headline names.
    let mut person_ids: HashSet<&str> = HashSet::new();
    let mut in_title: HashSet<&str> = HashSet::new();
    let mut setting_ids: HashSet<&str> = HashSet::new();
    let mut setting_in_title: HashSet<&str> = HashSet::new();
    let title_lower = title.to_lowercase();
    for m in &article.entities {
        if m.entity.is_empty() {
            continue;
        }
        *ent.entry(m.entity.as_str()).or_default() += if m.derived { 0.5 } else { 1.0 };
        let last = m
            .text
            .split_whitespace()
            .last()
            .unwrap_or("")
            .to_lowercase();
        let named_in_title = last.chars().count() >= 3 && !m.derived && title_lower.contains(&last);
        if m.kind == parallax_model::EntityKind::Person {
            person_ids.insert(m.entity.as_str());
        } else {
            setting_ids.insert(m.entity.as_str());
            if named_in_title {
                setting_in_title.insert(m.entity.as_str());
            }
        }
        if named_in_title && m.kind != parallax_model::EntityKind::Location {
            person_ids.insert(m.entity.as_str());
            in_title.insert(m.entity.as_str());
        }
    }
    let mut entities: Vec<(String, f32)> = ent
        .into_iter()
        .map(|(id, c)| (id.to_string(), 1.0 + c.ln().max(0.0)))
        .collect();
    entities.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    for (id, w) in &entities {
        *tf.entry(fnv1a(NS_ENTITY, id)).or_default() += ENTITY_WEIGHT * w;
    }
    let mut persons: Vec<Protagonist> = entities
        .iter()
        .filter(|(id, _)| person_ids.contains(id.as_str()))
        .map(|(id, w)| Protagonist {
            // By name, like the shared features: the type may differ across languages.
            key: fnv1a(NS_SHARED_ENTITY, entity_name(id)),
            weight: w + if in_title.contains(id.as_str()) {
                TITLE_PERSON_BONUS
            } else {
                0.0
            },
            as_tagged: fnv1a(NS_ENTITY, id),
            as_place: fnv1a(NS_ENTITY, &format!("location:{}", entity_name(id))),
        })
        .collect();
    persons.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(a.key.cmp(&b.key)));
    let settings = settings_of(&entities, &setting_ids, &setting_in_title);

    // Numbers with their unit.
    let positioned: Vec<(usize, String)> = if article.quantities.is_empty() {
        numbers_in_text(text, data)
    } else {
        article
            .quantities
            .iter()
            .filter_map(|q| Some((q.span.start, number_key(q.value, &q.unit)?)))
            .collect()
    };
    let mut seq: Vec<(usize, u64, bool)> = positioned
        .iter()
        .map(|(p, k)| (*p, fnv1a(NS_NUMBER, k), true))
        .collect();
    for m in &article.entities {
        if !m.entity.is_empty() {
            seq.push((m.span.start, fnv1a(NS_ENTITY, &m.entity), false));
        }
    }
    let mut number_keys: Vec<String> = positioned.into_iter().map(|(_, k)| k).collect();
    number_keys.sort();
    number_keys.dedup();
    let mut numbers: Vec<u64> = number_keys.iter().map(|k| fnv1a(NS_NUMBER, k)).collect();
    numbers.sort_unstable();
    numbers.dedup();
    for n in &numbers {
        *tf.entry(*n).or_default() += NUMBER_WEIGHT;
    }

    let published = article
        .article
        .published
        .as_deref()
        .and_then(dates::parse_day);
    let dates = dates::article_dates(article, published);
    let weekdays = unresolved_weekdays(article);
    for d in &dates {
        if d.day.is_some() && d.year.is_some() {
            seq.push((d.pos, fnv1a(b'D', &d.iso()), true));
        }
    }
    let mut shared: FxHashMap<u64, f32> = FxHashMap::default();
    // Keyed by the name part of the id only: entity types are guessed differently from
    // language to language (`location:san-francisco`, `misc:san-francisco`).
    for (id, w) in &entities {
        *shared
            .entry(fnv1a(NS_SHARED_ENTITY, entity_name(id)))
            .or_default() += ENTITY_WEIGHT * w;
    }
    for n in &numbers {
        shared.insert(*n, NUMBER_WEIGHT);
    }
    for d in &dates {
        if d.month.is_some() && d.year.is_some() {
            shared.insert(fnv1a(NS_DATE, &d.iso()), DATE_WEIGHT);
        }
    }
    let mut shared: Vec<(u64, f32)> = shared.into_iter().collect();
    shared.sort_unstable_by_key(|t| t.0);
    seq.sort_unstable_by_key(|x| (x.0, x.1));
    let sequence: Vec<(u64, bool)> = seq.into_iter().map(|(_, k, sp)| (k, sp)).collect();
    let mut terms: Vec<(u64, f32)> = tf.into_iter().collect();
    terms.sort_unstable_by_key(|t| t.0);
    ArticleFeatures {
        lang,
        terms,
        entities,
        persons,
        settings,
        numbers,
        dates,
        sequence,
        shared,
        weekdays,
        published,
        title,
        meaning: meaning_of(article),
    }
}

/// The article's settings: each name that is not a person, weighted like an entity, plus the
/// headline bonus when the headline names it; keyed by skeleton, merged, heaviest first.
fn settings_of(
    entities: &[(String, f32)],
    ids: &HashSet<&str>,
    in_title: &HashSet<&str>,
) -> Vec<(u64, f32)> {
    let mut by_key: FxHashMap<u64, f32> = FxHashMap::default();
    for (id, w) in entities.iter().filter(|(id, _)| ids.contains(id.as_str())) {
        let bonus = if in_title.contains(id.as_str()) {
            TITLE_PERSON_BONUS
        } else {
            0.0
        };
        // The first four letters of the skeleton: endings differ between languages
        // (`kndrn`, `kndr`: Kandarien, Kandaria).
        let skeleton = parallax_nlp::entities::name_skeleton(entity_name(id));
        let key = fnv1a(NS_SETTING, &skeleton.chars().take(4).collect::<String>());
        let slot = by_key.entry(key).or_default();
        *slot = slot.max(w + bonus);
    }
    let mut out: Vec<(u64, f32)> = by_key.into_iter().collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

/// Weekdays the article names in times it could not place in the calendar (`am Mittwoch`
/// without a publication date: `XXXX-WXX-3`), and in recurring times: sorted, unique.
fn unresolved_weekdays(article: &AnnotatedArticle) -> Vec<u8> {
    let mut days: Vec<u8> = article
        .times
        .iter()
        .flat_map(|t| std::iter::once(t).chain(&t.parts))
        .filter_map(|t| match t.value {
            Some(TimeValue::Weekly { weekday, .. }) => Some(weekday),
            _ => None,
        })
        .collect();
    days.sort_unstable();
    days.dedup();
    days
}

/// The name part of a canonical entity id (`person:putin` → `putin`).
fn entity_name(id: &str) -> &str {
    id.split_once(':').map_or(id, |(_, n)| n)
}

/// The hashed stem of a content word, or None for stopwords, single letters and bare digits.
fn word_key(w: &str, data: &LangData) -> Option<u64> {
    if w.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let lower = w.to_lowercase();
    if lower.chars().count() < 2 || data.is_stopword(&lower) {
        return None;
    }
    Some(fnv1a(NS_WORD, &data.stem(&lower)))
}

/// Document frequencies of features over the articles seen so far.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct DocFreq {
    pub docs: u32,
    counts: FxHashMap<u64, u32>,
}

impl DocFreq {
    pub fn add(&mut self, f: &ArticleFeatures) {
        self.docs += 1;
        for (k, _) in &f.terms {
            *self.counts.entry(*k).or_default() += 1;
        }
        // Dates and typeless entity names only live in the shared features; numbers are
        // counted above.
        for (k, _) in &f.shared {
            if f.terms.binary_search_by_key(k, |t| t.0).is_err() {
                *self.counts.entry(*k).or_default() += 1;
            }
        }
    }
    /// In how many documents a feature occurs.
    pub fn count(&self, key: u64) -> u32 {
        self.counts.get(&key).copied().unwrap_or(0)
    }
    /// Frequencies known for some features only (an incremental analysis loads those of the
    /// articles it adds): `docs` documents in all.
    pub fn from_counts(docs: u32, counts: impl IntoIterator<Item = (u64, u32)>) -> Self {
        DocFreq {
            docs,
            counts: counts.into_iter().collect(),
        }
    }
    /// Every feature with its count.
    pub fn counts(&self) -> impl Iterator<Item = (u64, u32)> + '_ {
        self.counts.iter().map(|(k, c)| (*k, *c))
    }
    /// The features whose count [`DocFreq::add`] raises for `f`, and those the weighting of
    /// `f` reads (its protagonists' tagged and place forms).
    pub fn keys_of(f: &ArticleFeatures) -> Vec<u64> {
        let mut keys: Vec<u64> = f.terms.iter().map(|t| t.0).collect();
        keys.extend(f.shared.iter().map(|t| t.0));
        keys.extend(f.persons.iter().flat_map(|p| [p.as_tagged, p.as_place]));
        keys.sort_unstable();
        keys.dedup();
        keys
    }
    pub fn idf(&self, key: u64) -> f32 {
        let df = self.counts.get(&key).copied().unwrap_or(0) as f32;
        ((self.docs as f32 + 1.0) / (df + 1.0)).ln() + 1.0
    }
}

/// A sparse vector sorted by key.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SparseVec(pub Vec<(u64, f32)>);

impl SparseVec {
    pub fn dot(&self, other: &SparseVec) -> f32 {
        let (a, b) = (&self.0, &other.0);
        let (mut i, mut j, mut s) = (0, 0, 0.0);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    s += a[i].1 * b[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        s
    }
    pub fn norm(&self) -> f32 {
        self.0.iter().map(|(_, w)| w * w).sum::<f32>().sqrt()
    }
}

/// The article's salient features weighted tf·idf, at most [`MAX_FEATURES`], unit length.
pub fn weighted(f: &ArticleFeatures, df: &DocFreq) -> SparseVec {
    weigh(&f.terms, df)
}

/// The article's language-independent features ([`ArticleFeatures::shared`]) weighted
/// tf·idf, at most [`MAX_FEATURES`], unit length.
pub fn weighted_shared(f: &ArticleFeatures, df: &DocFreq) -> SparseVec {
    weigh(&f.shared, df)
}

fn weigh(terms: &[(u64, f32)], df: &DocFreq) -> SparseVec {
    let mut v: Vec<(u64, f32)> = terms.iter().map(|&(k, w)| (k, w * df.idf(k))).collect();
    if v.len() > MAX_FEATURES {
        v.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(MAX_FEATURES);
        v.sort_unstable_by_key(|t| t.0);
    }
    let mut sv = SparseVec(v);
    let n = sv.norm();
    if n > 0.0 {
        for t in &mut sv.0 {
            t.1 /= n;
        }
    }
    sv
}

#[cfg(test)]
mod tests {
    use super::*;

    fn de() -> Lang {
        lang::for_code(Some("de"))
    }
    fn en() -> Lang {
        lang::for_code(Some("en"))
    }

    #[test]
    fn language_data_loads() {
        let de = lang_data(de());
        assert!(de.is_stopword("und"));
        assert_eq!(de.lexicon().scales.get("milliarden"), Some(&1e9));
        let en = lang_data(en());
        assert!(en.is_stopword("the"));
    }

    #[test]
    fn numbers_agree_across_languages() {
        let de = numbers_in_text(
            "rund 21,4 Milliarden US-Dollar und 7.500 Kilometer",
            lang_data(de()),
        );
        let en = numbers_in_text("about $21.4 billion and 7,500 km", lang_data(en()));
        let dk: Vec<_> = de.into_iter().map(|x| x.1).collect();
        let ek: Vec<_> = en.into_iter().map(|x| x.1).collect();
        assert_eq!(dk, vec!["2.14e10:USD".to_string(), "7.5e3:km".to_string()]);
        assert_eq!(dk, ek);
    }

    #[test]
    fn words_never_split_chars() {
        let w: Vec<_> = words("Größe—Kasachstan’s 27. „Bündnis“")
            .map(|x| x.2)
            .collect();
        assert_eq!(w, vec!["Größe", "Kasachstan", "s", "27", "Bündnis"]);
    }
}
