//! Quotes and their speakers.
//!
//! Direct quotes in `„…“`, `"…"`, `»…«`, `«…»`, `“…”`; the speaker through cue verbs and
//! phrases before or after the quote (`sagte`, `betonte`, `bezeichnete … als`, `fügte hinzu`,
//! `so X`, `laut X`, `nach Angaben von X`), pronouns and role nouns resolved to the nearest
//! preceding person; reported speech (`sagte, dass …`, Konjunktiv I) as indirect quotes;
//! scare quotes and titles as terms. Works from the raw text; entity mentions give canonical
//! speakers when present, a capitalised-name fallback otherwise.
use std::sync::OnceLock;

use parallax_model::{EntityKind, EntityMention, Quote, QuoteKind, Span, Token};

use crate::lang::Language;
use crate::quantity::lexer::{self, is_capitalised, lower, Kind, Piece};
use crate::quantity::lexicon::{surface_pieces, HashMap, HashSet};

/// What the quote stage needs from a language.
pub trait QuoteRules: Sync {
    /// Cue verbs, source prepositions, pronouns, role nouns, Konjunktiv forms, term markers.
    fn lexicon(&self) -> &QuoteLexicon;
    /// Determiners/articles (lower case) that open a noun phrase (from the number data).
    fn is_determiner(&self, lower: &str) -> bool;
}

/// A language's quote lexicon, parsed from `data/lang/<code>/quotes.tsv`.
#[derive(Debug, Default)]
pub struct QuoteLexicon {
    pub verbs: HashSet<String>,
    /// Separable verbs: verb → particles (`fügte` → `hinzu`).
    pub particles: HashMap<String, Vec<String>>,
    /// Source prepositions as piece sequences (`laut`, `nach angaben von`).
    pub preps: Vec<Vec<String>>,
    pub post: HashSet<String>,
    pub so: HashSet<String>,
    pub as_words: HashSet<String>,
    /// Pronoun → kind (`m`, `f`, `1`).
    pub pron: HashMap<String, String>,
    pub role: HashSet<String>,
    pub konj: HashSet<String>,
    pub that: HashSet<String>,
    pub term: Vec<Vec<String>>,
    /// Verb roots of speech (`sag`, `sprach`): root + a verbal ending is a cue.
    pub roots: Vec<String>,
    /// Separable prefixes that may precede a root (`an-sprechen`, `hin-ge-wiesen`, `vor-zu-schlagen`).
    pub prefixes: Vec<String>,
    /// Nouns naming an act or content of speech, writing or thought (`Forderung`, `Antrag`,
    /// `Frage`), also as the head of a compound (`Gesetzentwurf`, `Änderungsantrag`).
    pub nouns: Vec<String>,
    /// Possessive determiners: the owner of a speech noun is its source (`Ihr Vorschlag`).
    pub poss: HashSet<String>,
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
            let w = word.trim_end_matches(',').to_string();
            match *kind {
                "verb" => {
                    lx.verbs.insert(w);
                }
                "particle" => {
                    if let Some(p) = f.get(2) {
                        lx.particles
                            .entry(w.clone())
                            .or_default()
                            .push(p.to_string());
                        lx.verbs.insert(w);
                    }
                }
                "prep" => lx.preps.push(surface_pieces(&w)),
                "post" => {
                    lx.post.insert(w);
                }
                "so" => {
                    lx.so.insert(w);
                }
                "as" => {
                    lx.as_words.insert(w);
                }
                "pron" => {
                    lx.pron.insert(w, f.get(2).unwrap_or(&"").to_string());
                }
                "role" => {
                    lx.role.insert(w);
                }
                "konj" => {
                    lx.konj.insert(w);
                }
                "that" => {
                    lx.that.insert(w);
                }
                "term" => lx.term.push(surface_pieces(&w)),
                "root" => lx.roots.push(w),
                "prefix" => lx.prefixes.push(w),
                "noun" => lx.nouns.push(w),
                "poss" => {
                    lx.poss.insert(w);
                }
                _ => {}
            }
        }
        lx.preps.sort_by_key(|p| std::cmp::Reverse(p.len()));
        lx.prefixes.sort_by_key(|p| std::cmp::Reverse(p.len()));
        lx
    }

    /// True when a capitalised word (given in lower case) is a speech noun or a compound
    /// ending in one, with a plural or genitive ending (`Forderungen`, `Antrags`, `Worte`).
    pub fn is_noun_cue(&self, w: &str) -> bool {
        self.nouns.iter().any(|n| {
            let Some(at) = w.rfind(n.as_str()) else {
                return false;
            };
            // A compound's head: the noun ends the word; its modifier is a word of its own.
            (at == 0 || at >= 3)
                && matches!(
                    w.get(at + n.len()..),
                    Some("" | "e" | "en" | "n" | "s" | "es" | "er" | "ern")
                )
        })
    }

    /// True when a lower-case word is a speech cue: a listed form, or a root with a verbal
    /// ending (`sagte`, `gesagt`, `spreche`, `nannte`).
    pub fn is_cue(&self, w: &str) -> bool {
        if self.verbs.contains(w) || self.root_form(w) {
            return true;
        }
        // A separable prefix, then `ge`/`zu` or nothing (`angesprochen`, `hinzuweisen`).
        self.prefixes.iter().any(|p| {
            w.strip_prefix(p.as_str()).is_some_and(|rest| {
                let rest = rest
                    .strip_prefix("zu")
                    .filter(|r| self.root_form(r))
                    .unwrap_or(rest);
                rest.len() > 2 && self.root_form(rest)
            })
        })
    }

    /// A root with a verbal ending, with or without the participle's `ge`.
    fn root_form(&self, w: &str) -> bool {
        let w = w.strip_prefix("ge").filter(|r| r.len() > 2).unwrap_or(w);
        self.roots.iter().any(|r| {
            w.strip_prefix(r.as_str()).is_some_and(|end| {
                matches!(
                    end,
                    "" | "e"
                        | "en"
                        | "t"
                        | "te"
                        | "ten"
                        | "st"
                        | "est"
                        | "et"
                        | "tet"
                        | "tete"
                        | "teten"
                        | "ete"
                        | "eten"
                )
            })
        })
    }
}

/// Prepositions before a noun phrase that make it no subject (German and English).
const PREPOSITIONS: &[&str] = &[
    "in",
    "an",
    "auf",
    "mit",
    "nach",
    "bei",
    "von",
    "vor",
    "aus",
    "zu",
    "für",
    "über",
    "unter",
    "gegenüber",
    "seit",
    "während",
    "of",
    "at",
    "on",
    "with",
    "from",
    "to",
    "for",
    "by",
];

/// Quote marks: opener → closers.
const MARKS: &[(char, &[char])] = &[
    ('„', &['“', '”', '"']),
    ('“', &['”', '“']),
    ('»', &['«']),
    ('«', &['»']),
    ('"', &['"']),
];

/// Longest stretch a quote may span (bytes); longer ones are unbalanced marks.
const MAX_QUOTE: usize = 4000;

/// Quote-mark pairs: (open mark start, content start, content end, close mark end).
/// Linear: one pass; unbalanced marks are dropped at a paragraph break or after `MAX_QUOTE`.
pub fn quote_spans(text: &str) -> Vec<(usize, usize, usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize, &[char])> = None;
    let mut prev: char = ' ';
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let next = iter.peek().map(|(_, n)| *n).unwrap_or(' ');
        if let Some((o, cs, closers)) = open {
            if closers.contains(&c) {
                if i > cs {
                    out.push((o, cs, i, i + c.len_utf8()));
                }
                open = None;
                prev = c;
                continue;
            }
            if c == '\n' && next == '\n' || i - o > MAX_QUOTE {
                open = None;
            } else if c == '„' || c == '»' && closers != ['«'] {
                // a new opener inside: the earlier one was unbalanced
                open = MARKS
                    .iter()
                    .find(|(m, _)| *m == c)
                    .map(|(_, cl)| (i, i + c.len_utf8(), *cl));
            }
            prev = c;
            continue;
        }
        if let Some((_, closers)) = MARKS.iter().find(|(m, _)| *m == c) {
            // a straight quote opens only before a word
            if c == '"'
                && (next.is_whitespace() || !(prev.is_whitespace() || "([{-–—/".contains(prev)))
            {
                prev = c;
                continue;
            }
            open = Some((i, i + c.len_utf8(), closers));
        }
        prev = c;
    }
    out
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
    /// Piece index of the cue.
    pub piece: usize,
    /// True when the source follows the cue (`betonte er`, `laut X`).
    pub source_after: bool,
    /// True for a speech noun (`die Forderung`): an act of speech, not a quote's attribution.
    pub noun: bool,
}

struct Cx<'a> {
    language: &'a Language,
    lx: &'a QuoteLexicon,
    text: &'a str,
    pieces: &'a [Piece],
    sentences: &'a [Span],
    entities: &'a [EntityMention],
    /// Piece index → inside quote marks.
    quoted: Vec<bool>,
    /// Fallback person names (spans) when entities are empty.
    names: Vec<Span>,
}

impl<'a> Cx<'a> {
    /// The attribution of the cue on pieces `first..=last`; a speech noun's source (a
    /// possessive) names no speaker.
    fn attribution(
        &self,
        first: usize,
        last: usize,
        source: Option<Span>,
        source_after: bool,
        noun: bool,
    ) -> Attribution {
        let cue = Span::new(self.pieces[first].start, self.pieces[last].end);
        let (speaker, speaker_span) = match source {
            Some(s) if !noun => self.resolve(s),
            _ => (None, None),
        };
        Attribution {
            cue,
            cue_text: cue.slice(self.text).to_string(),
            source,
            speaker,
            speaker_span,
            piece: first,
            source_after,
            noun,
        }
    }

    fn t(&self, i: usize) -> &'a str {
        self.pieces.get(i).map(|p| p.text(self.text)).unwrap_or("")
    }
    fn lw(&self, i: usize) -> String {
        lower(self.t(i))
    }
    fn sentence_bounds(&self, i: usize) -> (usize, usize) {
        let pos = self.pieces.get(i).map(|p| p.start).unwrap_or(0);
        match lexer::sentence_of(self.sentences, pos) {
            Some(s) => (self.sentences[s].start, self.sentences[s].end),
            None => (0, self.text.len()),
        }
    }
    fn is_boundary(&self, i: usize) -> bool {
        matches!(self.t(i), "." | "!" | "?" | ";")
    }
    fn entity_at(&self, start: usize, end: usize) -> Option<&'a EntityMention> {
        self.entities
            .iter()
            .filter(|e| e.span.start < end && start < e.span.end)
            .max_by_key(|e| (e.kind == EntityKind::Person, e.span.len()))
    }
    /// A noun phrase / name / pronoun starting at piece `i` (within `limit`): its span and end piece.
    fn source_at(&self, i: usize, limit: usize) -> Option<(Span, usize)> {
        let p = self.pieces.get(i)?;
        if i >= limit || self.quoted[i] || p.kind != Kind::Word {
            return None;
        }
        if let Some(e) = self.entity_at(p.start, p.end) {
            if matches!(e.kind, EntityKind::Person | EntityKind::Organisation) || e.derived {
                let mut j = i;
                while j + 1 < self.pieces.len() && self.pieces[j + 1].start < e.span.end {
                    j += 1;
                }
                return Some((e.span, j + 1));
            }
        }
        let l = self.lw(i);
        if self.lx.pron.contains_key(&l) || (l == "sie" && is_capitalised(self.t(i))) {
            return Some((Span::new(p.start, p.end), i + 1));
        }
        // det + adjectives + noun (+ name): `der kasachische Staatschef`, `Präsident Tokajew`
        let mut j = i;
        if self.language.quotes.is_determiner(&l) {
            j += 1;
        }
        let mut adjs = 0;
        while j < limit
            && adjs < 3
            && self.pieces[j].kind == Kind::Word
            && !is_capitalised(self.t(j))
        {
            let a = self.lw(j);
            if !(a.ends_with('e') || a.ends_with("en") || a.ends_with("er") || a.ends_with("es"))
                || self.lx.verbs.contains(&a)
            {
                return None;
            }
            adjs += 1;
            j += 1;
        }
        if j >= limit
            || self.pieces[j].kind != Kind::Word
            || !is_capitalised(self.t(j))
            || self.quoted[j]
        {
            return None;
        }
        let head = self.lw(j);
        let qlx = self.language.quantities.lexicon();
        if self.lx.verbs.contains(&head)
            || self.language.quotes.is_determiner(&head)
            || qlx.timenoun.contains(&head)
            || self.language.times.month(&head).is_some()
            || self.language.times.weekday(&head).is_some()
        {
            return None;
        }
        // a prepositional phrase is no subject: `Im September`, `In dem Interview`
        if matches!(
            l.as_str(),
            "im" | "am" | "vom" | "zum" | "zur" | "beim" | "ins"
        ) || i > 0 && PREPOSITIONS.contains(&self.lw(i - 1).as_str())
        {
            return None;
        }
        // extend over following capitalised words (`Präsident Wladimir Putin`, `Herr Tokajew`)
        let mut e = j + 1;
        while e < limit
            && e < j + 4
            && self.pieces[e].kind == Kind::Word
            && is_capitalised(self.t(e))
            && !self.quoted[e]
            && !self.pieces[e].newline_before
        {
            let w = self.lw(e);
            if self.lx.verbs.contains(&w)
                || self.language.quotes.is_determiner(&w)
                || self.lx.pron.contains_key(&w)
            {
                break;
            }
            e += 1;
        }
        Some((Span::new(p.start, self.pieces[e - 1].end), e))
    }
    /// Resolve a source span to (canonical id, mention span): entity inside it, else the
    /// nearest preceding person for pronouns and role nouns, else a fallback name.
    fn resolve(&self, source: Span) -> (Option<String>, Option<Span>) {
        let inside: Vec<&EntityMention> = self
            .entities
            .iter()
            .filter(|e| source.overlaps(e.span))
            .collect();
        if let Some(e) = inside
            .iter()
            .find(|e| e.kind == EntityKind::Person)
            .or(inside.first())
        {
            return (Some(e.entity.clone()), Some(e.span));
        }
        let words: Vec<String> = source
            .slice(self.text)
            .split_whitespace()
            .map(lower)
            .collect();
        let is_pron = words.len() == 1 && self.lx.pron.get(&words[0]).is_some_and(|k| k != "1");
        let is_role = words.iter().any(|w| self.lx.role.contains(w.as_str()));
        let has_name = self.names.iter().any(|n| source.contains(*n));
        if has_name {
            let n = self
                .names
                .iter()
                .rev()
                .find(|n| source.contains(**n))
                .copied();
            return (None, n);
        }
        if is_pron || is_role {
            // nearest preceding person mention outside quotes
            let before = self
                .entities
                .iter()
                .filter(|e| {
                    e.kind == EntityKind::Person
                        && e.span.end <= source.start
                        && !self.in_quote(e.span.start)
                })
                .max_by_key(|e| e.span.end);
            if let Some(e) = before {
                return (Some(e.entity.clone()), Some(e.span));
            }
            let name = self
                .names
                .iter()
                .filter(|n| n.end <= source.start && !self.in_quote(n.start))
                .max_by_key(|n| n.end);
            return (None, name.copied());
        }
        (None, None)
    }
    fn in_quote(&self, pos: usize) -> bool {
        let idx = self.pieces.partition_point(|p| p.start < pos);
        self.quoted.get(idx).copied().unwrap_or(false)
    }
}

/// Capitalised-name fallback for texts without entity mentions. A word is a name on strong
/// evidence — after a title (`Herr Tokajew`, `Präsident Putin`), in a run of capitalised words
/// after no determiner (`Olaf Scholz`), as the sentence-initial subject of a cue verb
/// (`Tokajew sagte`), or right after a cue (`sagte Tokajew`, `laut Lawrow`) — and then
/// every other occurrence of the same word counts too.
fn fallback_names(cx: &Cx) -> Vec<Span> {
    let p = cx.pieces;
    let n = p.len();
    let function_word = |l: &str| {
        cx.language.quotes.is_determiner(l)
            || PREPOSITIONS.contains(&l)
            || cx.lx.pron.contains_key(l)
            || cx.lx.role.contains(l)
    };
    let candidate = |i: usize| -> bool {
        i < n && p[i].kind == Kind::Word && is_capitalised(cx.t(i)) && !cx.quoted[i] && {
            let l = cx.lw(i);
            !function_word(&l)
                && cx.language.times.month(&l).is_none()
                && cx.language.times.weekday(&l).is_none()
                && !cx.lx.verbs.contains(&l)
        }
    };
    let mut strong: HashSet<String> = HashSet::default();
    for i in 0..n {
        if !candidate(i) {
            continue;
        }
        let prev = if i > 0 { cx.lw(i - 1) } else { String::new() };
        let after_title =
            matches!(prev.as_str(), "herr" | "frau" | "herrn" | "dr") || cx.lx.role.contains(&prev);
        let after_cue = i > 0
            && (cx.lx.verbs.contains(&prev)
                || cx.lx.preps.iter().any(|pp| pp.len() == 1 && pp[0] == prev));
        let prev_np = i > 0 && p[i - 1].kind == Kind::Word && !is_capitalised(cx.t(i - 1));
        let run = candidate(i + 1)
            && !p[i + 1].newline_before
            && (i == 0 || !candidate(i - 1))
            && !(i > 0 && cx.language.quotes.is_determiner(&prev));
        let sentence_initial = i == 0 || cx.is_boundary(i - 1) || p[i].newline_before;
        let subject_of_cue = sentence_initial && i + 1 < n && cx.lx.verbs.contains(&cx.lw(i + 1));
        if after_title
            || subject_of_cue
            || (after_cue && !prev_np)
            || (after_cue && cx.lx.verbs.contains(&prev))
            || run
        {
            let mut e = i;
            while e + 1 < n && candidate(e + 1) && !p[e + 1].newline_before && e < i + 3 {
                e += 1;
            }
            strong.insert(cx.t(e).to_string());
        }
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        if candidate(i) && strong.contains(cx.t(i)) {
            // extend left over given names: `Wladimir Putin`
            let mut b = i;
            while b > 0 && candidate(b - 1) && !p[b].newline_before && i - b < 3 {
                if b >= 2 && cx.language.quotes.is_determiner(&cx.lw(b - 2)) {
                    break;
                }
                b -= 1;
            }
            out.push(Span::new(p[b].start, p[i].end));
        }
        i += 1;
    }
    out
}

/// A person mention in the clause after a cue verb (up to a colon, comma or quote):
/// `bekräftigte Kasachstans Außenminister Murat Nurtleu gegenüber Reportern: „…“`.
fn person_after(cx: &Cx, from: usize, limit: usize) -> Option<(Span, usize)> {
    let mut j = from;
    while j < limit && j < from + 12 {
        if cx.quoted[j] || matches!(cx.t(j), ":" | "," | ";" | "„" | "“" | "\"" | "»" | "«") {
            return None;
        }
        let p = cx.pieces[j];
        if let Some(e) = cx.entities.iter().find(|e| {
            e.kind == EntityKind::Person && e.span.start <= p.start && p.start < e.span.end
        }) {
            let mut k = j;
            while k + 1 < cx.pieces.len() && cx.pieces[k + 1].start < e.span.end {
                k += 1;
            }
            return Some((e.span, k + 1));
        }
        j += 1;
    }
    None
}

/// Every speech cue in the text with its source (the attribution layer under quotes).
pub fn attributions(
    language: &Language,
    text: &str,
    sentences: &[Span],
    entities: &[EntityMention],
) -> Vec<Attribution> {
    let pieces = lexer::scan(text);
    let quotes = quote_spans(text);
    let cx = context(language, text, sentences, entities, &pieces, &quotes);
    find_attributions(&cx)
}

fn context<'a>(
    language: &'a Language,
    text: &'a str,
    sentences: &'a [Span],
    entities: &'a [EntityMention],
    pieces: &'a [Piece],
    quotes: &[(usize, usize, usize, usize)],
) -> Cx<'a> {
    let mut quoted = vec![false; pieces.len()];
    let mut q = 0;
    for (i, p) in pieces.iter().enumerate() {
        while q < quotes.len() && quotes[q].2 <= p.start {
            q += 1;
        }
        if q < quotes.len() && quotes[q].1 <= p.start && p.end <= quotes[q].2 {
            quoted[i] = true;
        }
    }
    let mut cx = Cx {
        language,
        lx: language.quotes.lexicon(),
        text,
        pieces,
        sentences,
        entities,
        quoted,
        names: Vec::new(),
    };
    cx.names = fallback_names(&cx);
    cx
}

fn find_attributions(cx: &Cx) -> Vec<Attribution> {
    let lx = cx.lx;
    let n = cx.pieces.len();
    let mut out = Vec::new();
    for i in 0..n {
        if cx.quoted[i] || cx.pieces[i].kind != Kind::Word {
            continue;
        }
        let l = cx.lw(i);
        let (sent_start, sent_end) = cx.sentence_bounds(i);
        let limit = cx.pieces.partition_point(|p| p.start < sent_end);
        // `laut X`, `nach Angaben von X`
        if let Some(prep) = lx
            .preps
            .iter()
            .find(|pp| (0..pp.len()).all(|k| cx.lw(i + k) == pp[k]))
        {
            if let Some((src, _)) = cx.source_at(i + prep.len(), limit) {
                out.push(cx.attribution(i, i + prep.len() - 1, Some(src), true, false));
            }
            continue;
        }
        // `X zufolge`
        if lx.post.contains(&l) && i > 0 {
            let mut b = i - 1;
            while b > 0
                && cx.pieces[b].kind == Kind::Word
                && is_capitalised(cx.t(b - 1))
                && i - b < 4
            {
                b -= 1;
            }
            if let Some((src, _)) = cx.source_at(b, i) {
                out.push(cx.attribution(i, i, Some(src), false, false));
            }
            continue;
        }
        // `„…“, so Tokajew`
        if lx.so.contains(&l)
            && i > 0
            && cx.t(i - 1) == ","
            && i > 1
            && (cx.quoted[i - 2] || matches!(cx.t(i - 2), "“" | "”" | "\"" | "«" | "»"))
        {
            if let Some((src, _)) = cx.source_at(i + 1, limit) {
                out.push(cx.attribution(i, i, Some(src), true, false));
            }
            continue;
        }
        if is_capitalised(cx.t(i)) {
            if lx.is_noun_cue(&l) {
                // `Ihr Vorschlag`, `Ihren rechtspolitischen Vorstellungen`
                let owner = (1..=2)
                    .take_while(|&k| k <= i && cx.pieces[i - k].start >= sent_start)
                    .map(|k| i - k)
                    .find(|&b| lx.poss.contains(&cx.lw(b)))
                    .filter(|&b| b + 1 == i || !is_capitalised(cx.t(b + 1)))
                    .map(|b| Span::new(cx.pieces[b].start, cx.pieces[b].end));
                out.push(cx.attribution(i, i, owner, false, true));
            }
            continue;
        }
        if !lx.is_cue(&l) {
            continue;
        }
        // the source: right after the verb (inversion, or after a quote) or right before it
        let after = person_after(cx, i + 1, limit)
            .or_else(|| cx.source_at(i + 1, limit))
            .filter(|(s, _)| s.start >= sent_start);
        // V2: the subject before the verb is the clause's first constituent (`Tokajew sagte`,
        // `Der russische Präsident erklärte`); otherwise the subject follows the verb.
        let mut before = None;
        if i > 0 {
            let mut b = i;
            while b > 0 && i - b < 8 {
                let q = cx.pieces[b - 1];
                if q.start < sent_start
                    || cx.quoted[b - 1]
                    || matches!(
                        q.text(cx.text),
                        "," | ":" | ";" | "(" | "–" | "—" | "“" | "”" | "„" | "\"" | "»" | "«"
                    )
                    || cx.is_boundary(b - 1)
                {
                    break;
                }
                b -= 1;
            }
            let b = if matches!(
                cx.lw(b).as_str(),
                "und"
                    | "aber"
                    | "doch"
                    | "denn"
                    | "and"
                    | "but"
                    | "dass"
                    | "weil"
                    | "wenn"
                    | "ob"
                    | "wie"
                    | "obwohl"
                    | "da"
                    | "damit"
                    | "als"
                    | "that"
                    | "because"
                    | "if"
            ) {
                b + 1
            } else {
                b
            };
            if b < i {
                if let Some((s, e)) = cx.source_at(b, i) {
                    if e == i {
                        before = Some(s);
                    }
                }
            }
        }
        // a quote or comma right before the verb means the source follows (`„…“, sagte er`)
        let after_quote = i > 0
            && (cx.t(i - 1) == "," || cx.quoted.get(i.wrapping_sub(1)).copied().unwrap_or(false));
        let (src, source_after) = if after_quote || before.is_none() {
            (after.map(|(s, _)| s).or(before), after.is_some())
        } else {
            (before, false)
        };
        out.push(cx.attribution(i, i, src, source_after, false));
    }
    out
}

/// Extract quotes (direct, indirect and terms) with their speakers.
pub fn extract(
    language: &Language,
    text: &str,
    sentences: &[Span],
    _tokens: &[Token],
    entities: &[EntityMention],
) -> Vec<Quote> {
    let pieces = lexer::scan(text);
    let marks = quote_spans(text);
    let cx = context(language, text, sentences, entities, &pieces, &marks);
    // Speech nouns name acts of speech; quotes are attributed by verbs and phrases only.
    let atts: Vec<Attribution> = find_attributions(&cx)
        .into_iter()
        .filter(|a| !a.noun)
        .collect();
    let lx = cx.lx;
    let mut out: Vec<Quote> = Vec::new();
    let mut last_direct: Option<(usize, Option<String>, Option<Span>)> = None; // (end, speaker, span)
    for &(open, cs, ce, close) in &marks {
        let content = Span::new(cs, ce);
        let words = content.slice(text).split_whitespace().count();
        let first_in = pieces.partition_point(|p| p.start < cs);
        let open_piece = first_in.saturating_sub(1);
        let close_piece = pieces.partition_point(|p| p.start < ce);
        let (s_start, s_end) = cx.sentence_bounds(open_piece);
        let (_, s2_end) = cx.sentence_bounds(close_piece);
        // term markers right before the quote: `mit dem Titel`, `sogenannte`
        let before_words: Vec<String> = (open_piece.saturating_sub(3)..open_piece)
            .map(|k| cx.lw(k))
            .collect();
        let term_marker = lx.term.iter().any(|t| {
            t.len() <= before_words.len() && before_words[before_words.len() - t.len()..] == t[..]
        });
        let glued_compound = pieces
            .get(close_piece + 1)
            .is_some_and(|p| p.start == close && matches!(p.text(text), "-"));
        // cue: after the quote in its closing sentence, else before it in its opening sentence
        let after = atts.iter().find(|a| {
            a.cue.start >= close
                && a.cue.start < s2_end.max(close)
                && a.piece <= close_piece + 4
                && a.source_after
        });
        let before = atts
            .iter()
            .rev()
            .find(|a| a.cue.end <= open && a.cue.start >= s_start);
        let mut att = if term_marker || glued_compound {
            None
        } else {
            after.or(before)
        };
        // `bezeichnete … als „…“`: the cue is before; fine. A short quote with a cue far away is a term.
        if let Some(a) = att {
            let dist = if a.cue.start >= close {
                a.cue.start - close
            } else {
                open.saturating_sub(a.cue.end)
            };
            if words <= 3 && dist > 200 {
                att = None;
            }
        }
        let standalone_line = {
            let line_start = text
                .get(..open)
                .and_then(|t| t.rfind('\n'))
                .map(|x| x + 1)
                .unwrap_or(0);
            let line_end = text
                .get(close..)
                .and_then(|t| t.find('\n'))
                .map(|x| close + x)
                .unwrap_or(text.len());
            text.get(line_start..open)
                .is_some_and(|t| t.trim().is_empty())
                && text
                    .get(close..line_end)
                    .is_some_and(|t| t.trim().is_empty())
        };
        let (kind, speaker, speaker_span, cue, cue_span) = if let Some(a) = att {
            (
                QuoteKind::Direct,
                a.speaker.clone(),
                a.speaker_span.or(a.source),
                Some(a.cue_text.clone()),
                Some(a.cue),
            )
        } else if term_marker
            || glued_compound
            || words <= 3 && !content.slice(text).trim_end().ends_with(['.', '!', '?'])
            || standalone_line && words <= 3
        {
            (QuoteKind::Term, None, None, None, None)
        } else if let Some((end, sp, span)) = last_direct
            .clone()
            .filter(|(end, _, _)| open.saturating_sub(*end) < 400)
        {
            let _ = end;
            (QuoteKind::Direct, sp, span, None, None)
        } else {
            (QuoteKind::Direct, None, None, None, None)
        };
        if kind == QuoteKind::Direct && (speaker.is_some() || speaker_span.is_some()) {
            last_direct = Some((close, speaker.clone(), speaker_span));
        }
        let _ = s_end;
        out.push(Quote {
            span: content,
            text: content.slice(text).to_string(),
            speaker,
            speaker_span,
            cue,
            cue_span,
            direct: kind == QuoteKind::Direct,
            kind,
        });
    }
    // indirect speech: `sagte, dass …`, `betonte X, die Beziehungen seien …`, `Laut X …`
    for a in &atts {
        let i = a.piece;
        let (_, s_end) = cx.sentence_bounds(i);
        let limit = pieces.partition_point(|p| p.start < s_end);
        let mut j = i + 1;
        let mut steps = 0;
        if lx
            .preps
            .iter()
            .any(|pp| pp.first().is_some_and(|f| *f == cx.lw(i)))
        {
            // `Laut Tokajew spielt Moskau …`: the rest of the sentence after the source
            let Some(src) = a.source else { continue };
            let from = pieces.partition_point(|p| p.start < src.end);
            let k = if cx.t(from) == "," { from + 1 } else { from };
            if let Some(span) = clause_span(&cx, k, limit) {
                out.push(indirect(text, span, a));
            }
            continue;
        }
        while j < limit && steps < 8 && cx.t(j) != "," && !cx.quoted[j] {
            j += 1;
            steps += 1;
        }
        if j >= limit || cx.t(j) != "," {
            continue;
        }
        let k = j + 1;
        let starts_that = lx.that.contains(&cx.lw(k));
        let konj = (k..limit.min(k + 25)).any(|x| !cx.quoted[x] && lx.konj.contains(&cx.lw(x)));
        if !(starts_that || konj) || cx.quoted.get(k).copied().unwrap_or(true) {
            continue;
        }
        if let Some(span) = clause_span(&cx, k, limit) {
            out.push(indirect(text, span, a));
        }
    }
    out.sort_by_key(|q| (q.span.start, q.span.end));
    out
}

/// From piece `k` to the end of the sentence (without the final punctuation).
fn clause_span(cx: &Cx, k: usize, limit: usize) -> Option<Span> {
    if k >= limit {
        return None;
    }
    let mut e = limit;
    while e > k && matches!(cx.t(e - 1), "." | "!" | "?" | ":" | ";") {
        e -= 1;
    }
    (e > k).then(|| Span::new(cx.pieces[k].start, cx.pieces[e - 1].end))
}

fn indirect(text: &str, span: Span, a: &Attribution) -> Quote {
    Quote {
        span,
        text: span.slice(text).to_string(),
        speaker: a.speaker.clone(),
        speaker_span: a.speaker_span.or(a.source),
        cue: Some(a.cue_text.clone()),
        cue_span: Some(a.cue),
        direct: false,
        kind: QuoteKind::Indirect,
    }
}

/// The lexicon of a language from its data (cached per data pointer by the caller).
pub fn lexicon_from(
    data: &'static str,
    cell: &'static OnceLock<QuoteLexicon>,
) -> &'static QuoteLexicon {
    cell.get_or_init(|| QuoteLexicon::parse(data))
}

#[cfg(test)]
mod tests;
