//! Story clustering and event splitting.
//!
//! An article is described by its salient content features ([`features`]): word stems
//! weighted tf·idf (title words boosted), canonical entities, numbers with their unit, and
//! the dates it reports. Stories are built incrementally by a [`StoryIndex`]: each article
//! joins the most similar story found through an inverted index over salient features, or
//! starts a new one; copies (see [`crate::duplicates`]) follow their origin. A final pass
//! re-examines each article against the finished stories. Inside a story, [`events`] splits
//! the articles by the dates they report.

pub mod dates;
pub mod events;
pub mod features;
pub mod index;

use parallax_model::{AnnotatedArticle, DuplicateGroup, Story};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

pub use index::StoryIndex;

use features::{fnv1a, ArticleFeatures, DocFreq, SparseVec};

/// Group articles into stories with their events. Pure, deterministic, and independent of
/// the order of `articles`.
pub fn cluster(articles: &[AnnotatedArticle], duplicates: &[DuplicateGroup]) -> Vec<Story> {
    let feats: Vec<ArticleFeatures> = articles.par_iter().map(features::extract).collect();
    cluster_with_features(articles, &feats, duplicates)
}

/// [`cluster`] with the features already computed (same order as `articles`).
pub fn cluster_with_features(
    articles: &[AnnotatedArticle],
    feats: &[ArticleFeatures],
    duplicates: &[DuplicateGroup],
) -> Vec<Story> {
    cluster_with_index(articles, feats, duplicates).stories
}

/// A clustering with the index it was built with, for an incremental analysis to resume.
pub struct Clustering {
    /// As [`cluster_with_features`] returns them.
    pub stories: Vec<Story>,
    /// For each of `stories`, its position in the index's stories.
    pub index_story: Vec<usize>,
    pub index: StoryIndex,
    /// For each index member, its position in `articles`.
    pub member_article: Vec<usize>,
}

/// [`cluster_with_features`], keeping the index.
pub fn cluster_with_index(
    articles: &[AnnotatedArticle],
    feats: &[ArticleFeatures],
    duplicates: &[DuplicateGroup],
) -> Clustering {
    let ids: Vec<&str> = articles.iter().map(|a| a.article.id.as_str()).collect();
    let by_id: FxHashMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    // copy → origin
    let mut origin_of: FxHashMap<usize, usize> = FxHashMap::default();
    for g in duplicates {
        let Some(&o) = by_id.get(g.origin.as_str()) else {
            continue;
        };
        for c in &g.copies {
            if let Some(&c) = by_id.get(c.as_str()) {
                if c != o {
                    origin_of.insert(c, o);
                }
            }
        }
    }
    let mut df = DocFreq::default();
    for (i, f) in feats.iter().enumerate() {
        if !origin_of.contains_key(&i) {
            df.add(f);
        }
    }
    // Canonical order: by date, then id — the input order does not matter.
    let mut order: Vec<usize> = (0..articles.len())
        .filter(|i| !origin_of.contains_key(i))
        .collect();
    order.sort_by(|&a, &b| {
        let da = index::article_day(&feats[a]).unwrap_or(i32::MAX);
        let db = index::article_day(&feats[b]).unwrap_or(i32::MAX);
        (da, ids[a]).cmp(&(db, ids[b]))
    });
    let mut idx = StoryIndex::with_doc_freq(df);
    // position in the index's member list → article position
    let mut member_article: Vec<usize> = Vec::with_capacity(articles.len());
    let mut member_of: FxHashMap<usize, usize> = FxHashMap::default();
    for &i in &order {
        idx.add_features(ids[i].to_string(), &feats[i]);
        member_of.insert(i, member_article.len());
        member_article.push(i);
    }
    let mut copies: Vec<usize> = origin_of.keys().copied().collect();
    copies.sort_by_key(|&c| ids[c]);
    let mut locked = FxHashSet::default();
    for &c in &copies {
        let Some(&om) = member_of.get(&root(c, &origin_of)) else {
            continue;
        };
        let story = idx.members()[om].story;
        locked.insert(member_article.len());
        idx.add_to_story(ids[c].to_string(), &feats[c], story);
        member_of.insert(c, member_article.len());
        member_article.push(c);
    }
    idx.refine(&locked);
    for &c in &copies {
        let (Some(&cm), Some(&om)) = (member_of.get(&c), member_of.get(&root(c, &origin_of)))
        else {
            continue;
        };
        let story = idx.members()[om].story;
        idx.force_story(cm, story);
    }

    let mut built: Vec<(usize, Story)> = (0..idx.stories().len())
        .filter(|&s| !idx.stories()[s].members.is_empty())
        .map(|s| {
            let mut part = idx.stories()[s].members.clone();
            part.sort_unstable();
            let arts: Vec<usize> = part.iter().map(|&m| member_article[m]).collect();
            let vectors: Vec<&SparseVec> = part.iter().map(|&m| &idx.members()[m].vector).collect();
            (s, build_story(&arts, articles, feats, &vectors, &origin_of))
        })
        .collect();
    built.sort_by(|(_, a), (_, b)| {
        b.articles
            .len()
            .cmp(&a.articles.len())
            .then_with(|| a.id.cmp(&b.id))
    });
    let (index_story, stories) = built.into_iter().unzip();
    Clustering {
        stories,
        index_story,
        index: idx,
        member_article,
    }
}

/// One story built from its members (an incremental analysis rebuilds the stories that
/// changed): the articles, their features and index vectors, and which of them are copies
/// of another article.
pub fn story_from_members(
    articles: &[AnnotatedArticle],
    feats: &[ArticleFeatures],
    vectors: &[&SparseVec],
    is_copy: &[bool],
) -> Story {
    let arts: Vec<usize> = (0..articles.len()).collect();
    // Only whether a member is a copy matters here, not of which article.
    let origin_of: FxHashMap<usize, usize> = is_copy
        .iter()
        .enumerate()
        .filter(|(_, c)| **c)
        .map(|(i, _)| (i, i))
        .collect();
    build_story(&arts, articles, feats, vectors, &origin_of)
}

fn root(mut c: usize, origin_of: &FxHashMap<usize, usize>) -> usize {
    let mut steps = 0;
    while let Some(&o) = origin_of.get(&c) {
        c = o;
        steps += 1;
        if steps > 64 {
            break;
        }
    }
    c
}

/// The story of articles `arts` (positions in `articles` and `feats`), given each one's index
/// vector (same order as `arts`).
fn build_story(
    arts: &[usize],
    articles: &[AnnotatedArticle],
    feats: &[ArticleFeatures],
    vectors: &[&SparseVec],
    origin_of: &FxHashMap<usize, usize>,
) -> Story {
    let mut ids: Vec<&str> = arts
        .iter()
        .map(|&i| articles[i].article.id.as_str())
        .collect();
    ids.sort_unstable();
    // The id names the story's first article (earliest published, then smallest id), not its
    // membership: a story keeps its id (and its page's address) while later articles join it.
    let founder = arts
        .iter()
        .map(|&i| &articles[i].article)
        .min_by(|a, b| {
            (a.published.is_none(), &a.published, &a.id).cmp(&(
                b.published.is_none(),
                &b.published,
                &b.id,
            ))
        })
        .map_or("", |a| a.id.as_str());
    let id = format!("st-{:016x}", fnv1a(b's', founder));

    // Title: the headline of the article closest to the story's centre (originals first).
    let mut centroid: FxHashMap<u64, f32> = FxHashMap::default();
    for v in vectors {
        for &(k, w) in &v.0 {
            *centroid.entry(k).or_default() += w;
        }
    }
    let mut best: Option<(usize, f32)> = None;
    for (n, v) in vectors.iter().enumerate() {
        let a = arts[n];
        let mut s: f32 =
            v.0.iter()
                .map(|(k, w)| w * centroid.get(k).copied().unwrap_or(0.0))
                .sum();
        if origin_of.contains_key(&a) {
            s *= 0.5;
        }
        let better = match best {
            None => true,
            Some((b, bs)) => {
                s > bs + 1e-6
                    || ((s - bs).abs() <= 1e-6 && articles[a].article.id < articles[b].article.id)
            }
        };
        if better {
            best = Some((a, s));
        }
    }
    let title = best
        .map(|(a, _)| feats[a].title.clone())
        .unwrap_or_default();

    // Key entities: summed weight over the story's articles.
    let mut ent: FxHashMap<&str, f32> = FxHashMap::default();
    for &a in arts {
        for (e, w) in &feats[a].entities {
            *ent.entry(e.as_str()).or_default() += w;
        }
    }
    let mut key: Vec<(&str, f32)> = ent.into_iter().collect();
    key.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let key_entities = key
        .into_iter()
        .take(8)
        .map(|(e, _)| e.to_string())
        .collect();

    // Events.
    let members: Vec<events::EventMember<'_>> = vectors
        .iter()
        .zip(arts)
        .map(|(v, &a)| events::EventMember {
            id: articles[a].article.id.as_str(),
            title: feats[a].title.as_str(),
            features: &feats[a],
            vector: v,
        })
        .collect();
    let events = events::split(&members);

    // Time span: publication dates and complete reported dates of the events.
    let mut days: Vec<i32> = arts.iter().filter_map(|&a| feats[a].published).collect();
    for e in &events {
        if let Some(w) = &e.when {
            for part in w.split('/') {
                if let Some(d) = dates::parse_day(part) {
                    days.push(d);
                } else if let Some(p) = dates::point_of(&parallax_model::TimeValue::parse(part), 0)
                {
                    if let (Some(y), Some(m)) = (p.year, p.month) {
                        days.extend(dates::day_number(y, m, 1));
                    }
                }
            }
        }
    }
    let start = days.iter().min().map(|&d| dates::iso_day(d));
    let end = days.iter().max().map(|&d| dates::iso_day(d));

    let origins = arts.iter().filter(|a| !origin_of.contains_key(a)).count();
    Story {
        id,
        title,
        articles: ids.into_iter().map(str::to_string).collect(),
        events,
        key_entities,
        start,
        end,
        origins,
    }
}
