//! View models: plain data computed from the model types, rendered by the templates.
//! The server and the static report build the same views (only [`Links`] differ).

use std::collections::{BTreeMap, HashMap, HashSet};

use parallax_model::{
    AnnotatedArticle, ClaimKind, ClaimStatus, Comparison, DuplicateGroup, FactCell, FactStatus,
    FactValue, Genre, Outlet, Polarity, QuoteKind, SourceKind, Span, Story,
};
use parallax_model::{OutletBadge, StorySummary};
use serde::Serialize;

use crate::links::Links;

#[derive(Debug, Clone, Serialize)]
pub struct Badge {
    pub name: String,
    pub kind: Option<&'static str>,
    /// Country code of the state that owns or directs the outlet.
    pub state: Option<String>,
}

pub fn kind_label(kind: SourceKind) -> &'static str {
    match kind {
        SourceKind::Wire => "wire",
        SourceKind::Newspaper => "newspaper",
        SourceKind::Broadcaster => "broadcaster",
        SourceKind::Online => "online",
        SourceKind::Blog => "blog",
        SourceKind::Aggregator => "aggregator",
    }
}

pub fn genre_label(genre: Genre) -> &'static str {
    match genre {
        Genre::Report => "report",
        Genre::Opinion => "opinion",
        Genre::Promotional => "promotional",
    }
}

fn badge(o: &OutletBadge) -> Badge {
    Badge {
        name: o.name.clone(),
        kind: o.kind.map(kind_label),
        state: o.state_affiliation.clone(),
    }
}

fn outlet_badge(o: &Outlet) -> Badge {
    Badge {
        name: o.name.clone(),
        kind: Some(kind_label(o.kind)),
        state: o.state_affiliation.clone(),
    }
}

/// `2023-11-09 – 2024-11-28`, one date, or `undated`.
pub fn time_span(start: Option<&str>, end: Option<&str>) -> String {
    // the days of the first and last report (`27–28 November 2024`), not their clock times
    let day = |v: &str| v.get(..10).unwrap_or(v).to_string();
    match (start.map(day), end.map(day)) {
        (Some(s), Some(e)) if s != e => format_when(&format!("{s}/{e}")),
        (Some(s), _) | (None, Some(s)) => format_when(&s),
        (None, None) => "undated".into(),
    }
}

// ---------------------------------------------------------------- story list

#[derive(Debug, Clone, Serialize)]
pub struct StoryItem {
    pub id: String,
    pub href: String,
    pub title: String,
    pub span: String,
    pub articles: usize,
    pub origins: usize,
    pub events: usize,
    pub outlets: Vec<Badge>,
}

pub fn story_item(s: &StorySummary, links: Links) -> StoryItem {
    StoryItem {
        id: s.id.clone(),
        href: links.story(&s.id),
        title: s.title.clone(),
        span: time_span(s.start.as_deref(), s.end.as_deref()),
        articles: s.articles,
        origins: s.origins,
        events: s.events,
        outlets: s.outlets.iter().map(badge).collect(),
    }
}

// ---------------------------------------------------------------- story page

#[derive(Debug, Clone, Serialize)]
pub struct ArticleRef {
    pub id: String,
    pub href: String,
    pub title: String,
    /// Short column label: outlet name, else title.
    pub label: String,
    pub published: Option<String>,
}

pub fn article_ref(a: &AnnotatedArticle, links: Links) -> ArticleRef {
    let title = a
        .article
        .title
        .clone()
        .unwrap_or_else(|| "(no title)".into());
    let label = a
        .article
        .outlet
        .as_ref()
        .map(|o| o.name.clone())
        .unwrap_or_else(|| short(&title, 28));
    ArticleRef {
        id: a.article.id.clone(),
        href: links.article(&a.article.id),
        title,
        label,
        published: a.article.published.as_deref().map(format_published),
    }
}

fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    pub id: String,
    pub when: String,
    pub label: Option<String>,
    /// The event's articles on this page of the story.
    pub articles: Vec<ArticleRef>,
    /// All the event's articles.
    pub total: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct StanceView {
    pub entity: String,
    pub polarity: &'static str,
    pub score: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    pub article: ArticleRef,
    pub outlet: Option<Badge>,
    pub genre: Option<&'static str>,
    pub genre_reasons: Vec<String>,
    pub stance: Vec<StanceView>,
    pub cues: usize,
    pub subjectivity: Option<String>,
    /// Label of the article this one copies, if it is a copy.
    pub copy_of: Option<ArticleRef>,
    pub counts: Counts,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct Counts {
    pub entities: usize,
    pub quantities: usize,
    pub times: usize,
    pub quotes: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct CellView {
    pub value: String,
    /// `value`, `target`, `change`, `date` or `statement`.
    pub kind: String,
    pub scope_text: Option<String>,
    pub scope: Option<String>,
    pub qualifier: Option<String>,
    pub href: String,
    pub sentence: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FactRowView {
    pub measure: String,
    pub subjects: Vec<String>,
    pub status: &'static str,
    pub note: String,
    /// One entry per column (source); `None` where the source does not report it.
    pub cells: Vec<Option<CellView>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OmissionView {
    pub article: ArticleRef,
    pub facts: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuoteView {
    pub text: String,
    pub kind: &'static str,
    pub cue: Option<String>,
    pub article: ArticleRef,
    pub href: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SpeakerView {
    pub speaker: String,
    pub quotes: Vec<QuoteView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WordingView {
    pub family: String,
    /// Variants per column, `None` where the source uses no term of the family.
    pub cells: Vec<Option<String>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StoryView {
    pub id: String,
    pub anchor: String,
    pub title: String,
    pub span: String,
    pub origins: usize,
    pub key_entities: Vec<String>,
    pub timeline: Timeline,
    pub events: Vec<EventView>,
    /// The story's articles on this page (all of them in the report).
    pub sources: Vec<SourceView>,
    /// How many articles the story has.
    pub article_total: usize,
    /// Links to the other pages of a story whose articles do not fit on one.
    pub pager: Option<SourcePager>,
    /// Columns of the fact matrix and the wording table.
    pub columns: Vec<ArticleRef>,
    pub facts: Vec<FactRowView>,
    pub omissions: Vec<OmissionView>,
    pub speakers: Vec<SpeakerView>,
    pub wording: Vec<WordingView>,
    pub claims: crate::claims_view::ClaimsView,
}

/// The names in order, each once (two entity ids can carry one name: `San Francisco` the
/// city and the one a tagger split off).
fn distinct(names: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for n in names {
        if !out.iter().any(|o| o.eq_ignore_ascii_case(&n)) {
            out.push(n);
        }
    }
    out
}

/// Where a page of a story's sources sits among all of them.
#[derive(Debug, Clone, Serialize)]
pub struct SourcePager {
    /// `sources 51–100 of 2,539`
    pub shown: String,
    pub prev_href: Option<String>,
    pub next_href: Option<String>,
}

impl SourcePager {
    /// The pager of the page starting at `offset` (of `per_page` articles) of a story of
    /// `total`, linking with `href(offset)`; `None` when every article fits on the page.
    pub fn new(
        offset: usize,
        per_page: usize,
        total: usize,
        href: impl Fn(usize) -> String,
    ) -> Option<Self> {
        if offset == 0 && total <= per_page {
            return None;
        }
        let first = offset.min(total);
        let last = (offset + per_page).min(total);
        Some(SourcePager {
            shown: format!(
                "sources {}–{} of {}",
                first + 1,
                last,
                parallax_nlp::display::format_count(ui_language(), total)
            ),
            prev_href: (offset > 0).then(|| href(offset.saturating_sub(per_page))),
            next_href: (last < total).then(|| href(last)),
        })
    }
}

/// How a reader calls a claim's status.
pub fn claim_status_label(s: ClaimStatus) -> &'static str {
    match s {
        ClaimStatus::Shared => "shared",
        ClaimStatus::Single => "single source",
        ClaimStatus::Disputed => "disputed",
    }
}

/// How a reader calls what a claim is about.
pub fn claim_kind_label(k: ClaimKind) -> &'static str {
    match k {
        ClaimKind::Number => "figure",
        ClaimKind::Date => "date",
        ClaimKind::Quote => "quote",
        ClaimKind::Statement => "statement",
    }
}

/// An event as a reader names it: its label, else its dates, else "undated event".
pub fn event_name(e: &parallax_model::Event) -> String {
    e.label
        .clone()
        .or_else(|| e.when.clone())
        .unwrap_or_else(|| "undated event".to_string())
}

/// A source as a reader names it: the outlet, else the article's title, else its file.
pub fn source_name(a: &AnnotatedArticle) -> String {
    article_ref(a, Links::Report).label
}

pub fn status_label(s: FactStatus) -> &'static str {
    match s {
        FactStatus::Agree => "agree",
        FactStatus::Conflict => "conflict",
        FactStatus::DifferentScope => "different_scope",
        FactStatus::Single => "single",
    }
}

fn format_number(v: f64) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    if v.fract() == 0.0 && v.abs() < 1e15 {
        let digits = format!("{}", v.abs() as u64);
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push('\u{202f}');
            }
            out.push(c);
        }
        if v < 0.0 {
            out.insert(0, '-');
        }
        out
    } else {
        let s = format!("{v:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// The values of a row whose sources differ, each with how many sources give it
/// (`26 November 2024 (4 sources); 4–5 November 2024 (1 source)`); empty when they agree or
/// one source reports it (the cells say all).
fn fact_summary(row: &parallax_model::FactRow) -> String {
    if !matches!(
        row.status,
        FactStatus::Conflict | FactStatus::DifferentScope
    ) {
        return String::new();
    }
    let mut values: Vec<(String, HashSet<&str>)> = Vec::new();
    for cell in &row.cells {
        let mut value = cell_value(cell);
        if let Some(scope) = &cell.scope {
            value = format!("{value}, {}", format_when(scope));
        }
        match values.iter_mut().find(|(v, _)| *v == value) {
            Some((_, sources)) => {
                sources.insert(&cell.article);
            }
            None => values.push((value, HashSet::from([cell.article.as_str()]))),
        }
    }
    values
        .into_iter()
        .map(|(v, sources)| match sources.len() {
            1 => format!("{v} (1 source)"),
            n => format!("{v} ({n} sources)"),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A date, period or TIMEX3 value as a reader writes it (`2024-11-04/2024-11-05` →
/// `4–5 November 2024`); values without a reader's form stay as they are.
/// A published date or timestamp as the pages show it — the day in words, then the clock
/// time as the source wrote it (its offset left out): `2025-09-10T06:00:00-07:00` →
/// `10 September 2025, 06:00`. One format for every source, whatever its metadata used.
pub fn format_published(value: &str) -> String {
    let day = format_when(value.get(..10).unwrap_or(value));
    let clock = value
        .get(10..16)
        .filter(|t| t.starts_with('T') && t.as_bytes()[3] == b':')
        .map(|t| &t[1..]);
    match clock {
        Some(hm) => format!("{day}, {hm}"),
        None => day,
    }
}

pub fn format_when(value: &str) -> String {
    parallax_nlp::display::format_time(ui_language(), value).unwrap_or_else(|| value.to_string())
}

/// What each of an omission's facts is about, in words (the labels of the story's rows).
pub fn omission_labels(cmp: &Comparison, omission: &parallax_model::Omission) -> Vec<String> {
    omission
        .facts
        .iter()
        .map(|m| match cmp.facts.iter().find(|r| &r.measure == m) {
            Some(row) => fact_label(row),
            None => m.replace(['-', ':'], " "),
        })
        .collect()
}

/// The language whose display rules the pages use.
fn ui_language() -> &'static parallax_nlp::lang::Language {
    parallax_nlp::lang::for_code(Some(crate::claims_view::UI_LANGUAGE))
}

/// What a fact row is about, for a reader: its label, or its key made readable when an
/// older analysis has none.
pub fn fact_label(row: &parallax_model::FactRow) -> String {
    if row.label.is_empty() {
        row.measure.replace(['-', ':'], " ")
    } else {
        row.label.clone()
    }
}

pub fn cell_value(cell: &FactCell) -> String {
    let value = match &cell.value {
        FactValue::Number(n) => format_number(*n),
        // dates and periods as a reader writes them (`4–5 November 2024`)
        FactValue::Text(t) => format_when(t),
    };
    match cell.unit.as_deref() {
        Some(u) if !u.is_empty() && !matches!(u, "count" | "number") => format!("{value} {u}"),
        _ => value,
    }
}

/// The sentence of `article` that holds `span` (or the given sentence span), as
/// (start, text). `None` when the span does not fit the text.
fn evidence_sentence(
    a: &AnnotatedArticle,
    hint: Option<Span>,
    at: usize,
) -> Option<(usize, String)> {
    let text = &a.article.text;
    let containing = a
        .sentences
        .iter()
        .find(|s| s.start <= at && at < s.end.max(s.start + 1));
    let span = containing.copied().or(hint)?;
    let sentence = text.get(span.start..span.end)?;
    Some((span.start, sentence.trim().to_string()))
}

/// One source's cell of the wording table: each variant it uses, named for a reader, with
/// the words it wrote (`Kyiv (Ukrainian-derived spelling): “Kyjiw”`); `None` when it uses none.
fn wording_cell(
    family: &str,
    variants: &[String],
    article: Option<&AnnotatedArticle>,
) -> Option<String> {
    if variants.is_empty() {
        return None;
    }
    let labels = parallax_nlp::framing::labels();
    let hits: Vec<_> = article
        .and_then(|a| a.framing.as_ref())
        .map(|f| f.wording.iter().filter(|w| w.family == family).collect())
        .unwrap_or_default();
    let parts: Vec<String> = variants
        .iter()
        .map(|v| {
            let mut words: Vec<&str> = Vec::new();
            for h in hits.iter().filter(|h| &h.variant == v) {
                if !words.iter().any(|w| w.eq_ignore_ascii_case(&h.text)) {
                    words.push(&h.text);
                }
            }
            let label = labels.variant(family, v);
            if words.is_empty() {
                label
            } else {
                let quoted: Vec<String> = words.iter().take(3).map(|w| format!("“{w}”")).collect();
                format!("{label}: {}", quoted.join(", "))
            }
        })
        .collect();
    Some(parts.join("; "))
}

/// Build the story page's view.
pub fn story_view(
    story: &Story,
    comparison: Option<&Comparison>,
    articles: &[&AnnotatedArticle],
    duplicates: &[DuplicateGroup],
    links: Links,
) -> StoryView {
    let by_id: HashMap<&str, &AnnotatedArticle> = articles
        .iter()
        .map(|a| (a.article.id.as_str(), *a))
        .collect();
    let ordered: Vec<&AnnotatedArticle> = {
        let mut v: Vec<&AnnotatedArticle> = story
            .articles
            .iter()
            .filter_map(|id| by_id.get(id.as_str()).copied())
            .collect();
        v.sort_by(|a, b| {
            a.article
                .published
                .cmp(&b.article.published)
                .then_with(|| a.article.id.cmp(&b.article.id))
        });
        v
    };
    let columns: Vec<ArticleRef> = ordered.iter().map(|a| article_ref(a, links)).collect();
    let column_of: HashMap<&str, usize> = ordered
        .iter()
        .enumerate()
        .map(|(i, a)| (a.article.id.as_str(), i))
        .collect();

    let copy_of: HashMap<&str, &str> = duplicates
        .iter()
        .flat_map(|g| {
            g.copies
                .iter()
                .map(move |c| (c.as_str(), g.origin.as_str()))
        })
        .collect();

    let sources = ordered
        .iter()
        .map(|a| {
            let framing = a.framing.as_ref();
            SourceView {
                article: article_ref(a, links),
                outlet: a.article.outlet.as_ref().map(outlet_badge),
                genre: a.genre.or(framing.map(|f| f.genre)).map(genre_label),
                genre_reasons: framing.map(|f| f.genre_reasons.clone()).unwrap_or_default(),
                stance: stance_views(a),
                cues: framing.map(|f| f.cues.len()).unwrap_or(0),
                subjectivity: framing.map(|f| format!("{:.0}%", f.subjectivity * 100.0)),
                copy_of: copy_of
                    .get(a.article.id.as_str())
                    .map(|o| match by_id.get(o) {
                        Some(origin) => article_ref(origin, links),
                        // an origin on another page of the story: a link, never its id as text
                        None => ArticleRef {
                            id: o.to_string(),
                            href: links.article(o),
                            title: "the earlier article this one copies".into(),
                            label: "an article on another page".into(),
                            published: None,
                        },
                    }),
                counts: counts(a),
            }
        })
        .collect();

    let facts = comparison
        .map(|c| {
            c.facts
                .iter()
                .map(|row| {
                    let mut cells: Vec<Option<CellView>> = vec![None; columns.len()];
                    for cell in &row.cells {
                        let Some(&col) = column_of.get(cell.article.as_str()) else {
                            continue;
                        };
                        let Some(a) = by_id.get(cell.article.as_str()) else {
                            continue;
                        };
                        let (href, sentence) = match evidence_sentence(a, cell.sentence, cell.start)
                        {
                            Some((start, text)) => (links.sentence(&cell.article, start), text),
                            None => (links.article(&cell.article), cell.text.clone()),
                        };
                        let view = CellView {
                            value: cell_value(cell),
                            kind: serde_json::to_value(cell.kind)
                                .ok()
                                .and_then(|v| v.as_str().map(str::to_string))
                                .unwrap_or_default(),
                            scope_text: cell.scope_text.clone(),
                            scope: cell.scope.as_deref().map(format_when),
                            qualifier: cell.qualifier.and_then(|q| {
                                serde_json::to_value(q)
                                    .ok()
                                    .and_then(|v| v.as_str().map(str::to_string))
                            }),
                            href,
                            sentence,
                        };
                        // Several values from one source: keep the first, the matrix shows one per cell.
                        if cells[col].is_none() {
                            cells[col] = Some(view);
                        }
                    }
                    FactRowView {
                        measure: fact_label(row),
                        subjects: row.subjects.clone(),
                        status: status_label(row.status),
                        note: fact_summary(row),
                        cells,
                    }
                })
                .collect()
        })
        .unwrap_or_default();

    let omissions = comparison
        .map(|c| {
            c.omissions
                .iter()
                .filter(|o| !o.facts.is_empty())
                .filter_map(|o| {
                    by_id.get(o.article.as_str()).map(|a| OmissionView {
                        article: article_ref(a, links),
                        facts: omission_labels(c, o),
                    })
                })
                .collect()
        })
        .unwrap_or_default();

    let wording = comparison
        .map(|c| {
            c.wording
                .iter()
                .map(|w| {
                    let mut cells = vec![None; columns.len()];
                    for (article, variants) in &w.by_article {
                        if let Some(&col) = column_of.get(article.as_str()) {
                            let terms = by_id.get(article.as_str()).copied();
                            cells[col] = wording_cell(&w.family, variants, terms);
                        }
                    }
                    WordingView {
                        family: parallax_nlp::framing::labels().family(&w.family),
                        cells,
                    }
                })
                .collect()
        })
        .unwrap_or_default();

    // Quotes grouped by speaker (unattributed last); terms and scare quotes are not speech.
    let mut speakers: BTreeMap<(bool, String), Vec<QuoteView>> = BTreeMap::new();
    for a in &ordered {
        for q in &a.quotes {
            if q.kind == QuoteKind::Term {
                continue;
            }
            let speaker = q.speaker.as_ref().map(|s| entity_name(a, s));
            let key = (
                speaker.is_none(),
                speaker.unwrap_or_else(|| "unattributed".into()),
            );
            let href = match evidence_sentence(a, None, q.span.start) {
                Some((start, _)) => links.sentence(&a.article.id, start),
                None => links.article(&a.article.id),
            };
            speakers.entry(key).or_default().push(QuoteView {
                text: if q.text.is_empty() {
                    q.span.slice(&a.article.text).to_string()
                } else {
                    q.text.clone()
                },
                kind: match q.kind {
                    QuoteKind::Direct => "direct",
                    QuoteKind::Indirect => "indirect",
                    QuoteKind::Reported => "reported",
                    QuoteKind::FreeIndirect => "hearsay",
                    QuoteKind::IndirectFreeIndirect => "continued",
                    QuoteKind::Term => "term",
                },
                cue: q.cue.clone(),
                article: article_ref(a, links),
                href,
            });
        }
    }
    let speakers = speakers
        .into_iter()
        .map(|((_, speaker), quotes)| SpeakerView { speaker, quotes })
        .collect();

    let events = story
        .events
        .iter()
        .map(|e| EventView {
            id: e.id.clone(),
            when: e.when.clone().unwrap_or_else(|| "undated".into()),
            label: e.label.clone(),
            articles: e
                .articles
                .iter()
                .filter_map(|id| by_id.get(id.as_str()))
                .map(|a| article_ref(a, links))
                .collect(),
            total: e.articles.len(),
        })
        .collect();

    let origins = parallax_analyze::summary::story_origins(story, duplicates);
    let names: HashMap<&str, &str> = ordered
        .iter()
        .flat_map(|a| {
            a.entity_table
                .iter()
                .map(|e| (e.id.as_str(), e.name.as_str()))
        })
        .collect();
    let name = |id: &String| {
        names
            .get(id.as_str())
            .map(|n| n.to_string())
            .unwrap_or_else(|| id.clone())
    };
    let mut facts: Vec<FactRowView> = facts;
    for row in &mut facts {
        row.subjects = row.subjects.iter().map(name).collect::<Vec<String>>();
    }
    StoryView {
        id: story.id.clone(),
        anchor: crate::links::anchor(&story.id),
        title: story.title.clone(),
        span: time_span(story.start.as_deref(), story.end.as_deref()),
        origins,
        key_entities: distinct(story.key_entities.iter().map(name)),
        timeline: timeline(story, &ordered, links),
        events,
        sources,
        article_total: story.articles.len(),
        pager: None,
        columns,
        facts,
        omissions,
        speakers,
        wording,
        claims: crate::claims_view::claims_view(story, comparison, &ordered, links),
    }
}

fn entity_name(a: &AnnotatedArticle, id: &str) -> String {
    a.entity_table
        .iter()
        .find(|e| e.id == id)
        .map(|e| e.name.clone())
        .unwrap_or_else(|| id.to_string())
}

fn counts(a: &AnnotatedArticle) -> Counts {
    Counts {
        entities: a.entities.len(),
        quantities: a.quantities.len(),
        times: a.times.len(),
        quotes: a.quotes.len(),
    }
}

// ---------------------------------------------------------------- timeline (SVG)

#[derive(Debug, Clone, Serialize)]
pub struct Timeline {
    pub width: u32,
    pub height: u32,
    pub axis_y: u32,
    pub ticks: Vec<Tick>,
    pub events: Vec<TimelineEvent>,
    pub articles: Vec<TimelineArticle>,
    /// Articles without a date (listed, not placed).
    pub undated: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Tick {
    pub x: f64,
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimelineEvent {
    pub x: f64,
    /// Where the label hangs: `start` (right of x) or `end` (left of x, near the right edge).
    pub anchor: &'static str,
    pub full_label: String,
    pub w: f64,
    pub label_y: u32,
    pub label: String,
    pub when: String,
    pub articles: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimelineArticle {
    pub x: f64,
    pub y: f64,
    pub href: String,
    pub title: String,
}

/// Days since 1970-01-01 of an ISO date prefix (`YYYY`, `YYYY-MM`, `YYYY-MM-DD…`).
fn day_number(s: &str) -> Option<i64> {
    let s = s.trim();
    let y: i64 = s.get(0..4)?.parse().ok()?;
    let m: i64 = s
        .get(5..7)
        .and_then(|m| m.parse().ok())
        .unwrap_or(1)
        .clamp(1, 12);
    let d: i64 = s
        .get(8..10)
        .and_then(|d| d.parse().ok())
        .unwrap_or(1)
        .clamp(1, 31);
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146097 + doe - 719468)
}

/// Start and end day of a `when` value (`2024-11-27`, `2023-11`, `2023-01/2023-10`).
fn day_range(when: &str) -> Option<(i64, i64)> {
    let (a, b) = when.split_once('/').unwrap_or((when, when));
    let start = day_number(a)?;
    let end = day_number(b).unwrap_or(start).max(start);
    // A month or year stands for its whole length.
    let end = match b.trim().len() {
        4 => end + 364,
        7 => end + 30,
        _ => end,
    };
    Some((start, end))
}

fn date_label(day: i64) -> String {
    // civil_from_days
    let z = day + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!("{y:04}-{m:02}")
}

fn timeline(story: &Story, articles: &[&AnnotatedArticle], links: Links) -> Timeline {
    const WIDTH: f64 = 900.0;
    const LEFT: f64 = 30.0;
    const RIGHT: f64 = 30.0;
    let event_days: Vec<Option<(i64, i64)>> = story
        .events
        .iter()
        .map(|e| e.when.as_deref().and_then(day_range))
        .collect();
    let article_days: Vec<Option<i64>> = articles
        .iter()
        .map(|a| a.article.published.as_deref().and_then(day_number))
        .collect();
    let all: Vec<i64> = event_days
        .iter()
        .flatten()
        .flat_map(|&(a, b)| [a, b])
        .chain(article_days.iter().flatten().copied())
        .collect();
    let (min, max) = match (all.iter().min(), all.iter().max()) {
        (Some(&a), Some(&b)) => (a - 3, b + 3),
        _ => (0, 1),
    };
    let scale = (WIDTH - LEFT - RIGHT) / ((max - min).max(1) as f64);
    let x_of = |d: i64| ((LEFT + (d - min) as f64 * scale) * 10.0).round() / 10.0;

    let lanes = 3u32;
    let events: Vec<TimelineEvent> = story
        .events
        .iter()
        .zip(&event_days)
        .enumerate()
        .filter_map(|(i, (e, days))| {
            let (a, b) = (*days)?;
            let x = x_of(a);
            let full_label = e
                .label
                .clone()
                .unwrap_or_else(|| e.when.clone().unwrap_or_default());
            Some(TimelineEvent {
                x,
                anchor: if x > WIDTH * 0.6 { "end" } else { "start" },
                label: short(&full_label, 48),
                full_label,
                w: (x_of(b) - x).max(6.0),
                label_y: 18 + (i as u32 % lanes) * 16,
                when: e.when.clone().unwrap_or_default(),
                articles: e.articles.len(),
            })
        })
        .collect();
    let axis_y = 18 + lanes * 16 + 30;
    // Articles: dots below the axis; same-day dots stack.
    let mut stack: HashMap<i64, u32> = HashMap::new();
    let mut placed = Vec::new();
    let mut undated = 0;
    for (a, day) in articles.iter().zip(&article_days) {
        match day {
            Some(d) => {
                let bucket = ((x_of(*d) / 8.0).round()) as i64;
                let n = stack.entry(bucket).or_insert(0);
                placed.push(TimelineArticle {
                    x: x_of(*d),
                    y: (axis_y + 22 + *n * 14) as f64,
                    href: links.article(&a.article.id),
                    title: format!(
                        "{} — {}",
                        a.article.published.as_deref().unwrap_or(""),
                        a.article.title.as_deref().unwrap_or("(no title)")
                    ),
                });
                *n += 1;
            }
            None => undated += 1,
        }
    }
    let max_stack = stack.values().copied().max().unwrap_or(0);
    let mut ticks = Vec::new();
    if !all.is_empty() {
        let n = 5;
        let mut last = String::new();
        for i in 0..=n {
            let d = min + (max - min) * i / n;
            let label = date_label(d);
            if label != last {
                ticks.push(Tick {
                    x: x_of(d),
                    label: label.clone(),
                });
                last = label;
            }
        }
    }
    Timeline {
        width: WIDTH as u32,
        height: axis_y + 30 + max_stack * 14,
        axis_y,
        ticks,
        events,
        articles: placed,
        undated,
    }
}

// ---------------------------------------------------------------- article page

/// A run of text with the annotation layers covering it.
#[derive(Debug, Clone, Serialize)]
pub struct Segment {
    pub text: String,
    /// Space-separated CSS classes (`ent ent-person num date quote cue`), empty for plain text.
    pub class: String,
    /// Hover text explaining the annotations.
    pub tip: String,
}

/// A sentence (with an id, the target of evidence links) or the text between sentences.
#[derive(Debug, Clone, Serialize)]
pub struct Block {
    pub id: Option<String>,
    pub segments: Vec<Segment>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RemovedView {
    pub text: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RawPiece {
    pub text: String,
    /// Why it was removed, in words; `None` for kept text.
    pub reason: Option<String>,
    /// The reason's key (`ad-marker`), for styling.
    pub reason_key: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FieldView {
    pub field: &'static str,
    pub value: String,
    pub origin: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EntityView {
    pub name: String,
    pub kind: String,
    pub id: String,
    pub mentions: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArticleView {
    pub id: String,
    pub anchor: String,
    pub prefix: String,
    pub title: String,
    /// Only http(s) URLs become links; anything else is shown as text.
    pub url: Option<String>,
    pub url_is_link: bool,
    pub outlet: Option<Badge>,
    pub genre: Option<&'static str>,
    pub genre_reasons: Vec<String>,
    pub fields: Vec<FieldView>,
    pub blocks: Vec<Block>,
    pub removed: Vec<RemovedView>,
    /// The raw text with removed pieces marked, when the raw text is known.
    pub raw: Vec<RawPiece>,
    pub counts: Counts,
    pub cues: usize,
    pub entities: Vec<EntityView>,
    pub stories: Vec<StoryItem>,
    pub stance: Vec<StanceView>,
}

struct Layer {
    span: Span,
    class: String,
    tip: String,
}

fn layers(a: &AnnotatedArticle) -> Vec<Layer> {
    let text = &a.article.text;
    let mut out = Vec::new();
    let mut push = |span: Span, class: String, tip: String| {
        if span.start < span.end && text.get(span.start..span.end).is_some() {
            out.push(Layer { span, class, tip });
        }
    };
    for e in &a.entities {
        let kind = serde_json::to_value(e.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        push(
            e.span,
            format!("ent ent-{kind}"),
            format!("{kind}: {}", e.entity),
        );
    }
    for q in &a.quantities {
        let measure = q
            .measure
            .as_deref()
            .map(|m| format!(" — {m}"))
            .unwrap_or_default();
        push(
            q.span,
            "num".into(),
            format!("number: {} {}{measure}", format_number(q.value), q.unit),
        );
    }
    for t in &a.times {
        push(
            t.span,
            "date".into(),
            match t.reference() {
                Some(v) => format!("date: {v}"),
                None => "date: unresolved".into(),
            },
        );
    }
    for q in &a.quotes {
        if q.kind == QuoteKind::Term {
            continue;
        }
        let speaker = q.speaker.as_deref().unwrap_or("unknown speaker");
        push(q.span, "quote".into(), format!("quote: {speaker}"));
    }
    if let Some(f) = &a.framing {
        for c in &f.cues {
            push(
                c.span,
                "cue".into(),
                format!(
                    "loaded language: {}",
                    parallax_nlp::framing::labels().category(&c.category)
                ),
            );
        }
        for w in &f.wording {
            push(w.span, "cue wording".into(), {
                let labels = parallax_nlp::framing::labels();
                format!(
                    "wording, {}: {}",
                    labels.family(&w.family),
                    labels.variant(&w.family, &w.variant)
                )
            });
        }
    }
    out
}

/// Split `text[from..to]` into segments by the layers covering each piece. Linear in the
/// number of boundaries times the (small) number of layers active at once.
fn segments(text: &str, from: usize, to: usize, layers: &[&Layer]) -> Vec<Segment> {
    let mut points: Vec<usize> = vec![from, to];
    for l in layers {
        points.push(l.span.start.clamp(from, to));
        points.push(l.span.end.clamp(from, to));
    }
    points.sort_unstable();
    points.dedup();
    points.retain(|&p| text.is_char_boundary(p));
    let mut starts: Vec<&Layer> = layers.to_vec();
    starts.sort_by_key(|l| l.span.start);
    let mut next = 0;
    let mut active: Vec<&Layer> = Vec::new();
    let mut out = Vec::new();
    for w in points.windows(2) {
        let (a, b) = (w[0], w[1]);
        active.retain(|l| l.span.end > a);
        while next < starts.len() && starts[next].span.start <= a {
            if starts[next].span.end > a {
                active.push(starts[next]);
            }
            next += 1;
        }
        let Some(piece) = text.get(a..b) else {
            continue;
        };
        let mut classes: Vec<&str> = active.iter().flat_map(|l| l.class.split(' ')).collect();
        classes.sort_unstable();
        classes.dedup();
        let tips: Vec<&str> = active.iter().map(|l| l.tip.as_str()).collect();
        out.push(Segment {
            text: piece.to_string(),
            class: classes.join(" "),
            tip: tips.join("\n"),
        });
    }
    out
}

fn blocks(a: &AnnotatedArticle, prefix: &str) -> Vec<Block> {
    let text = &a.article.text;
    let layers = layers(a);
    let mut sentences: Vec<Span> = a
        .sentences
        .iter()
        .copied()
        .filter(|s| s.start < s.end && text.get(s.start..s.end).is_some())
        .collect();
    sentences.sort();
    let mut ranges: Vec<(usize, usize, bool)> = Vec::new();
    let mut pos = 0;
    for s in sentences {
        if s.start < pos {
            continue; // overlapping sentence: skip
        }
        if s.start > pos {
            ranges.push((pos, s.start, false));
        }
        ranges.push((s.start, s.end, true));
        pos = s.end;
    }
    if pos < text.len() {
        ranges.push((pos, text.len(), false));
    }
    // Layers sorted by start; each range takes those overlapping it.
    let mut by_start: Vec<&Layer> = layers.iter().collect();
    by_start.sort_by_key(|l| l.span.start);
    let mut next = 0;
    let mut active: Vec<&Layer> = Vec::new();
    let mut out = Vec::with_capacity(ranges.len());
    for (from, to, is_sentence) in ranges {
        active.retain(|l| l.span.end > from);
        while next < by_start.len() && by_start[next].span.start < to {
            if by_start[next].span.end > from {
                active.push(by_start[next]);
            }
            next += 1;
        }
        let overlapping = active.clone();
        out.push(Block {
            id: is_sentence.then(|| format!("{prefix}s-{from}")),
            segments: segments(text, from, to, &overlapping),
        });
    }
    out
}

/// Why cleaning removed a piece, in words.
fn reason_label(r: parallax_model::RemovalReason) -> String {
    use parallax_model::RemovalReason as R;
    match r {
        R::Navigation => "site navigation",
        R::Promotion => "promotion",
        R::AdMarker => "advertising",
        R::Comments => "reader comments",
        R::ReadMore => "“read more” link",
        R::CookieBanner => "cookie notice",
        R::Copyright => "copyright line",
        R::DuplicateTitle => "title repeated",
        R::SourceLine => "source line",
        R::Byline => "byline",
        R::CaptionCredit => "picture credit",
        R::Share => "share buttons",
        R::Newsletter => "newsletter sign-up",
        R::Breadcrumb => "breadcrumb trail",
        R::TagList => "list of tags",
        R::DateLine => "date line",
        R::Separator => "separator",
        R::Markup => "leftover markup",
        R::Title => "title (moved to the title)",
        R::DuplicateLine => "line repeated",
        R::SiteName => "site name after the title",
        R::Entity => "broken character code (repaired)",
        R::Other => "other boilerplate",
    }
    .to_string()
}

/// Where a metadata field was found, in words (`meta[og:title]` → `page metadata (og:title)`).
fn origin_label(origin: &str) -> String {
    if let Some(name) = origin
        .strip_prefix("meta[")
        .and_then(|r| r.strip_suffix(']'))
    {
        return format!("page metadata ({name})");
    }
    if let Some(rel) = origin
        .strip_prefix("link[rel=")
        .and_then(|r| r.strip_suffix(']'))
    {
        return format!("page link ({rel})");
    }
    match origin {
        "whatlang" => "detected from the text",
        "first-line" => "first line of the text",
        "lead-line" => "lead line of the text",
        "date-line" => "date line in the text",
        "dateline-credit" => "dateline credit in the text (e.g. “(Reuters)”)",
        "copyright-line" => "copyright line",
        "quelle-line" => "source line in the text",
        "url-domain" => "the web address",
        "masthead" => "the outlet's name in the text",
        "byline" => "byline",
        "feed" => "the feed entry",
        "jsonl" => "the JSON record",
        "json-ld" => "structured data in the page (JSON-LD)",
        other => return other.replace(['-', '_'], " "),
    }
    .to_string()
}

fn raw_pieces(a: &AnnotatedArticle) -> Vec<RawPiece> {
    let raw = &a.article.raw;
    if raw.is_empty() {
        return Vec::new();
    }
    let mut removed: Vec<_> = a
        .article
        .removed
        .iter()
        .filter(|r| {
            r.span_in_raw.start < r.span_in_raw.end
                && raw.get(r.span_in_raw.start..r.span_in_raw.end).is_some()
        })
        .collect();
    removed.sort_by_key(|r| r.span_in_raw.start);
    let mut out = Vec::new();
    let mut pos = 0;
    for r in removed {
        let s = r.span_in_raw;
        if s.start < pos {
            continue;
        }
        if s.start > pos {
            out.push(RawPiece {
                text: raw.get(pos..s.start).unwrap_or("").to_string(),
                reason: None,
                reason_key: None,
            });
        }
        out.push(RawPiece {
            text: raw.get(s.start..s.end).unwrap_or("").to_string(),
            reason: Some(reason_label(r.reason)),
            reason_key: serde_json::to_value(r.reason)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string)),
        });
        pos = s.end;
    }
    if pos < raw.len() {
        out.push(RawPiece {
            text: raw.get(pos..).unwrap_or("").to_string(),
            reason: None,
            reason_key: None,
        });
    }
    out
}

fn is_web_url(u: &str) -> bool {
    let lower = u.trim().to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://"))
        && !u.chars().any(|c| c.is_whitespace() || c.is_control())
}

pub fn article_view(a: &AnnotatedArticle, stories: &[StorySummary], links: Links) -> ArticleView {
    let art = &a.article;
    let prefix = links.article_prefix(&art.id);
    let origin = |field: &str| art.field_origins.get(field).map(|o| origin_label(o));
    let mut fields = Vec::new();
    let mut field = |name: &'static str, value: Option<String>| {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            fields.push(FieldView {
                field: name,
                origin: origin(name),
                value,
            });
        }
    };
    field("title", art.title.clone());
    field("published", art.published.as_deref().map(format_published));
    field("url", art.url.clone());
    field("language", art.language.clone());
    field(
        "outlet",
        art.outlet.as_ref().map(|o| {
            let mut s = o.name.clone();
            if let Some(d) = &o.domain {
                s.push_str(&format!(" ({d})"));
            }
            s
        }),
    );
    field(
        "authors",
        (!art.authors.is_empty()).then(|| art.authors.join(", ")),
    );
    field(
        "credits",
        (!art.credits.is_empty()).then(|| art.credits.join(", ")),
    );
    field("path", Some(art.path.clone()));
    field("id", Some(art.id.clone()));
    // Origins recorded for fields not listed above.
    let listed: HashSet<&str> = fields.iter().map(|f| f.field).collect();
    let extra: Vec<FieldView> = art
        .field_origins
        .iter()
        .filter(|(k, _)| !listed.contains(k.as_str()))
        .map(|(k, v)| FieldView {
            field: "other",
            value: k.clone(),
            origin: Some(origin_label(v)),
        })
        .collect();
    fields.extend(extra);

    let mut entities: Vec<EntityView> = a
        .entity_table
        .iter()
        .map(|e| EntityView {
            name: e.name.clone(),
            kind: serde_json::to_value(e.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            id: e.id.clone(),
            mentions: e.mentions,
        })
        .collect();
    entities.sort_by(|a, b| {
        b.mentions
            .cmp(&a.mentions)
            .then_with(|| a.name.cmp(&b.name))
    });

    let framing = a.framing.as_ref();
    ArticleView {
        id: art.id.clone(),
        anchor: crate::links::anchor(&art.id),
        title: art.title.clone().unwrap_or_else(|| "(no title)".into()),
        url_is_link: art.url.as_deref().is_some_and(is_web_url),
        url: art.url.clone(),
        outlet: art.outlet.as_ref().map(outlet_badge),
        genre: a.genre.or(framing.map(|f| f.genre)).map(genre_label),
        genre_reasons: framing.map(|f| f.genre_reasons.clone()).unwrap_or_default(),
        fields,
        blocks: blocks(a, &prefix),
        removed: art
            .removed
            .iter()
            .map(|r| RemovedView {
                text: r.text.clone(),
                reason: reason_label(r.reason),
            })
            .collect(),
        raw: raw_pieces(a),
        counts: counts(a),
        cues: framing.map(|f| f.cues.len()).unwrap_or(0),
        entities,
        stories: stories.iter().map(|s| story_item(s, links)).collect(),
        stance: stance_views(a),
        prefix,
    }
}

/// The article's stance toward each main actor, as shown on source cards and article pages.
fn stance_views(a: &AnnotatedArticle) -> Vec<StanceView> {
    let Some(framing) = a.framing.as_ref() else {
        return Vec::new();
    };
    framing
        .stance
        .iter()
        .map(|s| StanceView {
            entity: entity_name(a, &s.entity),
            polarity: match s.polarity {
                Polarity::Positive => "positive",
                Polarity::Negative => "negative",
                Polarity::Neutral => "neutral",
            },
            score: format!("{:+.2}", s.score),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_dates_have_one_format_whatever_the_metadata() {
        for (value, want) in [
            ("2025-09-10T06:00:00-07:00", "10 September 2025, 06:00"),
            ("2025-10-07T21:15:00Z", "7 October 2025, 21:15"),
            ("2025-09-09T19:40", "9 September 2025, 19:40"),
            ("2025-10-08", "8 October 2025"),
        ] {
            assert_eq!(format_published(value), want, "{value}");
        }
    }

    #[test]
    fn days_round_trip() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(date_label(day_number("2024-11-27").unwrap()), "2024-11");
        assert_eq!(day_range("2023-01/2023-10").map(|(a, b)| b > a), Some(true));
        assert_eq!(day_number("x"), None);
    }

    #[test]
    fn only_web_urls_are_links() {
        assert!(is_web_url("https://example.org/a"));
        assert!(!is_web_url("javascript:alert(1)"));
        assert!(!is_web_url(" JaVaScRiPt:alert(1)"));
        assert!(!is_web_url("data:text/html,<script>"));
    }
}
