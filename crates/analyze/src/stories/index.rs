//! The incremental story index: articles are added one at a time and join the story whose
//! centroid they are most similar to, or start a new one. Candidate stories come from an
//! inverted index over each article's most salient features, so the cost of one `add` stays
//! roughly constant however many stories the index holds.

use rustc_hash::{FxHashMap, FxHashSet};

use super::features::{self, ArticleFeatures, DocFreq, Lang, SparseVec};

/// An article joins a story when its similarity to the story reaches this value. The score
/// is a cosine of unit tf·idf vectors (words, entities, numbers), damped by distance in time:
/// a corpus-independent scale (0 = nothing in common, 1 = the same salient features).
pub const JOIN_THRESHOLD: f32 = 0.10;
/// ... and at least this share of the story's own cohesion (the mean similarity of its
/// members to its centroid, which is `|centroid| / members`): a tight story only takes
/// articles that fit it about as well as its members do. This keeps apart stories that share
/// a setting (a capital, its president, the word "Besuch") but not their protagonists.
pub const COHESION_SHARE: f32 = 0.15;
/// How many of an article's features are used to look up candidate stories.
pub const QUERY_FEATURES: usize = 32;
/// How many of an article's features are indexed for the story it joins.
const INDEX_FEATURES: usize = 64;
/// A story indexes at most this many features (its first members' most salient ones).
const STORY_INDEX_CAP: usize = 512;
/// How many candidate stories are scored exactly.
pub const MAX_CANDIDATES: usize = 24;
/// Only the most recent stories of a very common feature's posting list are looked at.
pub const MAX_POSTINGS_SCAN: usize = 1000;
/// Most recent stories scanned for candidates by meaning (sentence encoder).
const MAX_MEANING_SCAN: usize = 2000;
/// A story's centroid keeps at most this many features.
const CENTROID_KEEP: usize = 256;
/// Time gap (days) below which dates do not matter.
const TIME_SLACK_DAYS: f32 = 45.0;
/// Cosine of title-and-lead vectors (multilingual-e5-small) below which meaning adds
/// nothing: articles of different stories in one field reach it (measured on the sample
/// corpus: same story across languages 0.90–0.94, other stories up to 0.90).
const MEANING_FLOOR: f32 = 0.88;
/// Cosine at which meaning gives its full weight.
const MEANING_FULL: f32 = 0.94;
/// The similarity meaning gives at full weight (comparable with a word cosine).
const MEANING_WEIGHT: f32 = 0.5;
/// Cosine with a story's mean meaning that makes it a candidate (the mean of a story's
/// members is less close to each than they are to one another).
const MEANING_CANDIDATE: f32 = 0.84;
/// Most recent members of a story an article's meaning is compared with.
const MEANING_NEIGHBOURS: usize = 64;

/// The similarity a meaning cosine gives: nothing below [`MEANING_FLOOR`], rising to
/// [`MEANING_WEIGHT`] at [`MEANING_FULL`].
fn meaning_weight(cos: f32) -> f32 {
    ((cos - MEANING_FLOOR) / (MEANING_FULL - MEANING_FLOOR)).clamp(0.0, 1.0) * MEANING_WEIGHT
}
/// Time gap (days) beyond the slack over which the similarity is halved (stories such as a
/// leader's yearly visits span years; time only breaks near-ties).
const TIME_HALF_DAYS: f32 = 1095.0;

/// One story being built. Serialisable (without its member list, see
/// [`StoryIndex::resume`]) so that an incremental analysis keeps it between runs.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct StoryState {
    /// Centroid of its members' vectors per language (words only match within a language).
    langs: Vec<LangCentroid>,
    /// Members: positions in the index's article list.
    #[serde(skip)]
    pub members: Vec<usize>,
    indexed: FxHashSet<u64>,
    /// First and last known day (days since 1970-01-01) of its articles.
    pub first_day: Option<i32>,
    pub last_day: Option<i32>,
    /// Its articles' days, with how many articles have each, and whether they are all of
    /// them (false for a story stored before days were kept: its span stands for them).
    #[serde(default)]
    days: std::collections::BTreeMap<i32, u32>,
    #[serde(default)]
    days_kept: bool,
    /// Summed weight of the persons its articles name.
    persons: FxHashMap<u64, f32>,
    /// Summed weight of its articles' settings (places, organisations).
    #[serde(default)]
    settings: FxHashMap<u64, f32>,
    /// Centroid of its members' language-independent vectors, and its length.
    shared: FxHashMap<u64, f32>,
    shared_norm: f32,
    /// Sum of its members' title-and-lead meaning vectors (sentence encoder), and how many
    /// members have one.
    #[serde(default)]
    meaning: Vec<f32>,
    #[serde(default)]
    meaning_members: u32,
}

/// The centroid of a story's members written in one language.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct LangCentroid {
    #[serde(with = "super::features::lang_code")]
    lang: Lang,
    centroid: FxHashMap<u64, f32>,
    /// Length of the centroid.
    norm: f32,
    /// How many members are written in this language.
    members: u32,
}

impl StoryState {
    /// A story without members.
    fn new() -> Self {
        StoryState {
            days_kept: true,
            ..StoryState::default()
        }
    }

    fn add(&mut self, p: &Probe<'_>) {
        let (v, day) = (p.vector, p.day);
        for &(k, w) in p.persons {
            *self.persons.entry(k).or_default() += w;
        }
        for &(k, w) in p.settings {
            *self.settings.entry(k).or_default() += w;
        }
        for &(k, w) in &p.shared.0 {
            *self.shared.entry(k).or_default() += w;
        }
        self.shared_norm = self.shared.values().map(|w| w * w).sum::<f32>().sqrt();
        if let Some(m) = p.meaning {
            if self.meaning.len() != m.len() {
                self.meaning = vec![0.0; m.len()];
            }
            self.meaning.iter_mut().zip(m).for_each(|(s, x)| *s += x);
            self.meaning_members += 1;
        }
        let slot = self.lang_mut(p.lang);
        slot.members += 1;
        let centroid = &mut slot.centroid;
        for &(k, w) in &v.0 {
            *centroid.entry(k).or_default() += w;
        }
        if centroid.len() > CENTROID_KEEP + CENTROID_KEEP / 2 {
            let mut all: Vec<(u64, f32)> = centroid.drain().collect();
            all.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            all.truncate(CENTROID_KEEP);
            centroid.extend(all);
        }
        slot.norm = centroid.values().map(|w| w * w).sum::<f32>().sqrt();
        if let Some(d) = day {
            self.first_day = Some(self.first_day.map_or(d, |f| f.min(d)));
            self.last_day = Some(self.last_day.map_or(d, |l| l.max(d)));
            *self.days.entry(d).or_default() += 1;
        }
    }

    fn remove(&mut self, p: &Probe<'_>) {
        let v = p.vector;
        if let Some(d) = p.day {
            if let Some(n) = self.days.get_mut(&d) {
                *n -= 1;
                if *n == 0 {
                    self.days.remove(&d);
                }
            }
        }
        for &(k, w) in p.persons {
            if let Some(c) = self.persons.get_mut(&k) {
                *c -= w;
                if *c <= 1e-6 {
                    self.persons.remove(&k);
                }
            }
        }
        for &(k, w) in p.settings {
            if let Some(c) = self.settings.get_mut(&k) {
                *c -= w;
                if *c <= 1e-6 {
                    self.settings.remove(&k);
                }
            }
        }
        for &(k, w) in &p.shared.0 {
            if let Some(c) = self.shared.get_mut(&k) {
                *c -= w;
                if *c <= 1e-6 {
                    self.shared.remove(&k);
                }
            }
        }
        self.shared_norm = self.shared.values().map(|w| w * w).sum::<f32>().sqrt();
        if let Some(m) = p.meaning.filter(|m| m.len() == self.meaning.len()) {
            self.meaning.iter_mut().zip(m).for_each(|(s, x)| *s -= x);
            self.meaning_members = self.meaning_members.saturating_sub(1);
        }
        let slot = self.lang_mut(p.lang);
        slot.members = slot.members.saturating_sub(1);
        let centroid = &mut slot.centroid;
        for &(k, w) in &v.0 {
            if let Some(c) = centroid.get_mut(&k) {
                *c -= w;
                if *c <= 1e-6 {
                    centroid.remove(&k);
                }
            }
        }
        slot.norm = centroid.values().map(|w| w * w).sum::<f32>().sqrt();
    }

    /// The centroid of the members in `lang`, if the story has any.
    fn lang(&self, lang: Lang) -> Option<&LangCentroid> {
        self.langs.iter().find(|c| c.lang == lang)
    }

    /// The centroid of the members in `lang`, made empty when it is the first.
    fn lang_mut(&mut self, lang: Lang) -> &mut LangCentroid {
        let at = match self.langs.iter().position(|c| c.lang == lang) {
            Some(at) => at,
            None => {
                self.langs.push(LangCentroid {
                    lang,
                    centroid: FxHashMap::default(),
                    norm: 0.0,
                    members: 0,
                });
                self.langs.len() - 1
            }
        };
        &mut self.langs[at]
    }

    /// The similarity an article in language `lang` needs to join this story: the cohesion
    /// is measured among the members written in that language.
    pub fn required(&self, lang: Lang) -> f32 {
        match self.lang(lang) {
            Some(c) if c.members >= 2 => {
                JOIN_THRESHOLD.max(COHESION_SHARE * c.norm / c.members as f32)
            }
            _ => JOIN_THRESHOLD,
        }
    }

    /// Cosine of a unit vector with the centroid of the members in language `lang`.
    fn cosine(&self, v: &SparseVec, lang: Lang) -> f32 {
        let Some(c) = self.lang(lang).filter(|c| c.norm > 0.0) else {
            return 0.0;
        };
        let dot: f32 =
            v.0.iter()
                .map(|(k, w)| w * c.centroid.get(k).copied().unwrap_or(0.0))
                .sum();
        dot / c.norm
    }

    /// Similarity of an article with this story's content: the cosine over all features,
    /// or — for the share of the story written in other languages, where words cannot
    /// match — the cosine over the language-independent features (entities, numbers with
    /// unit, dates), whichever is higher.
    fn similarity(&self, p: &Probe<'_>, meaning: f32) -> f32 {
        let words = self.cosine(p.vector, p.lang);
        let total: u32 = self.langs.iter().map(|c| c.members).sum();
        if total == 0 || self.shared_norm <= 0.0 {
            return words;
        }
        let own = self.lang(p.lang).map_or(0, |c| c.members);
        let foreign = 1.0 - own as f32 / total as f32;
        if foreign <= 0.0 {
            return words;
        }
        let dot: f32 = p
            .shared
            .0
            .iter()
            .map(|(k, w)| w * self.shared.get(k).copied().unwrap_or(0.0))
            .sum();
        words
            .max(foreign * dot / self.shared_norm)
            .max(foreign * meaning_weight(meaning))
    }

    /// Cosine of an article's meaning vector with the mean of the story's (0 without).
    fn meaning_centroid_cosine(&self, p: &Probe<'_>) -> f32 {
        let Some(m) = p.meaning.filter(|m| m.len() == self.meaning.len()) else {
            return 0.0;
        };
        let norm = self.meaning.iter().map(|x| x * x).sum::<f32>().sqrt();
        if self.meaning_members == 0 || norm <= 0.0 {
            return 0.0;
        }
        m.iter().zip(&self.meaning).map(|(a, b)| a * b).sum::<f32>() / norm
    }

    /// Score of an article for this story: cosine, damped by time and by a conflict of
    /// protagonists; None when it does not reach the story's required similarity.
    /// `meaning` is the article's nearest cosine in meaning with a member (0 without).
    fn score(&self, p: &Probe<'_>, meaning: f32) -> Option<f32> {
        let s = self.similarity(p, meaning) * self.damping(p);
        (s >= self.required(p.lang)).then_some(s)
    }

    /// How much time and a conflict of protagonists damp an article's similarity with this
    /// story. Beyond the story's time span and its slack a story takes only articles of its
    /// setting: another setting months away is another story (the same leader's visit to
    /// another country in another month). Within a story's weeks articles differ in the
    /// places they name (a report from one town of a flood), so settings do not count there.
    fn damping(&self, p: &Probe<'_>) -> f32 {
        if outside_slack(self, p.day) && leads_differ(p.settings, &self.settings) {
            return 0.0;
        }
        time_factor(self, p.day) * person_factor(self, p.persons)
    }

    /// The story's features, heaviest first.
    pub fn top_features(&self, n: usize) -> Vec<(u64, f32)> {
        let mut all: Vec<(u64, f32)> = self
            .langs
            .iter()
            .flat_map(|c| &c.centroid)
            .map(|(k, w)| (*k, *w))
            .collect();
        all.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        all.truncate(n);
        all
    }
}

/// One article as the index keeps it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Member {
    pub id: String,
    pub vector: SparseVec,
    pub day: Option<i32>,
    /// Persons it names (hashed entity id, weight), heaviest first.
    pub persons: Vec<(u64, f32)>,
    /// Its settings (places, organisations; hashed skeleton, weight), heaviest first.
    #[serde(default)]
    pub settings: Vec<(u64, f32)>,
    /// Its language-independent features, weighted, unit length.
    pub shared: SparseVec,
    #[serde(with = "super::features::lang_code")]
    pub lang: Lang,
    pub story: usize,
    /// Title-and-lead meaning vector, when the article was embedded.
    #[serde(default)]
    pub meaning: Option<Vec<f32>>,
}

impl Member {
    fn probe(&self) -> Probe<'_> {
        Probe {
            vector: &self.vector,
            day: self.day,
            persons: &self.persons,
            settings: &self.settings,
            shared: &self.shared,
            lang: self.lang,
            meaning: self.meaning.as_deref(),
        }
    }
}

/// What scoring needs of an article.
#[derive(Clone, Copy)]
struct Probe<'a> {
    vector: &'a SparseVec,
    day: Option<i32>,
    persons: &'a [(u64, f32)],
    settings: &'a [(u64, f32)],
    shared: &'a SparseVec,
    lang: Lang,
    meaning: Option<&'a [f32]>,
}

/// The incremental story index.
#[derive(Debug, Clone, Default)]
pub struct StoryIndex {
    df: DocFreq,
    /// When true, document frequencies were given up front and are not updated by `add`.
    frozen_df: bool,
    stories: Vec<StoryState>,
    postings: FxHashMap<u64, Vec<u32>>,
    members: Vec<Member>,
}

/// The day that places an article in time: its publication date, else the first complete
/// date it reports.
pub fn article_day(f: &ArticleFeatures) -> Option<i32> {
    f.published
        .or_else(|| f.dates.iter().find_map(|d| d.day_number()))
}

impl StoryIndex {
    /// An empty index that learns document frequencies as articles arrive.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty index with document frequencies known in advance (e.g. from the whole batch).
    pub fn with_doc_freq(df: DocFreq) -> Self {
        StoryIndex {
            df,
            frozen_df: true,
            ..Self::default()
        }
    }

    pub fn len(&self) -> usize {
        self.members.len()
    }
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }
    pub fn members(&self) -> &[Member] {
        &self.members
    }
    pub fn stories(&self) -> &[StoryState] {
        &self.stories
    }

    /// Add one article; returns the story it joined (an index into [`Self::stories`]).
    pub fn add(&mut self, article: &parallax_model::AnnotatedArticle) -> usize {
        let f = features::extract(article);
        self.add_features(article.article.id.clone(), &f)
    }

    /// Add one article's precomputed features.
    pub fn add_features(&mut self, id: String, f: &ArticleFeatures) -> usize {
        let m = self.member(id, f);
        let best = self.best_story(&m.probe(), None);
        let story = match best {
            Some((s, _)) => s,
            None => {
                self.stories.push(StoryState::new());
                self.stories.len() - 1
            }
        };
        self.push_member(m, story)
    }

    /// Add an article straight into `story` without scoring: copies follow their origin.
    pub fn add_to_story(&mut self, id: String, f: &ArticleFeatures, story: usize) -> usize {
        let m = self.member(id, f);
        if self.stories.is_empty() {
            self.stories.push(StoryState::new());
        }
        let story = story.min(self.stories.len() - 1);
        self.push_member(m, story)
    }

    fn member(&mut self, id: String, f: &ArticleFeatures) -> Member {
        if !self.frozen_df {
            self.df.add(f);
        }
        Member {
            id,
            vector: features::weighted(f, &self.df),
            day: article_day(f),
            persons: protagonists(f, &self.df),
            settings: f.settings.clone(),
            shared: features::weighted_shared(f, &self.df),
            lang: f.lang,
            story: usize::MAX,
            meaning: f.meaning.clone(),
        }
    }

    fn push_member(&mut self, mut m: Member, story: usize) -> usize {
        m.story = story;
        self.members.push(m);
        let pos = self.members.len() - 1;
        self.attach(story, pos);
        story
    }

    /// Add member `m` to `story`'s centroid, member list and index.
    fn attach(&mut self, story: usize, m: usize) {
        let member = &self.members[m];
        let st = &mut self.stories[story];
        st.add(&member.probe());
        st.members.push(m);
        for (k, _) in top(&member.vector, INDEX_FEATURES) {
            if st.indexed.len() < STORY_INDEX_CAP && st.indexed.insert(k) {
                self.postings.entry(k).or_default().push(story as u32);
            }
        }
        self.members[m].story = story;
    }

    fn detach(&mut self, m: usize) {
        let own = self.members[m].story;
        let member = &self.members[m];
        let st = &mut self.stories[own];
        st.remove(&member.probe());
        st.members.retain(|&x| x != m);
    }

    /// The story the article fits best, with its score; only stories whose required
    /// similarity the article reaches qualify. `own` is left out of its own story.
    fn best_story(&self, p: &Probe<'_>, own: Option<usize>) -> Option<(usize, f32)> {
        let mut acc: FxHashMap<u32, f32> = FxHashMap::default();
        for (k, w) in top(p.vector, QUERY_FEATURES) {
            if let Some(list) = self.postings.get(&k) {
                let from = list.len().saturating_sub(MAX_POSTINGS_SCAN);
                for &s in &list[from..] {
                    *acc.entry(s).or_default() += w;
                }
            }
        }
        let mut cands: Vec<(u32, f32)> = acc.into_iter().collect();
        cands.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        cands.truncate(MAX_CANDIDATES);
        if p.meaning.is_some() {
            // Stories in other languages share few words with the article: their candidates
            // come from meaning, over the most recent stories.
            let from = self.stories.len().saturating_sub(MAX_MEANING_SCAN);
            for s in from..self.stories.len() {
                let st = &self.stories[s];
                if st.meaning_members > 0
                    && st.meaning_centroid_cosine(p) >= MEANING_CANDIDATE
                    && !cands.iter().any(|c| c.0 as usize == s)
                {
                    cands.push((s as u32, 0.0));
                }
            }
        }
        let own_story = own.map(|m| self.members[m].story);
        let mut best: Option<(usize, f32)> = None;
        for (s, _) in cands {
            let s = s as usize;
            let st = &self.stories[s];
            if st.members.is_empty() {
                continue;
            }
            let score = if own_story == Some(s) {
                if st.members.len() <= 1 {
                    continue;
                }
                let tmp = self.without(s, own);
                tmp.score(p, self.nearest_meaning(p, st, own))
            } else {
                st.score(p, self.nearest_meaning(p, st, own))
            };
            let Some(score) = score else { continue };
            if best.is_none_or(|(bs, b)| score > b || (score == b && s < bs)) {
                best = Some((s, score));
            }
        }
        best
    }

    /// Story `s` without member `own`: its sums less the member's, and its time span that of
    /// the other members (when every member is loaded; a resumed story keeps its span).
    fn without(&self, s: usize, own: Option<usize>) -> StoryState {
        let mut tmp = self.stories[s].clone();
        let Some(m) = own else { return tmp };
        tmp.remove(&self.members[m].probe());
        tmp.members.retain(|&x| x != m);
        let days: Option<Vec<Option<i32>>> = tmp
            .members
            .iter()
            .map(|&i| self.members.get(i).map(|x| x.day))
            .collect();
        if let Some(days) = days {
            let days = days.into_iter().flatten();
            tmp.first_day = days.clone().min();
            tmp.last_day = days.max();
        }
        tmp
    }

    /// The highest cosine in meaning of the article with one of the story's most recent
    /// members (leaving out `own`, the article itself), 0 without vectors. Members of a
    /// resumed story that were not loaded count by the story's mean vector instead.
    fn nearest_meaning(&self, p: &Probe<'_>, st: &StoryState, own: Option<usize>) -> f32 {
        let Some(m) = p.meaning else { return 0.0 };
        if st.meaning_members == 0 {
            return 0.0;
        }
        let from = st.members.len().saturating_sub(MEANING_NEIGHBOURS);
        let mut nearest = 0.0f32;
        let mut unloaded = false;
        for &i in st.members[from..].iter().filter(|&&i| Some(i) != own) {
            match self.members.get(i) {
                Some(member) => {
                    if let Some(v) = member.meaning.as_deref().filter(|v| v.len() == m.len()) {
                        nearest = nearest.max(v.iter().zip(m).map(|(a, b)| a * b).sum::<f32>());
                    }
                }
                None => unloaded = true,
            }
        }
        if unloaded {
            nearest = nearest.max(st.meaning_centroid_cosine(p));
        }
        nearest
    }

    /// Re-examine every article against the final stories (one k-means-like pass) and move
    /// it when another story fits it better. Makes the result less dependent on input order.
    pub fn refine(&mut self, locked: &FxHashSet<usize>) -> usize {
        let mut moved = 0;
        for m in 0..self.members.len() {
            if locked.contains(&m) {
                continue;
            }
            let own = self.members[m].story;
            let member = self.members[m].clone();
            let p = member.probe();
            let own_score = {
                let st = &self.stories[own];
                if st.members.len() <= 1 {
                    None
                } else {
                    let meaning = self.nearest_meaning(&p, st, Some(m));
                    let tmp = self.without(own, Some(m));
                    Some(tmp.similarity(&p, meaning) * tmp.damping(&p))
                }
            };
            let Some((best, score)) = self.best_story(&p, Some(m)) else {
                continue;
            };
            if best == own || own_score.is_some_and(|o| o >= score) {
                continue;
            }
            self.detach(m);
            self.attach(best, m);
            moved += 1;
        }
        moved
    }

    /// Move a member to another story unconditionally (copies following their origin).
    pub fn force_story(&mut self, m: usize, story: usize) {
        if m >= self.members.len() || story >= self.stories.len() || self.members[m].story == story
        {
            return;
        }
        self.detach(m);
        self.attach(story, m);
    }

    /// The partition: for each non-empty story, its member positions.
    pub fn partition(&self) -> Vec<Vec<usize>> {
        self.stories
            .iter()
            .filter(|s| !s.members.is_empty())
            .map(|s| {
                let mut m = s.members.clone();
                m.sort_unstable();
                m
            })
            .collect()
    }

    /// The partition as sorted lists of article ids, sorted — comparable across input orders.
    pub fn partition_ids(&self) -> Vec<Vec<String>> {
        let mut parts: Vec<Vec<String>> = self
            .partition()
            .into_iter()
            .map(|p| {
                let mut ids: Vec<String> =
                    p.into_iter().map(|m| self.members[m].id.clone()).collect();
                ids.sort();
                ids
            })
            .collect();
        parts.sort();
        parts
    }
}

/// Persistence: an incremental analysis keeps the index between runs (story states, posting
/// lists, document frequencies) and resumes it over the part a new batch touches.
impl StoryIndex {
    /// An index over some stories of a persisted collection: each state with how many
    /// members it has (their articles are not loaded: their positions are placeholders), the
    /// posting lists of some features (story positions in `stories`), and the document
    /// frequencies of the features the new articles use. Frequencies keep growing with
    /// every article added.
    pub fn resume(
        df: DocFreq,
        stories: Vec<(StoryState, usize)>,
        postings: impl IntoIterator<Item = (u64, Vec<u32>)>,
    ) -> Self {
        let stories = stories
            .into_iter()
            .map(|(mut state, members)| {
                state.members = vec![usize::MAX; members];
                state
            })
            .collect();
        StoryIndex {
            df,
            frozen_df: false,
            stories,
            postings: postings.into_iter().collect(),
            members: Vec::new(),
        }
    }

    pub fn doc_freq(&self) -> &DocFreq {
        &self.df
    }

    /// The posting lists: feature → stories that index it, oldest first.
    pub fn postings(&self) -> &FxHashMap<u64, Vec<u32>> {
        &self.postings
    }

    /// The weighted vector an article would get if added now (for looking up candidates).
    pub fn vector_of(&self, f: &ArticleFeatures) -> SparseVec {
        features::weighted(f, &self.df)
    }
}

impl StoryState {
    /// The features this story indexes (the keys of its posting-list entries).
    pub fn indexed(&self) -> &FxHashSet<u64> {
        &self.indexed
    }
}

/// The features an article's vector looks candidate stories up by, with their weights.
pub fn lookup_features(v: &SparseVec) -> Vec<(u64, f32)> {
    top(v, QUERY_FEATURES)
}

/// The article's protagonists, each weighted by how often the collection tags its name as
/// a person rather than a place: one-sense-per-collection evens out a tagger that reads a
/// capital (`lobt Morsk`) as a person in one article and as a place in the others.
fn protagonists(f: &ArticleFeatures, df: &DocFreq) -> Vec<(u64, f32)> {
    let mut persons: Vec<(u64, f32)> = f
        .persons
        .iter()
        .map(|p| {
            let (person, place) = (df.count(p.as_tagged) as f32, df.count(p.as_place) as f32);
            let confidence = (person + 1.0) / (person + place + 1.0);
            (p.key, p.weight * confidence)
        })
        .collect();
    persons.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    persons
}

fn top(v: &SparseVec, n: usize) -> Vec<(u64, f32)> {
    let mut t = v.0.clone();
    if t.len() > n {
        t.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        t.truncate(n);
    }
    t
}

/// How much a conflict of protagonists damps the similarity.
const PERSON_CONFLICT: f32 = 0.5;
/// A person is a protagonist of a text when it has this share of its heaviest person's weight.
const PERSON_PROMINENT: f32 = 0.5;
/// The story's protagonist counts as named by an article when it has this share of the
/// article's heaviest person's weight.
const PERSON_PRESENT: f32 = 0.4;
/// An article's protagonist counts as part of a story when the story gives it this share of
/// its lead person's weight: lower, because a story's secondary actor (the host of a visit)
/// may lead one of its articles (an interview with the host) — a newcomer is absent altogether.
const PERSON_IN_STORY: f32 = 0.2;

/// 0.5 when the article and the story are about different people: each has a protagonist
/// the other does not name (another leader visiting the same capital); 1 otherwise.
fn person_factor(st: &StoryState, persons: &[(u64, f32)]) -> f32 {
    if leads_differ(persons, &st.persons) {
        PERSON_CONFLICT
    } else {
        1.0
    }
}

/// Whether an article and a story lead with different actors (persons, or settings: places
/// and organisations): the article's prominent one is (nearly) absent from the story and the
/// story's prominent one is at most a side mention in the article (another leader visiting
/// the same capital; Lorvatom's contract with Kalmerien, against its contract with
/// Halvarien). `article` is heaviest first; the story's weights are sums over its members.
fn leads_differ(article: &[(u64, f32)], story: &FxHashMap<u64, f32>) -> bool {
    let Some(&(_, wa)) = article.first() else {
        return false;
    };
    let Some(ws) = story.values().copied().max_by(f32::total_cmp) else {
        return false;
    };
    let story_weight = |k: u64| story.get(&k).copied().unwrap_or(0.0);
    let article_weight = |k: u64| article.iter().find(|p| p.0 == k).map_or(0.0, |p| p.1);
    let article_has_other = article
        .iter()
        .filter(|(_, w)| *w >= PERSON_PROMINENT * wa)
        .any(|(k, _)| story_weight(*k) < PERSON_IN_STORY * ws);
    let story_has_other = story
        .iter()
        .filter(|(_, w)| **w >= PERSON_PROMINENT * ws)
        .any(|(k, _)| article_weight(*k) < PERSON_PRESENT * wa);
    article_has_other && story_has_other
}

/// Whether the article's day lies more than the slack away from every day of the story's
/// articles (a story of two visits a year apart does not cover the months between them); a
/// story stored before it kept its days compares with its span.
fn outside_slack(st: &StoryState, day: Option<i32>) -> bool {
    let Some(d) = day else { return false };
    let gap = if !st.days_kept || st.days.is_empty() {
        let (Some(first), Some(last)) = (st.first_day, st.last_day) else {
            return false;
        };
        (first - d).max(d - last).max(0)
    } else {
        let before = st.days.range(..=d).next_back().map(|(&x, _)| d - x);
        let after = st.days.range(d..).next().map(|(&x, _)| x - d);
        match (before, after) {
            (Some(a), Some(b)) => a.min(b),
            (Some(g), None) | (None, Some(g)) => g,
            (None, None) => return false,
        }
    };
    gap as f32 > TIME_SLACK_DAYS
}

/// 1 within the story's time span (plus slack), falling towards 0.5 a year outside it.
fn time_factor(st: &StoryState, day: Option<i32>) -> f32 {
    let (Some(d), Some(first), Some(last)) = (day, st.first_day, st.last_day) else {
        return 1.0;
    };
    let gap = if d < first {
        first - d
    } else {
        (d - last).max(0)
    } as f32;
    let excess = (gap - TIME_SLACK_DAYS).max(0.0);
    1.0 / (1.0 + excess / TIME_HALF_DAYS)
}
