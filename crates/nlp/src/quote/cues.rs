//! Speech cues with their sources: verbs (`sagte`, `teilte … mit`), source prepositions and
//! postpositions (`laut X`, `nach Angaben der Polizei`, `X zufolge`), the `…, so X` frame,
//! impersonal cues (`heißt es in dem Bericht`) and speech nouns (`Ihr Vorschlag`).
use parallax_model::Span;

use super::phrase::Np;
use super::words::{Doc, Kind};

/// How a cue attributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueKind {
    /// A speech verb; its subject is the source.
    Verb,
    /// A source preposition before its source (`laut X`, `nach Angaben X`).
    Prep,
    /// A postposition after its source (`X zufolge`).
    Post,
    /// `…, so X`: after the reported words.
    So,
    /// `es heißt`: no speaker, or the place it is written.
    Impersonal,
    /// A speech noun (`die Forderung`): an act of speech, not a quote's attribution.
    Noun,
}

/// A speech cue with its source, found anywhere in the text (with or without quote marks).
#[derive(Debug, Clone, PartialEq)]
pub struct Attribution {
    pub cue: Span,
    pub cue_text: String,
    /// The source as written (`Tokajew`, `er`, `der kasachische Staatschef`).
    pub source: Option<Span>,
    /// Canonical speaker (entity id) after resolving pronouns and roles.
    pub speaker: Option<String>,
    /// Span of the resolved speaker mention (may differ from `source` for pronouns).
    pub speaker_span: Option<Span>,
    /// Word index of the cue.
    pub piece: usize,
    /// True when the source follows the cue (`betonte er`, `laut X`).
    pub source_after: bool,
    /// True for a speech noun (`die Forderung`): an act of speech, not a quote's attribution.
    pub noun: bool,
    pub kind: CueKind,
    /// Word range of the frame: the cue and its source (for content around it).
    pub frame: (usize, usize),
    /// The source phrase (word range), if any.
    pub(crate) np: Option<Np>,
}

impl<'a> Doc<'a> {
    fn attribution(&self, cue: (usize, usize), np: Option<Np>, kind: CueKind) -> Attribution {
        let span = self.span(cue.0, cue.1);
        let mention = np
            .filter(|_| kind != CueKind::Noun)
            .and_then(|np| self.resolve(&np));
        let source = np.map(|np| self.np_span(&np));
        let frame = match np {
            Some(np) => (cue.0.min(np.from), cue.1.max(np.to)),
            None => cue,
        };
        Attribution {
            cue: span,
            cue_text: span.slice(self.text).to_string(),
            source,
            speaker: mention.map(|e| e.entity.clone()),
            speaker_span: mention.map(|e| e.span),
            piece: cue.0,
            source_after: np.is_some_and(|np| np.from > cue.0),
            noun: kind == CueKind::Noun,
            kind,
            frame,
            np,
        }
    }

    /// A speech noun as the cue of reported content, with the sentence's subject as source.
    pub(crate) fn noun_attribution(&self, i: usize, np: Option<Np>) -> Attribution {
        self.attribution((i, i + 1), np, CueKind::Verb)
    }

    /// A source preposition sequence starting at word `i` (`laut`, `nach angaben von`): its length.
    fn prep_at(&self, i: usize) -> Option<usize> {
        self.lx
            .preps
            .iter()
            .find(|pp| (0..pp.len()).all(|k| self.w(i + k) == pp[k] && !self.quoted(i + k)))
            .map(Vec::len)
    }

    /// `nach Angaben der Polizei`, `nach Ansicht von Experten`: the source from the noun on.
    fn per_source(&self, i: usize, limit: usize) -> Option<(usize, Np)> {
        if !self.lx.per.contains(self.w(i)) {
            return None;
        }
        let mut j = i + 1;
        while j < limit && j < i + 4 && !self.cap(j) && self.is_word(j) {
            j += 1;
        }
        if !(self.cap(j) && self.lx.source_nouns.contains(self.w(j))) {
            return None;
        }
        let np = self.np(j, limit)?;
        // `von X` after the noun belongs to the source
        let to = if self.lx.agent.contains(self.w(np.to)) {
            self.np(np.to + 1, limit).map(|n| n.to).unwrap_or(np.to)
        } else {
            np.to
        };
        Some((j, Np { to, ..np }))
    }

    /// The place of writing of an impersonal cue (`heißt es in dem Bericht`).
    fn place_of(&self, i: usize) -> Option<Np> {
        // from the sentence start: `Im letzten Satz der Anordnung, die …, heißt es`
        let (cs, ce) = (self.sentence_of(i).0, self.clause_end(i));
        (cs..ce)
            .filter(|&k| self.lx.place.contains(self.w(k)))
            .find_map(|k| self.np(k + 1, ce))
    }

    /// The attribution of the cue at word `i`, if it is one.
    fn cue_at(&self, i: usize) -> Option<Attribution> {
        let lx = self.lx;
        let l = self.w(i);
        let (ss, se) = self.sentence_of(i);
        let limit = self.clause_end(i).max(i + 1);
        if let Some(n) = self.prep_at(i) {
            let np = self.np(i + n, se);
            return np.map(|np| self.attribution((i, i + n), Some(np), CueKind::Prep));
        }
        if let Some((noun, np)) = self.per_source(i, se) {
            let mut a = self.attribution((i, noun + 1), Some(np), CueKind::Prep);
            a.frame = (i, np.to);
            return Some(a);
        }
        if lx.anaphor.contains(l) && i == ss {
            // `Demnach …`: the source named before (the speaker carried over)
            return Some(self.attribution((i, i + 1), None, CueKind::Prep));
        }
        if lx.post.contains(l) && i > ss {
            // without a phrase right before it, a post cue that is also a verb (`said`) is
            // read as a verb below (`The spokesman, Peskov, said that …`)
            if let Some(np) = self.np_ending(i, self.clause_start(i).max(ss)) {
                return Some(self.attribution((i, i + 1), Some(np), CueKind::Post));
            }
            if !lx.is_cue(l) {
                return None;
            }
        }
        if lx.so.contains(l) && i > ss && self.surface(i - 1) == "," {
            let np = self.np(i + 1, limit)?;
            (np.to >= limit || self.words[np.to].kind == Kind::Punct).then_some(())?;
            return Some(self.attribution((i, i + 1), Some(np), CueKind::So));
        }
        if lx.impersonal.contains(l) && !self.cap(i) {
            let expletive = |k: usize| lx.expletive.contains(self.w(k));
            if (i > ss && expletive(i - 1)) || expletive(i + 1) {
                let np = self.place_of(i);
                return Some(self.attribution((i, i + 1), np, CueKind::Impersonal));
            }
            return None;
        }
        if self.cap(i) {
            if !lx.is_noun_cue(l) || self.entity(i).is_some() {
                return None;
            }
            // `Ihr Vorschlag`, `Ihren rechtspolitischen Vorstellungen`
            let owner = (1..=2)
                .take_while(|&k| k <= i && i - k >= ss)
                .map(|k| i - k)
                .find(|&b| lx.poss.contains(self.w(b)))
                .filter(|&b| b + 1 == i || !self.cap(b + 1))
                .map(|b| Np {
                    from: b,
                    to: b + 1,
                    pronoun: false,
                    oblique: false,
                });
            return Some(self.attribution((i, i + 1), owner, CueKind::Noun));
        }
        if !lx.is_cue(l) && !self.particle_in_clause(i) && !self.act_in_clause(i) {
            return None;
        }
        let np = if lx.cite.contains(l) {
            self.cited(i)
        } else {
            self.subject_of(i)
        };
        Some(self.attribution((i, i + 1), np, CueKind::Verb))
    }

    /// A separable verb whose particle stands in its clause (`teilte … mit`, `gab … bekannt`).
    fn particle_in_clause(&self, i: usize) -> bool {
        let Some(particles) = self.lx.needs_particle(self.w(i)) else {
            return false;
        };
        let (cs, ce) = (self.clause_start(i), self.clause_end(i));
        (cs..ce).any(|k| k != i && particles.iter().any(|p| p == self.w(k)))
    }

    /// A speech act with the preposition it needs in its clause (`hält … für`, `sieht … als`).
    pub(crate) fn act_in_clause(&self, i: usize) -> bool {
        let Some(preps) = self.lx.act(self.w(i)) else {
            return false;
        };
        let (cs, ce) = (self.clause_start(i), self.clause_end(i));
        preps.is_empty() || (cs..ce).any(|k| k != i && preps.iter().any(|p| p == self.w(k)))
    }

    /// The speaker of a citing verb: its object (`zitierte Papandreou mit den Worten`), or its
    /// subject in the passive (`Musk wird mit den Worten zitiert`).
    fn cited(&self, v: usize) -> Option<Np> {
        let ce = self.clause_end(v);
        let cs = self.clause_start(v);
        let passive = (cs..ce).any(|k| {
            self.lx.passive.contains(self.w(k)) || self.lx.aux.contains(self.w(k)) && k < v
        });
        if passive {
            return self.subject_of(v);
        }
        // `zitierte Papandreou`, `zitiert ndr.de Polizeisprecher Ralf Meyer`, `zitierte man X`:
        // of the phrases after the verb, the one naming a person, else the last
        let mut found: Vec<Np> = Vec::new();
        let mut j = v + 1;
        while found.len() < 3 && j < ce {
            match self.np(j, ce) {
                Some(np) => {
                    j = np.to;
                    found.push(np);
                }
                None if self.lx.expletive.contains(self.w(j)) || !self.is_word(j) => j += 1,
                None => j += 1,
            }
        }
        found
            .iter()
            .find(|np| {
                self.entity_in(np.from, np.to)
                    .is_some_and(|e| e.kind == parallax_model::EntityKind::Person)
            })
            .or(found.last())
            .copied()
    }

    /// Every cue of the text, in text order.
    pub fn attributions(&self) -> Vec<Attribution> {
        (0..self.len())
            .filter(|&i| !self.quoted(i) && self.is_word(i))
            .filter_map(|i| self.cue_at(i))
            .collect()
    }
}
