//! Named entities and who is who (canonical ids).
//!
//! 1. The language's tagger (statistical for German, see [`crate::ner`]; capitalised
//!    sequences for languages without one) proposes mentions.
//! 2. Mentions are cleaned (titles and function words stripped, junk dropped), derived forms
//!    (`russische`) are linked to their place, compound parts (`US-Präsident`) to their entity.
//! 3. Canonical ids: alias table and variant folding (`Tokajew` ~ `Tokayev`), genitives
//!    (`Putins`), surnames linked to full names, acronyms linked to long forms (also learned
//!    from `Long Form (ACR)` in the text), one kind per name in an article.
//! 4. Role descriptions (`der Kremlchef`, `der kasachische Staatschef`) become mentions of
//!    the person holding the role in the article.
//!
//! Ids depend only on the entity, never on the article: `person:putin`, `org:ovks`.
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

use parallax_model::{EntityInfo, EntityKind, EntityMention, Span, Token};

use crate::lang::Language;
use crate::ner::{self, Gazetteer, Model};

pub mod knowledge;

pub use knowledge::{fold, name_skeleton, same_name, Knowledge, NameMorphology};

/// What entity recognition needs from a language.
pub trait EntityRules: Sync {
    /// The statistical tagger and its gazetteer, if the language has one.
    fn tagger(&self) -> Option<(&'static Model, &'static Gazetteer)> {
        None
    }
    /// Gazetteer for the rule-based fallback (first names etc.), if any.
    fn gazetteer(&self) -> Option<&'static Gazetteer> {
        self.tagger().map(|(_, g)| g)
    }
    /// Alias, demonym, role and stopword tables.
    fn knowledge(&self) -> &'static Knowledge {
        static EMPTY: OnceLock<Knowledge> = OnceLock::new();
        EMPTY.get_or_init(Knowledge::default)
    }
}

/// A word for the tagger: tokens joined by hyphens without spaces form one word
/// (`US-Präsident`, `Kassym-Schomart`), as in GermEval's tokenisation.
#[derive(Debug, Clone, Copy)]
struct Word {
    start: usize,
    end: usize,
    sentence: usize,
}

fn words_of(text: &str, sentences: &[Span], tokens: &[Token]) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::with_capacity(tokens.len());
    let mut s = 0;
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i].span;
        while s + 1 < sentences.len() && sentences[s].end <= t.start {
            s += 1;
        }
        let mut end = t.end;
        let mut j = i + 1;
        // word - word, glued
        while j + 1 < tokens.len()
            && tokens[j].span.start == end
            && tokens[j].span.slice(text) == "-"
            && tokens[j + 1].span.start == tokens[j].span.end
            && tokens[j + 1]
                .span
                .slice(text)
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
            && text
                .get(t.start..end)
                .is_some_and(|w| w.chars().last().is_some_and(char::is_alphanumeric))
            && (sentences.is_empty() || tokens[j + 1].span.end <= sentences[s].end)
        {
            end = tokens[j + 1].span.end;
            j += 2;
        }
        out.push(Word {
            start: t.start,
            end,
            sentence: s,
        });
        i = j;
    }
    out
}

/// A mention while it is being resolved.
#[derive(Debug, Clone)]
struct Cand {
    span: Span,
    /// word indices [a, b)
    a: usize,
    b: usize,
    kind: EntityKind,
    derived: bool,
    /// The name used for canonicalisation (cleaned, genitive removed).
    name: String,
    id: Option<String>,
}

/// A candidate for words `[i, i + n)` that a name table already identifies as `id`.
fn known_cand(text: &str, words: &[Word], i: usize, n: usize, id: String) -> Cand {
    let span = Span::new(words[i].start, words[i + n - 1].end);
    Cand {
        span,
        a: i,
        b: i + n,
        kind: knowledge::kind_of_id(&id),
        derived: false,
        name: span.slice(text).to_string(),
        id: Some(id),
    }
}

/// Every letter of `acronym` occurs in `long`, in order (`BND` in `Bundesnachrichtendienst`;
/// not `AFP` in `Astana`, a dateline before an agency's name).
fn letters_in_order(acronym: &str, long: &str) -> bool {
    let mut rest = long.chars().flat_map(char::to_lowercase);
    acronym
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .all(|a| rest.any(|l| l == a))
}

fn has_upper(s: &str) -> bool {
    s.chars().any(char::is_uppercase)
}

fn is_acronym(s: &str) -> bool {
    let n = s.chars().count();
    (2..=8).contains(&n)
        && s.chars().all(char::is_alphanumeric)
        && s.chars().next().is_some_and(char::is_uppercase)
        && s.chars().filter(|c| c.is_uppercase()).count() >= 2
}

/// Entity mentions with canonical ids, and the article's entity table.
pub fn recognize(
    language: &Language,
    text: &str,
    sentences: &[Span],
    tokens: &[Token],
) -> (Vec<EntityMention>, Vec<EntityInfo>) {
    let rules = language.entities;
    let k = rules.knowledge();
    let words = words_of(text, sentences, tokens);
    if words.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let wtext = |i: usize| -> &str { text.get(words[i].start..words[i].end).unwrap_or("") };

    // What the whole text says of each capitalised word, for languages without a tagger.
    let names = match rules.tagger() {
        Some(_) => NameWords::default(),
        None => NameWords::of(&words, &wtext, k),
    };
    // 1. Tagging, sentence by sentence.
    let mut raw: Vec<(usize, usize, usize)> = Vec::new(); // (a, b, class index)
    let mut i = 0;
    while i < words.len() {
        let s = words[i].sentence;
        let mut j = i;
        while j < words.len() && words[j].sentence == s {
            j += 1;
        }
        let folded: Vec<std::borrow::Cow<str>> =
            (i..j).map(|w| ner::tagger_word(wtext(w))).collect();
        let ws: Vec<&str> = folded.iter().map(|c| c.as_ref()).collect();
        let spans = match rules.tagger() {
            Some((model, gaz)) => ner::spans(&model.tag(gaz, &ws)),
            None => rule_spans(&ws, k, rules.gazetteer(), &names),
        };
        raw.extend(spans.into_iter().map(|(a, b, c)| (a + i, b + i, c)));
        i = j;
    }

    // 2. Clean and classify.
    let mut cands: Vec<Cand> = Vec::new();
    for (a, b, class) in raw {
        let base = class / 3;
        let variant = class % 3;
        let kind = [
            EntityKind::Person,
            EntityKind::Organisation,
            EntityKind::Location,
            EntityKind::Misc,
        ][base.min(3)];
        match variant {
            1 => {
                // deriv: link place adjectives to the place.
                if base != 2 && base != 3 {
                    continue;
                }
                let w = wtext(b - 1);
                if let Some(id) = k.demonym(w) {
                    let span = trim_span(text, Span::new(words[a].start, words[b - 1].end));
                    if span.is_empty() {
                        continue;
                    }
                    cands.push(Cand {
                        span,
                        a,
                        b,
                        kind: EntityKind::Location,
                        derived: true,
                        name: w.to_string(),
                        id: Some(id),
                    });
                }
            }
            2 => {
                // part: the entity inside a hyphenated compound (`US-Präsident`).
                if b - a != 1 {
                    continue;
                }
                let w = wtext(a);
                let Some(cut) = w.rfind('-') else { continue };
                let piece = &w[..cut];
                let span = trim_span(text, Span::new(words[a].start, words[a].start + cut));
                if span.is_empty()
                    || !has_upper(piece)
                    || k.stopwords.contains(&piece.to_lowercase())
                {
                    continue;
                }
                cands.push(Cand {
                    span,
                    a,
                    b,
                    kind,
                    derived: false,
                    name: span.slice(text).to_string(),
                    id: None,
                });
            }
            _ => {
                if let Some(c) = clean(text, &words, a, b, kind, k) {
                    cands.push(c);
                }
            }
        }
    }

    // 3a. Acronyms: `Long Form (ACR)`.
    let mut local: HashMap<String, String> = HashMap::new();
    // Index of candidates by end and start word (linear time on long texts).
    let mut by_end: HashMap<usize, usize> = HashMap::new();
    let mut starts_at: HashSet<usize> = HashSet::new();
    for (n, c) in cands.iter().enumerate() {
        if !c.derived {
            by_end.entry(c.b).or_insert(n);
        }
        starts_at.insert(c.a);
    }
    for i in 1..words.len().saturating_sub(2) {
        if wtext(i) != "("
            || wtext(i + 2) != ")"
            || !is_acronym(wtext(i + 1))
            || words[i - 1].sentence != words[i].sentence
        {
            continue;
        }
        let acr = wtext(i + 1);
        let initial = |s: &str| {
            s.chars()
                .next()
                .map(|c| c.to_lowercase().collect::<String>())
        };
        // A long form starts with the acronym's letter and is no person
        // (`Olaf Scholz (SPD)`, `Berlin (dpa)` are affiliations and datelines).
        let long = by_end.get(&i).copied().filter(|&n| {
            cands[n].kind != EntityKind::Person
                && initial(&cands[n].name) == initial(acr)
                && letters_in_order(acr, &cands[n].name)
        });
        let long = long.or_else(|| {
            let (a, b) = initials_match(acr, i, &words, text, k)?;
            let span = Span::new(words[a].start, words[b - 1].end);
            cands.push(Cand {
                span,
                a,
                b,
                kind: EntityKind::Organisation,
                derived: false,
                name: span.slice(text).to_string(),
                id: None,
            });
            Some(cands.len() - 1)
        });
        let Some(li) = long else { continue };
        let kind = if cands[li].kind == EntityKind::Person {
            EntityKind::Organisation
        } else {
            cands[li].kind
        };
        let id = k
            .alias(acr)
            .or_else(|| k.alias(&cands[li].name))
            .cloned()
            .unwrap_or_else(|| format!("{}:{}", knowledge::prefix(kind), k.key(acr)));
        let kind = knowledge::kind_of_id(&id);
        cands[li].kind = kind;
        local.insert(k.key(&cands[li].name), id.clone());
        local.insert(k.key(acr), id.clone());
        if starts_at.insert(i + 1) {
            let span = Span::new(words[i + 1].start, words[i + 1].end);
            cands.push(Cand {
                span,
                a: i + 1,
                b: i + 2,
                kind,
                derived: false,
                name: acr.to_string(),
                id: None,
            });
        }
    }

    // 3b. Multi-word names from the alias tables win over the tagger's partial spans;
    // a span made of several known names is split (`Astana Paris`).
    let mut lo = vec![usize::MAX; words.len()];
    let mut hi = vec![0usize; words.len()];
    for c in &cands {
        for w in c.a..c.b.min(words.len()) {
            lo[w] = lo[w].min(c.a);
            hi[w] = hi[w].max(c.b);
        }
    }
    let mut claimed: Vec<Option<usize>> = vec![None; words.len()];
    let mut matches: Vec<(usize, usize, String)> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let mut found: Option<(usize, String)> = None;
        if let Some(list) = k.multi.get(&k.key(wtext(i))) {
            for (parts, id) in list {
                let n = parts.len();
                if i + n <= words.len()
                    && found.as_ref().is_none_or(|(m, _)| n > *m)
                    && (0..n).all(|d| {
                        words[i + d].sentence == words[i].sentence
                            && k.key(wtext(i + d)) == parts[d]
                    })
                {
                    found = Some((n, id.clone()));
                }
            }
        }
        match found {
            // No candidate may stick out of the match.
            Some((n, id))
                if (i..i + n).all(|w| lo[w] == usize::MAX || (lo[w] >= i && hi[w] <= i + n)) =>
            {
                for c in claimed.iter_mut().skip(i).take(n) {
                    *c = Some(matches.len());
                }
                matches.push((i, n, id));
                i += n;
            }
            _ => i += 1,
        }
    }
    if !matches.is_empty() {
        cands
            .retain(|c| !(c.a < c.b && claimed[c.a].is_some() && claimed[c.a] == claimed[c.b - 1]));
        for (i, n, id) in matches {
            cands.push(known_cand(text, &words, i, n, id));
        }
    }
    let mut split: Vec<Cand> = Vec::new();
    cands.retain(|c| {
        if c.id.is_some()
            || c.derived
            || c.b - c.a < 2
            || k.alias(&c.name).is_some()
            || local.contains_key(&k.key(&c.name))
        {
            return true;
        }
        let known: Vec<Option<&String>> = (c.a..c.b).map(|w| k.alias(wtext(w))).collect();
        if known.iter().all(Option::is_some) {
            for (d, id) in known.into_iter().enumerate() {
                let w = c.a + d;
                let span = Span::new(words[w].start, words[w].end);
                let id = id.cloned();
                let kind = id.as_deref().map_or(c.kind, knowledge::kind_of_id);
                split.push(Cand {
                    span,
                    a: w,
                    b: w + 1,
                    kind,
                    derived: false,
                    name: span.slice(text).to_string(),
                    id,
                });
            }
            return false;
        }
        true
    });
    cands.extend(split);

    // 3c. Names the tagger missed but the alias tables know (acronyms, long forms, names).
    let mut covered = vec![false; words.len()];
    for c in &cands {
        for f in covered.iter_mut().take(c.b).skip(c.a) {
            *f = true;
        }
    }
    let mut i = 0;
    while i < words.len() {
        if covered[i] {
            i += 1;
            continue;
        }
        let w = wtext(i);
        let f = k.key(w);
        let mut found: Option<(usize, String)> = None;
        if let Some(list) = k.multi.get(&f) {
            for (parts, id) in list {
                let n = parts.len();
                if i + n <= words.len()
                    && found.as_ref().is_none_or(|(m, _)| n > *m)
                    && (0..n).all(|d| {
                        !covered[i + d]
                            && words[i + d].sentence == words[i].sentence
                            && k.key(wtext(i + d)) == parts[d]
                    })
                {
                    found = Some((n, id.clone()));
                }
            }
        }
        if found.is_none() && has_upper(w) && w.chars().next().is_some_and(char::is_uppercase) {
            let name = genitive_base(w, k, &HashSet::new());
            if let Some(id) = local.get(&k.key(&name)).or_else(|| k.alias(&name)) {
                // Single words: only acronyms or names (not sentence-initial function words).
                if !k.stopwords.contains(&w.to_lowercase()) {
                    found = Some((1, id.clone()));
                }
            }
        }
        if let Some((n, id)) = found {
            cands.push(known_cand(text, &words, i, n, id));
            i += n;
        } else {
            i += 1;
        }
    }

    // 4. Canonical names: genitives, aliases, surnames, one kind per name.
    let names: HashSet<String> = cands
        .iter()
        .filter(|c| !c.derived)
        .map(|c| k.key(&c.name))
        .collect();
    for c in cands.iter_mut().filter(|c| c.id.is_none()) {
        c.name = genitive_base(&c.name, k, &names);
        if let Some(id) = local.get(&k.key(&c.name)).or_else(|| k.alias(&c.name)) {
            c.id = Some(id.clone());
            c.kind = knowledge::kind_of_id(id);
        }
    }
    // A one-word name right after a locative preposition (`in Sarybel`) is a place: a person
    // is never "in" someone.
    let after_locative = |c: &Cand| {
        c.b == c.a + 1
            && c.a > 0
            && words[c.a - 1].sentence == words[c.a].sentence
            && text
                .get(words[c.a - 1].start..words[c.a - 1].end)
                .is_some_and(|w| k.locatives.contains(&w.to_lowercase()))
    };
    let places: HashSet<String> = cands
        .iter()
        .filter(|c| after_locative(c))
        .map(|c| k.key(&c.name))
        .collect();
    // Persons named in full: their surname alone means them — unless the surname is a place
    // the text is "in" (a tagger's span `Étienne Daval Sarybel` must not make Sarybel a person).
    let mut surnames: HashMap<String, String> = HashMap::new();
    for c in cands
        .iter()
        .filter(|c| c.kind == EntityKind::Person && !c.derived)
    {
        let parts: Vec<&str> = c.name.split_whitespace().collect();
        // Only a full name (`Nurlan Jessimow`): a lone word the tagger read as a person
        // (`Sarybel (zpd) –`) must not turn that word's other mentions into a person.
        if let (true, Some(last)) = (parts.len() >= 2, parts.last()) {
            let id =
                c.id.clone()
                    .or_else(|| k.alias(last).cloned())
                    .unwrap_or_else(|| format!("person:{}", k.key(last)));
            if knowledge::kind_of_id(&id) == EntityKind::Person && !places.contains(&k.key(last)) {
                surnames.entry(k.key(last)).or_insert(id);
            }
        }
    }
    for c in cands.iter_mut().filter(|c| c.id.is_none() && !c.derived) {
        if let Some(id) = surnames.get(&k.key(&c.name)) {
            c.kind = EntityKind::Person;
            c.id = Some(id.clone());
        }
    }
    // One kind per name in the article (majority; ties: first seen). A name after a locative
    // decides for a place, whatever the tagger read elsewhere (`Sarybel (zpd) –`, `werfen
    // Sarybel vor`).
    let mut votes: HashMap<String, BTreeMap<EntityKind, (usize, usize)>> = HashMap::new();
    for (n, c) in cands.iter().enumerate().filter(|(_, c)| c.id.is_none()) {
        let (kind, weight) = if after_locative(c) {
            (EntityKind::Location, LOCATIVE_VOTE)
        } else {
            (c.kind, 1)
        };
        let e = votes
            .entry(k.key(&c.name))
            .or_default()
            .entry(kind)
            .or_insert((0, usize::MAX - n));
        e.0 += weight;
    }
    for c in cands.iter_mut().filter(|c| c.id.is_none()) {
        let key = k.key(&c.name);
        if let Some(v) = votes.get(&key) {
            if let Some((kind, _)) = v.iter().max_by_key(|(_, &score)| score) {
                c.kind = *kind;
            }
        }
        let id = match c.kind {
            EntityKind::Person => {
                let last = c
                    .name
                    .split_whitespace()
                    .last()
                    .unwrap_or(&c.name)
                    .to_string();
                k.alias(&last)
                    .cloned()
                    .unwrap_or_else(|| format!("person:{}", k.key(&last)))
            }
            kind => format!("{}:{}", knowledge::prefix(kind), key),
        };
        c.id = Some(id);
    }
    cands.retain(|c| {
        c.id.as_ref()
            .is_some_and(|id| id.split_once(':').is_some_and(|(_, r)| !r.is_empty()))
    });

    // 5. Roles.
    let roles = find_roles(text, &words, &cands, k);
    let present: HashSet<String> = cands.iter().filter_map(|c| c.id.clone()).collect();
    let mut bound: HashMap<String, String> = HashMap::new();
    for r in &roles {
        if let Some(p) = &r.person {
            bound.entry(r.key.clone()).or_insert_with(|| p.clone());
        }
    }
    for r in roles.into_iter().filter(|r| r.person.is_none()) {
        let person = bound.get(&r.key).cloned().or_else(|| {
            k.holders
                .get(&r.key)
                .filter(|p| present.contains(*p))
                .cloned()
        });
        if let Some(p) = person {
            cands.push(Cand {
                span: r.span,
                a: r.a,
                b: r.b,
                kind: EntityKind::Person,
                derived: true,
                name: r.span.slice(text).to_string(),
                id: Some(p),
            });
        }
    }

    // 6. Output.
    cands.sort_by_key(|x| (x.span.start, x.span.end));
    cands.dedup_by(|x, y| x.span == y.span && x.id == y.id);
    let mut table: Vec<EntityInfo> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut mentions = Vec::with_capacity(cands.len());
    for c in cands {
        let id = c.id.unwrap_or_default();
        let surface = c.span.slice(text).to_string();
        let kind = knowledge::kind_of_id(&id);
        let n = *index.entry(id.clone()).or_insert_with(|| {
            table.push(EntityInfo {
                id: id.clone(),
                name: k
                    .display
                    .get(&id)
                    .cloned()
                    .unwrap_or_else(|| c.name.clone()),
                kind,
                mentions: 0,
            });
            table.len() - 1
        });
        let info = &mut table[n];
        info.mentions += 1;
        if !k.display.contains_key(&id)
            && !c.derived
            && c.name.chars().count() > info.name.chars().count()
            && kind == c.kind
        {
            info.name = c.name.clone();
        }
        mentions.push(EntityMention {
            span: c.span,
            text: surface,
            kind,
            entity: id,
            derived: c.derived,
        });
    }
    (mentions, table)
}

/// The vote of a name seen right after a locative preposition: it outweighs any number of
/// the tagger's readings.
const LOCATIVE_VOTE: usize = 1 << 20;

/// Trim quotes and punctuation at the edges of a span.
fn trim_span(text: &str, span: Span) -> Span {
    let s = span.slice(text);
    let keep = |c: char| c.is_alphanumeric();
    let lead = s.len() - s.trim_start_matches(|c: char| !keep(c)).len();
    let t = s.trim_end_matches(|c: char| !keep(c) && c != '.');
    let t = if t.ends_with('.')
        && !t
            .trim_end_matches('.')
            .chars()
            .last()
            .is_some_and(char::is_uppercase)
    {
        t.trim_end_matches('.')
    } else {
        t
    };
    if lead >= t.len() {
        return Span::new(span.start, span.start);
    }
    Span::new(span.start + lead, span.start + t.len())
}

/// A tagged span without leading titles/function words and edge punctuation; `None` if junk.
fn clean(
    text: &str,
    words: &[Word],
    mut a: usize,
    mut b: usize,
    kind: EntityKind,
    k: &Knowledge,
) -> Option<Cand> {
    let wt = |i: usize| text.get(words[i].start..words[i].end).unwrap_or("");
    while a < b {
        let w = wt(a);
        let bare = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
        if k.titles.contains(bare)
            || k.stopwords.contains(&bare.to_lowercase())
            || !bare.chars().any(char::is_alphanumeric)
        {
            a += 1;
        } else {
            break;
        }
    }
    // A truncated compound (`Staats- und Regierungschefs`) is no name.
    if b < words.len() && words[b].start == words[b - 1].end && wt(b) == "-" {
        return None;
    }
    while b > a {
        let w = wt(b - 1);
        let bare = w.trim_matches(|c: char| !c.is_alphanumeric());
        if bare.is_empty()
            || (k.stopwords.contains(&bare.to_lowercase()) && !has_upper(bare))
            || (b - a > 1 && k.titles.contains(bare))
        {
            b -= 1;
        } else {
            break;
        }
    }
    if a >= b {
        return None;
    }
    let span = trim_span(text, Span::new(words[a].start, words[b - 1].end));
    let name = span.slice(text);
    if name.is_empty() || k.stopwords.contains(&name.to_lowercase()) {
        return None;
    }
    if !has_upper(name) && k.alias(name).is_none() {
        return None;
    }
    if !name.chars().any(char::is_alphabetic) {
        return None;
    }
    // `30-Milliarden-Dollar` is an amount, not a name.
    if kind == EntityKind::Misc && name.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(Cand {
        span,
        a,
        b,
        kind,
        derived: false,
        name: name.to_string(),
        id: None,
    })
}

/// `Putins` → `Putin`, `Kasachstans` → `Kasachstan` when the shorter form is a known name
/// (alias table, another mention in the article) and the longer is not.
fn genitive_base(name: &str, k: &Knowledge, names: &HashSet<String>) -> String {
    let known = |n: &str| k.alias(n).is_some() || names.contains(&k.key(n));
    if k.alias(name).is_some() {
        return name.to_string();
    }
    for suffix in k.morphology.name_endings {
        if let Some(base) = name.strip_suffix(suffix) {
            // An ending written with an apostrophe (`Halvaria's`) is a possessive whatever
            // the base; other endings (German `-s`) only when the base is a name too.
            let marked = suffix.starts_with(['\'', '’']);
            if base.chars().count() >= 3
                && base.chars().last().is_some_and(char::is_alphabetic)
                && (marked || known(base))
            {
                return base.to_string();
            }
        }
    }
    name.to_string()
}

/// Words before `(ACR)` whose initials spell the acronym (function words skipped):
/// `Organisation des Vertrags über kollektive Sicherheit (OVKS)`.
fn initials_match(
    acr: &str,
    paren: usize,
    words: &[Word],
    text: &str,
    k: &Knowledge,
) -> Option<(usize, usize)> {
    let letters: Vec<char> = acr
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    let mut need = letters.len();
    let mut j = paren;
    let sentence = words[paren].sentence;
    let mut first = paren;
    while need > 0 && j > 0 && paren - j < 12 {
        j -= 1;
        if words[j].sentence != sentence {
            return None;
        }
        let w = text.get(words[j].start..words[j].end).unwrap_or("");
        let c = w.chars().next()?.to_lowercase().next()?;
        if c == letters[need - 1] {
            need -= 1;
            first = j;
        } else if !k.stopwords.contains(&w.to_lowercase()) || has_upper(w) {
            return None;
        }
    }
    (need == 0 && has_upper(text.get(words[first].start..words[first].end).unwrap_or("")))
        .then_some((first, paren))
}

struct Role {
    span: Span,
    a: usize,
    b: usize,
    /// `office@place`
    key: String,
    /// The person named right after the role (apposition), if any.
    person: Option<String>,
}

fn find_roles(text: &str, words: &[Word], cands: &[Cand], k: &Knowledge) -> Vec<Role> {
    if k.offices.is_empty() && k.compounds.is_empty() {
        return Vec::new();
    }
    let wt = |i: usize| text.get(words[i].start..words[i].end).unwrap_or("");
    let mut starts: HashMap<usize, usize> = HashMap::new();
    for (n, c) in cands.iter().enumerate() {
        starts.entry(c.a).or_insert(n);
    }
    let mut locations: HashMap<usize, String> = HashMap::new();
    for c in cands
        .iter()
        .filter(|c| c.b == c.a + 1 && c.kind == EntityKind::Location)
    {
        if let Some(id) = &c.id {
            locations.entry(c.a).or_insert_with(|| id.clone());
        }
    }
    let location_at = |i: usize| -> Option<String> { locations.get(&i).cloned() };
    let mut out = Vec::new();
    for i in 0..words.len() {
        let w = wt(i);
        let lower = w.to_lowercase();
        let compound = k.morphology.compound_endings.iter().find_map(|suffix| {
            lower
                .strip_suffix(suffix)
                .and_then(|base| k.compounds.get(base))
        });
        let (office, place, a, b) = if let Some((office, place)) = compound {
            (office.clone(), place.clone(), i, i + 1)
        } else if let Some(office) = k.offices.get(w) {
            let same = |j: usize| words[j].sentence == words[i].sentence;
            if i > 0 && same(i - 1) {
                if let Some(place) = k
                    .demonym(wt(i - 1))
                    .filter(|_| wt(i - 1).chars().next().is_some_and(char::is_lowercase))
                {
                    (office.clone(), place, i - 1, i + 1)
                } else if let Some(place) = location_at(i - 1) {
                    (office.clone(), place, i - 1, i + 1)
                } else if i + 1 < words.len() && same(i + 1) {
                    match location_at(i + 1) {
                        Some(place) => (office.clone(), place, i, i + 2),
                        None => continue,
                    }
                } else {
                    continue;
                }
            } else {
                continue;
            }
        } else {
            continue;
        };
        // A person named right after the role: `der kasachische Präsident Kassym-Schomart Tokajew`.
        let person = starts
            .get(&b)
            .map(|&n| &cands[n])
            .filter(|c| c.kind == EntityKind::Person && words[c.a].sentence == words[i].sentence)
            .and_then(|c| c.id.clone());
        let span = Span::new(words[a].start, words[b - 1].end);
        out.push(Role {
            span,
            a,
            b,
            key: format!("{office}@{place}"),
            person,
        });
    }
    out
}

/// The word without its diacritics, case kept (`Étienne` → `Etienne`).
fn without_diacritics(w: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    w.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect()
}

/// A word written with a capital initial.
fn capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase) && w.chars().any(char::is_alphabetic)
}

/// Whether the word at `i` of a sentence's words opens it, or opens a quotation or a clause
/// after a colon or dash inside it (`said: «Our relations …»`), where any word is capitalised.
fn opens_sentence(words: &[&str], i: usize) -> bool {
    i == 0
        || words[i - 1]
            .chars()
            .all(|c| !c.is_alphanumeric() && c != '(' && c != ',')
}

/// One sense per text, for languages without a tagger: the words (lower case) written with a
/// capital where no sentence starts, and those also written in lower case. A capital inside a
/// sentence marks a name unless the text also writes the word small (`the Government said` …
/// `the government`); a name's first word keeps its sense at the start of a sentence.
#[derive(Default)]
struct NameWords {
    inside: HashSet<String>,
    small: HashSet<String>,
}

impl NameWords {
    fn of<'t>(words: &[Word], wtext: &dyn Fn(usize) -> &'t str, k: &Knowledge) -> NameWords {
        let mut names = NameWords::default();
        let mut sentence: Vec<&str> = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let s = words[i].sentence;
            sentence.clear();
            while i < words.len() && words[i].sentence == s {
                sentence.push(wtext(i));
                i += 1;
            }
            for (n, w) in sentence.iter().enumerate() {
                let lower = w.to_lowercase();
                if k.stopwords.contains(&lower) {
                    continue;
                }
                if w.chars().next().is_some_and(char::is_lowercase) {
                    names.small.insert(lower);
                } else if capitalised(w) && !opens_sentence(&sentence, n) {
                    names.inside.insert(lower);
                }
            }
        }
        names
    }

    /// A capitalised word the text treats as a name.
    fn is_name(&self, w: &str) -> bool {
        let lower = w.to_lowercase();
        self.inside.contains(&lower) && !self.small.contains(&lower)
    }
}

/// Fallback for languages without a tagger: capitalised word sequences, typed by the alias
/// table and first-name gazetteer. Returns GermEval class indices (0 PER, 3 ORG, 6 LOC, 9 OTH).
fn rule_spans(
    words: &[&str],
    k: &Knowledge,
    gaz: Option<&Gazetteer>,
    names: &NameWords,
) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let cap = |w: &str| capitalised(w);
    // A first name of the gazetteer, as written, in Latin letters (`Анатолий` → `Anatoliy`)
    // or without its accents (`Étienne` → `Etienne`).
    let first_name = |w: &str| {
        gaz.is_some_and(|g| {
            let listed = |v: &str| g.word_flags(v) & ner::GAZ_FIRST_NAME != 0;
            listed(w)
                || listed(&(k.morphology.transliterate)(w))
                || (!w.is_ascii() && listed(&without_diacritics(w)))
        })
    };
    // The class of `words[a..b]` by the alias tables and the first-name gazetteer.
    let typed = |a: usize, b: usize| -> Option<usize> {
        if let Some(id) = k
            .alias(&words[a..b].join(" "))
            .or_else(|| k.alias(words[b - 1]))
        {
            Some(match knowledge::kind_of_id(id) {
                EntityKind::Person => 0,
                EntityKind::Organisation => 3,
                EntityKind::Location => 6,
                EntityKind::Misc => 9,
            })
        } else if b - a >= 2 && first_name(words[a]) {
            Some(0)
        } else if is_acronym(words[a]) && !opens_sentence(words, a) {
            Some(3)
        } else if !opens_sentence(words, a) && (b - a >= 2 || names.is_name(words[a])) {
            Some(9)
        } else if names.is_name(words[a]) && !k.titles.contains(words[a]) {
            // The start of a sentence, a word the text writes as a name elsewhere.
            Some(9)
        } else {
            None
        }
    };
    let mut i = 0;
    while i < words.len() {
        if !cap(words[i]) || k.stopwords.contains(&words[i].to_lowercase()) {
            i += 1;
            continue;
        }
        // Place adjectives (`Russian`) are derived mentions of their place.
        if k.demonyms.contains_key(&words[i].to_lowercase()) {
            out.push((i, i + 1, 7));
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < words.len() && cap(words[j]) && !k.stopwords.contains(&words[j].to_lowercase()) {
            j += 1;
        }
        // a known name before a first name is a name of its own (`России Владимир Путин`)
        if let Some(m) = (i + 1..j.saturating_sub(1)).find(|&m| {
            first_name(words[m])
                && k.alias(&words[i..m].join(" "))
                    .is_some_and(|id| knowledge::kind_of_id(id) != EntityKind::Person)
        }) {
            j = m;
        }
        // After a title the last two words are the holder's name, and what stands before them
        // is a name of its own, the holder's country (`президент Ардакии Рустам Даулетов`),
        // unless the run opens with a first name (`President Donald J. Trump`).
        let mut after_title = i > 0 && k.titles.contains(words[i - 1]);
        // titles written as part of the run (`Prime Minister Milan Hovat`) are not the name
        while j - i >= 2 && k.titles.contains(words[i]) {
            i += 1;
            after_title = true;
        }
        if after_title && j - i >= 3 && !first_name(words[i]) {
            if let Some(c) = typed(i, j - 2) {
                out.push((i, j - 2, c));
            }
            out.push((j - 2, j, 0));
            i = j;
            continue;
        }
        let class = if after_title && j - i >= 2 && k.alias(&words[i..j].join(" ")).is_none() {
            Some(0)
        } else {
            typed(i, j)
        };
        if let Some(c) = class {
            out.push((i, j, c));
        }
        i = j;
    }
    out
}

#[cfg(test)]
mod tests;
