//! Aligning facts across a story's articles into rows, and comparing the cells of a row.
//!
//! The rule (see docs/quality/compare.md):
//! - numbers align when they share a measure key and a unit, and their subjects do not
//!   exclude each other (both named, and disjoint);
//! - two cells from different articles **agree** when their value intervals (widened by the
//!   qualifier: `rund` ±10 %, `fast` −10 %, `mehr als` +50 %, plain ±2 %) overlap and their
//!   scopes are the same or one is unknown; they **conflict** when the intervals do not
//!   overlap and the scopes are the same (both known and equal, or both unknown); anything
//!   else — a target vs an achieved value, January–October vs the whole year, an unknown
//!   scope with a different value — is a **different scope**;
//! - a target and an achieved value agree when their intervals overlap, else differ in scope;
//! - a conflict is withdrawn when either article itself also gives a value agreeing with the
//!   other's (two facts under one measure); generic measures (`Menschen`) never conflict;
//! - a row's status is `conflict` if any pair conflicts, else `agree` if any pair agrees,
//!   else `different_scope` if it has two or more articles, else `single`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use parallax_model::{FactCell, FactKind, FactPair, FactRow, FactStatus, FactValue, Qualifier};

use super::facts::Fact;
use super::FactRowIndex;

/// Value interval of a number with its qualifier.
pub fn interval(v: f64, max: Option<f64>, q: Option<Qualifier>) -> (f64, f64) {
    let a = v.abs();
    if let Some(m) = max.filter(|m| m.is_finite()) {
        let (lo, hi) = (v.min(m), v.max(m));
        return (lo - 0.01 * lo.abs(), hi + 0.01 * hi.abs());
    }
    match q.unwrap_or(Qualifier::Exact) {
        Qualifier::Exact => (v - 0.02 * a, v + 0.02 * a),
        Qualifier::About => (v - 0.1 * a, v + 0.1 * a),
        Qualifier::Almost => (v - 0.1 * a, v),
        Qualifier::MoreThan | Qualifier::AtLeast => (v, v + 0.5 * a),
        Qualifier::LessThan | Qualifier::UpTo => (v - 0.5 * a, v),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ScopeRel {
    Same,
    Unknown,
    Different,
}

/// How two cells' time scopes relate. A scope is resolved (`2023`), unresolved (a time
/// expression whose value the time stage could not fix: compared by its words), or absent.
/// Absent scopes and durations (`P30Y`, "in den letzten 30 Jahren") are compatible with
/// anything but prove no identity with a resolved one.
fn scope_rel(a: &Fact, b: &Fact) -> ScopeRel {
    let norm = |t: &Option<String>| t.as_deref().map(|t| t.trim().to_lowercase());
    let dur = |s: &Option<String>| s.as_deref().map(|s| s.starts_with('P')).unwrap_or(false);
    match (&a.scope, &b.scope) {
        (Some(x), Some(y)) if x == y => ScopeRel::Same,
        _ if dur(&a.scope) || dur(&b.scope) => ScopeRel::Unknown,
        (Some(_), Some(_)) => ScopeRel::Different,
        (None, None) => match (norm(&a.scope_text), norm(&b.scope_text)) {
            (None, None) => ScopeRel::Same,
            (Some(x), Some(y)) if x == y => ScopeRel::Same,
            (Some(_), Some(_)) => ScopeRel::Different,
            _ => ScopeRel::Unknown,
        },
        // One resolved, the other absent (unknown) or unresolved (different words).
        (Some(_), None) => {
            if b.scope_text.is_some() {
                ScopeRel::Different
            } else {
                ScopeRel::Unknown
            }
        }
        (None, Some(_)) => {
            if a.scope_text.is_some() {
                ScopeRel::Different
            } else {
                ScopeRel::Unknown
            }
        }
    }
}

/// A calendar day `(year, month, day)`, comparable.
type Day = (u32, u32, u32);

/// Day interval of an ISO date, month, year or range.
fn date_range(v: &str) -> Option<(Day, Day)> {
    let one = |s: &str, end: bool| -> Option<Day> {
        let mut it = s.split('-');
        let y: u32 = it.next()?.get(..4)?.parse().ok()?;
        let m: Option<u32> = it.next().and_then(|m| m.parse().ok());
        let d: Option<u32> = it
            .next()
            .and_then(|d| d.get(..2).and_then(|d| d.parse().ok()));
        Some(match (m, d, end) {
            (Some(m), Some(d), _) => (y, m, d),
            (Some(m), None, false) => (y, m, 1),
            (Some(m), None, true) => (y, m, 31),
            (None, _, false) => (y, 1, 1),
            (None, _, true) => (y, 12, 31),
        })
    };
    match v.split_once('/') {
        Some((a, b)) => Some((one(a, false)?, one(b, true)?)),
        None => Some((one(v, false)?, one(v, true)?)),
    }
}

fn is_day(v: &str) -> bool {
    v.len() == 10 && !v.contains('/')
}

/// The source writes the day out (`28. November`, `28/11`): a day read from a weekday or a
/// relative word (`Thursday`, `gestern`) is only as sure as the tense and the anchor it was
/// resolved by, so it agrees with a written day but never contradicts one.
fn states_day(f: &Fact) -> bool {
    f.text.chars().any(|c| c.is_numeric())
}

/// Compare two cells of different articles. `same_event` says whether both articles belong
/// to one event of the story (`None` when that is not known). Dates of different events never
/// conflict, and neither do numbers without a time scope from different events (the 14
/// agreements of one visit and the 9 of the next are not a contradiction).
fn compare_pair(a: &Fact, b: &Fact, same_event: Option<bool>) -> FactStatus {
    if a.unit != b.unit {
        return FactStatus::DifferentScope;
    }
    // A target and an achieved value may agree (the plan's two reactors and the report's two
    // reactors) but never conflict; changes and levels, dates and statements are apart.
    let plan_vs_value = matches!(
        (a.kind, b.kind),
        (FactKind::Target, FactKind::Value) | (FactKind::Value, FactKind::Target)
    );
    if a.kind != b.kind && !plan_vs_value {
        return FactStatus::DifferentScope;
    }
    match (&a.value, &b.value) {
        (FactValue::Number(x), FactValue::Number(y)) => {
            let rel = scope_rel(a, b);
            let unscoped = a.scope.is_none() && b.scope.is_none();
            let rel = if rel == ScopeRel::Same
                && (a.generic || b.generic || (unscoped && same_event == Some(false)))
            {
                ScopeRel::Unknown
            } else {
                rel
            };
            if rel == ScopeRel::Different {
                return FactStatus::DifferentScope;
            }
            let (l1, h1) = interval(*x, a.value_max, a.qualifier);
            let (l2, h2) = interval(*y, b.value_max, b.qualifier);
            let overlap = l1 <= h2 && l2 <= h1;
            match (overlap, rel) {
                (true, _) => FactStatus::Agree,
                (false, ScopeRel::Same) if !plan_vs_value => FactStatus::Conflict,
                _ => FactStatus::DifferentScope,
            }
        }
        (FactValue::Text(x), FactValue::Text(y)) if a.kind == FactKind::Date => {
            match (date_range(x), date_range(y)) {
                (Some((s1, e1)), Some((s2, e2))) => {
                    if s1 <= e2 && s2 <= e1 {
                        FactStatus::Agree
                    } else if same_event == Some(true)
                        && is_day(x)
                        && is_day(y)
                        && states_day(a)
                        && states_day(b)
                    {
                        FactStatus::Conflict
                    } else {
                        FactStatus::DifferentScope
                    }
                }
                _ => FactStatus::DifferentScope,
            }
        }
        (FactValue::Text(x), FactValue::Text(y)) => {
            if similar_statements(x, y) {
                FactStatus::Agree
            } else {
                FactStatus::DifferentScope
            }
        }
        _ => FactStatus::DifferentScope,
    }
}

fn content_words(s: &str) -> BTreeSet<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4)
        .map(|w| w.to_lowercase())
        .collect()
}

/// Two quotes state the same thing when their content words overlap enough.
pub fn similar_statements(a: &str, b: &str) -> bool {
    let (x, y) = (content_words(a), content_words(b));
    if x.is_empty() || y.is_empty() {
        return false;
    }
    let inter = x.intersection(&y).count() as f64;
    let min = x.len().min(y.len()) as f64;
    let union = x.union(&y).count() as f64;
    inter / union >= 0.3 || inter / min >= 0.6
}

/// Subjects are compatible when either side names none, or they share one — in any spelling
/// (`location:halvarien`, `location:halvarie`).
fn subjects_compatible(a: &[String], b: &BTreeSet<String>) -> bool {
    a.is_empty()
        || b.is_empty()
        || a.iter()
            .any(|s| b.contains(s) || b.iter().any(|t| parallax_nlp::entities::same_name(s, t)))
}

/// Group facts into rows. `order` gives each article's position in the story;
/// `event_of` each article's event (if the story has events), `event_when` each event's dates.
pub fn rows(
    facts: Vec<Fact>,
    order: &BTreeMap<String, usize>,
    event_of: &BTreeMap<String, String>,
    event_when: &BTreeMap<String, String>,
) -> Vec<FactRow> {
    // Group by (key, unit dimension: all currencies are money); quotes additionally split
    // by statement similarity.
    let mut groups: BTreeMap<(String, Option<String>), Vec<Fact>> = BTreeMap::new();
    for f in facts {
        groups
            .entry((f.key.clone(), f.unit.as_deref().map(dimension)))
            .or_default()
            .push(f);
    }
    let mut out = Vec::new();
    for ((key, _), mut facts) in groups {
        let units: BTreeSet<Option<String>> = facts.iter().map(|f| f.unit.clone()).collect();
        let unit = if units.len() == 1 {
            units.into_iter().next().flatten()
        } else {
            None
        };
        facts.sort_by_key(|f| {
            (
                order.get(&f.article).copied().unwrap_or(usize::MAX),
                f.span.start,
            )
        });
        let statements = facts
            .first()
            .map(|f| f.kind == FactKind::Statement)
            .unwrap_or(false);
        // Clusters: by subjects for numbers and dates, by similarity for statements.
        // (subjects, facts, the distinct statements among them: a quote repeated by a
        // thousand copies is compared once)
        type Cluster = (BTreeSet<String>, Vec<Fact>, BTreeSet<String>);
        let mut clusters: Vec<Cluster> = Vec::new();
        for f in facts {
            let text = match &f.value {
                FactValue::Text(t) if statements => Some(t.clone()),
                _ => None,
            };
            let slot = clusters.iter().position(|(subj, _, texts)| match &text {
                Some(t) => texts.contains(t) || texts.iter().any(|m| similar_statements(m, t)),
                None if statements => false,
                None => subjects_compatible(&f.subjects, subj),
            });
            match slot {
                Some(i) => {
                    clusters[i].0.extend(f.subjects.iter().cloned());
                    clusters[i].1.push(f);
                    clusters[i].2.extend(text);
                }
                None => clusters.push((
                    f.subjects.iter().cloned().collect(),
                    vec![f],
                    text.into_iter().collect(),
                )),
            }
        }
        for (subjects, members, _) in clusters {
            out.push(build_row(
                &key,
                unit.clone(),
                subjects,
                dedupe(members),
                event_of,
                event_when,
            ));
        }
    }
    out.sort_by(|a, b| {
        let n = |r: &FactRow| {
            r.cells
                .iter()
                .map(|c| &c.article)
                .collect::<BTreeSet<_>>()
                .len()
        };
        n(b).cmp(&n(a)).then(a.measure.cmp(&b.measure))
    });
    out
}

/// What a unit measures: ISO 4217 codes are all `money` (prices in USD and EUR are a
/// different scope of one fact, not two facts).
fn dimension(unit: &str) -> String {
    if unit.len() == 3 && unit.chars().all(|c| c.is_ascii_uppercase()) {
        "money".to_string()
    } else {
        unit.to_string()
    }
}

/// Within one article, keep one cell per (kind, scope, value).
fn dedupe(facts: Vec<Fact>) -> Vec<Fact> {
    let mut out: Vec<Fact> = Vec::new();
    let mut kept_of_article: HashMap<String, Vec<usize>> = HashMap::new();
    for f in facts {
        let kept = kept_of_article.entry(f.article.clone()).or_default();
        let dup = kept.iter().any(|&k| {
            let g = &out[k];
            g.kind == f.kind
                && g.scope == f.scope
                && compare_pair(g, &f, Some(true)) == FactStatus::Agree
        });
        if !dup {
            kept.push(out.len());
            out.push(f);
        }
    }
    out
}

/// What decides how a fact compares with any other: two facts with one signature compare
/// alike with every third, so a row compares its value groups, not every pair of cells.
fn signature(f: &Fact, event: Option<&String>) -> String {
    format!(
        "{:?}|{}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{}|{:?}",
        f.kind,
        f.generic,
        f.unit,
        f.value,
        f.value_max,
        f.qualifier,
        f.scope,
        f.scope_text.as_deref().map(|t| t.trim().to_lowercase()),
        states_day(f),
        event
    )
}

/// How a fact of group `a` compares with one of group `b` (their representatives), given
/// their articles' events.
fn compare_groups(
    a: &Fact,
    b: &Fact,
    event_of: &BTreeMap<String, String>,
    event_when: &BTreeMap<String, String>,
) -> FactStatus {
    let same_event = match (event_of.get(&a.article), event_of.get(&b.article)) {
        (Some(x), Some(y)) => Some(x == y),
        _ => None,
    };
    let status = compare_pair(a, b, same_event);
    // Two days of a visit inside its event's own dates (arrival on the 9th, talks on the
    // 10th of a visit of 9–10 November) are parts of it, not a contradiction; the talks on
    // two different days are.
    if status == FactStatus::Conflict
        && a.kind == FactKind::Date
        && same_event == Some(true)
        && super::measures::MeasureLexicon::get().names_whole_event(&a.key)
    {
        let span = event_of
            .get(&a.article)
            .and_then(|e| event_when.get(e))
            .and_then(|w| date_range(w));
        let inside = |f: &Fact| match (&f.value, span) {
            (FactValue::Text(v), Some((s, e))) => {
                date_range(v).is_some_and(|(a, b)| s <= a && b <= e)
            }
            _ => false,
        };
        if inside(a) && inside(b) {
            return FactStatus::DifferentScope;
        }
    }
    status
}

/// The row's facts in value groups: each fact's group, and each group's first fact.
fn value_groups(facts: &[Fact], event_of: &BTreeMap<String, String>) -> (Vec<usize>, Vec<usize>) {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut first = Vec::new();
    let group = facts
        .iter()
        .enumerate()
        .map(|(i, f)| {
            *index
                .entry(signature(f, event_of.get(&f.article)))
                .or_insert_with(|| {
                    first.push(i);
                    first.len() - 1
                })
        })
        .collect();
    (group, first)
}

fn build_row(
    key: &str,
    unit: Option<String>,
    subjects: BTreeSet<String>,
    facts: Vec<Fact>,
    event_of: &BTreeMap<String, String>,
    event_when: &BTreeMap<String, String>,
) -> FactRow {
    let (group, first) = value_groups(&facts, event_of);
    let mut articles_of: Vec<BTreeSet<&str>> = vec![BTreeSet::new(); first.len()];
    for (f, &g) in facts.iter().zip(&group) {
        articles_of[g].insert(f.article.as_str());
    }
    // Only groups whose cells come from two articles between them are compared.
    let mut group_pairs = Vec::new();
    for g in 0..first.len() {
        for h in g..first.len() {
            let (ag, ah) = (&articles_of[g], &articles_of[h]);
            if ag.len() == 1 && ag == ah {
                continue;
            }
            let status = compare_groups(&facts[first[g]], &facts[first[h]], event_of, event_when);
            group_pairs.push(FactPair { a: g, b: h, status });
        }
    }
    let articles: BTreeSet<&str> = facts.iter().map(|f| f.article.as_str()).collect();
    let article_count = articles.len();
    drop(articles_of);
    let values = note_values(&facts);
    let label = row_label(&facts, key);
    let cells: Vec<FactCell> = facts
        .into_iter()
        .zip(group)
        .map(|(f, group)| FactCell {
            article: f.article,
            value: f.value,
            unit: f.unit,
            scope: f.scope,
            qualifier: f.qualifier,
            group,
            start: f.span.start,
            end: f.span.end,
            sentence: f.sentence,
            text: f.text,
            kind: f.kind,
            scope_text: f.scope_text,
        })
        .collect();
    let mut row = FactRow {
        measure: key.to_string(),
        label,
        subjects: subjects.into_iter().collect(),
        status: FactStatus::Single,
        cells,
        unit,
        group_pairs,
        note: String::new(),
    };
    row.status = row_status(&row, article_count);
    row.note = format!("{} — {values}", status_word(row.status));
    row
}

/// A row conflicts when two of its cells do, else agrees when two do, else its values (of
/// two or more articles) differ in scope.
fn row_status(row: &FactRow, article_count: usize) -> FactStatus {
    let index = FactRowIndex::new(row);
    let any = |status: FactStatus| !index.pairs_with(status).is_empty();
    if any(FactStatus::Conflict) {
        FactStatus::Conflict
    } else if any(FactStatus::Agree) {
        FactStatus::Agree
    } else if article_count >= 2 {
        FactStatus::DifferentScope
    } else {
        FactStatus::Single
    }
}

/// The row's label: the one most of its facts give (the shorter on a tie: `Millimeter`
/// over `Millimetern`), else the key.
fn row_label(facts: &[Fact], key: &str) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for f in facts.iter().filter(|f| !f.label.is_empty()) {
        *counts.entry(f.label.as_str()).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| {
            a.1.cmp(&b.1)
                .then_with(|| b.0.chars().count().cmp(&a.0.chars().count()))
        })
        .map(|(l, _)| l.to_string())
        .unwrap_or_else(|| key.to_string())
}

/// A number for people: `28 bn`, `21.4 bn`, `7,500`.
pub fn human(v: f64) -> String {
    let trim = |s: String| {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    };
    let a = v.abs();
    if a >= 1e9 {
        format!("{} bn", trim(format!("{:.2}", v / 1e9)))
    } else if a >= 1e6 {
        format!("{} mn", trim(format!("{:.2}", v / 1e6)))
    } else {
        trim(format!("{v:.2}"))
    }
}

/// A value as the note writes it and the articles that give it.
type ValueSources<'a> = (String, BTreeSet<&'a str>);

/// The values of a row's note: each value and how many sources give it, by kind and scope.
fn note_values(facts: &[Fact]) -> String {
    // One entry per (kind, scope): each value and how many sources give it.
    let mut groups: BTreeMap<(FactKind, String), Vec<ValueSources>> = BTreeMap::new();
    for f in facts {
        let scope = match (&f.scope, &f.scope_text) {
            (Some(s), _) => format!(" {s}"),
            (None, Some(t)) => format!(" “{t}”"),
            (None, None) => String::new(),
        };
        let value = match &f.value {
            FactValue::Number(v) => {
                let q = match f.qualifier {
                    Some(Qualifier::About) => "about ",
                    Some(Qualifier::Almost) => "almost ",
                    Some(Qualifier::MoreThan) => "more than ",
                    Some(Qualifier::AtLeast) => "at least ",
                    Some(Qualifier::LessThan) => "less than ",
                    Some(Qualifier::UpTo) => "up to ",
                    _ => "",
                };
                let unit = f
                    .unit
                    .as_deref()
                    .filter(|u| !matches!(*u, "count" | "number"))
                    .map(|u| format!(" {u}"))
                    .unwrap_or_default();
                format!("{q}{}{unit}", human(*v))
            }
            FactValue::Text(t) => truncate(t, 60),
        };
        let values = groups.entry((f.kind, scope)).or_default();
        match values.iter_mut().find(|(v, _)| *v == value) {
            Some((_, sources)) => {
                sources.insert(&f.article);
            }
            None => values.push((value, BTreeSet::from([f.article.as_str()]))),
        }
    }
    let parts: Vec<String> = groups
        .into_iter()
        .map(|((kind, scope), vals)| {
            let k = match kind {
                FactKind::Target => "target ",
                FactKind::Change => "change ",
                _ => "",
            };
            let vals: Vec<String> = vals
                .into_iter()
                .map(|(v, sources)| match sources.len() {
                    1 => format!("{v} (1 source)"),
                    n => format!("{v} ({n} sources)"),
                })
                .collect();
            let prefix = format!("{k}{}", scope.trim_start());
            match prefix.trim() {
                "" => vals.join(", "),
                p => format!("{p}: {}", vals.join(", ")),
            }
        })
        .collect();
    parts.join("; ")
}

fn status_word(status: FactStatus) -> &'static str {
    match status {
        FactStatus::Agree => "agree",
        FactStatus::Conflict => "CONFLICT",
        FactStatus::DifferentScope => "different scopes",
        FactStatus::Single => "single source",
    }
}

fn truncate(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}
