//! The incremental analysis: a batch of new articles joins the stored stories through the
//! persisted story index, without recomputing every story. Only the stories that gain an
//! article are rebuilt (their events, title, span and comparison); copies of stored articles
//! are found through a persisted index of sampled shingles.
//!
//! The index lives in the store's key-value table ([`Store::index_entries`]), one entry per
//! item so that a batch reads and writes only what it touches:
//!
//! | key | value |
//! | --- | --- |
//! | `meta` | articles indexed, next story key, documents counted |
//! | `s:<story>` | a story's state (centroids, persons, span), its public id, its size |
//! | `m:<article>` | an article's index vector and story |
//! | `p:<feature>` | the stories that index a feature (posting list) |
//! | `f:<feature>` | in how many articles a feature occurs |
//! | `c:<shingle>` | the articles holding a sampled shingle |
//! | `d:<article>` | the origin of the article's copy group |
//! | `g:<origin>` | the members of a copy group |
//!
//! [`commit_incremental`] must run under the store's analysis lock; it falls back to a full
//! recomputation ([`commit_full`]) when the index does not cover every stored article (a new
//! index, or articles stored by a run that did not keep it).
//!
//! What the incremental path does not do, and `parallax recluster` does: the refinement pass
//! that re-examines every article against the final stories, translations recognised as
//! copies (only same-language copies are found incrementally), and document frequencies of
//! older articles re-weighted as the collection grows.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use parallax_analyze::duplicates::{self, Fingerprint};
use parallax_analyze::stories::features::{self, ArticleFeatures, DocFreq, SparseVec};
use parallax_analyze::stories::index::{
    self, Member, StoryState, MAX_CANDIDATES, MAX_POSTINGS_SCAN,
};
use parallax_analyze::stories::{self, StoryIndex};
use parallax_model::{AnnotatedArticle, Comparison, DuplicateGroup, Story, StorySummary};
use parallax_store::{
    AnalysisUpdate, Batch, BatchAnalysis, CommitReport, IndexWrite, Result, Store, StoreError,
};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::ingest::{searchable, Searchable};

const META: &str = "meta";

fn story_key(s: u32) -> String {
    format!("s:{s}")
}
fn member_key(id: &str) -> String {
    format!("m:{id}")
}
fn posting_key(f: u64) -> String {
    format!("p:{f:016x}")
}
fn df_key(f: u64) -> String {
    format!("f:{f:016x}")
}
fn shingle_key(h: u64) -> String {
    format!("c:{h:016x}")
}
fn origin_key(id: &str) -> String {
    format!("d:{id}")
}
fn group_key(origin: &str) -> String {
    format!("g:{origin}")
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Meta {
    /// Articles the index covers (stored ones, copies included).
    members: u64,
    /// The key the next new story gets.
    next_story: u32,
}

#[derive(Serialize, Deserialize)]
struct SavedStory {
    /// The public story id (it follows the story's earliest article).
    id: String,
    members: u32,
    state: StoryState,
}

#[derive(Serialize, Deserialize)]
struct SavedMember {
    story: u32,
    member: Member,
}

fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>> {
    postcard::to_allocvec(value)
        .map_err(|e| StoreError::Database(format!("encoding the story index: {e}")))
}

fn decode<T: for<'de> Deserialize<'de>>(key: &str, bytes: &[u8]) -> Result<T> {
    postcard::from_bytes(bytes).map_err(|e| {
        StoreError::Database(format!(
            "the story index entry {key} is unreadable ({e}); run `parallax recluster`"
        ))
    })
}

/// Shingles one article files in the persisted copy index: one in 16 (all of a short text's).
const INDEX_SAMPLE: u64 = 16;
/// Shingles an article looks copies up by: one in 4 (all of a short text's), so that it
/// meets both the sampled shingles of long texts and every shingle of short ones.
const QUERY_SAMPLE: u64 = 4;
/// A shingle list this long is boilerplate: it is neither read nor extended.
const MAX_SHINGLE_LIST: usize = duplicates::MAX_POSTING;

fn sampled(fp: &Fingerprint, modulo: u64) -> Vec<u64> {
    let s: Vec<u64> = fp
        .shingles
        .iter()
        .copied()
        .filter(|h| h % modulo == 0)
        .collect();
    if s.len() < 2 * duplicates::MIN_SHARED_SAMPLES {
        fp.shingles.clone()
    } else {
        s
    }
}

/// What an incremental commit did, for the run's report.
#[derive(Debug, Clone, Copy, Default)]
pub struct IncrementalReport {
    pub commit: CommitReport,
    /// Stories rebuilt because they gained articles.
    pub stories_changed: usize,
    /// The index did not cover the collection: everything was recomputed.
    pub recomputed: bool,
}

/// Everything known about one article during an update.
struct Known {
    article: AnnotatedArticle,
    feats: ArticleFeatures,
    fp: Fingerprint,
}

fn known(articles: Vec<AnnotatedArticle>) -> Vec<Known> {
    articles
        .into_par_iter()
        .map(|article| {
            let feats = features::extract(&article);
            let fp = duplicates::fingerprint(&article, &feats);
            Known { article, feats, fp }
        })
        .collect()
}

/// Commit `batch` (articles not stored yet) and bring the analysis up to date
/// incrementally. Run it under [`Store::with_analysis_lock`].
pub fn commit_incremental(
    store: &mut dyn Store,
    batch: &[AnnotatedArticle],
) -> Result<IncrementalReport> {
    let generation = store.analysis_generation()?;
    let entries = store.index_entries(&[META.to_string()])?;
    let meta: Meta = match entries.get(META) {
        Some(bytes) => decode(META, bytes)?,
        None => Meta::default(),
    };
    if meta.members as usize != store.counts()?.articles {
        let commit = commit_full(store, batch)?;
        return Ok(IncrementalReport {
            commit,
            stories_changed: commit.stories_written,
            recomputed: true,
        });
    }
    // A retried commit whose first attempt landed: its articles are indexed already.
    let ids: Vec<String> = batch.iter().map(|a| member_key(&a.article.id)).collect();
    let indexed = store.index_entries(&ids)?;
    let mut seen = HashSet::new();
    let mut fresh: Vec<AnnotatedArticle> = batch
        .iter()
        .filter(|a| !indexed.contains_key(&member_key(&a.article.id)))
        .filter(|a| seen.insert(a.article.id.clone()))
        .cloned()
        .collect();
    fresh.sort_by(|a, b| a.article.id.cmp(&b.article.id));
    let mut update = Update::new(meta, known(fresh));
    update.find_copies(store)?;
    update.place_in_stories(store)?;
    update.rebuild_changed_stories(store)?;
    update.commit(store, generation)
}

/// A node of the copy graph: a new article (position in the batch) or a stored one (id).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Node {
    New(usize),
    Stored(String),
}

/// Where a new article goes: clustered on its own, or after the article it copies.
#[derive(Debug, Clone)]
enum Anchor {
    Own,
    /// A copy of a stored article, before that article's story is looked up.
    StoredMember(String),
    StoredStory(u32),
    NewArticle(usize),
}

struct Update {
    meta: Meta,
    new: Vec<Known>,
    anchors: Vec<Anchor>,
    /// Copy groups written and removed, and the new articles that are copies.
    groups: Vec<DuplicateGroup>,
    removed_groups: Vec<String>,
    is_copy: HashSet<String>,
    /// Index entries to write.
    put: BTreeMap<String, Vec<u8>>,
    /// Stored articles loaded for copy verification and lineage.
    stored: HashMap<String, Known>,
    /// The stories: the resumed index, their keys, which gained members.
    index: StoryIndex,
    story_keys: Vec<u32>,
    saved: Vec<Option<SavedStory>>,
    indexed_before: Vec<HashSet<u64>>,
    /// Loaded posting lists (by persistent story key).
    postings: HashMap<u64, Vec<u32>>,
    df_keys: Vec<u64>,
    stories: Vec<Story>,
    comparisons: Vec<Comparison>,
    summaries: Vec<StorySummary>,
    removed_stories: Vec<String>,
}

impl Update {
    fn new(meta: Meta, new: Vec<Known>) -> Self {
        let anchors = vec![Anchor::Own; new.len()];
        Update {
            meta,
            new,
            anchors,
            groups: Vec::new(),
            removed_groups: Vec::new(),
            is_copy: HashSet::new(),
            put: BTreeMap::new(),
            stored: HashMap::new(),
            index: StoryIndex::new(),
            story_keys: Vec::new(),
            saved: Vec::new(),
            indexed_before: Vec::new(),
            postings: HashMap::new(),
            df_keys: Vec::new(),
            stories: Vec::new(),
            comparisons: Vec::new(),
            summaries: Vec::new(),
            removed_stories: Vec::new(),
        }
    }

    fn load_stored(&mut self, store: &dyn Store, ids: &[String]) -> Result<()> {
        let missing: Vec<String> = ids
            .iter()
            .filter(|id| !self.stored.contains_key(*id))
            .cloned()
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        for k in known(store.articles_by_id(&missing)?) {
            self.stored.insert(k.article.article.id.clone(), k);
        }
        Ok(())
    }

    /// Copies among the new articles and between them and stored ones; groups merged and
    /// their lineage recomputed.
    fn find_copies(&mut self, store: &dyn Store) -> Result<()> {
        let queries: Vec<Vec<u64>> = self
            .new
            .iter()
            .map(|k| sampled(&k.fp, QUERY_SAMPLE))
            .collect();
        let mut keys: BTreeSet<u64> = queries.iter().flatten().copied().collect();
        let filed: Vec<Vec<u64>> = self
            .new
            .iter()
            .map(|k| sampled(&k.fp, INDEX_SAMPLE))
            .collect();
        keys.extend(filed.iter().flatten().copied());
        let key_names: Vec<String> = keys.iter().map(|&h| shingle_key(h)).collect();
        let loaded = store.index_entries(&key_names)?;
        let mut lists: HashMap<u64, Vec<String>> = HashMap::new();
        for &h in &keys {
            if let Some(bytes) = loaded.get(&shingle_key(h)) {
                lists.insert(h, decode(&shingle_key(h), bytes)?);
            }
        }
        // Candidates: stored articles sharing sampled shingles, then new ones filed earlier.
        let mut edges: Vec<(Node, Node)> = Vec::new();
        let mut stored_candidates: Vec<(usize, String)> = Vec::new();
        for (i, q) in queries.iter().enumerate() {
            let mut counts: HashMap<&str, usize> = HashMap::new();
            for h in q {
                if let Some(list) = lists.get(h).filter(|l| l.len() <= MAX_SHINGLE_LIST) {
                    for id in list {
                        *counts.entry(id.as_str()).or_default() += 1;
                    }
                }
            }
            let need = if q.len() < 2 * duplicates::MIN_SHARED_SAMPLES {
                1
            } else {
                2
            };
            stored_candidates.extend(
                counts
                    .into_iter()
                    .filter(|&(_, n)| n >= need)
                    .map(|(id, _)| (i, id.to_string())),
            );
        }
        let ids: Vec<String> = stored_candidates
            .iter()
            .map(|(_, id)| id.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        self.load_stored(store, &ids)?;
        for (i, id) in stored_candidates {
            if let Some(other) = self.stored.get(&id) {
                if duplicates::is_copy(&self.new[i].fp, &other.fp).is_some() {
                    edges.push((Node::New(i), Node::Stored(id)));
                }
            }
        }
        for i in 0..self.new.len() {
            for j in 0..i {
                if duplicates::is_copy(&self.new[i].fp, &self.new[j].fp).is_some() {
                    edges.push((Node::New(j), Node::New(i)));
                }
            }
        }
        // The new articles file their shingles.
        for (i, f) in filed.iter().enumerate() {
            for &h in f {
                let list = lists.entry(h).or_default();
                if list.len() <= MAX_SHINGLE_LIST {
                    list.push(self.new[i].article.article.id.clone());
                    self.put.insert(shingle_key(h), encode(list)?);
                }
            }
        }
        self.merge_groups(store, edges)
    }

    fn merge_groups(&mut self, store: &dyn Store, edges: Vec<(Node, Node)>) -> Result<()> {
        if edges.is_empty() {
            return Ok(());
        }
        // Stored articles already in groups bring their whole group along.
        let linked: Vec<String> = edges
            .iter()
            .flat_map(|(a, b)| [a, b])
            .filter_map(|n| match n {
                Node::Stored(id) => Some(id.clone()),
                Node::New(_) => None,
            })
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let origins =
            store.index_entries(&linked.iter().map(|id| origin_key(id)).collect::<Vec<_>>())?;
        let mut old_origin: HashMap<String, String> = HashMap::new();
        for id in &linked {
            if let Some(bytes) = origins.get(&origin_key(id)) {
                old_origin.insert(id.clone(), decode(&origin_key(id), bytes)?);
            }
        }
        let old_groups: BTreeSet<String> = old_origin.values().cloned().collect();
        let group_keys: Vec<String> = old_groups.iter().map(|o| group_key(o)).collect();
        let group_entries = store.index_entries(&group_keys)?;
        let mut members_of: HashMap<String, Vec<String>> = HashMap::new();
        for o in &old_groups {
            if let Some(bytes) = group_entries.get(&group_key(o)) {
                members_of.insert(o.clone(), decode(&group_key(o), bytes)?);
            }
        }
        // Union-find over new articles and stored ones (whole groups).
        let mut parent: BTreeMap<Node, Node> = BTreeMap::new();
        fn root(parent: &mut BTreeMap<Node, Node>, n: &Node) -> Node {
            let mut x = n.clone();
            while let Some(p) = parent.get(&x).filter(|p| **p != x).cloned() {
                x = p;
            }
            x
        }
        let union = |parent: &mut BTreeMap<Node, Node>, a: Node, b: Node| {
            parent.entry(a.clone()).or_insert_with(|| a.clone());
            parent.entry(b.clone()).or_insert_with(|| b.clone());
            let (ra, rb) = (root(parent, &a), root(parent, &b));
            if ra != rb {
                let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
                parent.insert(hi, lo);
            }
        };
        for (a, b) in edges {
            union(&mut parent, a, b);
        }
        for members in members_of.values() {
            for pair in members.windows(2) {
                union(
                    &mut parent,
                    Node::Stored(pair[0].clone()),
                    Node::Stored(pair[1].clone()),
                );
            }
        }
        let nodes: Vec<Node> = parent.keys().cloned().collect();
        let mut components: BTreeMap<Node, Vec<Node>> = BTreeMap::new();
        for n in nodes {
            let r = root(&mut parent, &n);
            components.entry(r).or_default().push(n);
        }
        let all_stored: Vec<String> = components
            .values()
            .flatten()
            .filter_map(|n| match n {
                Node::Stored(id) => Some(id.clone()),
                Node::New(_) => None,
            })
            .collect();
        self.load_stored(store, &all_stored)?;
        for nodes in components.into_values() {
            self.write_group(&nodes, &old_origin)?;
        }
        Ok(())
    }

    /// The lineage of one merged group, its index entries, and where its new members go.
    fn write_group(&mut self, nodes: &[Node], old_origin: &HashMap<String, String>) -> Result<()> {
        let mut articles: Vec<AnnotatedArticle> = Vec::with_capacity(nodes.len());
        let mut fps: Vec<Fingerprint> = Vec::with_capacity(nodes.len());
        let mut present: Vec<&Node> = Vec::new();
        for n in nodes {
            let k = match n {
                Node::New(i) => Some(&self.new[*i]),
                Node::Stored(id) => self.stored.get(id),
            };
            if let Some(k) = k {
                articles.push(k.article.clone());
                fps.push(k.fp.clone());
                present.push(n);
            }
        }
        if articles.len() < 2 {
            return Ok(());
        }
        let positions: Vec<usize> = (0..articles.len()).collect();
        let group = duplicates::lineage(&positions, &articles, &fps);
        // Every group this one absorbed, other than itself, is gone.
        for n in &present {
            if let Node::Stored(id) = n {
                if let Some(o) = old_origin.get(id) {
                    if *o != group.origin && !self.removed_groups.contains(o) {
                        self.removed_groups.push(o.clone());
                        self.put.insert(group_key(o), Vec::new());
                    }
                }
            }
        }
        let members: Vec<String> = std::iter::once(group.origin.clone())
            .chain(group.copies.iter().cloned())
            .collect();
        for m in &members {
            self.put.insert(origin_key(m), encode(&group.origin)?);
        }
        self.put.insert(group_key(&group.origin), encode(&members)?);
        for c in &group.copies {
            self.is_copy.insert(c.clone());
        }
        self.groups.push(group.clone());
        // New members follow a stored member's story, else the group's origin.
        let stored_member = present.iter().find_map(|n| match n {
            Node::Stored(id) => Some(id.clone()),
            Node::New(_) => None,
        });
        let origin_new = present.iter().find_map(|n| match n {
            Node::New(i) if self.new[*i].article.article.id == group.origin => Some(*i),
            _ => None,
        });
        for n in &present {
            let Node::New(i) = n else { continue };
            self.anchors[*i] = match (&stored_member, origin_new) {
                (Some(id), _) => Anchor::StoredMember(id.clone()),
                (None, Some(o)) if o != *i => Anchor::NewArticle(o),
                _ => Anchor::Own,
            };
        }
        Ok(())
    }

    /// Join every new article to a story (or open one) through the resumed index.
    fn place_in_stories(&mut self, store: &dyn Store) -> Result<()> {
        // The stories of stored articles that new copies follow.
        let followed: Vec<String> = self
            .anchors
            .iter()
            .filter_map(|a| a.followed_member().map(str::to_string))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let member_entries =
            store.index_entries(&followed.iter().map(|id| member_key(id)).collect::<Vec<_>>())?;
        let mut story_of_member: HashMap<String, u32> = HashMap::new();
        for id in &followed {
            if let Some(bytes) = member_entries.get(&member_key(id)) {
                let saved: SavedMember = decode(&member_key(id), bytes)?;
                story_of_member.insert(id.clone(), saved.story);
            }
        }
        for a in &mut self.anchors {
            if let Some(id) = a.followed_member() {
                *a = match story_of_member.get(id) {
                    Some(&s) => Anchor::StoredStory(s),
                    None => Anchor::Own,
                };
            }
        }

        // Document frequencies of the features the new articles use.
        let mut df_keys: BTreeSet<u64> = BTreeSet::new();
        for k in &self.new {
            df_keys.extend(DocFreq::keys_of(&k.feats));
        }
        self.df_keys = df_keys.into_iter().collect();
        let mut names: Vec<String> = self.df_keys.iter().map(|&f| df_key(f)).collect();
        names.push("docs".into());
        let loaded = store.index_entries(&names)?;
        let docs: u32 = match loaded.get("docs") {
            Some(b) => decode("docs", b)?,
            None => 0,
        };
        let mut counts = Vec::with_capacity(self.df_keys.len());
        for &f in &self.df_keys {
            if let Some(b) = loaded.get(&df_key(f)) {
                counts.push((f, decode::<u32>(&df_key(f), b)?));
            }
        }
        let mut df = DocFreq::from_counts(docs, counts);
        let mut estimate = df.clone();
        for k in &self.new {
            estimate.add(&k.feats);
        }

        // Candidate stories: those the new articles' salient features are posted to.
        let lookups: Vec<Vec<(u64, f32)>> = self
            .new
            .iter()
            .map(|k| index::lookup_features(&features::weighted(&k.feats, &estimate)))
            .collect();
        let posting_features: BTreeSet<u64> = lookups.iter().flatten().map(|(f, _)| *f).collect();
        self.load_postings(store, posting_features.iter().copied())?;
        let mut candidates: BTreeSet<u32> = BTreeSet::new();
        for (i, lookup) in lookups.iter().enumerate() {
            if !matches!(self.anchors[i], Anchor::Own) {
                continue;
            }
            let mut acc: HashMap<u32, f32> = HashMap::new();
            for (f, w) in lookup {
                if let Some(list) = self.postings.get(f) {
                    let from = list.len().saturating_sub(MAX_POSTINGS_SCAN);
                    for &s in &list[from..] {
                        *acc.entry(s).or_default() += w;
                    }
                }
            }
            let mut ranked: Vec<(u32, f32)> = acc.into_iter().collect();
            ranked.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            candidates.extend(ranked.into_iter().take(MAX_CANDIDATES).map(|(s, _)| s));
        }
        for a in &self.anchors {
            if let Anchor::StoredStory(s) = a {
                candidates.insert(*s);
            }
        }
        self.resume(store, &candidates, std::mem::take(&mut df))?;

        // Originals in canonical order (by day, then id), then copies after their origin.
        let mut order: Vec<usize> = (0..self.new.len()).collect();
        order.sort_by(|&a, &b| {
            let day = |i: usize| index::article_day(&self.new[i].feats).unwrap_or(i32::MAX);
            (day(a), &self.new[a].article.article.id)
                .cmp(&(day(b), &self.new[b].article.article.id))
        });
        let mut placed: HashMap<usize, usize> = HashMap::new();
        for pass in [true, false] {
            for &i in &order {
                let own = matches!(self.anchors[i], Anchor::Own);
                if own != pass {
                    continue;
                }
                let id = self.new[i].article.article.id.clone();
                let target = match &self.anchors[i] {
                    Anchor::StoredStory(s) => self.story_keys.iter().position(|k| k == s),
                    Anchor::NewArticle(o) => placed.get(o).copied(),
                    Anchor::Own | Anchor::StoredMember(_) => None,
                };
                let local = match target {
                    Some(story) => self.index.add_to_story(id, &self.new[i].feats, story),
                    None => self.index.add_features(id, &self.new[i].feats),
                };
                placed.insert(i, local);
                while self.story_keys.len() < self.index.stories().len() {
                    self.story_keys.push(self.meta.next_story);
                    self.meta.next_story += 1;
                    self.saved.push(None);
                    self.indexed_before.push(HashSet::new());
                }
            }
        }
        Ok(())
    }

    fn load_postings(
        &mut self,
        store: &dyn Store,
        features: impl Iterator<Item = u64>,
    ) -> Result<()> {
        let wanted: Vec<u64> = features
            .filter(|f| !self.postings.contains_key(f))
            .collect();
        let names: Vec<String> = wanted.iter().map(|&f| posting_key(f)).collect();
        let loaded = store.index_entries(&names)?;
        for f in wanted {
            let list = match loaded.get(&posting_key(f)) {
                Some(b) => decode(&posting_key(f), b)?,
                None => Vec::new(),
            };
            self.postings.insert(f, list);
        }
        Ok(())
    }

    /// Load the candidate stories' states and resume the index over them.
    fn resume(&mut self, store: &dyn Store, candidates: &BTreeSet<u32>, df: DocFreq) -> Result<()> {
        let names: Vec<String> = candidates.iter().map(|&s| story_key(s)).collect();
        let loaded = store.index_entries(&names)?;
        let mut states = Vec::new();
        for &s in candidates {
            let Some(bytes) = loaded.get(&story_key(s)) else {
                continue;
            };
            let saved: SavedStory = decode(&story_key(s), bytes)?;
            self.story_keys.push(s);
            self.indexed_before
                .push(saved.state.indexed().iter().copied().collect());
            states.push((saved.state.clone(), saved.members as usize));
            self.saved.push(Some(saved));
        }
        let local: HashMap<u32, u32> = self
            .story_keys
            .iter()
            .enumerate()
            .map(|(i, &k)| (k, i as u32))
            .collect();
        let postings: Vec<(u64, Vec<u32>)> = self
            .postings
            .iter()
            .map(|(f, list)| {
                (
                    *f,
                    list.iter().filter_map(|s| local.get(s).copied()).collect(),
                )
            })
            .collect();
        self.index = StoryIndex::resume(df, states, postings);
        Ok(())
    }

    /// Rebuild each story that gained articles from all its members.
    fn rebuild_changed_stories(&mut self, store: &dyn Store) -> Result<()> {
        let mut gained: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (m, member) in self.index.members().iter().enumerate() {
            gained.entry(member.story).or_default().push(m);
        }
        let new_by_id: HashMap<String, usize> = self
            .new
            .iter()
            .enumerate()
            .map(|(i, k)| (k.article.article.id.clone(), i))
            .collect();
        for (local, new_members) in gained {
            let previous_id = self.saved[local].as_ref().map(|s| s.id.clone());
            let old_ids = match &previous_id {
                Some(id) => store.story_article_ids(id)?,
                None => Vec::new(),
            };
            self.load_stored(store, &old_ids)?;
            let entries = store
                .index_entries(&old_ids.iter().map(|id| member_key(id)).collect::<Vec<_>>())?;
            let mut old_vectors: Vec<(String, SparseVec)> = Vec::new();
            for id in &old_ids {
                if let Some(bytes) = entries.get(&member_key(id)) {
                    let saved: SavedMember = decode(&member_key(id), bytes)?;
                    old_vectors.push((id.clone(), saved.member.vector));
                }
            }
            let copies = self.copies_among(store, &old_ids)?;
            let mut articles: Vec<AnnotatedArticle> = Vec::new();
            let mut feats: Vec<ArticleFeatures> = Vec::new();
            let mut vectors: Vec<SparseVec> = Vec::new();
            let mut is_copy: Vec<bool> = Vec::new();
            for (id, v) in old_vectors {
                if let Some(k) = self.stored.get(&id) {
                    articles.push(k.article.clone());
                    feats.push(k.feats.clone());
                    vectors.push(v);
                    is_copy.push(copies.contains(&id));
                }
            }
            for &m in &new_members {
                let member = &self.index.members()[m];
                if let Some(&i) = new_by_id.get(&member.id) {
                    articles.push(self.new[i].article.clone());
                    feats.push(self.new[i].feats.clone());
                    vectors.push(member.vector.clone());
                    is_copy.push(self.is_copy.contains(&member.id));
                }
            }
            let refs: Vec<&SparseVec> = vectors.iter().collect();
            let story = stories::story_from_members(&articles, &feats, &refs, &is_copy);
            let by_id: HashMap<&str, &AnnotatedArticle> = articles
                .iter()
                .map(|a| (a.article.id.as_str(), a))
                .collect();
            let members: Vec<&AnnotatedArticle> = story
                .articles
                .iter()
                .filter_map(|id| by_id.get(id.as_str()).copied())
                .collect();
            let origin_of: HashMap<&str, &str> = self
                .groups
                .iter()
                .flat_map(|g| g.copies.iter().map(|c| (c.as_str(), g.origin.as_str())))
                .collect();
            self.comparisons
                .push(parallax_analyze::compare::compare_story(
                    &story, &members, &origin_of,
                ));
            self.summaries.push(parallax_analyze::summary::summarize(
                &story,
                &members,
                &self.groups,
            ));
            if let Some(old) = previous_id.filter(|old| *old != story.id) {
                self.removed_stories.push(old);
            }
            let key = self.story_keys[local];
            let saved = SavedStory {
                id: story.id.clone(),
                members: story.articles.len() as u32,
                state: self.index.stories()[local].clone(),
            };
            self.put.insert(story_key(key), encode(&saved)?);
            for &m in &new_members {
                let mut member = self.index.members()[m].clone();
                member.story = key as usize;
                let id = member.id.clone();
                self.put.insert(
                    member_key(&id),
                    encode(&SavedMember { story: key, member })?,
                );
            }
            self.stories.push(story);
        }
        Ok(())
    }

    /// Which of `ids` (stored articles) are copies of another article.
    fn copies_among(&self, store: &dyn Store, ids: &[String]) -> Result<HashSet<String>> {
        let entries =
            store.index_entries(&ids.iter().map(|id| origin_key(id)).collect::<Vec<_>>())?;
        let mut out = HashSet::new();
        for id in ids {
            let origin: Option<String> = match self.put.get(&origin_key(id)) {
                Some(b) => Some(decode(&origin_key(id), b)?),
                None => entries
                    .get(&origin_key(id))
                    .map(|b| decode(&origin_key(id), b))
                    .transpose()?,
            };
            if origin.is_some_and(|o| o != *id) {
                out.insert(id.clone());
            }
        }
        Ok(out)
    }

    fn commit(mut self, store: &mut dyn Store, generation: u64) -> Result<IncrementalReport> {
        // Posting lists: each feature a changed story newly indexes gets the story's key.
        let mut appended: BTreeMap<u64, Vec<u32>> = BTreeMap::new();
        for (local, state) in self.index.stories().iter().enumerate() {
            for f in state.indexed() {
                if !self.indexed_before[local].contains(f) {
                    appended.entry(*f).or_default().push(self.story_keys[local]);
                }
            }
        }
        self.load_postings(store, appended.keys().copied())?;
        for (f, keys) in appended {
            let list = self.postings.entry(f).or_default();
            for k in keys {
                if !list.contains(&k) {
                    list.push(k);
                }
            }
            self.put.insert(posting_key(f), encode(list)?);
        }
        let df = self.index.doc_freq();
        for &f in &self.df_keys {
            let c = df.count(f);
            if c > 0 {
                self.put.insert(df_key(f), encode(&c)?);
            }
        }
        self.put.insert("docs".into(), encode(&df.docs)?);
        self.meta.members += self.new.len() as u64;
        self.put.insert(META.into(), encode(&self.meta)?);

        let articles: Vec<AnnotatedArticle> = self.new.iter().map(|k| k.article.clone()).collect();
        let search: Vec<Searchable> = articles.par_iter().map(searchable).collect();
        let new_articles = crate::ingest::new_articles(&articles, &search);
        let put: Vec<(String, Vec<u8>)> = self.put.into_iter().collect();
        let commit = store.commit(Batch {
            new_articles: &new_articles,
            analysis: None,
            update: Some(AnalysisUpdate {
                changed: BatchAnalysis {
                    duplicates: &self.groups,
                    stories: &self.stories,
                    comparisons: &self.comparisons,
                    summaries: &self.summaries,
                },
                removed_stories: &self.removed_stories,
                removed_duplicates: &self.removed_groups,
            }),
            index: IndexWrite {
                clear: false,
                put: &put,
            },
            base_generation: Some(generation),
        })?;
        Ok(IncrementalReport {
            commit,
            stories_changed: self.stories.len(),
            recomputed: false,
        })
    }
}

impl Anchor {
    fn followed_member(&self) -> Option<&str> {
        match self {
            Anchor::StoredMember(id) => Some(id),
            _ => None,
        }
    }
}

/// Recompute the whole analysis over every stored article plus `batch` and rewrite the story
/// index from it: `parallax recluster`, and the first incremental commit on a collection the
/// index does not cover. Run it under [`Store::with_analysis_lock`].
pub fn commit_full(store: &mut dyn Store, batch: &[AnnotatedArticle]) -> Result<CommitReport> {
    let generation = store.analysis_generation()?;
    let mut all = store.load_articles()?;
    let stored: HashSet<String> = all.iter().map(|a| a.article.id.clone()).collect();
    let new: Vec<AnnotatedArticle> = batch
        .iter()
        .filter(|a| !stored.contains(&a.article.id))
        .cloned()
        .collect();
    all.extend(new.iter().cloned());
    let mut seen = HashSet::new();
    all.retain(|a| seen.insert(a.article.id.clone()));
    all.sort_by(|a, b| {
        a.article
            .path
            .cmp(&b.article.path)
            .then_with(|| a.article.id.cmp(&b.article.id))
    });
    let feats: Vec<ArticleFeatures> = all.par_iter().map(features::extract).collect();
    let groups = duplicates::find_with_features(&all, &feats);
    let clustering = stories::cluster_with_index(&all, &feats, &groups);
    let comparisons = parallax_analyze::compare::compare_all(&all, &clustering.stories, &groups);
    let summaries = parallax_analyze::summary::summarize_all(&clustering.stories, &all, &groups);
    let put = full_index(&all, &feats, &groups, &clustering)?;
    let search: Vec<Searchable> = new.par_iter().map(searchable).collect();
    let new_articles = crate::ingest::new_articles(&new, &search);
    store.commit(Batch {
        new_articles: &new_articles,
        analysis: Some(BatchAnalysis {
            duplicates: &groups,
            stories: &clustering.stories,
            comparisons: &comparisons,
            summaries: &summaries,
        }),
        update: None,
        index: IndexWrite {
            clear: true,
            put: &put,
        },
        base_generation: Some(generation),
    })
}

/// Every index entry of a full clustering.
fn full_index(
    all: &[AnnotatedArticle],
    feats: &[ArticleFeatures],
    groups: &[DuplicateGroup],
    c: &stories::Clustering,
) -> Result<Vec<(String, Vec<u8>)>> {
    let idx = &c.index;
    let mut put: Vec<(String, Vec<u8>)> = Vec::new();
    let public: HashMap<usize, &Story> = c
        .index_story
        .iter()
        .zip(&c.stories)
        .map(|(&s, story)| (s, story))
        .collect();
    for (s, state) in idx.stories().iter().enumerate() {
        let Some(story) = public.get(&s) else {
            continue;
        };
        let saved = SavedStory {
            id: story.id.clone(),
            members: story.articles.len() as u32,
            state: state.clone(),
        };
        put.push((story_key(s as u32), encode(&saved)?));
    }
    for member in idx.members() {
        let mut member = member.clone();
        let story = member.story as u32;
        member.story = story as usize;
        put.push((
            member_key(&member.id.clone()),
            encode(&SavedMember { story, member })?,
        ));
    }
    for (f, list) in idx.postings() {
        put.push((posting_key(*f), encode(list)?));
    }
    let df = idx.doc_freq();
    for (f, count) in df.counts() {
        put.push((df_key(f), encode(&count)?));
    }
    put.push(("docs".into(), encode(&df.docs)?));
    let fps: Vec<Fingerprint> = all
        .par_iter()
        .zip(feats)
        .map(|(a, f)| duplicates::fingerprint(a, f))
        .collect();
    let mut shingles: BTreeMap<u64, Vec<String>> = BTreeMap::new();
    for (a, fp) in all.iter().zip(&fps) {
        for h in sampled(fp, INDEX_SAMPLE) {
            let list = shingles.entry(h).or_default();
            if list.len() <= MAX_SHINGLE_LIST {
                list.push(a.article.id.clone());
            }
        }
    }
    for (h, list) in shingles {
        put.push((shingle_key(h), encode(&list)?));
    }
    for g in groups {
        let members: Vec<String> = std::iter::once(g.origin.clone())
            .chain(g.copies.iter().cloned())
            .collect();
        for m in &members {
            put.push((origin_key(m), encode(&g.origin)?));
        }
        put.push((group_key(&g.origin), encode(&members)?));
    }
    let meta = Meta {
        members: all.len() as u64,
        next_story: idx.stories().len() as u32,
    };
    put.push((META.into(), encode(&meta)?));
    Ok(put)
}
