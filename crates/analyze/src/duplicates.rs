//! Near-duplicates and lineage.
//!
//! Texts are compared by their word 5-gram shingles. Candidate pairs come from an inverted
//! index over a hash-sampled subset of the shingles (so the work per article stays roughly
//! constant); each candidate pair is then verified on the full shingle sets by two measures:
//! *resemblance* (Jaccard) for reposts with light edits, and *containment* for a text that
//! holds another one in full plus its own header, footer or commentary.
//!
//! Copies in another language (machine translations) share no shingles; they are matched
//! by a language-independent signature — canonical entity ids, numbers with their unit and
//! complete dates — so a German text and its English translation join one group.
//!
//! Lineage: within a group the origin is the text the others credit (`Quelle: URL`, an
//! outlet credit matching a member's outlet), else the earliest published, else the fullest.

use parallax_model::{AnnotatedArticle, DuplicateGroup, RemovalReason};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::stories::features::{self, fnv1a, ArticleFeatures};

/// Words per shingle.
const SHINGLE: usize = 5;
/// One shingle in this many is indexed for candidate retrieval.
const SAMPLE_MOD: u64 = 4;
/// Candidates must share at least this many sampled shingles.
pub const MIN_SHARED_SAMPLES: usize = 2;
/// Posting lists longer than this (shingles of boilerplate every text carries) are skipped.
pub const MAX_POSTING: usize = 500;
/// Jaccard resemblance from which two texts are copies of each other.
const RESEMBLANCE: f64 = 0.3;
/// Share of the smaller text found in the larger one from which it counts as contained.
const CONTAINMENT: f64 = 0.5;
/// Containment is only trusted for texts of at least this many shingles.
const MIN_CONTAINED_SHINGLES: usize = 15;
/// Cross-language copies: Jaccard of the signatures (pairs of nearby entities, numbers and
/// dates), the least number of shared pairs, and the least number of numbers/dates each.
const XLANG_RESEMBLANCE: f64 = 0.7;
const XLANG_MIN_SHARED: usize = 8;
const XLANG_MIN_SPECIFIC: usize = 2;

/// What copy detection reads from one article.
#[derive(Debug, Clone)]
pub struct Fingerprint {
    /// Hashes of the word 5-grams, sorted, unique.
    pub shingles: Vec<u64>,
    /// Language-independent signature over the items (entity ids, numbers with unit,
    /// complete dates) in text order: each item with its occurrence number, and each pair of
    /// consecutive items; sorted, unique.
    pub signature: Vec<u64>,
    /// How many of the signature's items are numbers or dates (the specific part).
    pub specific: usize,
    pub lang: features::Lang,
}

/// The fingerprint of one article (with its story features, computed once).
pub fn fingerprint(article: &AnnotatedArticle, f: &ArticleFeatures) -> Fingerprint {
    let text = &article.article.text;
    let lowered: Vec<String> = features::words(text)
        .map(|(_, _, w)| w.to_lowercase())
        .collect();
    let mut shingles: Vec<u64> = if lowered.len() < SHINGLE {
        if lowered.is_empty() {
            Vec::new()
        } else {
            vec![fnv1a(b'h', &lowered.join(" "))]
        }
    } else {
        lowered
            .windows(SHINGLE)
            .map(|w| fnv1a(b'h', &w.join(" ")))
            .collect()
    };
    shingles.sort_unstable();
    shingles.dedup();
    // Each item with its occurrence number (a translation names Putin as often as its
    // original), and each pair of consecutive distinct items (it keeps their order).
    let seq = &f.sequence;
    let mut signature: Vec<u64> = Vec::new();
    let mut seen: FxHashMap<u64, u64> = FxHashMap::default();
    let mut prev: Option<u64> = None;
    for (k, _) in seq {
        let n = seen.entry(*k).or_default();
        *n += 1;
        signature.push(k.rotate_left(7) ^ n.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        if let Some(p) = prev.filter(|p| p != k) {
            signature.push(p.rotate_left(17) ^ k.wrapping_mul(0xff51_afd7_ed55_8ccd));
        }
        prev = Some(*k);
    }
    let n_specific = seq
        .iter()
        .filter(|s| s.1)
        .map(|s| s.0)
        .collect::<FxHashSet<u64>>()
        .len();
    signature.sort_unstable();
    signature.dedup();
    Fingerprint {
        shingles,
        signature,
        specific: n_specific,
        lang: f.lang,
    }
}

/// |a ∩ b| of two sorted, unique lists.
fn intersection(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// How alike two fingerprints are: (jaccard, containment of the smaller in the larger).
pub fn compare(a: &Fingerprint, b: &Fingerprint) -> (f64, f64) {
    let inter = intersection(&a.shingles, &b.shingles) as f64;
    let (la, lb) = (a.shingles.len() as f64, b.shingles.len() as f64);
    if la == 0.0 || lb == 0.0 {
        return (0.0, 0.0);
    }
    (inter / (la + lb - inter), inter / la.min(lb))
}

/// Whether two fingerprints are copies, and how similar (0..1) they are.
pub fn is_copy(a: &Fingerprint, b: &Fingerprint) -> Option<f64> {
    let (j, c) = compare(a, b);
    let small = a.shingles.len().min(b.shingles.len());
    if j >= RESEMBLANCE || (c >= CONTAINMENT && small >= MIN_CONTAINED_SHINGLES) {
        return Some(j.max(c));
    }
    if a.lang != b.lang {
        return translation_similarity(a, b);
    }
    None
}

/// Similarity of two texts in different languages by their signatures, if they are copies.
pub fn translation_similarity(a: &Fingerprint, b: &Fingerprint) -> Option<f64> {
    if a.specific < XLANG_MIN_SPECIFIC || b.specific < XLANG_MIN_SPECIFIC {
        return None;
    }
    let inter = intersection(&a.signature, &b.signature);
    let union = a.signature.len() + b.signature.len() - inter;
    let j = inter as f64 / union.max(1) as f64;
    (inter >= XLANG_MIN_SHARED && j >= XLANG_RESEMBLANCE).then_some(j)
}

/// Find groups of near-identical texts and name each group's origin.
pub fn find(articles: &[AnnotatedArticle]) -> Vec<DuplicateGroup> {
    let feats: Vec<ArticleFeatures> = articles.par_iter().map(features::extract).collect();
    find_with_features(articles, &feats)
}

/// [`find`] with the story features already computed (same order as `articles`).
pub fn find_with_features(
    articles: &[AnnotatedArticle],
    feats: &[ArticleFeatures],
) -> Vec<DuplicateGroup> {
    let fps: Vec<Fingerprint> = articles
        .par_iter()
        .zip(feats)
        .map(|(a, f)| fingerprint(a, f))
        .collect();
    let pairs = candidate_pairs(&fps);

    // Union-find over the verified pairs.
    let mut parent: Vec<usize> = (0..articles.len()).collect();
    fn find_root(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    for &(a, b) in &pairs {
        let (ra, rb) = (find_root(&mut parent, a), find_root(&mut parent, b));
        if ra != rb {
            parent[ra.max(rb)] = ra.min(rb);
        }
    }
    let mut groups: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    for i in 0..articles.len() {
        let r = find_root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut out: Vec<DuplicateGroup> = groups
        .into_values()
        .filter(|g| g.len() > 1)
        .map(|g| lineage(&g, articles, &fps))
        .collect();
    out.sort_by(|a, b| a.origin.cmp(&b.origin));
    out
}

/// Verified copy pairs (i < j), found through the sampled-shingle and signature indexes.
fn candidate_pairs(fps: &[Fingerprint]) -> Vec<(usize, usize)> {
    let mut index: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
    let samples: Vec<Vec<u64>> = fps
        .iter()
        .map(|f| {
            let s: Vec<u64> = f
                .shingles
                .iter()
                .copied()
                .filter(|h| h % SAMPLE_MOD == 0)
                .collect();
            if s.len() < 2 * MIN_SHARED_SAMPLES {
                f.shingles.clone()
            } else {
                s
            }
        })
        .collect();
    for (i, s) in samples.iter().enumerate() {
        for h in s {
            index.entry(*h).or_default().push(i as u32);
        }
    }
    // Signature index for cross-language candidates: only the specific items (numbers, dates).
    let multilingual = fps.iter().any(|f| f.lang != fps[0].lang);
    let mut sig_index: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
    if multilingual {
        for (i, f) in fps.iter().enumerate() {
            if f.specific >= XLANG_MIN_SPECIFIC {
                for h in &f.signature {
                    sig_index.entry(*h).or_default().push(i as u32);
                }
            }
        }
    }
    let mut pairs: Vec<(usize, usize)> = (0..fps.len())
        .into_par_iter()
        .flat_map_iter(|i| {
            let mut counts: FxHashMap<u32, usize> = FxHashMap::default();
            for h in &samples[i] {
                if let Some(list) = index.get(h) {
                    if list.len() > MAX_POSTING {
                        continue;
                    }
                    for &j in list {
                        if (j as usize) > i {
                            *counts.entry(j).or_default() += 1;
                        }
                    }
                }
            }
            let need = MIN_SHARED_SAMPLES.min(samples[i].len()).max(1);
            let mut found: Vec<(usize, usize)> = counts
                .into_iter()
                .filter(|&(j, n)| n >= need.min(samples[j as usize].len().max(1)))
                .filter(|&(j, _)| is_copy(&fps[i], &fps[j as usize]).is_some())
                .map(|(j, _)| (i, j as usize))
                .collect();
            if multilingual && fps[i].specific >= XLANG_MIN_SPECIFIC {
                let mut xc: FxHashMap<u32, usize> = FxHashMap::default();
                for h in &fps[i].signature {
                    if let Some(list) = sig_index.get(h) {
                        if list.len() > MAX_POSTING {
                            continue;
                        }
                        for &j in list {
                            if (j as usize) > i && fps[j as usize].lang != fps[i].lang {
                                *xc.entry(j).or_default() += 1;
                            }
                        }
                    }
                }
                found.extend(
                    xc.into_iter()
                        .filter(|&(_, n)| n >= XLANG_MIN_SHARED)
                        .filter(|&(j, _)| {
                            translation_similarity(&fps[i], &fps[j as usize]).is_some()
                        })
                        .map(|(j, _)| (i, j as usize)),
                );
            }
            found
        })
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// The credits a text gives: outlet credits, `Quelle:` lines (kept or removed), a source URL.
pub fn credits_of(a: &AnnotatedArticle) -> Vec<String> {
    let mut out: Vec<String> = a
        .article
        .credits
        .iter()
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect();
    let url_is_credit = a
        .article
        .field_origins
        .get("url")
        .is_some_and(|o| o.contains("quelle") || o.contains("source"));
    if url_is_credit {
        out.extend(a.article.url.clone());
    }
    for r in &a.article.removed {
        if r.reason == RemovalReason::SourceLine {
            if let Some(u) = r
                .text
                .split_whitespace()
                .find(|w| w.starts_with("http://") || w.starts_with("https://"))
            {
                out.push(u.trim_end_matches(['.', ',', ')']).to_string());
            }
        }
    }
    out.dedup();
    out
}

/// Whether `credit` names article `a` (its URL, outlet name, id or domain).
fn names(credit: &str, a: &AnnotatedArticle) -> bool {
    let c = credit.trim().to_lowercase();
    if c.is_empty() {
        return false;
    }
    let strip = |u: &str| {
        u.trim()
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .trim_start_matches("www.")
            .trim_end_matches('/')
            .to_lowercase()
    };
    if let Some(u) = &a.article.url {
        let own_url_is_credit = a
            .article
            .field_origins
            .get("url")
            .is_some_and(|o| o.contains("quelle") || o.contains("source"));
        if !own_url_is_credit && strip(u) == strip(&c) {
            return true;
        }
    }
    // An outlet credit (`Wendeltaler Bote`) names the text whose outlet, web address or
    // file name carries that name.
    let slug = slugify(&c);
    if slug.len() >= 4 && !c.contains('/') {
        let host = a
            .article
            .url
            .as_deref()
            .map(|u| slugify(&strip(u).split('/').next().unwrap_or("").replace('.', " ")))
            .unwrap_or_default();
        let own_credit = a.article.credits.iter().any(|k| slugify(k) == slug);
        let file = std::path::Path::new(a.article.path.split('#').next().unwrap_or(""))
            .file_stem()
            .map(|f| slugify(&f.to_string_lossy()))
            .unwrap_or_default();
        if !own_credit && (host.contains(&slug) || file.starts_with(&slug)) {
            return true;
        }
    }
    if let Some(o) = &a.article.outlet {
        if o.name.to_lowercase() == c || (!o.id.is_empty() && o.id.to_lowercase() == c) {
            return true;
        }
        if let Some(d) = &o.domain {
            let d = d.to_lowercase();
            if strip(&c) == d || strip(&c).starts_with(&format!("{d}/")) {
                return true;
            }
        }
    }
    false
}

/// Lower case, letters and digits joined by single hyphens: `Wendeltaler Bote` → `wendeltaler-bote`.
fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Minutes since 1970 (UTC when the offset is given) of an ISO date or date-time.
fn published_minutes(s: &str) -> Option<i64> {
    let day = crate::stories::dates::parse_day(s)? as i64;
    let mut minutes = day * 1440;
    if let (Some(h), Some(m)) = (
        s.get(11..13).and_then(|h| h.parse::<i64>().ok()),
        s.get(14..16).and_then(|m| m.parse::<i64>().ok()),
    ) {
        minutes += h * 60 + m;
        let tz = s.get(16..).unwrap_or("");
        let tz = tz.trim_start_matches(|c: char| c == ':' || c.is_ascii_digit() || c == '.');
        if let Some(sign) = tz.chars().next().filter(|c| *c == '+' || *c == '-') {
            let oh = tz
                .get(1..3)
                .and_then(|x| x.parse::<i64>().ok())
                .unwrap_or(0);
            let om = tz
                .get(4..6)
                .and_then(|x| x.parse::<i64>().ok())
                .unwrap_or(0);
            let off = oh * 60 + om;
            minutes += if sign == '+' { -off } else { off };
        }
    }
    Some(minutes)
}

/// The copy group of `group` (positions in `articles` and `fps`): its origin, by credits,
/// then publication time, then length, and each copy's similarity to it.
pub fn lineage(
    group: &[usize],
    articles: &[AnnotatedArticle],
    fps: &[Fingerprint],
) -> DuplicateGroup {
    let credits: Vec<Vec<String>> = group.iter().map(|&i| credits_of(&articles[i])).collect();
    // How often each member is named by the others' credits.
    let named: Vec<usize> = group
        .iter()
        .map(|&m| {
            group
                .iter()
                .zip(&credits)
                .filter(|(&o, _)| o != m)
                .filter(|(_, cs)| cs.iter().any(|c| names(c, &articles[m])))
                .count()
        })
        .collect();
    let key = |n: usize| {
        let i = group[n];
        (
            std::cmp::Reverse(named[n]),
            articles[i]
                .article
                .published
                .as_deref()
                .and_then(published_minutes)
                .unwrap_or(i64::MAX),
            std::cmp::Reverse(fps[i].shingles.len()),
            articles[i].article.id.clone(),
        )
    };
    let origin_n = (0..group.len()).min_by_key(|&n| key(n)).unwrap_or(0);
    let origin = group[origin_n];
    let mut copies: Vec<(String, f64)> = group
        .iter()
        .filter(|&&i| i != origin)
        .map(|&i| {
            let (j, c) = compare(&fps[origin], &fps[i]);
            let mut s = j.max(c);
            if fps[origin].lang != fps[i].lang {
                s = s.max(translation_similarity(&fps[origin], &fps[i]).unwrap_or(0.0));
            }
            (
                articles[i].article.id.clone(),
                (s * 1000.0).round() / 1000.0,
            )
        })
        .collect();
    copies.sort_by(|a, b| a.0.cmp(&b.0));
    let credited_origin = credits[origin_n].first().cloned().or_else(|| {
        // What the copies credit, if they agree on a first credit.
        let mut cs: Vec<&String> = credits
            .iter()
            .enumerate()
            .filter(|(n, _)| *n != origin_n)
            .filter_map(|(_, c)| c.first())
            .collect();
        cs.sort();
        cs.first().map(|c| (*c).clone())
    });
    DuplicateGroup {
        origin: articles[origin].article.id.clone(),
        copies: copies.iter().map(|c| c.0.clone()).collect(),
        similarity: copies.iter().map(|c| c.1).collect(),
        credited_origin,
    }
}
