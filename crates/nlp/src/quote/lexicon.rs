//! A language's quote lexicon, parsed from `data/lang/<code>/quotes.tsv`: the words the quote
//! stage looks for (cue verbs and their roots, source prepositions, pronouns, function words,
//! subjunctive and modal forms), with the small morphology that recognises cue verb forms.
//! The stage code holds no word of any language; everything it matches comes from here.
use crate::quantity::lexicon::{surface_pieces, HashMap, HashSet};

/// A language's quote lexicon (see `data/lang/de/quotes.tsv` for the kinds of line).
#[derive(Debug, Default)]
pub struct QuoteLexicon {
    /// Listed forms of speech verbs (`sagte`, `betont`).
    pub verbs: HashSet<String>,
    /// Separable verbs: roots → particles (`teil` → `mit`): a cue only with its particle.
    pub particles: Vec<(Vec<String>, Vec<String>)>,
    /// Source prepositions as word sequences (`laut`, `nach angaben von`).
    pub preps: Vec<Vec<String>>,
    /// Postpositions after a source (`zufolge`).
    pub post: HashSet<String>,
    /// The `…, so X` attribution after reported words.
    pub so: HashSet<String>,
    /// `bezeichnete … als`.
    pub as_words: HashSet<String>,
    /// Subject pronouns → kind (`m`, `f`, `1` first person, `n`, `p` plural).
    pub pron: HashMap<String, String>,
    /// Role nouns that name a person (`Präsident`, `Sprecher`), also as a compound's head.
    pub role: HashSet<String>,
    /// Subjunctive forms of reported speech (Konjunktiv I and the unambiguous Konjunktiv II).
    pub konj: HashSet<String>,
    /// Hearsay modals (`soll`, `sollen`): a sentence with one reports what others say.
    pub modal: HashSet<String>,
    /// Complementisers opening reported content (`dass`, `ob`) and interrogatives (`wie`, `warum`).
    pub that: HashSet<String>,
    pub wh: HashSet<String>,
    /// Words before quote marks that make them a title or term, not speech.
    pub term: Vec<Vec<String>>,
    /// Nouns before quote marks that make the quoted words a name (`der Film`, `die Zeitung`).
    pub title_nouns: HashSet<String>,
    /// Verb roots of speech (`sag`, `sprach`): root + a verbal ending is a cue.
    pub roots: Vec<String>,
    /// Roots and forms of reported speech acts (`forder`, `kritisier`), with the preposition
    /// some need in their clause (`sprach … von`, `verwies … auf`).
    pub acts: Vec<(String, Vec<String>)>,
    /// Separable prefixes that may precede a root (`an-sprechen`, `hin-ge-wiesen`).
    pub prefixes: Vec<String>,
    /// Nouns naming an act or content of speech (`Forderung`, `Antrag`), also as a compound's head.
    pub nouns: Vec<String>,
    /// Nouns of a source after `nach` (`nach Angaben der Polizei`, `nach Ansicht von X`).
    pub source_nouns: HashSet<String>,
    /// The preposition before a source noun (`nach`).
    pub per: HashSet<String>,
    /// Possessive determiners: the owner of a speech noun is its source (`Ihr Vorschlag`).
    pub poss: HashSet<String>,
    /// Determiners of a genitive attribute (`des`, `der`): `der Sprecher des Ministeriums`.
    pub genitive: HashSet<String>,
    /// Determiners that may open a subject (`der`, `die`, `ein`).
    pub det: HashSet<String>,
    /// Determiners and pronouns of the object cases, never a subject (`dem`, `den`, `ihm`).
    pub oblique: HashSet<String>,
    /// Prepositions (and their contractions with an article): a phrase after one is no subject.
    pub prepositions: HashSet<String>,
    /// The prepositions of a passive agent (`von`, `durch`) and of a place of writing (`in`, `auf`).
    pub agent: HashSet<String>,
    pub place: HashSet<String>,
    /// Coordinating conjunctions (`und`, `aber`) and subordinators (`weil`, `nachdem`, `wie`).
    pub conjunctions: HashSet<String>,
    pub subordinators: HashSet<String>,
    /// `…, wie X sagte`: the subordinator of a frame clause.
    pub like: HashSet<String>,
    /// Relative pronouns (`der`, `die`, `welche`).
    pub relatives: HashSet<String>,
    /// Titles before a name (`Herr`, `Frau`, `Dr`).
    pub titles: HashSet<String>,
    /// Sentence adverbs and other words that never head a speaker (`So`, `Dabei`, `Weiter`).
    pub adverbs: HashSet<String>,
    /// Finite auxiliaries and modals (`hat`, `wurde`, `will`).
    pub aux: HashSet<String>,
    /// Passive auxiliaries (`wurde`, `wird`, `worden`).
    pub passive: HashSet<String>,
    /// Verbs whose object is the speaker (`zitierte X mit den Worten`).
    pub cite: HashSet<String>,
    /// Impersonal cues (`es heißt`): the source is a place of writing, if any.
    pub impersonal: HashSet<String>,
    /// The impersonal subject (`es`).
    pub expletive: HashSet<String>,
    /// Words between a cue and its content that do not end the frame (`zudem`).
    pub reflexive: HashSet<String>,
    /// The infinitive marker (`zu`).
    pub infinitive: HashSet<String>,
    /// Endings of the verb forms a root takes (`sag-te`, `sag-ten`), the participle's prefix
    /// (`ge-sag-t`), the endings of nouns (plural, genitive) and of inflected adjectives.
    pub verb_endings: Vec<String>,
    pub participle: Vec<String>,
    pub noun_endings: Vec<String>,
    pub adjective_endings: Vec<String>,
    /// Demonstratives standing for the sentence before (`Das berichtete X`, `Dies teilte X mit`).
    pub demonstrative: HashSet<String>,
    /// Adverbs pointing back to a source named before (`Demnach …`).
    pub anaphor: HashSet<String>,
}

impl QuoteLexicon {
    pub fn parse(data: &str) -> Self {
        let mut lx = QuoteLexicon::default();
        for line in data.lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            let (Some(kind), Some(word)) = (f.first(), f.get(1)) else {
                continue;
            };
            lx.add(kind, word.trim_end_matches(',').trim(), f.get(2).copied());
        }
        lx.preps.sort_by_key(|p| std::cmp::Reverse(p.len()));
        lx.term.sort_by_key(|p| std::cmp::Reverse(p.len()));
        lx.prefixes.sort_by_key(|p| std::cmp::Reverse(p.len()));
        lx
    }

    fn add(&mut self, kind: &str, w: &str, extra: Option<&str>) {
        let w = w.to_string();
        let set = match kind {
            "verb" => &mut self.verbs,
            "post" => &mut self.post,
            "so" => &mut self.so,
            "as" => &mut self.as_words,
            "role" => &mut self.role,
            "konj" => &mut self.konj,
            "modal" => &mut self.modal,
            "that" => &mut self.that,
            "wh" => &mut self.wh,
            "title-noun" => &mut self.title_nouns,
            "source-noun" => &mut self.source_nouns,
            "per" => &mut self.per,
            "poss" => &mut self.poss,
            "det" => &mut self.det,
            "genitive" => &mut self.genitive,
            "oblique" => &mut self.oblique,
            "preposition" => &mut self.prepositions,
            "agent" => &mut self.agent,
            "place" => &mut self.place,
            "conjunction" => &mut self.conjunctions,
            "subordinator" => &mut self.subordinators,
            "like" => &mut self.like,
            "relative" => &mut self.relatives,
            "title" => &mut self.titles,
            "adverb" => &mut self.adverbs,
            "aux" => &mut self.aux,
            "passive" => &mut self.passive,
            "cite" => &mut self.cite,
            "impersonal" => &mut self.impersonal,
            "expletive" => &mut self.expletive,
            "reflexive" => &mut self.reflexive,
            "infinitive" => &mut self.infinitive,
            "demonstrative" => &mut self.demonstrative,
            "anaphor" => &mut self.anaphor,
            _ => {
                self.add_structured(kind, w, extra);
                return;
            }
        };
        set.insert(w);
    }

    fn add_structured(&mut self, kind: &str, w: String, extra: Option<&str>) {
        match kind {
            "particle" => {
                if let Some(p) = extra {
                    let split = |s: &str| s.split('|').map(str::to_string).collect();
                    self.particles.push((split(&w), split(p)));
                }
            }
            "pron" => {
                self.pron.insert(w, extra.unwrap_or("").to_string());
            }
            "prep" => self.preps.push(surface_pieces(&w)),
            "term" => self.term.push(surface_pieces(&w)),
            "root" => self.roots.push(w),
            "act" => {
                let preps = extra
                    .map(|e| e.split('|').map(str::to_string).collect())
                    .unwrap_or_default();
                self.acts.push((w, preps));
            }
            "prefix" => self.prefixes.push(w),
            "verb-ending" => self.verb_endings.push(w),
            "participle" => self.participle.push(w),
            "noun-ending" => self.noun_endings.push(w),
            "adjective-ending" => self.adjective_endings.push(w),
            "noun" => self.nouns.push(w),
            _ => {}
        }
    }

    /// True when a capitalised word (given in lower case) is a speech noun or a compound
    /// ending in one, with a plural or genitive ending (`Forderungen`, `Antrags`, `Worte`).
    pub fn is_noun_cue(&self, w: &str) -> bool {
        self.nouns.iter().any(|n| self.head_of(w, n))
    }

    /// True when a lower-case word is a role noun or a compound ending in one
    /// (`Innenminister`, `Regierungssprecher`).
    pub fn is_role(&self, w: &str) -> bool {
        self.role.contains(w) || self.role.iter().any(|r| r.len() >= 4 && self.head_of(w, r))
    }

    /// True when a lower-case word is a speech cue: a listed form, or a root with a verbal
    /// ending (`sagte`, `gesagt`, `spreche`, `nannte`).
    pub fn is_cue(&self, w: &str) -> bool {
        self.verbs.contains(w)
            || self.root_form(w, &self.roots)
            || self.prefixed(w, &self.roots)
            || self.with_particle_prefix(w)
    }

    /// The particles a separable verb form needs in its clause (`teilte` → `mit`).
    pub fn needs_particle(&self, w: &str) -> Option<&[String]> {
        self.particles
            .iter()
            .find(|(roots, _)| self.root_form(w, roots))
            .map(|(_, particles)| particles.as_slice())
    }

    /// A separable verb with its own particle as the prefix (`mitgeteilt`, `bekanntzugeben`).
    fn with_particle_prefix(&self, w: &str) -> bool {
        self.particles.iter().any(|(roots, particles)| {
            particles.iter().any(|p| {
                w.strip_prefix(p.as_str())
                    .is_some_and(|rest| rest.len() > 2 && self.infixed_root(rest, roots))
            })
        })
    }

    /// The prepositions a reported speech act needs in its clause (empty: none), when `w`
    /// (lower case) is one (`forderte`, `kritisiert`, `sprach` + `von`).
    pub fn act(&self, w: &str) -> Option<&[String]> {
        self.acts.iter().find_map(|(root, preps)| {
            let one = [root.clone()];
            (w == root || self.root_form(w, &one) || self.prefixed(w, &one))
                .then_some(preps.as_slice())
        })
    }

    /// A separable prefix, then `ge`/`zu` or nothing (`angesprochen`, `hinzuweisen`).
    fn prefixed(&self, w: &str, roots: &[String]) -> bool {
        self.prefixes.iter().any(|p| {
            w.strip_prefix(p.as_str())
                .is_some_and(|rest| rest.len() > 2 && self.infixed_root(rest, roots))
        })
    }

    /// After a separable prefix: a root form, or the infinitive marker and one (`hin-zu-weisen`).
    fn infixed_root(&self, rest: &str, roots: &[String]) -> bool {
        self.root_form(rest, roots)
            || self.infinitive.iter().any(|m| {
                rest.strip_prefix(m.as_str())
                    .is_some_and(|r| self.root_form(r, roots))
            })
    }

    /// A root with a verbal ending, with or without the participle's prefix.
    fn root_form(&self, w: &str, roots: &[String]) -> bool {
        let bare = self
            .participle
            .iter()
            .find_map(|p| w.strip_prefix(p.as_str()).filter(|r| r.len() > 2))
            .unwrap_or(w);
        [w, bare].iter().any(|w| {
            roots.iter().any(|r| {
                w.strip_prefix(r.as_str())
                    .is_some_and(|end| end.is_empty() || self.verb_endings.iter().any(|e| e == end))
            })
        })
    }

    /// `n` heads the compound `w`, with a plural or genitive ending (`Gesetzentwurfs` ← `entwurf`).
    fn head_of(&self, w: &str, n: &str) -> bool {
        let Some(at) = w.rfind(n) else {
            return false;
        };
        // A compound's head: the noun ends the word; its modifier is a word of its own.
        (at == 0 || at >= 3)
            && w.get(at + n.len()..)
                .is_some_and(|end| end.is_empty() || self.noun_endings.iter().any(|e| e == end))
    }

    /// A lower-case word with an adjective's ending (any word when the language has none).
    pub fn adjective_form(&self, w: &str) -> bool {
        self.adjective_endings.is_empty()
            || self
                .adjective_endings
                .iter()
                .any(|e| w.ends_with(e.as_str()))
    }
}
