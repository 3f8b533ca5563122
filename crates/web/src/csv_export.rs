//! CSV export of the fact matrix (`facts.csv`) and the articles table (`articles.csv`).
//!
//! Both files are UTF-8, comma-separated, RFC 4180 quoting, one header line. Text cells that
//! a spreadsheet would read as a formula (starting with `=`, `+`, `-`, `@`, tab or CR) get a
//! leading `'`, since article text is untrusted.
//!
//! `facts.csv`: one line per source value of a fact —
//! `story, story_title, fact, measure, status, source, article, value, unit, qualifier, scope,
//! start, end, sentence` (`fact`: what is measured, for a reader; `measure`: its key)
//! (`status`: agree | conflict | different_scope | single; `start`/`end`: byte offsets of the
//! value in the article's clean text; `sentence`: the evidence sentence, whitespace folded).
//!
//! `claims.csv`: one line per source statement of a claim —
//! `story, story_title, claim, status, kind, event, family, label, source, article, start, end,
//! sentence, disputes` (`status`: shared | single source | disputed; `kind`: figure | date |
//! quote | statement; `source`: the outlet, else the article's title; `start`/`end`: byte
//! offsets of the sentence in the article's clean text; `disputes`: why this statement
//! contradicts another of the claim, `;`-separated).
//!
//! `articles.csv`: one line per article —
//! `id, path, url, title, published, language, outlet, kind, state_affiliation, genre,
//! sentences, entities, quantities, times, quotes, cues, stories` (`stories`: ids, `;`-separated).

use std::collections::HashMap;
use std::path::Path;

use parallax_model::{Analysis, AnnotatedArticle, FactValue};

use crate::views;

pub const FACTS_HEADER: [&str; 14] = [
    "story",
    "story_title",
    "fact",
    "measure",
    "status",
    "source",
    "article",
    "value",
    "unit",
    "qualifier",
    "scope",
    "start",
    "end",
    "sentence",
];

pub const CLAIMS_HEADER: [&str; 14] = [
    "story",
    "story_title",
    "claim",
    "status",
    "kind",
    "event",
    "family",
    "label",
    "source",
    "article",
    "start",
    "end",
    "sentence",
    "disputes",
];

pub const ARTICLES_HEADER: [&str; 17] = [
    "id",
    "path",
    "url",
    "title",
    "published",
    "language",
    "outlet",
    "kind",
    "state_affiliation",
    "genre",
    "sentences",
    "entities",
    "quantities",
    "times",
    "quotes",
    "cues",
    "stories",
];

/// Neutralise spreadsheet formulas in untrusted text.
fn text_cell(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

fn fold_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn csv_err(e: csv::Error) -> std::io::Error {
    std::io::Error::other(e)
}

fn sentence_of(a: &AnnotatedArticle, at: usize, hint: Option<parallax_model::Span>) -> String {
    let span = a
        .sentences
        .iter()
        .find(|s| s.start <= at && at < s.end)
        .copied()
        .or(hint);
    span.map(|s| fold_ws(s.slice(&a.article.text)))
        .unwrap_or_default()
}

/// `claims.csv`: one line per cell of every claim.
fn write_claims(
    analysis: &Analysis,
    dir: &Path,
    by_id: &HashMap<&str, &AnnotatedArticle>,
    titles: &HashMap<&str, &str>,
) -> std::io::Result<()> {
    let event_labels: HashMap<&str, String> = analysis
        .stories
        .iter()
        .flat_map(|s| s.events.iter())
        .map(|e| (e.id.as_str(), views::event_name(e)))
        .collect();
    let mut out = csv::Writer::from_path(dir.join("claims.csv")).map_err(csv_err)?;
    out.write_record(CLAIMS_HEADER).map_err(csv_err)?;
    for cmp in &analysis.comparisons {
        for claim in &cmp.claims {
            for (i, cell) in claim.cells.iter().enumerate() {
                let disputes: Vec<&str> = claim
                    .disputes
                    .iter()
                    .filter(|d| d.a == i || d.b == i)
                    .map(|d| d.why.as_str())
                    .collect();
                let source = by_id
                    .get(cell.article.as_str())
                    .map(|a| views::source_name(a))
                    .unwrap_or_default();
                out.write_record([
                    text_cell(&cmp.story),
                    text_cell(titles.get(cmp.story.as_str()).copied().unwrap_or("")),
                    text_cell(&claim.id),
                    views::claim_status_label(claim.status).to_string(),
                    views::claim_kind_label(claim.kind).to_string(),
                    text_cell(
                        claim
                            .event
                            .as_deref()
                            .and_then(|e| event_labels.get(e))
                            .map_or("", String::as_str),
                    ),
                    text_cell(claim.family.as_deref().unwrap_or("")),
                    text_cell(&claim.label),
                    text_cell(&source),
                    text_cell(&cell.article),
                    cell.start.to_string(),
                    cell.end.to_string(),
                    text_cell(&fold_ws(&cell.sentence)),
                    text_cell(&disputes.join("; ")),
                ])
                .map_err(csv_err)?;
            }
        }
    }
    out.flush()
}

pub fn write(analysis: &Analysis, dir: &Path) -> std::io::Result<()> {
    let by_id: HashMap<&str, &AnnotatedArticle> = analysis
        .articles
        .iter()
        .map(|a| (a.article.id.as_str(), a))
        .collect();
    let titles: HashMap<&str, &str> = analysis
        .stories
        .iter()
        .map(|s| (s.id.as_str(), s.title.as_str()))
        .collect();

    let mut facts = csv::Writer::from_path(dir.join("facts.csv")).map_err(csv_err)?;
    facts.write_record(FACTS_HEADER).map_err(csv_err)?;
    for cmp in &analysis.comparisons {
        for row in &cmp.facts {
            for cell in &row.cells {
                let value = match &cell.value {
                    FactValue::Number(n) => n.to_string(),
                    FactValue::Text(t) => text_cell(t),
                };
                let sentence = by_id
                    .get(cell.article.as_str())
                    .map(|a| sentence_of(a, cell.start, cell.sentence))
                    .unwrap_or_default();
                let qualifier = cell
                    .qualifier
                    .and_then(|q| serde_json::to_value(q).ok())
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                facts
                    .write_record([
                        text_cell(&cmp.story),
                        text_cell(titles.get(cmp.story.as_str()).copied().unwrap_or("")),
                        text_cell(&views::fact_label(row)),
                        text_cell(&row.measure),
                        views::status_label(row.status).to_string(),
                        text_cell(
                            &by_id
                                .get(cell.article.as_str())
                                .map(|a| views::source_name(a))
                                .unwrap_or_default(),
                        ),
                        text_cell(&cell.article),
                        value,
                        text_cell(cell.unit.as_deref().unwrap_or("")),
                        qualifier,
                        text_cell(cell.scope.as_deref().unwrap_or("")),
                        cell.start.to_string(),
                        cell.end.to_string(),
                        text_cell(&sentence),
                    ])
                    .map_err(csv_err)?;
            }
        }
    }
    facts.flush()?;
    write_claims(analysis, dir, &by_id, &titles)?;

    let mut stories_of: HashMap<&str, Vec<&str>> = HashMap::new();
    for s in &analysis.stories {
        for a in &s.articles {
            stories_of
                .entry(a.as_str())
                .or_default()
                .push(s.id.as_str());
        }
    }
    let mut articles = csv::Writer::from_path(dir.join("articles.csv")).map_err(csv_err)?;
    articles.write_record(ARTICLES_HEADER).map_err(csv_err)?;
    for a in &analysis.articles {
        let art = &a.article;
        let outlet = art.outlet.as_ref();
        let opt = |s: Option<&str>| text_cell(s.unwrap_or(""));
        articles
            .write_record([
                text_cell(&art.id),
                text_cell(&art.path),
                opt(art.url.as_deref()),
                opt(art.title.as_deref()),
                opt(art.published.as_deref()),
                opt(art.language.as_deref()),
                opt(outlet.map(|o| o.name.as_str())),
                outlet
                    .map(|o| views::kind_label(o.kind).to_string())
                    .unwrap_or_default(),
                opt(outlet.and_then(|o| o.state_affiliation.as_deref())),
                a.genre
                    .map(|g| views::genre_label(g).to_string())
                    .unwrap_or_default(),
                a.sentences.len().to_string(),
                a.entities.len().to_string(),
                a.quantities.len().to_string(),
                a.times.len().to_string(),
                a.quotes.len().to_string(),
                a.framing
                    .as_ref()
                    .map(|f| f.cues.len())
                    .unwrap_or(0)
                    .to_string(),
                text_cell(
                    &stories_of
                        .get(art.id.as_str())
                        .map(|v| v.join(";"))
                        .unwrap_or_default(),
                ),
            ])
            .map_err(csv_err)?;
    }
    articles.flush()?;
    Ok(())
}
