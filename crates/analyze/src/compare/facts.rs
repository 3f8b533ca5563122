//! Facts of one article: numbers with what they measure and when (from quantities and the
//! time expressions of their clause), dates of events, and who said what (quotes).

use parallax_model::{
    Anchor, AnnotatedArticle, EntityKind, FactKind, FactValue, Qualifier, QuoteKind, Span,
    TimeExpr, TimeValue,
};
use parallax_nlp::framing::{words, Word};
use parallax_nlp::lang;
use parallax_nlp::story::StoryLexicon;

use super::measures::MeasureLexicon;

/// One fact stated by one article.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    pub article: String,
    /// Row key: measure family or stem (`handelsumsatz`), `date:<event>`, `quote:<speaker>`.
    pub key: String,
    /// What the row is about, for a reader: the family's label (`trade turnover`), the
    /// measure's words as written (`Handelsumsatz`), `date of the visit`, `Tokajew said`.
    pub label: String,
    pub kind: FactKind,
    /// The measure counts many different things (`Menschen`): never a conflict.
    pub generic: bool,
    pub unit: Option<String>,
    pub value: FactValue,
    pub value_max: Option<f64>,
    pub qualifier: Option<Qualifier>,
    pub scope: Option<String>,
    pub scope_text: Option<String>,
    /// Canonical ids of the places and organisations of the fact's clause.
    pub subjects: Vec<String>,
    pub span: Span,
    pub sentence: Option<Span>,
    pub text: String,
}

/// The sentence holding `span`: from the article's sentences, else by punctuation.
pub fn sentence_of(a: &AnnotatedArticle, span: Span) -> Span {
    let text = a.article.text.as_str();
    let i = a.sentences.partition_point(|s| s.end <= span.start);
    if let Some(s) = a.sentences.get(i) {
        if s.start <= span.start && text.get(s.start..s.end).is_some() {
            return *s;
        }
    }
    let bytes = text.as_bytes();
    let is_end = |b: u8| matches!(b, b'.' | b'!' | b'?' | b'\n');
    let mut start = span.start.min(text.len());
    while start > 0 {
        let b = bytes[start - 1];
        // `21.4` or `27. November` are not sentence ends: require a following space.
        if b == b'\n'
            || (is_end(b)
                && bytes
                    .get(start)
                    .map(|c| c.is_ascii_whitespace())
                    .unwrap_or(true))
        {
            break;
        }
        start -= 1;
    }
    let mut end = span.end.min(text.len());
    while end < text.len() {
        let b = bytes[end];
        if b == b'\n' {
            break;
        }
        end += 1;
        if is_end(b)
            && bytes
                .get(end)
                .map(|c| c.is_ascii_whitespace())
                .unwrap_or(true)
        {
            break;
        }
    }
    while !text.is_char_boundary(start) {
        start += 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    Span::new(start.min(end), end)
}

/// The clause of `sentence` around `span`: bounded by `, `, `;`, `:`, dashes and the words
/// that open a clause in the article's language (`words.clause_words`).
pub fn clause_of(words_of: &StoryLexicon, text: &str, sentence: Span, span: Span) -> Span {
    let Some(s) = text.get(sentence.start..sentence.end) else {
        return sentence;
    };
    let mut cuts: Vec<usize> = Vec::new();
    let b = s.as_bytes();
    for (i, c) in s.char_indices() {
        let next_space = b
            .get(i + c.len_utf8())
            .map(|x| x.is_ascii_whitespace())
            .unwrap_or(true);
        let prev_space = i > 0 && b[i - 1].is_ascii_whitespace();
        let cut = match c {
            ',' | ':' => next_space,
            ';' => true,
            '–' | '—' => prev_space && next_space,
            '-' => prev_space && next_space,
            _ => false,
        };
        if cut {
            cuts.push(sentence.start + i + c.len_utf8());
        }
    }
    for w in words(text, sentence) {
        if words_of.clause_words.contains(&w.norm) {
            cuts.push(w.start);
        }
    }
    cuts.sort_unstable();
    let start = cuts
        .iter()
        .rev()
        .find(|&&c| c <= span.start)
        .copied()
        .unwrap_or(sentence.start);
    let end = cuts
        .iter()
        .find(|&&c| c >= span.end)
        .copied()
        .unwrap_or(sentence.end);
    Span::new(start, end.max(start))
}

fn distance(a: Span, b: Span) -> usize {
    b.start
        .saturating_sub(a.end)
        .max(a.start.saturating_sub(b.end))
}

/// A single day (`2024-11-27`), not a period.
fn is_day_precise(v: &TimeValue) -> bool {
    matches!(v, TimeValue::Date(d) if d.ymd().is_some())
}

/// The times that can scope a figure: all but a year given as the basis of prices.
fn time_scopes<'a>(lex: &MeasureLexicon, all: &[Word], times: &'a [TimeExpr]) -> Vec<&'a TimeExpr> {
    times
        .iter()
        .filter(|t| {
            let i = all.partition_point(|w| w.start < t.span.start);
            let j = all.partition_point(|w| w.start < t.span.end);
            let before: Vec<&str> = all[i.saturating_sub(2)..i]
                .iter()
                .map(|w| w.norm.as_str())
                .collect();
            !lex.is_price_basis(&before, all.get(j).map(|w| w.norm.as_str()))
        })
        .collect()
}

/// The time scope of a number: the nearest time expression of its clause, else the nearest
/// period (not a single day) of its sentence.
fn scope_for<'a>(
    times: &[&'a TimeExpr],
    clause: Span,
    sentence: Span,
    span: Span,
) -> Option<&'a TimeExpr> {
    let near = |pool: Vec<&'a TimeExpr>| {
        pool.into_iter()
            .min_by_key(|t| (distance(t.span, span), t.span.start))
    };
    let in_clause: Vec<&TimeExpr> = times
        .iter()
        .copied()
        .filter(|t| clause.contains(t.span) && !t.span.overlaps(span))
        .collect();
    if let Some(t) = near(in_clause) {
        return Some(t);
    }
    let in_sentence: Vec<&TimeExpr> = times
        .iter()
        .copied()
        .filter(|t| sentence.contains(t.span) && !t.span.overlaps(span))
        .filter(|t| !t.reference().is_some_and(is_day_precise))
        .collect();
    near(in_sentence)
}

fn subjects(a: &AnnotatedArticle, clause: Span) -> Vec<String> {
    let mut s: Vec<String> = a
        .entities
        .iter()
        .filter(|e| {
            matches!(e.kind, EntityKind::Location | EntityKind::Organisation)
                && clause.contains(e.span)
        })
        .map(|e| e.entity.clone())
        .collect();
    s.sort();
    s.dedup();
    s
}

fn words_in(ws: &[Word], span: Span) -> &[Word] {
    let a = ws.partition_point(|w| w.start < span.start);
    let b = ws.partition_point(|w| w.start < span.end).max(a);
    &ws[a..b]
}

/// The measure key of a quantity: its measure phrase's family; else a measure term of its
/// clause; else (when the phrase is missing or only a placeholder like `Marke`, `Rekordwert`,
/// `er`) the nearest measure term of its sentence; else the measure's own stem. The flag says
/// whether the measure is generic (`Menschen`: counts many different things).
fn measure_key(
    lex: &MeasureLexicon,
    q: &parallax_model::Quantity,
    clause_words: &[Word],
    sentence_words: &[Word],
) -> Option<(String, bool)> {
    let phrase = q
        .measure_detail
        .as_ref()
        .map(|m| m.text.as_str())
        .or(q.measure.as_deref())
        .unwrap_or("");
    let pw = words(phrase, Span::new(0, phrase.len()));
    if let Some(f) = lex.family_of_phrase(&pw) {
        return Some((f.key.clone(), false));
    }
    let pos = q.span.start;
    let outside = |ws: &[Word]| -> Vec<Word> {
        ws.iter()
            .filter(|w| !q.span.contains(Span::new(w.start, w.end)))
            .cloned()
            .collect()
    };
    if let Some(f) = lex.nearest_family(&outside(clause_words), pos) {
        return Some((f.key.clone(), false));
    }
    let last = pw.last().map(|w| w.norm.clone());
    let qw = words(&q.text, Span::new(0, q.text.len()));
    let placeholder = last
        .as_deref()
        .map(|l| lex.is_placeholder(l))
        .unwrap_or(true)
        || qw
            .last()
            .map(|w| lex.is_placeholder(&w.norm))
            .unwrap_or(false);
    if placeholder {
        if let Some(f) = lex.nearest_family(&outside(sentence_words), pos) {
            return Some((f.key.clone(), false));
        }
        last.as_ref()?;
    }
    let generic = last.as_deref().map(|l| lex.is_generic(l)).unwrap_or(false);
    let stem = q
        .measure_detail
        .as_ref()
        .map(|m| m.stem.trim().to_lowercase())
        .filter(|s| !s.is_empty());
    stem.or(last)
        .filter(|s| !lex.is_placeholder(s))
        .map(|k| (k, generic))
}

/// Units compared as one: fractions become percentages.
fn normalise_unit(value: f64, max: Option<f64>, unit: &str) -> (f64, Option<f64>, String) {
    match unit {
        "fraction" => (value * 100.0, max.map(|m| m * 100.0), "%".to_string()),
        _ => (value, max, unit.to_string()),
    }
}

/// Kind of a number: a target (`bis 2025 die 30-Milliarden-Marke anstreben`), a change
/// (`um 30 % gestiegen`) or an achieved value.
fn kind_of(
    lex: &MeasureLexicon,
    words_of: &StoryLexicon,
    text: &str,
    q: &parallax_model::Quantity,
    clause_words: &[Word],
) -> FactKind {
    let qw = words(&q.text, Span::new(0, q.text.len()));
    if clause_words
        .iter()
        .chain(qw.iter())
        .any(|w| lex.is_target_word(&w.norm))
    {
        return FactKind::Target;
    }
    let before = text.get(..q.span.start).unwrap_or("");
    let prev_word = words(
        before,
        Span::new(before.len().saturating_sub(12), before.len()),
    );
    let after_um = prev_word
        .last()
        .map(|w| words_of.change_words.contains(&w.norm))
        .unwrap_or(false);
    let percent = matches!(q.unit.as_str(), "%" | "pp");
    if (after_um || percent) && clause_words.iter().any(|w| lex.is_change_word(&w.norm)) {
        return FactKind::Change;
    }
    FactKind::Value
}

/// The facts of one article.
pub fn extract(a: &AnnotatedArticle) -> Vec<Fact> {
    let lex = MeasureLexicon::get();
    let text = a.article.text.as_str();
    let words_of = lang::of_text(a.article.language.as_deref(), text)
        .story
        .lexicon();
    let all = words(text, Span::new(0, text.len()));
    let scopes = time_scopes(lex, &all, &a.times);
    let mut out = Vec::new();

    for q in &a.quantities {
        if q.span.slice(text).is_empty() || !q.value.is_finite() {
            continue;
        }
        let sentence = sentence_of(a, q.span);
        let clause = clause_of(words_of, text, sentence, q.span);
        let cw = words_in(&all, clause);
        let sw = words_in(&all, sentence);
        let Some((key, generic)) = measure_key(lex, q, cw, sw) else {
            continue;
        };
        let label = measure_label(lex, q, &key);
        let kind = kind_of(lex, words_of, text, q, cw);
        let scope = scope_for(&scopes, clause, sentence, q.span);
        let (value, value_max, unit) = normalise_unit(q.value, q.value_max, &q.unit);
        out.push(Fact {
            article: a.article.id.clone(),
            key,
            label,
            kind,
            generic,
            unit: Some(unit),
            value: FactValue::Number(value),
            value_max,
            qualifier: Some(q.qualifier),
            scope: scope.and_then(|t| t.reference()).map(|v| v.to_string()),
            scope_text: scope.map(|t| t.text.clone()),
            subjects: subjects(a, clause),
            span: q.span,
            sentence: Some(sentence),
            text: q.span.slice(text).to_string(),
        });
    }

    for t in &a.times {
        let Some(v) = t.reference() else {
            continue;
        };
        // A relative date resolved against a date the text implies (no publication date) is a
        // guess: shown in the article, never set against another source's date.
        if !is_event_date(v) || t.anchored_to == Anchor::TextDate {
            continue;
        }
        let sentence = sentence_of(a, t.span);
        let sw = words_in(&all, sentence);
        let Some(ev) = lex.nearest_event(sw, t.span.start) else {
            continue;
        };
        let clause = clause_of(words_of, text, sentence, t.span);
        out.push(Fact {
            article: a.article.id.clone(),
            key: format!("date:{}", ev.key),
            label: format!("date of the {}", ev.label),
            kind: FactKind::Date,
            generic: false,
            unit: None,
            value: FactValue::Text(v.to_string()),
            value_max: None,
            qualifier: None,
            scope: None,
            scope_text: None,
            subjects: subjects(a, clause),
            span: t.span,
            sentence: Some(sentence),
            text: t.span.slice(text).to_string(),
        });
    }

    for q in &a.quotes {
        if q.kind == QuoteKind::Term {
            continue;
        }
        let Some(speaker) = q.speaker.as_deref().filter(|s| !s.is_empty()) else {
            continue;
        };
        let body = q.span.slice(text);
        if body.is_empty() {
            continue;
        }
        out.push(Fact {
            article: a.article.id.clone(),
            key: format!("quote:{speaker}"),
            label: format!("{} said", speaker_name(a, speaker)),
            kind: FactKind::Statement,
            generic: false,
            unit: None,
            value: FactValue::Text(truncate_chars(body, 300)),
            value_max: None,
            qualifier: None,
            scope: None,
            scope_text: None,
            subjects: vec![speaker.to_string()],
            span: q.span,
            sentence: Some(sentence_of(a, q.span)),
            text: body.to_string(),
        });
    }
    out
}

/// A measure's label: its family's (`trade turnover`), else the measure's words as the
/// article writes them (`Millimeter`), else the key.
fn measure_label(lex: &MeasureLexicon, q: &parallax_model::Quantity, key: &str) -> String {
    if let Some(f) = lex.measures.iter().find(|f| f.key == key) {
        return f.label.clone();
    }
    // the phrase's head, its last word (`der Aufträge` → `Aufträge`)
    let written = q
        .measure_detail
        .as_ref()
        .map(|m| m.text.as_str())
        .or(q.measure.as_deref())
        .and_then(|t| t.split_whitespace().last())
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty());
    written.unwrap_or(key).to_string()
}

/// The name of a speaker id in the article's entity table (`person:putin` → `Wladimir Putin`),
/// else the id's last part.
fn speaker_name(a: &AnnotatedArticle, id: &str) -> String {
    a.entity_table
        .iter()
        .find(|e| e.id == id)
        .map(|e| e.name.clone())
        .unwrap_or_else(|| id.rsplit(':').next().unwrap_or(id).to_string())
}

fn truncate_chars(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// A date precise to the month or day, or a range within one month (`2024-11-27/2024-11-28`).
fn is_event_date(v: &TimeValue) -> bool {
    // a date of a month or finer (or a week, a quarter, a season), or a range within a month
    let month_of = |v: &TimeValue| match v {
        TimeValue::Week { year, .. }
        | TimeValue::PartOfYear {
            year: Some(year), ..
        } => Some((Some(*year), 0)),
        _ => v.date().and_then(|d| Some((d.year, d.month?))),
    };
    match v.range() {
        Some((a, b)) => month_of(a).is_some() && month_of(a) == month_of(b),
        None => month_of(v).is_some(),
    }
}
