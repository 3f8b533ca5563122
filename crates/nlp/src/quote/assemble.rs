//! From cues and quote marks to quotes of five kinds, sentence by sentence:
//!
//! - **direct**: words in quote marks, attributed by a cue after them (`„…“, sagte er`), before
//!   them (`Er sagte: „…“`), a colon (`Merkel: „…“`) or the speaker of the sentences before;
//!   short quoted names and terms (`der Film „…“`, `sogenannte „…“`) are terms, not speech;
//! - **indirect**: the content a cue frames — a `dass`/`ob` clause or a subjunctive clause after
//!   a verb cue, the words before an inverted cue (`Die Lage sei ernst, sagte er`), the rest of a
//!   sentence with `laut X`, `nach Angaben X`, `X zufolge`, `…, so X`, `wie X mitteilte`;
//! - **reported**: a sentence telling a speech act in the author's words (`X forderte …`);
//! - **indirect, continued** (`IndirectFreeIndirect`): a subjunctive sentence without a cue,
//!   continuing the speaker before it; **hearsay** (`FreeIndirect`): one with a hearsay modal.
//!
//! The speaker carries over the sentences after an attribution, so continuations and quotes
//! without a cue of their own get the speaker last named.
use parallax_model::{Quote, QuoteKind, Span};

use super::cues::{Attribution, CueKind};
use super::marks::Mark;
use super::phrase::Np;
use super::words::{Doc, Kind};

/// Sentences a speaker carries over without being named again.
const CARRY_SENTENCES: usize = 4;
/// A person or organisation as a sentence's subject becomes the speaker carried on.
const SUBJECT_CARRIES: bool = true;
/// Longest term in quote marks (words) without a cue of its own.
const TERM_WORDS: usize = 3;
/// How far (words) a subjunctive may lie in a clause after a cue to make it reported content.
const KONJ_REACH: usize = 25;

/// The speaker last named, carried into the sentences after it.
#[derive(Debug, Clone)]
struct Carried {
    source: Option<Span>,
    speaker: Option<String>,
    sentence: usize,
}

struct Builder<'d, 'a> {
    doc: &'d Doc<'a>,
    atts: Vec<Attribution>,
    out: Vec<Quote>,
    carry: Option<Carried>,
    /// The last continuation quote: (index in `out`, sentence).
    last_continuation: Option<(usize, usize)>,
}

/// Every quote of the document, sorted by span.
pub(crate) fn quotes(doc: &Doc) -> Vec<Quote> {
    let atts: Vec<Attribution> = doc.attributions().into_iter().filter(|a| !a.noun).collect();
    let mut b = Builder {
        doc,
        atts,
        out: Vec::new(),
        carry: None,
        last_continuation: None,
    };
    let mut m = 0;
    let mut a = 0;
    for (k, &(ss, se)) in doc.sentences.iter().enumerate() {
        let a_end = a + b.atts[a..].partition_point(|x| x.piece < se);
        let mut marks = Vec::new();
        while m < doc.marks.len() && doc.word_at(doc.marks[m].open) < se {
            marks.push(doc.marks[m]);
            m += 1;
        }
        b.sentence(k, (ss, se), a..a_end, &marks);
        a = a_end;
    }
    let mut out = b.out;
    out.sort_by_key(|q| (q.span.start, q.span.end));
    out
}

impl<'d, 'a> Builder<'d, 'a> {
    fn sentence(
        &mut self,
        k: usize,
        (ss, se): (usize, usize),
        atts: std::ops::Range<usize>,
        marks: &[Mark],
    ) {
        let before = self.out.len();
        let mut used_cues: Vec<usize> = Vec::new();
        for mark in marks {
            if let Some(cue) = self.direct(k, mark) {
                used_cues.push(cue);
            }
        }
        let direct_spans: Vec<Span> = self.out[before..]
            .iter()
            .filter(|q| q.kind == QuoteKind::Direct)
            .map(|q| q.span)
            .collect();
        let mut contents: Vec<(usize, usize)> = Vec::new();
        let mut order: Vec<usize> = atts.clone().collect();
        // verbs first: a source preposition inside their content is part of it
        order.sort_by_key(|&ai| matches!(self.atts[ai].kind, CueKind::Prep | CueKind::Post));
        for ai in order {
            let a = self.atts[ai].clone();
            if let Some((from, to)) = self.content(&a, (ss, se)) {
                let span = self.doc.span(from, to);
                let inside = |c: &(usize, usize)| c.0 <= a.frame.0 && a.frame.1 <= c.1;
                if a.kind == CueKind::Prep && contents.iter().any(inside) {
                    // `sagte, dass nach Angaben X …`: the frame lies in reported content already
                    used_cues.push(a.piece);
                    continue;
                }
                let is_marked = self.doc.quoted(from)
                    || direct_spans
                        .iter()
                        .any(|d| covers_marked(self.doc, *d, span));
                if !is_marked && !contents.contains(&(from, to)) {
                    contents.push((from, to));
                    self.push(span, QuoteKind::Indirect, Some(&a));
                    if a.source.is_none() {
                        // `Demnach …`, `heißt es`: the speaker named before
                        self.adopt_carried(k);
                    }
                }
                used_cues.push(a.piece);
            }
        }
        self.noun_contents(k, (ss, se), &mut contents);
        if let Some(a) = self.retro(k, (ss, se), &atts) {
            let (ps, pe) = self.doc.sentences[k - 1];
            if let Some(span) = self.sentence_span(ps, pe) {
                if !self
                    .out
                    .iter()
                    .any(|q| q.kind != QuoteKind::Term && q.span.overlaps(span))
                {
                    self.push(span, QuoteKind::Indirect, Some(&a));
                    used_cues.push(a.piece);
                }
            }
        }
        for ai in atts.clone() {
            let a = self.atts[ai].clone();
            if a.kind == CueKind::Verb
                && a.source.is_some()
                && !used_cues.contains(&a.piece)
                && self.is_reported_act(&a)
                && contents.is_empty()
            {
                if let Some(span) = self.sentence_span(ss, se) {
                    self.push(span, QuoteKind::Reported, Some(&a));
                    contents.push((ss, se));
                }
            }
        }
        if self.out[before..].iter().all(|q| q.kind == QuoteKind::Term) {
            let cue = self.atts[atts.clone()]
                .iter()
                .find(|a| a.kind == CueKind::Verb && a.source.is_some())
                .cloned();
            self.continuation(k, (ss, se), cue);
        }
        // the speaker of this sentence carries on: the last one that can speak (a person, an
        // organisation, a pronoun, a role), else any when the carried one is stale
        let doc = self.doc;
        let speaking = |a: &&Attribution| a.source.is_some() && a.kind != CueKind::Noun;
        let animate = self.atts[atts.clone()]
            .iter()
            .rev()
            .filter(speaking)
            .find(|a| a.speaker.is_some() || a.np.is_some_and(|np| doc.speaker_like(&np)));
        let stale = self.carried(k).is_none();
        let any = self.atts[atts.clone()]
            .iter()
            .rev()
            .find(speaking)
            .filter(|_| stale);
        let produced = self.out[before..].iter().any(|q| q.kind != QuoteKind::Term);
        if let Some(a) = animate.or(any) {
            self.carry = Some(Carried {
                source: a.source,
                speaker: a.speaker.clone(),
                sentence: k,
            });
        } else if let Some(q) = self.out[before..]
            .iter()
            .rev()
            .find(|q| q.kind == QuoteKind::Direct && q.speaker_span.is_some())
        {
            self.carry = Some(Carried {
                source: q.speaker_span,
                speaker: q.speaker.clone(),
                sentence: k,
            });
        } else if !produced && SUBJECT_CARRIES {
            // `Dekan Berg sieht den Rechtsstreit gelassen. Man habe nichts gewusst.`: a person or
            // organisation as a sentence's subject speaks in the subjunctive after it
            if let Some(np) = doc.clause_subject(ss, se).filter(|np| !np.pronoun) {
                if let Some(e) = doc
                    .resolve(&np)
                    .filter(|e| doc.entity_in(np.from, np.to) == Some(e))
                {
                    self.carry = Some(Carried {
                        source: Some(doc.np_span(&np)),
                        speaker: Some(e.entity.clone()),
                        sentence: k,
                    });
                }
            }
        }
    }

    /// `vertritt die Ansicht, Clarkson habe …`, `mit dem Argument, die Züge seien …`: a
    /// speech noun before reported content; the speaker is the sentence's subject.
    fn noun_contents(
        &mut self,
        k: usize,
        (ss, se): (usize, usize),
        contents: &mut Vec<(usize, usize)>,
    ) {
        let doc = self.doc;
        let lx = doc.lx;
        let nouns: Vec<usize> = (ss..se)
            .filter(|&i| {
                doc.cap(i)
                    && !doc.quoted(i)
                    && lx.is_noun_cue(doc.w(i))
                    && doc.surface(i + 1) == ","
            })
            .collect();
        for i in nouns {
            let c = i + 2;
            if c >= se || !contents.is_empty() {
                continue;
            }
            let w = doc.w(c);
            let content = lx.that.contains(w)
                || self.may_be_content(c) && (self.has_konj(c, se) || self.infinitive(c, se));
            if !content {
                continue;
            }
            let Some((from, to)) = self.trimmed(c, se) else {
                continue;
            };
            let np = doc.sentence_subject(ss, i);
            let mut a = doc.noun_attribution(i, np);
            a.noun = false;
            contents.push((from, to));
            self.push(doc.span(from, to), QuoteKind::Indirect, Some(&a));
            if np.is_none() {
                self.adopt_carried(k);
            }
        }
    }

    /// `Das berichten Medien.`, `Dies bestätigte der Minister`: a cue whose object is a
    /// demonstrative opening the sentence reports the sentence before.
    fn retro(
        &self,
        k: usize,
        (ss, se): (usize, usize),
        atts: &std::ops::Range<usize>,
    ) -> Option<Attribution> {
        let doc = self.doc;
        if k == 0 || !doc.lx.demonstrative.contains(doc.w(ss)) || doc.words[ss].paragraph_before {
            return None;
        }
        self.atts[atts.clone()]
            .iter()
            .find(|a| {
                a.kind == CueKind::Verb
                    && a.piece == ss + 1
                    && a.source_after
                    && self
                        .trimmed(doc.clause_end(a.frame.1.saturating_sub(1)), se)
                        .is_none()
            })
            .cloned()
    }

    fn carried(&self, k: usize) -> Option<&Carried> {
        self.carry
            .as_ref()
            .filter(|c| c.sentence + CARRY_SENTENCES >= k)
    }

    fn push(&mut self, span: Span, kind: QuoteKind, a: Option<&Attribution>) {
        let text = span.slice(self.doc.text).to_string();
        let (speaker, speaker_span, cue, cue_span) = match a {
            Some(a) => (
                a.speaker.clone(),
                a.source,
                Some(a.cue_text.clone()),
                Some(a.cue),
            ),
            None => (None, None, None, None),
        };
        self.out.push(Quote {
            span,
            text,
            speaker,
            speaker_span,
            cue,
            cue_span,
            direct: kind == QuoteKind::Direct,
            kind,
        });
    }

    /// The last quote takes the carried speaker.
    fn adopt_carried(&mut self, k: usize) {
        if let (Some(c), Some(q)) = (self.carried(k).cloned(), self.out.last_mut()) {
            q.speaker = c.speaker;
            q.speaker_span = c.source;
        }
    }

    fn push_carried(&mut self, span: Span, kind: QuoteKind, c: Option<Carried>) {
        self.push(span, kind, None);
        if let (Some(c), Some(q)) = (c, self.out.last_mut()) {
            q.speaker = c.speaker;
            q.speaker_span = c.source;
        }
    }

    /// A direct quote (or a term) from one quote-mark pair; the word index of its cue.
    fn direct(&mut self, k: usize, mark: &Mark) -> Option<usize> {
        let doc = self.doc;
        let content = Span::new(mark.content_start, mark.content_end);
        let open_w = doc.word_at(mark.open);
        let close_w = doc.word_at(mark.close);
        let words = content.slice(doc.text).split_whitespace().count();
        if self.is_title(mark, open_w, close_w, words) {
            self.push(content, QuoteKind::Term, None);
            return None;
        }
        if let Some(np) = self.colon_subject(open_w) {
            // `Der Bundestrainer zeigt sich zufrieden: „…“`: the subject before the colon
            let mention = doc.resolve(&np);
            self.push(content, QuoteKind::Direct, None);
            if let Some(q) = self.out.last_mut() {
                q.speaker_span = Some(doc.np_span(&np));
                q.speaker = mention.map(|e| e.entity.clone());
            }
            return None;
        }
        if let Some(ai) = self.cue_for(mark, open_w, close_w) {
            let a = self.atts[ai].clone();
            if words <= TERM_WORDS && self.far(&a, mark) {
                self.push(content, QuoteKind::Term, None);
                return None;
            }
            self.push(content, QuoteKind::Direct, Some(&a));
            return Some(a.piece);
        }
        let ends_sentence = content
            .slice(doc.text)
            .trim_end()
            .ends_with(['.', '!', '?', '…']);
        if words <= TERM_WORDS && !ends_sentence {
            self.push(content, QuoteKind::Term, None);
            return None;
        }
        if let Some(np) = self.colon_speaker(open_w) {
            let mention = doc.resolve(&np);
            self.push(content, QuoteKind::Direct, None);
            if let Some(q) = self.out.last_mut() {
                q.speaker_span = Some(doc.np_span(&np));
                q.speaker = mention.map(|e| e.entity.clone());
            }
            return None;
        }
        let c = self.carried(k).cloned();
        self.push_carried(content, QuoteKind::Direct, c);
        None
    }

    /// The cue far from a short quote: a term with a cue elsewhere in a long sentence.
    fn far(&self, a: &Attribution, mark: &Mark) -> bool {
        let dist = if a.cue.start >= mark.close {
            a.cue.start - mark.close
        } else {
            mark.open.saturating_sub(a.cue.end)
        };
        dist > 200
    }

    /// Quote marks around a name or term: a term marker or a title noun before them, a
    /// compound glued to them (`„…“-Gipfel`), a quoted entity name, or a short line alone.
    fn is_title(&self, mark: &Mark, open_w: usize, close_w: usize, words: usize) -> bool {
        let doc = self.doc;
        let lx = doc.lx;
        let before: Vec<&str> = (open_w.saturating_sub(3)..open_w)
            .map(|k| doc.w(k))
            .collect();
        let term_marker = lx
            .term
            .iter()
            .any(|t| t.len() <= before.len() && before[before.len() - t.len()..] == t[..]);
        if term_marker {
            return true;
        }
        let glued = doc
            .words
            .get(close_w)
            .is_some_and(|w| w.start == mark.close && matches!(doc.surface(close_w), "-" | "‑"));
        if glued {
            return true;
        }
        let name_like = words <= 5
            && doc.cap(open_w + 1)
            && self.no_verb(open_w + 1, close_w.saturating_sub(1));
        let after_title_noun = open_w > 0
            && (open_w.saturating_sub(2)..open_w)
                .any(|k| doc.cap(k) && lx.title_nouns.contains(doc.w(k)));
        let quoted_entity = doc.entity(open_w + 1).is_some_and(|e| {
            e.span.end + 1 >= mark.content_end && e.span.start <= mark.content_start + 1
        });
        if name_like && (after_title_noun || quoted_entity) {
            return true;
        }
        // Only blanks between the marks and the ends of their line.
        let line_alone = blank_to_line_end(doc.text[..mark.open].chars().rev())
            && blank_to_line_end(doc.text[mark.close..].chars());
        line_alone && words <= TERM_WORDS
    }

    /// No cue, auxiliary or subjunctive among words `from..to`: a name, not a statement.
    fn no_verb(&self, from: usize, to: usize) -> bool {
        let doc = self.doc;
        let lx = doc.lx;
        (from..to).all(|k| {
            let w = doc.w(k);
            let verb_like = lx.aux.contains(w)
                || lx.konj.contains(w)
                || lx.modal.contains(w)
                || (lx.is_cue(w) && !doc.cap(k));
            !verb_like && !matches!(doc.surface(k), "." | "!" | "?" | "," | ":")
        })
    }

    /// The cue attributing a quote: after it in its closing sentence (`„…“, sagte er`), else
    /// before it in its opening sentence (`Er sagte: „…“`), else later in the closing sentence.
    fn cue_for(&self, mark: &Mark, open_w: usize, close_w: usize) -> Option<usize> {
        let doc = self.doc;
        let (os, _) = doc.sentence_of(open_w);
        let (_, ce) = doc.sentence_of(close_w.saturating_sub(1));
        let usable = |a: &Attribution| a.kind != CueKind::Noun && a.source.is_some();
        let first_after = self.atts.partition_point(|a| a.piece < close_w);
        let after = (first_after..self.atts.len())
            .take_while(|&i| self.atts[i].piece < ce)
            .filter(|&i| usable(&self.atts[i]))
            .collect::<Vec<_>>();
        if let Some(&i) = after.first().filter(|&&i| {
            let a = &self.atts[i];
            a.piece <= close_w + 3 && (a.source_after || a.kind == CueKind::So)
        }) {
            return Some(i);
        }
        let first_before = self.atts.partition_point(|a| a.piece < os);
        let before = (first_before..self.atts.len())
            .take_while(|&i| self.atts[i].piece < open_w)
            .filter(|&i| usable(&self.atts[i]))
            .last();
        let _ = mark;
        before.or(after.first().copied())
    }

    /// A quote after a colon without a cue in its clause: the clause's subject
    /// (`Punklady Nina Hagen zur neuen Heimat: „…“`, `Die Bewohner sehen alles gelassen: „…“`).
    /// With a cue in the clause, the cue attributes (`Merkel sagte: „…“`).
    fn colon_subject(&self, open_w: usize) -> Option<Np> {
        let doc = self.doc;
        if open_w < 2 || doc.surface(open_w - 1) != ":" {
            return None;
        }
        let colon = open_w - 1;
        let (ss, _) = doc.sentence_of(colon);
        let cs = doc.clause_start(colon - 1).max(ss);
        let first = self.atts.partition_point(|a| a.piece < cs);
        let has_cue = self.atts[first..]
            .iter()
            .take_while(|a| a.piece < colon)
            .any(|a| a.kind != CueKind::Noun && a.source.is_some());
        if has_cue {
            return None;
        }
        doc.clause_subject(cs, colon)
    }

    /// `Merkel: „…“`: a phrase and a colon right before the quote.
    fn colon_speaker(&self, open_w: usize) -> Option<Np> {
        let doc = self.doc;
        if open_w == 0 || doc.surface(open_w - 1) != ":" {
            return None;
        }
        let (ss, _) = doc.sentence_of(open_w - 1);
        let floor = doc.clause_start(open_w.saturating_sub(2)).max(ss);
        doc.np_ending(open_w - 1, floor)
            .filter(|np| np.from == floor && !np.oblique)
    }

    /// The words of a sentence without its final punctuation.
    fn sentence_span(&self, ss: usize, se: usize) -> Option<Span> {
        self.trimmed(ss, se).map(|(f, t)| self.doc.span(f, t))
    }

    fn trimmed(&self, mut from: usize, mut to: usize) -> Option<(usize, usize)> {
        let doc = self.doc;
        while to > from
            && matches!(
                doc.surface(to - 1),
                "." | "!" | "?" | ":" | ";" | "," | "–" | "—"
            )
        {
            to -= 1;
        }
        while from < to && matches!(doc.surface(from), "," | ":" | ";" | "–" | "—") {
            from += 1;
        }
        (to > from).then_some((from, to))
    }

    fn has_konj(&self, from: usize, to: usize) -> bool {
        (from..to.min(from + KONJ_REACH))
            .any(|x| !self.doc.quoted(x) && self.doc.lx.konj.contains(self.doc.w(x)))
    }

    /// A zu-infinitive clause (`gab vor, eine Aussprache herbeiführen zu wollen`): `zu` and a
    /// verb at the end of the clause.
    fn infinitive(&self, from: usize, to: usize) -> bool {
        let doc = self.doc;
        let end = doc.clause_end(from).min(to);
        (from..end).any(|x| {
            doc.lx.infinitive.contains(doc.w(x))
                && doc.is_word(x + 1)
                && !doc.cap(x + 1)
                && x + 3 >= end
        })
    }

    /// Words from `c` on may be reported content: not a subordinate or relative clause, not a
    /// prepositional phrase, not the inside of quote marks.
    fn may_be_content(&self, c: usize) -> bool {
        let doc = self.doc;
        let lx = doc.lx;
        let w = doc.w(c);
        !(lx.subordinators.contains(w) && !lx.that.contains(w) && !lx.wh.contains(w)
            || doc.relative_at(c)
            || doc.quoted(c))
    }

    /// The reported content a cue frames (word range), if any.
    fn content(&self, a: &Attribution, (ss, se): (usize, usize)) -> Option<(usize, usize)> {
        let doc = self.doc;
        match a.kind {
            CueKind::Noun => None,
            CueKind::Prep | CueKind::Post => self.around_frame(a.frame, (ss, se)),
            CueKind::So => {
                let (f, t) = a.frame;
                let rest = self.trimmed(t, se);
                if rest.is_some() && doc.surface(t) == "," {
                    self.trimmed(ss, se)
                } else {
                    self.trimmed(ss, f)
                }
            }
            CueKind::Verb | CueKind::Impersonal => self.verb_content(a, (ss, se)),
        }
    }

    /// The sentence around a frame at its start, its end or inside it.
    fn around_frame(
        &self,
        (f, t): (usize, usize),
        (ss, se): (usize, usize),
    ) -> Option<(usize, usize)> {
        let doc = self.doc;
        let lead = (ss..f)
            .all(|k| doc.lx.adverbs.contains(doc.w(k)) || doc.lx.conjunctions.contains(doc.w(k)));
        let tail = self.trimmed(t, se).is_none();
        match (lead, tail) {
            (true, true) => None,
            (true, false) => self.trimmed(t, se),
            (false, true) => self.trimmed(ss, f),
            (false, false) => self.trimmed(ss, se),
        }
    }

    fn verb_content(&self, a: &Attribution, (ss, se): (usize, usize)) -> Option<(usize, usize)> {
        let doc = self.doc;
        let lx = doc.lx;
        let v = a.piece;
        let cs = doc.clause_start(v).max(ss);
        // `wie X mitteilte, …` / `…, wie X mitteilte`
        if cs < v && lx.like.contains(doc.w(cs)) {
            let ce = doc.clause_end(v);
            return if cs > ss && doc.surface(cs - 1) == "," && self.trimmed(ce, se).is_none() {
                self.trimmed(ss, cs - 1)
            } else if doc.surface(ce) == "," {
                self.trimmed(ce + 1, se)
            } else {
                None
            };
        }
        // the frame ends after the cue's clause (and its subject, when it follows)
        let mut ce = doc.clause_end(v.max(a.frame.1.saturating_sub(1)));
        // after a comma or colon: `sagte, dass …`, `betonte, die Lage sei …`, `erklärte: …`
        let sep = doc.surface(ce);
        if (sep == "," || sep == ":") && ce + 1 < se {
            let mut c = ce + 1;
            // a relative clause about the speaker comes first: `sagte Müller, der …, die Lage sei`
            if doc.relative_at(c) {
                let rel_end = doc.clause_end(c);
                if doc.surface(rel_end) == "," {
                    c = rel_end + 1;
                    ce = rel_end;
                }
            }
            let w = doc.w(c);
            // `…, warum`: a question after the verb, not a relative clause after a noun
            let after_noun = doc.cap(ce - 1) && doc.is_word(ce - 1);
            let opens = lx.that.contains(w) || lx.wh.contains(w) && sep == "," && !after_noun;
            let glued = sep == ":" && doc.words[c].start == doc.words[ce].end;
            let marked_only = doc
                .words
                .get(c)
                .is_some_and(|x| x.kind == Kind::Punct && doc.quoted(c + 1))
                && self.marks_to_end(c, se);
            let content = opens
                || self.may_be_content(c)
                    && (sep == ":" || self.has_konj(c, se) || self.infinitive(c, se));
            if !marked_only && !glued && content {
                return self.trimmed(c, se);
            }
            // `verkündete der DFB, kurz „DFB“, dann offiziell, dass …`: a later `dass` clause
            let mut seg = c;
            for _ in 0..3 {
                let end = doc.clause_end(seg);
                if end >= se || doc.surface(end) != "," {
                    break;
                }
                seg = end + 1;
                if lx.that.contains(doc.w(seg)) {
                    return self.trimmed(seg, se);
                }
            }
        }
        // `…, das teilte X mit`: the words before the demonstrative
        if cs > ss
            && doc.surface(cs - 1) == ","
            && lx.demonstrative.contains(doc.w(cs))
            && cs + 1 == v
        {
            return self.trimmed(ss, cs - 1);
        }
        // before an inverted cue: `Die Lage sei ernst, sagte er.`
        let inverted = cs > ss
            && doc.surface(cs - 1) == ","
            && cs == v
            && a.source.is_some()
            && a.source_after
            && self.may_be_content(ss);
        if inverted {
            let tail_end = doc.clause_end(a.frame.1.saturating_sub(1).max(v));
            let rest = self.trimmed(tail_end, se);
            return if rest.is_some() && doc.surface(tail_end) == "," {
                // `Die Regierung, sagte er, werde …`: the words around the frame
                self.trimmed(ss, se)
            } else {
                self.trimmed(ss, cs - 1)
            };
        }
        None
    }

    /// From word `c` on, the sentence is one quote-mark pair (and final punctuation).
    fn marks_to_end(&self, c: usize, se: usize) -> bool {
        let doc = self.doc;
        let start = doc.words[c].start;
        doc.marks
            .binary_search_by_key(&start, |m| m.open)
            .ok()
            .map(|i| doc.marks[i])
            .is_some_and(|m| {
                let after = doc.word_at(m.close);
                self.trimmed(after, se).is_none()
            })
    }

    fn is_reported_act(&self, a: &Attribution) -> bool {
        let doc = self.doc;
        let lx = doc.lx;
        let v = a.piece;
        let cs = doc.clause_start(v);
        let ce = doc.clause_end(v);
        if doc.subordinate(cs, v) {
            return false;
        }
        let passive = (cs..ce).any(|k| lx.passive.contains(doc.w(k)));
        let agent = (cs..ce).any(|k| lx.agent.contains(doc.w(k)));
        if passive && !agent {
            return false;
        }
        match doc.lx.act(doc.w(v)) {
            None => false,
            Some([]) => true,
            Some(preps) => {
                let ce = doc.clause_end(v);
                (v + 1..ce).any(|k| preps.iter().any(|p| p == doc.w(k)))
            }
        }
    }

    /// A sentence without a cue: a subjunctive continues the speaker before it, a hearsay
    /// modal reports what others say.
    fn continuation(&mut self, k: usize, (ss, se): (usize, usize), cue: Option<Attribution>) {
        let doc = self.doc;
        let lx = doc.lx;
        let outside = |x: usize| !doc.quoted(x) && doc.words[x].kind == Kind::Word;
        let main = |x: usize| !doc.subordinate(doc.clause_start(x), x) && x > ss;
        let konj = (ss..se).any(|x| outside(x) && lx.konj.contains(doc.w(x)));
        let modal = (ss..se).any(|x| outside(x) && lx.modal.contains(doc.w(x)) && main(x));
        let carried = self.carried(k).is_some();
        let kind = if konj {
            QuoteKind::IndirectFreeIndirect
        } else if modal && carried {
            QuoteKind::FreeIndirect
        } else {
            self.last_continuation = None;
            return;
        };
        let Some(span) = self.sentence_span(ss, se) else {
            return;
        };
        if let (Some(a), true) = (cue, konj) {
            // a subjunctive sentence with a cue whose content was not found: its words
            self.push(span, QuoteKind::Indirect, Some(&a));
            return;
        }
        let c = self.carried(k).cloned();
        if let Some(carry) = self.carry.as_mut().filter(|_| c.is_some()) {
            // a continuation keeps its speaker current
            carry.sentence = k;
        }
        self.push_carried(span, kind, c);
        self.last_continuation = Some((self.out.len() - 1, k));
    }
}

/// The indirect content is (almost) only the quote-mark pair `d` (a direct quote already).
fn covers_marked(doc: &Doc, d: Span, span: Span) -> bool {
    let outer = Span::new(d.start.saturating_sub(3), (d.end + 3).min(doc.text.len()));
    span.start >= outer.start && span.end <= outer.end
}

/// Whether the characters up to the next line break (or the end) are all blank. Scans only
/// the blanks, so a text of one long line stays linear.
fn blank_to_line_end(mut chars: impl Iterator<Item = char>) -> bool {
    chars
        .find(|c| *c == '\n' || !c.is_whitespace())
        .is_none_or(|c| c == '\n')
}
