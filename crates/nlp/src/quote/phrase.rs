//! Noun phrases that can be speakers, the subject of a cue verb, and the resolution of a
//! speaker as written (`er`, `ein Sprecher des Ministeriums`, `Tokajew`) to an entity.
//!
//! There is no parser: a speaker is a pronoun, an entity mention, or a determiner, adjectives
//! and a capitalised head with names and genitives after it. The subject of a cue is found by
//! the clause it stands in — verb-second main clauses (`Der Minister sagte`, `Am Montag sagte
//! der Minister`), inverted frames after reported words (`„…“, sagte er`), verb-final clauses
//! (`wie ein Sprecher mitteilte`), relative clauses (`Müller, der betonte`), coordinated verbs
//! with the subject left out (`… und kritisierte`) and passives (`wurde von X kritisiert`).
use parallax_model::{EntityKind, EntityMention, Span};

use super::words::{Doc, Kind};

/// A noun phrase on words `from..to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Np {
    pub from: usize,
    pub to: usize,
    pub pronoun: bool,
    /// Opened by a determiner or pronoun of an object case (`dem`, `den`, `ihm`).
    pub oblique: bool,
}

/// Most words between a determiner and its noun (adjectives, numbers).
const MAX_ADJECTIVES: usize = 4;
/// Most capitalised words after a head (`Präsident Wladimir Wladimirowitsch Putin`).
const MAX_NAME_WORDS: usize = 4;
/// Most genitive attributes (`der Sprecher der Fraktion der SPD`).
const MAX_GENITIVES: usize = 2;

impl<'a> Doc<'a> {
    fn is_function_word(&self, l: &str) -> bool {
        let lx = self.lx;
        lx.det.contains(l)
            || lx.oblique.contains(l)
            || lx.prepositions.contains(l)
            || lx.conjunctions.contains(l)
            || lx.subordinators.contains(l)
            || lx.adverbs.contains(l)
            || lx.aux.contains(l)
            || lx.relatives.contains(l)
            || lx.pron.contains_key(l)
    }

    /// A capitalised word that can head a noun phrase.
    fn noun_head(&self, j: usize) -> bool {
        if !self.is_word(j) || self.quoted(j) {
            return false;
        }
        // nouns are capitalised in German; elsewhere a lower-case role noun heads a phrase too
        // (`the spokesman`, `le porte-parole`)
        if !self.cap(j) && !self.lx.is_role(self.w(j)) {
            return false;
        }
        let l = self.w(j);
        let times = self.language.times;
        !(self.is_function_word(l)
            || self.lx.poss.contains(l)
            || self.lx.expletive.contains(l)
            || self.lx.demonstrative.contains(l)
            || times.month(l).is_some()
            || times.weekday(l).is_some())
    }

    /// The word after the last word of the entity covering word `i`.
    fn entity_end(&self, i: usize, e: &EntityMention) -> usize {
        let mut j = i;
        while j < self.len() && self.words[j].start < e.span.end {
            j += 1;
        }
        j
    }

    /// A lower-case word that can stand between a determiner and its noun.
    fn adjective(&self, j: usize) -> bool {
        let w = &self.words[j];
        if w.quoted {
            return false;
        }
        if w.kind == Kind::Num {
            return true;
        }
        let l = w.lower.as_str();
        w.kind == Kind::Word
            && !w.cap
            && !self.is_function_word(l)
            && !self.lx.is_cue(l)
            && self.lx.adjective_form(l)
    }

    /// A noun phrase starting at word `i`, ending at or before `limit`.
    pub fn np(&self, i: usize, limit: usize) -> Option<Np> {
        let limit = limit.min(self.len());
        if let Some(to) = self.quoted_name(i, limit) {
            return Some(Np {
                from: i,
                to,
                pronoun: false,
                oblique: false,
            });
        }
        if i >= limit || self.quoted(i) || !self.is_word(i) {
            return None;
        }
        if self.lx.det.contains(self.w(i)) {
            if let Some(to) = self.quoted_name(i + 1, limit) {
                // `die „Computerwoche“`, `das „Wall Street Journal“`
                return Some(Np {
                    from: i,
                    to,
                    pronoun: false,
                    oblique: false,
                });
            }
        }
        let l = self.w(i);
        if self.lx.pron.contains_key(l) {
            return Some(Np {
                from: i,
                to: i + 1,
                pronoun: true,
                oblique: false,
            });
        }
        if let Some(e) = self.entity(i).filter(|e| speaker_kind(e)) {
            let to = self.compound_rest(self.entity_end(i, e).min(limit), limit);
            return Some(Np {
                from: i,
                to: self.extend(to, limit),
                pronoun: false,
                oblique: false,
            });
        }
        let oblique = self.lx.oblique.contains(l);
        let mut j = i;
        if self.lx.det.contains(l) || oblique || self.lx.poss.contains(l) {
            j += 1;
        }
        let mut adjectives = 0;
        while j < limit
            && adjectives < MAX_ADJECTIVES
            && !self.cap(j)
            && !self.lx.is_role(self.w(j))
        {
            if !self.adjective(j) {
                return None;
            }
            adjectives += 1;
            j += 1;
        }
        if j >= limit || !self.noun_head(j) {
            return None;
        }
        if j == i {
            // a possessor before adjectives and a noun: `Kasachstans stellvertretender Minister`
            let mut k = j + 1;
            while k < limit && k < j + 1 + MAX_ADJECTIVES && !self.cap(k) && self.adjective(k) {
                k += 1;
            }
            if k > j + 1 && k < limit && self.noun_head(k) {
                j = k;
            }
        }
        let head_end = match self.entity(j) {
            Some(e) => self.compound_rest(self.entity_end(j, e).min(limit), limit),
            None => j + 1,
        };
        Some(Np {
            from: i,
            to: self.extend(head_end, limit),
            pronoun: false,
            oblique,
        })
    }

    /// A name that opens a hyphenated compound (`Lorvatom-Chef`, `Siemens-Sprecherin`) is
    /// only its first part: the phrase goes on over the attached rest, so a person named after
    /// the compound is its head.
    fn compound_rest(&self, mut to: usize, limit: usize) -> usize {
        while to < limit
            && self.words[to].start == self.words[to - 1].end
            && (self.surface(to).starts_with('-') || self.surface(to - 1).ends_with('-'))
        {
            to += 1;
        }
        to
    }

    /// Extend a phrase ending at `to` over names and genitives.
    fn extend(&self, mut to: usize, limit: usize) -> usize {
        let mut names = 0;
        while to < limit
            && names < MAX_NAME_WORDS
            && self.noun_head(to)
            && !self.words[to].newline_before
        {
            to = match self.entity(to) {
                Some(e) => self.entity_end(to, e).min(limit),
                None => to + 1,
            };
            names += 1;
        }
        // a coordinated phrase: `Ministerpräsident und Außenminister Murat Nurtleu`
        if to + 1 < limit && self.lx.conjunctions.contains(self.w(to)) && self.noun_head(to + 1) {
            if let Some(np) = self.np_head_only(to + 1, limit) {
                to = np;
            }
        }
        for _ in 0..MAX_GENITIVES {
            if to >= limit || !self.lx.genitive.contains(self.w(to)) {
                break;
            }
            let mut j = to + 1;
            while j < limit && j < to + 1 + MAX_ADJECTIVES && !self.cap(j) && self.adjective(j) {
                j += 1;
            }
            if j >= limit || !self.noun_head(j) {
                break;
            }
            to = match self.entity(j) {
                Some(e) => self.entity_end(j, e).min(limit),
                None => j + 1,
            };
            while to < limit && self.noun_head(to) && !self.words[to].newline_before {
                to += 1;
            }
        }
        to
    }

    /// A short capitalised name in quote marks opening at word `i` (`„Die Zeit“`): the word
    /// after its closing mark.
    fn quoted_name(&self, i: usize, limit: usize) -> Option<usize> {
        let w = self.words.get(i)?;
        if w.kind != Kind::Punct || !self.quoted(i + 1) || !self.cap(i + 1) {
            return None;
        }
        let k = self.marks.binary_search_by_key(&w.start, |m| m.open).ok()?;
        let m = self.marks[k];
        let close = self.word_at(m.close);
        let words = self.text[m.content_start..m.content_end]
            .split_whitespace()
            .count();
        (words <= 5 && close <= limit && close > i + 1).then_some(close)
    }

    /// After a conjunction: a capitalised head and the names after it (no further coordination).
    fn np_head_only(&self, j: usize, limit: usize) -> Option<usize> {
        let mut to = match self.entity(j) {
            Some(e) => self.entity_end(j, e).min(limit),
            None => j + 1,
        };
        let mut names = 0;
        while to < limit
            && names < MAX_NAME_WORDS
            && self.noun_head(to)
            && !self.words[to].newline_before
        {
            to = match self.entity(to) {
                Some(e) => self.entity_end(to, e).min(limit),
                None => to + 1,
            };
            names += 1;
        }
        Some(to)
    }

    /// The longest noun phrase ending exactly at `end` and starting at or after `floor`.
    pub fn np_ending(&self, end: usize, floor: usize) -> Option<Np> {
        let from = end.saturating_sub(10).max(floor);
        (from..end)
            .filter(|&s| s == floor || !self.is_word(s - 1) || !self.lx.det.contains(self.w(s - 1)))
            .find_map(|s| self.np(s, end).filter(|np| np.to == end))
    }

    /// Skip adverbs, reflexives and one prepositional phrase (`sagte am Montag in Berlin der …`).
    fn skip_adjuncts(&self, mut j: usize, limit: usize) -> usize {
        let mut steps = 0;
        while j < limit && steps < 8 {
            let l = self.w(j);
            if self.lx.adverbs.contains(l) || self.lx.reflexive.contains(l) {
                j += 1;
            } else if self.lx.prepositions.contains(l) {
                // a preposition and its phrase: `am Montag`, `in einem Interview`, `gegenüber AFP`
                let k = j + 1;
                match self.np(k, limit) {
                    Some(np) => j = np.to,
                    None if self.words.get(k).is_some_and(|w| w.kind == Kind::Num) => j = k + 1,
                    None => return j,
                }
            } else {
                return j;
            }
            steps += 1;
        }
        j
    }

    /// The subject right after a finite verb at `f` (inversion): `sagte er`, `erklärte der Minister`.
    pub fn subject_after(&self, f: usize, limit: usize) -> Option<Np> {
        let j = self.skip_adjuncts(f + 1, limit);
        let np = self.np(j, limit)?;
        (!np.oblique && !self.preceded_by_preposition(np.from)).then(|| self.with_apposition(np))
    }

    /// A phrase with the name in apposition after it (`der Chef der AU, Alpha Konaré`): the
    /// name is the speaker, so it belongs to the phrase.
    pub fn with_apposition(&self, np: Np) -> Np {
        if np.pronoun || self.surface(np.to) != "," {
            return np;
        }
        let (_, se) = self.sentence_of(np.from);
        let k = np.to + 1;
        let Some(e) = self.entity(k).filter(|e| e.kind == EntityKind::Person) else {
            return np;
        };
        if self.words[k].start != e.span.start {
            return np;
        }
        let end = self.entity_end(k, e);
        // the name closes its clause: `…, Alpha Konaré, nannte` or `…, Manuela Roßbach.`
        let closes = end >= se || self.words.get(end).is_some_and(|w| w.is_break);
        if closes {
            Np { to: end, ..np }
        } else {
            np
        }
    }

    fn preceded_by_preposition(&self, i: usize) -> bool {
        i > 0 && self.lx.prepositions.contains(self.w(i - 1))
    }

    /// The first subject-like phrase of `from..to` (a verb-final clause after its subordinator).
    fn first_subject(&self, from: usize, to: usize) -> Option<Np> {
        let j = self.skip_adjuncts(from, to);
        // a passive agent in a verb-final clause: `wie von der Verteidigung ausgeführt`
        if self.lx.agent.contains(self.w(j)) {
            return self.np(j + 1, to);
        }
        self.np(j, to).filter(|np| !np.oblique)
    }

    /// A passive agent in `from..to` (`von X`, `durch X`) when a passive auxiliary is there.
    fn passive_agent(&self, from: usize, to: usize) -> Option<Np> {
        if !(from..to).any(|k| self.lx.passive.contains(self.w(k))) {
            return None;
        }
        (from..to)
            .filter(|&k| self.lx.agent.contains(self.w(k)))
            .find_map(|k| self.np(k + 1, to))
    }

    /// The subject of the sentence's first clause (`Der Minister reiste an und sagte …`).
    pub(crate) fn sentence_subject(&self, ss: usize, before: usize) -> Option<Np> {
        self.np(ss, before)
            .filter(|np| !np.oblique && !self.lx.adverbs.contains(self.w(ss)))
    }

    /// The subject of the cue verb at word `v`, as written.
    pub fn subject_of(&self, v: usize) -> Option<Np> {
        let (ss, _) = self.sentence_of(v);
        let cs = self.clause_start(v).max(ss);
        let ce = self.clause_end(v);
        let first = self.w(cs);
        if let Some(np) = self.passive_agent(cs, ce) {
            return Some(np);
        }
        // a verb-final clause: only auxiliaries after the verb (`wie X mitgeteilt hatte`)
        let verb_final = self.verb_final(v);
        if cs < v && verb_final && self.lx.subordinators.contains(first) && !self.relative_at(cs) {
            return self.first_subject(cs + 1, v);
        }
        if cs < v && self.relative_at(cs) {
            // the relative pronoun stands for the phrase before the comma
            return self
                .np_ending(cs - 1, ss)
                .or_else(|| self.sentence_subject(ss, cs));
        }
        // `… und nannte X „…“`: a verb coordinated without a comma shares the subject of the
        // verb before it
        if v > cs + 1 && self.lx.conjunctions.contains(self.w(v - 1)) {
            let earlier = (cs..v - 1).rev().find(|&k| {
                self.is_word(k) && !self.cap(k) && !self.quoted(k) && self.lx.is_cue(self.w(k))
            });
            if let Some(k) = earlier {
                if let Some(np) = self.subject_of_main(k) {
                    return Some(np);
                }
            }
            return self.sentence_subject(ss, v - 1);
        }
        self.subject_of_main(v)
    }

    /// The subject of the cue verb at `v` in a main clause (verb second or inverted).
    fn subject_of_main(&self, v: usize) -> Option<Np> {
        let (ss, _) = self.sentence_of(v);
        let cs = self.clause_start(v).max(ss);
        let ce = self.clause_end(v);
        let first = self.w(cs);
        let mut start = cs;
        if self.lx.conjunctions.contains(first) && cs < v {
            start = cs + 1;
            if self.skip_adjuncts(start, v) >= v {
                // the subject was left out: it is the first clause's
                return self.sentence_subject(ss, cs);
            }
        }
        // verb second: the finite verb is the cue or an auxiliary before it
        let f = (start..v)
            .find(|&k| self.lx.aux.contains(self.w(k)) && !self.cap(k))
            .unwrap_or(v);
        // after the auxiliary (`a-t-il déclaré`), else after the participle (`a déclaré
        // Vladimir Poutine`)
        let after = self.subject_after(f, ce.max(f + 1)).or_else(|| {
            (f < v)
                .then(|| self.subject_after(v, ce.max(v + 1)))
                .flatten()
        });
        if start >= f {
            // nothing before the verb in its clause: after an apposition or a relative clause
            // about the subject (`Carter, der …, sagte Reportern`), else inverted (`„…“, sagte er`)
            if start > ss + 1 && self.surface(start - 1) == "," && self.after_apposition(start - 1)
            {
                if let Some(np) = self.sentence_subject(ss, start - 1) {
                    if after.is_none_or(|a| !a.pronoun && self.entity_in(a.from, a.to).is_none()) {
                        return Some(Np {
                            to: start - 1,
                            ..np
                        });
                    }
                }
            }
            return after.or_else(|| {
                (start > ss && self.surface(start - 1) == ",")
                    .then(|| self.sentence_subject(ss, start - 1))
                    .flatten()
                    .map(|np| Np {
                        to: start - 1,
                        ..np
                    })
            });
        }
        let l = self.w(start);
        let pre = if self.lx.prepositions.contains(l) {
            None
        } else if self.lx.adverbs.contains(l) {
            // `Auch sie forderten`: adverbs, then a phrase up to the verb
            let mut k = start;
            while k < f && self.lx.adverbs.contains(self.w(k)) {
                k += 1;
            }
            self.np(k, f).filter(|np| !np.oblique && np.to == f)
        } else {
            self.np(start, f).filter(|np| !np.oblique)
        };
        match (pre, after) {
            // `Die Tat bezeichnete er als sinnlos`: a pronoun right after the verb is the subject
            (Some(_), Some(a)) if a.pronoun && a.from == f + 1 => Some(a),
            (Some(p), Some(a))
                if self.entity_in(p.from, p.to).is_none()
                    && !p.pronoun
                    && a.from == f + 1
                    && self
                        .entity(a.from)
                        .is_some_and(|e| e.kind == EntityKind::Person) =>
            {
                Some(a)
            }
            (Some(p), _) => Some(Np {
                to: f.max(p.to),
                ..p
            }),
            (None, a) => a,
        }
    }

    /// A relative clause begins at word `c`: a relative pronoun after a comma that opens no
    /// noun phrase (`…, die sagte` but not `…, die Regierung sagte`), or a preposition and one
    /// (`…, zu der …`).
    pub fn relative_at(&self, c: usize) -> bool {
        let (ss, _) = self.sentence_of(c);
        if c <= ss || !self.words[c - 1].is_break {
            return false;
        }
        let ce = self.clause_end(c);
        let rel = |k: usize| self.lx.relatives.contains(self.w(k)) && self.np(k, ce).is_none();
        rel(c) || self.lx.prepositions.contains(self.w(c)) && rel(c + 1)
    }

    /// The verb at `v` ends its clause (only auxiliaries after it): a subordinate clause's verb.
    pub fn verb_final(&self, v: usize) -> bool {
        (v + 1..self.clause_end(v)).all(|k| self.lx.aux.contains(self.w(k)))
    }

    /// The clause from `cs` holding the verb at `v` is subordinate (`wie X mitteilte`,
    /// `…, der betonte`), not a main clause.
    pub fn subordinate(&self, cs: usize, v: usize) -> bool {
        cs < v
            && (self.relative_at(cs)
                || self.lx.subordinators.contains(self.w(cs)) && self.verb_final(v))
    }

    /// The comma-delimited segment ending at `comma` is an apposition or a relative clause
    /// inside the subject (`Die Partei, die Hamas,`, `Carter, der als Beobachter im Land war,`).
    fn after_apposition(&self, comma: usize) -> bool {
        let (ss, _) = self.sentence_of(comma);
        let p = self.clause_start(comma.saturating_sub(1)).max(ss);
        if p <= ss || self.surface(p - 1) != "," {
            return false;
        }
        self.relative_at(p)
            || self
                .np(p, comma)
                .is_some_and(|np| np.to == comma && !np.pronoun)
    }

    /// The subject of a clause `cs..end` without a known verb: a phrase opening it (verb
    /// second), else the phrase after its first verb-like word (`Dort sagt der Trainer`).
    pub fn clause_subject(&self, cs: usize, end: usize) -> Option<Np> {
        let l = self.w(cs);
        if !self.lx.prepositions.contains(l) && !self.lx.adverbs.contains(l) {
            if let Some(np) = self.np(cs, end).filter(|np| !np.oblique) {
                return Some(self.with_apposition(np));
            }
        }
        let f = (cs + 1..end).find(|&k| {
            self.is_word(k)
                && !self.cap(k)
                && !self.is_function_word(self.w(k))
                && !self.adjective(k)
        })?;
        self.subject_after(f, end)
    }

    /// Resolve a speaker as written to (entity id, mention): an entity inside it, a pronoun to
    /// the last person named before, a role noun to the last person named with that role.
    pub fn resolve(&self, np: &Np) -> Option<&'a EntityMention> {
        let span = self.span(np.from, np.to);
        if let Some(e) = self.entity_in(np.from, np.to).filter(|e| {
            matches!(e.kind, EntityKind::Person | EntityKind::Organisation)
                || !e.derived && self.covers_head(np, e)
        }) {
            return Some(e);
        }
        if np.pronoun {
            let kind = self.lx.pron.get(self.w(np.from)).map(String::as_str);
            return match kind {
                Some("m" | "f") => self.person_before(span.start),
                _ => None,
            };
        }
        let head = (np.from..np.to).find(|&k| self.cap(k) && self.lx.is_role(self.w(k)))?;
        self.role_holder(self.w(head), span.start)
    }

    /// A location or other entity as speaker only when it is the phrase itself (`Russland`).
    fn covers_head(&self, np: &Np, e: &EntityMention) -> bool {
        let first = (np.from..np.to)
            .find(|&k| !self.lx.det.contains(self.w(k)))
            .unwrap_or(np.from);
        e.span.start <= self.words[first].start && self.words[np.to - 1].end <= e.span.end
    }

    /// The last person named before `pos` with the role `role` (`Innenminister Schäuble` for
    /// `der Minister`): the role in the mention or in the two words before it.
    fn role_holder(&self, role: &str, pos: usize) -> Option<&'a EntityMention> {
        self.persons_before(pos, 8).find(|e| {
            let i = self.word_at(e.span.start);
            let j = self.word_at(e.span.end);
            (i.saturating_sub(2)..j).any(|k| {
                let w = self.w(k);
                w == role || w.ends_with(role) && self.lx.is_role(w)
            })
        })
    }

    /// A phrase that can speak: a personal pronoun, a person or organisation, a role.
    pub fn speaker_like(&self, np: &Np) -> bool {
        if np.pronoun {
            return self
                .lx
                .pron
                .get(self.w(np.from))
                .is_some_and(|k| k != "1" && k != "2");
        }
        self.entity_in(np.from, np.to)
            .is_some_and(|e| matches!(e.kind, EntityKind::Person | EntityKind::Organisation))
            || (np.from..np.to).any(|k| self.cap(k) && self.lx.is_role(self.w(k)))
    }

    pub fn np_span(&self, np: &Np) -> Span {
        self.span(np.from, np.to)
    }
}

/// Entity kinds that speak: persons and organisations (role descriptions included).
fn speaker_kind(e: &EntityMention) -> bool {
    matches!(e.kind, EntityKind::Person | EntityKind::Organisation)
}
