//! What both backends compute the same way from a batch: story rows with their content
//! hash, sort keys, entity counts and stored codes.

use std::collections::HashMap;

use parallax_model::{AnnotatedArticle, Comparison, Story, StorySummary};

use crate::{BatchAnalysis, Result};

/// A row count or offset as both databases take it (`usize::MAX`: no limit).
pub(crate) fn sql_count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The version of the story row's layout, part of its hash.
const STORY_ROW_LAYOUT: &[u8] = b"comparison in parts, 1\0";

/// The hash a story row keeps of its content, to skip rewriting unchanged stories.
pub(crate) fn story_hash(
    data: &str,
    comparison: Option<&Comparison>,
    summary: Option<&StorySummary>,
) -> Result<String> {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    // The layout of the stored row: a row written before its comparison was kept in parts
    // hashes differently, so the next analysis rewrites it in parts.
    h.update(STORY_ROW_LAYOUT);
    h.update(data.as_bytes());
    h.update([0]);
    if let Some(cmp) = comparison {
        serde_json::to_writer(&mut HashWriter(&mut h), cmp)?;
    }
    if let Some(summary) = summary {
        h.update([0]);
        h.update(serde_json::to_string(summary)?.as_bytes());
    }
    Ok(format!("{:x}", h.finalize()))
}

/// Feeds serialised JSON to the hash without holding it.
struct HashWriter<'h>(&'h mut sha2::Sha256);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        sha2::Digest::update(self.0, buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A story row as both backends write it.
pub(crate) struct StoryRow<'a> {
    pub story: &'a Story,
    pub data: String,
    pub comparison: Option<&'a Comparison>,
    pub hash: String,
    pub origins: usize,
    pub badges: String,
}

/// The rows of the analysis' stories, with their comparisons and summaries matched by id.
pub(crate) fn story_rows<'a>(a: &BatchAnalysis<'a>) -> Result<Vec<StoryRow<'a>>> {
    let comparisons: HashMap<&str, &Comparison> = a
        .comparisons
        .iter()
        .map(|c| (c.story.as_str(), c))
        .collect();
    let summaries: HashMap<&str, &StorySummary> =
        a.summaries.iter().map(|s| (s.id.as_str(), s)).collect();
    a.stories
        .iter()
        .map(|story| {
            let data = serde_json::to_string(story)?;
            let comparison = comparisons.get(story.id.as_str()).copied();
            let summary = summaries.get(story.id.as_str()).copied();
            let hash = story_hash(&data, comparison, summary)?;
            Ok(StoryRow {
                story,
                data,
                comparison,
                hash,
                origins: summary.map_or(story.origins, |s| s.origins),
                badges: serde_json::to_string(
                    summary.map(|s| s.outlets.as_slice()).unwrap_or(&[]),
                )?,
            })
        })
        .collect()
}

/// The date a story sorts by in the list (newest first): its end, else its start, else the
/// newest publication date of its articles.
pub(crate) fn sort_key(story: &Story, newest_published: Option<String>) -> String {
    story
        .end
        .clone()
        .or_else(|| story.start.clone())
        .or(newest_published)
        .unwrap_or_default()
}

/// The entity counts of an article: (entity id, kind, mentions).
pub(crate) fn entity_counts(a: &AnnotatedArticle) -> Result<Vec<(String, String, i64)>> {
    let mut counts: HashMap<&str, (String, i64)> = HashMap::new();
    for m in &a.entities {
        let kind = serde_json::to_value(m.kind)?
            .as_str()
            .unwrap_or("misc")
            .to_string();
        counts.entry(m.entity.as_str()).or_insert((kind, 0)).1 += 1;
    }
    let mut out: Vec<(String, String, i64)> = counts
        .into_iter()
        .map(|(id, (kind, n))| (id.to_string(), kind, n))
        .collect();
    out.sort();
    Ok(out)
}

pub(crate) fn kind_code(kind: parallax_model::SourceKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

pub(crate) fn genre_code(genre: Option<parallax_model::Genre>) -> Option<String> {
    genre
        .and_then(|g| serde_json::to_value(g).ok())
        .and_then(|v| v.as_str().map(str::to_string))
}

/// An article's sentence vectors as stored (they are not part of its public JSON).
pub(crate) fn vectors_json(a: &AnnotatedArticle) -> Result<Option<String>> {
    Ok(a.vectors.as_ref().map(serde_json::to_string).transpose()?)
}

/// Stored sentence vectors back; `None` for an article stored without them.
pub(crate) fn vectors_from_json(
    stored: Option<&str>,
) -> Result<Option<parallax_model::SentenceVectors>> {
    Ok(stored.map(serde_json::from_str).transpose()?)
}

pub(crate) fn article_from_json(data: &str, raw: String) -> Result<AnnotatedArticle> {
    let mut a: AnnotatedArticle = serde_json::from_str(data)?;
    a.article.raw = raw;
    Ok(a)
}

/// The parts of a story's comparison to store (part name, JSON); `published`: each of the
/// story's articles with its publication date, so the parts follow the story page's order
/// (undated first, then by date, then by id, as both backends' page queries sort).
pub(crate) fn comparison_parts(
    cmp: &Comparison,
    mut published: Vec<(Option<String>, &str)>,
) -> Result<Vec<(String, String)>> {
    published.sort();
    let order: Vec<&str> = published.iter().map(|(_, id)| *id).collect();
    crate::parts::split(cmp, &order)
        .into_iter()
        .map(|(key, part)| Ok((key, serde_json::to_string(&part)?)))
        .collect()
}

/// Reads the parts of a story's comparison: `None` every part, else the named ones (JSON).
pub(crate) type ReadParts<'r> = dyn FnMut(Option<&[String]>) -> Result<Vec<String>> + 'r;

/// The comparison a page of a story reads: the parts of its articles (every part for the
/// whole story, or when the stored parts do not hold the page's articles), or the whole
/// comparison of a row written before parts existed.
pub(crate) fn page_comparison(
    story: &Story,
    page: &[AnnotatedArticle],
    offset: usize,
    whole_story: bool,
    whole: Option<&str>,
    read: &mut ReadParts<'_>,
) -> Result<Option<Comparison>> {
    let parse = |parts: Vec<String>| {
        parts
            .iter()
            .map(|p| serde_json::from_str::<crate::parts::Part>(p))
            .collect::<serde_json::Result<Vec<_>>>()
    };
    let parts = if whole_story {
        parse(read(None)?)?
    } else {
        let keys = crate::parts::parts_for_page(offset, page.len());
        let parts = parse(read(Some(&keys))?)?;
        let ids: Vec<&str> = page.iter().map(|a| a.article.id.as_str()).collect();
        if crate::parts::cover(&parts, &ids) {
            parts
        } else {
            parse(read(None)?)?
        }
    };
    if parts.is_empty() {
        return Ok(whole.map(serde_json::from_str).transpose()?);
    }
    Ok(Some(crate::parts::merge(&story.id, parts)))
}
