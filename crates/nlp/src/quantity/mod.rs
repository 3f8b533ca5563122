//! Quantities: numbers with unit, qualifier and measure.
//!
//! Reads the article's tokens, as pieces ([`lexer::from_tokens`]: numbers, words with their
//! inner hyphens, punctuation).
//! Language specifics (number words, units, qualifiers, determiners) come from the
//! language's data files through [`QuantityRules`].
use parallax_model::{Measure, Qualifier, Quantity, Span, Token};

use crate::lang::Language;

pub mod lexer;
pub mod lexicon;

use lexer::{is_capitalised, lower, Kind, Piece};
pub use lexicon::{NumberLexicon, Unit};

/// What the quantity stage needs from a language.
pub trait QuantityRules: Sync {
    /// Number words, scales, qualifiers and units (`data/lang/<code>/numbers*.tsv`, `units.tsv`).
    fn lexicon(&self) -> &NumberLexicon;
    /// True when `,` is the decimal separator (German `21,4`), false for `.` (English).
    fn decimal_comma(&self) -> bool;
    /// Stem of a (lower-case) word, for aligning measures across articles.
    fn stem(&self, lower: &str) -> String;
    /// True when nouns are capitalised (German): used to find counted things and measures.
    fn capitalised_nouns(&self) -> bool;
}

/// A number found in the text (before units are attached).
#[derive(Debug, Clone, PartialEq)]
pub struct NumberMatch {
    /// Byte span of the number words/digits (scale words included).
    pub start: usize,
    pub end: usize,
    /// Piece indices: first piece and one past the last.
    pub first: usize,
    pub next: usize,
    pub value: f64,
    /// Factor of a scale word (`Milliarden`), 1 when none.
    pub scale: f64,
    pub ordinal: bool,
    /// Spelled out (`zwei`, `dreißig`) rather than digits.
    pub spelled: bool,
    /// An indefinite article that doubles as `1` (`ein`, `eine`, `a`).
    pub article: bool,
    /// A vague plural (`Zehntausende`): `value` is a lower bound.
    pub vague: bool,
    /// Digits directly followed by `.` (`27.`): an ordinal or a sentence end.
    pub dotted: bool,
    /// A fraction word was applied (`drei Viertel`).
    pub fraction: bool,
    /// A four-digit integer that may be a year.
    pub year_like: bool,
    /// The rest of a hyphen compound after the number (`Milliarden-Dollar-Marke`), as a byte span.
    pub compound_rest: Option<(usize, usize)>,
}

const UNICODE_FRACTIONS: &[(char, f64)] = &[
    ('½', 0.5),
    ('¼', 0.25),
    ('¾', 0.75),
    ('⅓', 1.0 / 3.0),
    ('⅔', 2.0 / 3.0),
    ('⅕', 0.2),
    ('⅙', 1.0 / 6.0),
    ('⅛', 0.125),
];

fn adjacent(a: &Piece, b: &Piece) -> bool {
    a.end == b.start
}

/// All numbers in `text` (digits, number words, ordinals, fractions, scales), in order.
pub fn numbers(language: &Language, text: &str, pieces: &[Piece]) -> Vec<NumberMatch> {
    let rules = language.quantities;
    let lx = rules.lexicon();
    let dc = rules.decimal_comma();
    let n = pieces.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        let p = pieces[i];
        let raw = p.text(text);
        let mut m = NumberMatch {
            start: p.start,
            end: p.end,
            first: i,
            next: i + 1,
            value: 0.0,
            scale: 1.0,
            ordinal: false,
            spelled: false,
            article: false,
            vague: false,
            dotted: false,
            fraction: false,
            year_like: false,
            compound_rest: None,
        };
        let mut found = false;
        match p.kind {
            Kind::Num => {
                if let Some(v) = lexicon::parse_digits(raw, dc) {
                    m.value = v;
                    found = true;
                    m.year_like = raw.len() == 4
                        && raw.bytes().all(|b| b.is_ascii_digit())
                        && (1000.0..=2100.0).contains(&v);
                    // space-grouped thousands: `1 234 567`, `40 000`
                    if raw.len() <= 3 && raw.bytes().all(|b| b.is_ascii_digit()) {
                        let mut digits = raw.to_string();
                        let mut j = i + 1;
                        while j < n {
                            let q = pieces[j];
                            let qt = q.text(text);
                            let head = qt.split([',', '.']).next().unwrap_or("");
                            let ok = q.kind == Kind::Num
                                && q.space_before
                                && !q.newline_before
                                && text
                                    .get(pieces[j - 1].end..q.start)
                                    .is_some_and(|g| g.chars().count() == 1)
                                && head.len() == 3
                                && head.bytes().all(|b| b.is_ascii_digit());
                            if !ok {
                                break;
                            }
                            let cleaned = if dc {
                                qt.replace('.', "")
                            } else {
                                qt.replace(',', "")
                            };
                            digits.push_str(&cleaned);
                            j += 1;
                            let last_had_decimal = qt.len() > 3;
                            if last_had_decimal {
                                break;
                            }
                        }
                        if j > i + 1 {
                            if let Some(v) = lexicon::parse_digits(&digits, dc) {
                                m.value = v;
                                m.year_like = false;
                                m.next = j;
                                m.end = pieces[j - 1].end;
                            }
                        }
                    }
                    // fractions `1/2`
                    if m.next == i + 1 && i + 2 < n {
                        let (s, d) = (pieces[i + 1], pieces[i + 2]);
                        let after_ok = i + 3 >= n
                            || !(adjacent(&d, &pieces[i + 3]) && pieces[i + 3].text(text) == "/");
                        if s.text(text) == "/"
                            && adjacent(&p, &s)
                            && adjacent(&s, &d)
                            && d.kind == Kind::Num
                            && after_ok
                        {
                            if let Some(den) =
                                lexicon::parse_digits(d.text(text), dc).filter(|d| *d != 0.0)
                            {
                                m.value /= den;
                                m.next = i + 3;
                                m.end = d.end;
                                m.year_like = false;
                            }
                        }
                    }
                    if m.next < n
                        && pieces[m.next].text(text) == "."
                        && adjacent(&pieces[m.next - 1], &pieces[m.next])
                    {
                        // an ordinal dot, not a sentence end: something in the same line follows
                        // that is no new sentence (`27. November`, `27. bis`, `7. vierter`)
                        m.dotted = pieces.get(m.next + 1).is_some_and(|a| {
                            let at = a.text(text);
                            let la = lower(at);
                            !a.newline_before
                                && (a.kind == Kind::Num
                                    || !is_capitalised(at)
                                    || language.times.month(&la).is_some()
                                    || lx.range.contains(&la))
                        });
                    }
                }
            }
            Kind::Word => {
                let lw = lower(raw);
                // hyphen compounds: `siebenhundert-Euro`
                let (head, rest) = match lw.find('-') {
                    Some(h) => (&lw[..h], Some(h)),
                    None => (lw.as_str(), None),
                };
                let lone_scale = rules.capitalised_nouns()
                    && is_capitalised(raw)
                    && i > 0
                    && lx.scale.contains_key(head)
                    && !pieces[i - 1].text(text).ends_with('.');
                let value = if lone_scale {
                    None
                } else {
                    lx.cardinal_word(head)
                };
                if let Some(v) = value {
                    m.value = v;
                    m.spelled = true;
                    m.article = lx.det.iter().any(|d| d == head);
                    found = true;
                } else if let Some(v) = lx
                    .vague
                    .get(head)
                    .filter(|_| is_capitalised(raw) || !rules.capitalised_nouns())
                {
                    m.value = *v;
                    m.vague = true;
                    m.spelled = true;
                    found = true;
                } else if let Some(v) = lx.ordinal_word(head) {
                    m.value = v;
                    m.ordinal = true;
                    m.spelled = true;
                    found = true;
                }
                if found {
                    if let Some(h) = rest {
                        m.end = p.start + h;
                        m.compound_rest = Some((p.start + h + 1, p.end));
                    }
                }
            }
            Kind::Punct => {
                if let Some(c) = raw.chars().next() {
                    if let Some((_, v)) = UNICODE_FRACTIONS.iter().find(|(f, _)| *f == c) {
                        m.value = *v;
                        found = true;
                    }
                }
            }
        }
        if !found {
            i += 1;
            continue;
        }
        if !m.ordinal && !m.vague && m.compound_rest.is_none() {
            extend_number(lx, text, pieces, &mut m);
        }
        i = m.next.max(i + 1);
        out.push(m);
    }
    out
}

/// Attach fractions (`drei Viertel`), scales (`28 Milliarden`, `1,5 Mio.`) and spelled
/// remainders (`zwei Millionen eintausend…`) to a number; digit-hyphen compounds too.
fn extend_number(lx: &NumberLexicon, text: &str, pieces: &[Piece], m: &mut NumberMatch) {
    let n = pieces.len();
    let mut j = m.next;
    // digit-hyphen-word compounds: `30-Milliarden-Dollar-Marke`, `12-Pfund`
    if m.compound_rest.is_none() && j + 1 < n && !m.spelled {
        let (h, w) = (pieces[j], pieces[j + 1]);
        if matches!(h.text(text), "-" | "‑")
            && adjacent(&pieces[j - 1], &h)
            && adjacent(&h, &w)
            && w.kind == Kind::Word
        {
            m.compound_rest = Some((w.start, w.end));
            return;
        }
    }
    if m.dotted {
        return;
    }
    // spoken decimals: `zwei Komma drei`
    if m.spelled && j + 1 < n && lx.point.contains(&lower(pieces[j].text(text))) {
        let mut k = j + 1;
        let mut frac = String::new();
        while k < n && pieces[k].kind == Kind::Word && frac.len() < 12 {
            match lx.cardinal_word(&lower(pieces[k].text(text))) {
                Some(d) if d < 10.0 && d.fract() == 0.0 => frac.push(char::from(b'0' + d as u8)),
                _ => break,
            }
            k += 1;
        }
        if let Ok(f) = format!("0.{frac}").parse::<f64>() {
            if !frac.is_empty() {
                m.value += f;
                j = k;
                m.end = pieces[j - 1].end;
                m.next = j;
            }
        }
    }
    // `fünf und drei Viertel (Milliarden)`
    if m.spelled && j + 2 < n && lx.conj.contains(&lower(pieces[j].text(text))) {
        if let (Some(c), Some(f)) = (
            lx.cardinal_word(&lower(pieces[j + 1].text(text))),
            lx.fraction.get(&lower(pieces[j + 2].text(text))),
        ) {
            m.value += c * f;
            j += 3;
            m.end = pieces[j - 1].end;
            m.next = j;
        }
    }
    // fraction noun/adjective: `drei Viertel`, `ein halbes`
    if j < n && pieces[j].kind == Kind::Word && !pieces[j].newline_before {
        let w = lower(pieces[j].text(text));
        if let Some(f) = lx.fraction.get(&w) {
            if m.spelled && !lx.part_noun.contains(&w) {
                m.value *= f;
                m.fraction = true;
                j += 1;
                m.end = pieces[j - 1].end;
                m.next = j;
            }
        }
    }
    // scale word
    if j < n && pieces[j].kind == Kind::Word && !pieces[j].newline_before {
        let w = lower(pieces[j].text(text));
        if let Some(s) = lx.scale.get(&w) {
            // `hundert`/`tausend` after digits are fine (`5 Tausend`), after spelled numbers too
            m.value *= s;
            m.scale = *s;
            j += 1;
            if lx.scale_dot.contains(&w)
                && j < n
                && pieces[j].text(text) == "."
                && adjacent(&pieces[j - 1], &pieces[j])
            {
                j += 1;
            }
            m.end = pieces[j - 1].end;
            m.next = j;
            m.year_like = false;
            // spelled remainder: `zwei Millionen eintausendeinhundertfünfzig`
            if m.spelled && j < n && pieces[j].kind == Kind::Word {
                let w2 = lower(pieces[j].text(text));
                if !lx.det.contains(&w2) {
                    if let Some(v) = lx.cardinal_word(&w2) {
                        if v < *s {
                            m.value += v;
                            j += 1;
                            m.end = pieces[j - 1].end;
                            m.next = j;
                        }
                    }
                }
            }
        }
    }
}

/// Words (lower case) of the up-to-`k` pieces before index `i` in the same line.
fn words_before(text: &str, pieces: &[Piece], i: usize, k: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut j = i;
    while j > 0 && out.len() < k {
        if pieces[j].newline_before {
            break;
        }
        j -= 1;
        out.push(lower(pieces[j].text(text)));
    }
    out.reverse();
    out
}

/// Longest unit starting at piece `j` (same line): its unit and the piece index after it.
fn unit_at(lx: &NumberLexicon, text: &str, pieces: &[Piece], j: usize) -> Option<(Unit, usize)> {
    let n = pieces.len();
    if j >= n || pieces[j].newline_before {
        return None;
    }
    let max = lx.unit_max_words.min(n - j);
    let mut key = String::new();
    let mut best = None;
    for w in 1..=max {
        let p = pieces[j + w - 1];
        if w > 1 {
            if p.newline_before {
                break;
            }
            if p.space_before {
                key.push(' ');
            } else if pieces[j + w - 2].kind == Kind::Word && p.kind == Kind::Word {
                break;
            }
            // `km/h`, `m^2`: pieces without spaces join directly
        }
        key.push_str(&lower(p.text(text)));
        if let Some(u) = lx
            .units
            .get(&key)
            .or_else(|| lx.units.get(&key.replace(' ', "")))
        {
            best = Some((u.clone(), j + w));
        }
    }
    best
}

/// Find the unit in the parts of a hyphen compound (`Milliarden-Dollar-Marke`): returns
/// (scale factor, unit, remaining text start offset within `rest` or None).
fn compound_parts(lx: &NumberLexicon, rest: &str) -> (f64, Option<Unit>, Option<usize>) {
    let mut scale = 1.0;
    let mut offset = 0;
    let parts: Vec<&str> = rest.split('-').collect();
    let mut k = 0;
    if let Some(s) = parts.first().and_then(|p| lx.scale.get(&lower(p))) {
        scale = *s;
        offset += parts[0].len() + 1;
        k = 1;
    }
    // longest unit made of consecutive parts (`US-Dollar`)
    let mut unit = None;
    let mut used = 0;
    for w in (1..=parts.len().saturating_sub(k).min(3)).rev() {
        let key = lower(&parts[k..k + w].join("-"));
        if let Some(u) = lx.units.get(&key) {
            unit = Some(u.clone());
            used = w;
            break;
        }
    }
    if unit.is_some() {
        for p in &parts[k..k + used] {
            offset += p.len() + 1;
        }
        k += used;
    }
    let remaining = (k < parts.len() && offset <= rest.len()).then_some(offset);
    (scale, unit, remaining)
}

/// Extract the quantities of `text` from its tokens (those of [`crate::token::tokenize`]).
pub fn extract(
    language: &Language,
    text: &str,
    sentences: &[Span],
    tokens: &[Token],
) -> Vec<Quantity> {
    let pieces = lexer::from_tokens(text, tokens);
    extract_with(language, text, sentences, &pieces)
}

/// Like [`extract`], from an existing scan.
pub fn extract_with(
    language: &Language,
    text: &str,
    sentences: &[Span],
    pieces: &[Piece],
) -> Vec<Quantity> {
    let rules = language.quantities;
    let lx = rules.lexicon();
    let nums = numbers(language, text, pieces);
    let n = pieces.len();
    let mut out: Vec<Quantity> = Vec::new();
    let mut skip_next = false;
    for (k, m) in nums.iter().enumerate() {
        if std::mem::take(&mut skip_next) {
            continue;
        }
        let lw_next = |j: usize| {
            if j < n {
                lower(pieces[j].text(text))
            } else {
                String::new()
            }
        };
        // time of day: `14:55`, `18 Uhr`
        if m.next < n
            && (lx.clock.contains(&lw_next(m.next))
                || (pieces[m.next].text(text) == ":"
                    && m.next + 1 < n
                    && pieces[m.next + 1].kind == Kind::Num))
        {
            continue;
        }
        if m.first > 0
            && pieces[m.first - 1].text(text) == ":"
            && adjacent(&pieces[m.first - 1], &pieces[m.first])
        {
            continue;
        }
        // numbers glued to a word or URL syntax: `issn%280024`, `q=30`, `BGM-109`
        if m.first > 0 && adjacent(&pieces[m.first - 1], &pieces[m.first]) {
            let pt = pieces[m.first - 1].text(text);
            if pieces[m.first - 1].kind == Kind::Word && !lx.units.contains_key(&lower(pt))
                || matches!(pt, "%" | "=" | "&" | "?" | "/" | "#" | "_" | "+")
                || (pt == "-"
                    && m.first > 1
                    && pieces[m.first - 2].kind == Kind::Word
                    && adjacent(&pieces[m.first - 2], &pieces[m.first - 1]))
            {
                continue;
            }
        }
        // a day before its month (`9 November`, `27 ноября`, `11–12 марта`): part of a
        // date, no quantity
        let is_day = |v: f64| v.fract() == 0.0 && (1.0..=31.0).contains(&v);
        let month_at = |k: usize| {
            pieces.get(k).is_some_and(|p| {
                p.kind == Kind::Word
                    && !p.newline_before
                    && language.times.month(&lower(p.text(text))).is_some()
            })
        };
        let links = &language.times.lexicon().link;
        let day_range_before_month = pieces.get(m.next).is_some_and(|p| {
            let l = lower(p.text(text));
            links.iter().any(|(w, _)| w.len() == 1 && w[0] == l)
        }) && pieces
            .get(m.next + 1)
            .is_some_and(|p| p.kind == Kind::Num && p.text(text).parse::<f64>().is_ok_and(is_day))
            && month_at(m.next + 2);
        if !m.dotted
            && !m.spelled
            && m.scale == 1.0
            && is_day(m.value)
            && (month_at(m.next) || day_range_before_month)
        {
            continue;
        }
        // parts of ISO dates and codes: `2024-12-01`
        if m.first > 1
            && matches!(pieces[m.first - 1].text(text), "-" | "/")
            && adjacent(&pieces[m.first - 1], &pieces[m.first])
            && pieces[m.first - 2].kind == Kind::Num
            && adjacent(&pieces[m.first - 2], &pieces[m.first - 1])
        {
            continue;
        }
        // ordinal dates / enumerations: `27. November`, `vom 27. bis 28.`
        if m.dotted {
            let after = m.next + 1;
            let date_like = after < n && {
                let a = pieces[after];
                let la = lower(a.text(text));
                a.kind == Kind::Num
                    || language.times.month(&la).is_some()
                    || lx.range.contains(&la)
                    || lx.conj.contains(&la)
                    || (a.kind == Kind::Word && !is_capitalised(a.text(text)))
            };
            if date_like || m.scale == 1.0 {
                continue;
            }
        }
        if m.ordinal {
            // `Putins elfter Besuch`: an ordinal with the thing it orders
            if m.value >= 2.0 && rules.capitalised_nouns() && m.next < n {
                let q = pieces[m.next];
                let qt = q.text(text);
                if q.kind == Kind::Word
                    && is_capitalised(qt)
                    && !q.newline_before
                    && language.times.month(&lower(qt)).is_none()
                    && !lx.timenoun.contains(&lower(qt))
                {
                    let text_span = Span::new(m.start, m.end);
                    out.push(Quantity {
                        span: text_span,
                        text: text_span.slice(text).to_string(),
                        value: m.value,
                        value_max: None,
                        unit: "ordinal".into(),
                        qualifier: Qualifier::Exact,
                        measure: Some(qt.to_string()),
                        measure_detail: Some(Measure {
                            span: Span::new(q.start, q.end),
                            text: qt.to_string(),
                            stem: rules.stem(&lower(qt)),
                        }),
                    });
                }
            }
            continue;
        }
        // a number glued after a letter word (`G20`) is not scanned as Num; fine.
        let mut start = m.start;
        let mut end = m.end;
        let mut value = m.value;
        let mut value_max = None;
        let mut after = m.next;
        let mut unit: Option<Unit> = None;
        let mut measure: Option<(usize, usize, usize, usize)> = None; // text span, head span
        let mut qualifier = if m.vague {
            Qualifier::MoreThan
        } else {
            Qualifier::Exact
        };
        // prefix currency: `$ 15`, `USD 15`, `usd$ 15`, `€15`
        if m.first > 0 {
            for w in (1..=2usize).rev() {
                if m.first < w {
                    continue;
                }
                let a = m.first - w;
                if pieces[a..=m.first].iter().skip(1).any(|p| p.newline_before) {
                    continue;
                }
                let raw: String = pieces[a..m.first].iter().map(|p| p.text(text)).collect();
                // only symbols and codes stand before the number (`$ 15`, `USD 15`, `usd$ 15`)
                if m.spelled
                    || !(raw.chars().count() <= 4
                        && (raw.chars().all(|c| c.is_uppercase())
                            || !raw.chars().all(char::is_alphabetic)
                            || raw.ends_with('$')))
                {
                    continue;
                }
                let key = lower(&raw);
                if let Some(u) = lx.units.get(&key).filter(|u| u.kind == "currency") {
                    unit = Some(u.clone());
                    start = pieces[a].start;
                    break;
                }
            }
        }
        // range: `20 bis 30`, `zwischen 4.050 und 10.800`
        if let Some(next) = nums.get(k + 1) {
            if after < n && next.first == after + 1 && !next.dotted && !next.ordinal {
                let link = lw_next(after);
                let between =
                    m.first > 0 && lx.between.contains(&lower(pieces[m.first - 1].text(text)));
                if (lx.range.contains(&link) || (between && lx.conj.contains(&link)))
                    && !(m.year_like && next.year_like)
                {
                    let mut lo = value;
                    if m.scale == 1.0 && next.scale != 1.0 && lo * next.scale <= next.value {
                        lo *= next.scale;
                    }
                    value = lo;
                    value_max = Some(next.value);
                    end = next.end;
                    after = next.next;
                    skip_next = true;
                }
            }
        }
        let range_end_match = if skip_next { nums.get(k + 1) } else { None };
        let compound = range_end_match
            .and_then(|x| x.compound_rest)
            .or(m.compound_rest);
        if unit.is_none() {
            if let Some((cs, ce)) = compound {
                let rest = text.get(cs..ce).unwrap_or("");
                let (scale, u, remaining) = compound_parts(lx, rest);
                if u.is_some() || scale != 1.0 {
                    value *= scale;
                    if let Some(v) = value_max.as_mut() {
                        *v *= scale;
                    }
                    unit = u;
                    end = ce;
                    if let Some(off) = remaining {
                        let ms = cs + off;
                        measure = Some((ms, ce, ms, ce));
                        // the quantity is `30-Milliarden-Dollar`, the measure `Marke`
                        end = ms.saturating_sub(1).max(cs);
                    }
                    if unit.is_none() {
                        unit = Some(Unit {
                            code: "number".into(),
                            kind: "number".into(),
                        });
                    }
                } else if !m.spelled {
                    // `30-jährige`, `4004-Prozessor`: not a unit; leave as compound noun count
                    continue;
                }
            } else if let Some((u, j)) = unit_at(lx, text, pieces, after) {
                end = pieces[j - 1].end;
                after = j;
                // subunits: `15 Dollar und 15 Cent`, `zwei Euro und fünfzig Cent`, `15 Dollar 50.`
                if u.kind == "currency" && value_max.is_none() {
                    let mut kp = after;
                    if kp < n && lx.conj.contains(&lw_next(kp)) {
                        kp += 1;
                    }
                    if let Some(sub) = nums
                        .iter()
                        .skip(k + 1)
                        .take(3)
                        .find(|x| x.first == kp)
                        .filter(|x| x.value < 100.0 && x.value.fract() == 0.0 && !x.ordinal)
                    {
                        let unit_word = lw_next(sub.next);
                        let is_sub = lx.subunit.contains(&unit_word);
                        let ends = sub.next >= n
                            || pieces[sub.next].text(text) == "." && sub.next + 1 >= n
                            || (pieces[sub.next].text(text) == "."
                                && pieces[sub.next + 1].newline_before);
                        if is_sub || ends && !sub.spelled {
                            value += sub.value / 100.0;
                            end = if is_sub {
                                pieces[sub.next].end
                            } else {
                                sub.end
                            };
                            after = if is_sub { sub.next + 1 } else { sub.next };
                            skip_next = true;
                        }
                    }
                }
                unit = Some(u);
            }
        }
        // counted things: `300 Verträge`, `49 Joint Ventures`, `drei neue Abkommen`
        if unit.is_none() && after < n {
            if let Some((ms, me, hs, he, _)) = count_noun(language, text, pieces, after) {
                unit = Some(Unit {
                    code: "count".into(),
                    kind: "count".into(),
                });
                measure = Some((ms, me, hs, he));
                end = me;
            }
        }
        if unit.is_none() && m.fraction {
            if let Some(g) = genitive_after(language, text, pieces, after) {
                unit = Some(Unit {
                    code: "fraction".into(),
                    kind: "fraction".into(),
                });
                measure = Some(g);
            }
        }
        let unit = match unit {
            Some(u) => u,
            None => {
                if m.spelled || m.year_like || m.dotted {
                    continue;
                }
                Unit {
                    code: "number".into(),
                    kind: "number".into(),
                }
            }
        };
        if unit.kind == "time" {
            continue; // durations belong to the time stage
        }
        if m.article && m.scale == 1.0 && unit.kind == "count" {
            continue; // `ein Land`
        }
        if m.year_like && value_max.is_none() && matches!(unit.kind.as_str(), "count" | "number") {
            continue; // `2023 Verträge` is far rarer than `im Jahr 2023 Verträge …`
        }
        // qualifier before the number (or before `zwischen`)
        let mut qfirst = if start < m.start {
            pieces.partition_point(|p| p.start < start)
        } else {
            m.first
        };
        if qfirst > 0 && lx.between.contains(&lower(pieces[qfirst - 1].text(text))) {
            qfirst -= 1;
        }
        let before = words_before(text, pieces, qfirst, 3);
        if let Some((q, len)) = lx.qualifier_before(&before) {
            qualifier = q;
            if let Some(p) = pieces.get(qfirst.saturating_sub(len)) {
                start = start.min(p.start);
                qfirst -= len;
            }
        }
        // measure: genitive after the unit, else the noun the clause predicates it of
        if measure.is_none() {
            measure = genitive_after(language, text, pieces, after)
                .or_else(|| subject_before(language, text, sentences, pieces, qfirst));
        }
        let span = Span::new(start, end.max(start));
        let measure_detail = measure.map(|(ms, me, hs, he)| {
            let head = text.get(hs..he).unwrap_or("");
            let head_last = head.rsplit('-').next().unwrap_or(head);
            Measure {
                span: Span::new(ms, me),
                text: text.get(ms..me).unwrap_or("").to_string(),
                stem: rules.stem(&lower(head_last)),
            }
        });
        out.push(Quantity {
            span,
            text: span.slice(text).to_string(),
            value,
            value_max,
            unit: unit.code,
            qualifier,
            measure: measure_detail.as_ref().map(|d| d.text.clone()),
            measure_detail,
        });
    }
    out
}

/// A word with one of the language's adjective endings (`neue`, `neuen`).
fn is_adjective_like(lx: &NumberLexicon, lw: &str) -> bool {
    lw.len() > 2 && lx.adj_endings.iter().any(|e| lw.ends_with(e.as_str()))
}

/// A counted noun phrase starting at piece `j`: (text start, text end, head start, head end, next piece).
fn count_noun(
    language: &Language,
    text: &str,
    pieces: &[Piece],
    j: usize,
) -> Option<(usize, usize, usize, usize, usize)> {
    let rules = language.quantities;
    let lx = rules.lexicon();
    let n = pieces.len();
    let mut k = j;
    let first = pieces.get(j)?;
    if first.newline_before {
        return None;
    }
    if rules.capitalised_nouns() {
        // up to two lower-case adjectives, then a capitalised noun
        let mut adjs = 0;
        while k < n
            && pieces[k].kind == Kind::Word
            && !is_capitalised(pieces[k].text(text))
            && adjs < 2
        {
            let lw = lower(pieces[k].text(text));
            if !is_adjective_like(lx, &lw) || lx.notcount.contains(&lw) || lx.det.contains(&lw) {
                return None;
            }
            adjs += 1;
            k += 1;
        }
        let noun = pieces.get(k)?;
        let nt = noun.text(text);
        let ln = lower(nt);
        if noun.kind != Kind::Word
            || !is_capitalised(nt)
            || noun.newline_before
            || lx.notcount.contains(&ln)
            || lx.det.contains(&ln)
            || language.times.month(&ln).is_some()
            || language.times.weekday(&ln).is_some()
        {
            return None;
        }
        let mut head_end = noun.end;
        let head_start = noun.start;
        let mut e = k + 1;
        // multi-word names of things: `Joint Ventures`
        while e < n
            && e < k + 3
            && pieces[e].kind == Kind::Word
            && pieces[e].space_before
            && !pieces[e].newline_before
        {
            let t = pieces[e].text(text);
            let lt = lower(t);
            if !is_capitalised(t) || lx.det.contains(&lt) || lx.notcount.contains(&lt) {
                break;
            }
            // a following capitalised noun after a determiner-less noun is rare in German; only
            // accept words not known as German nouns heads: keep to non-German-looking (no umlaut) pairs
            if !t.is_ascii() || !nt.is_ascii() {
                break;
            }
            head_end = pieces[e].end;
            e += 1;
        }
        Some((first.start, head_end, head_start, head_end, e))
    } else {
        let noun = pieces.get(j)?;
        let lw = lower(noun.text(text));
        if noun.kind != Kind::Word
            || lx.notcount.contains(&lw)
            || lx.det.contains(&lw)
            || !lx.plural_endings.iter().any(|e| lw.ends_with(e.as_str()))
            || lw.chars().count() < 3
        {
            return None;
        }
        Some((noun.start, noun.end, noun.start, noun.end, j + 1))
    }
}

/// A genitive attribute after a quantity: `43 % des weltweiten Urans`, `80 % seines Öls`.
fn genitive_after(
    language: &Language,
    text: &str,
    pieces: &[Piece],
    j: usize,
) -> Option<(usize, usize, usize, usize)> {
    let rules = language.quantities;
    let lx = rules.lexicon();
    let n = pieces.len();
    let d = pieces.get(j)?;
    if d.newline_before || d.kind != Kind::Word || !lx.gen.contains(&lower(d.text(text))) {
        return None;
    }
    let mut k = j + 1;
    let mut guard = 0;
    while k < n && guard < 4 {
        let p = pieces[k];
        let t = p.text(text);
        if p.kind != Kind::Word || p.newline_before {
            return None;
        }
        let lt = lower(t);
        let noun = if rules.capitalised_nouns() {
            is_capitalised(t)
        } else {
            !lx.det.contains(&lt) && !is_adjective_like(lx, &lt) || guard == 3
        };
        if noun {
            if lx.timenoun.contains(&lt) {
                return None;
            }
            return Some((d.start, p.end, p.start, p.end));
        }
        k += 1;
        guard += 1;
    }
    None
}

/// The noun the clause predicates the number of, searching left in the same clause:
/// `erreichte der Handelsumsatz rund 21,4 Milliarden` → `Handelsumsatz`.
fn subject_before(
    language: &Language,
    text: &str,
    sentences: &[Span],
    pieces: &[Piece],
    i: usize,
) -> Option<(usize, usize, usize, usize)> {
    let rules = language.quantities;
    if !rules.capitalised_nouns() {
        return None;
    }
    let lx = rules.lexicon();
    let pos = pieces.get(i).map(|p| p.start)?;
    let sentence_start = lexer::sentence_of(sentences, pos)
        .map(|s| sentences[s].start)
        .unwrap_or(0);
    let mut k = i;
    let mut steps = 0;
    while k > 0 && steps < 16 {
        if pieces[k].newline_before {
            return None;
        }
        k -= 1;
        steps += 1;
        let p = pieces[k];
        if p.start < sentence_start {
            return None;
        }
        let t = p.text(text);
        if p.kind == Kind::Punct {
            if matches!(
                t,
                "," | ";"
                    | ":"
                    | "("
                    | ")"
                    | "„"
                    | "“"
                    | "\""
                    | "»"
                    | "«"
                    | "."
                    | "!"
                    | "?"
                    | "–"
                    | "—"
            ) {
                return None;
            }
            continue;
        }
        if p.kind != Kind::Word || !is_capitalised(t) {
            continue;
        }
        let lt = lower(t);
        if t.chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
        {
            continue; // acronyms name actors (`EAWU`), rarely what is measured
        }
        if lx.det.contains(&lt)
            || lx.timenoun.contains(&lt)
            || language.times.month(&lt).is_some()
            || language.times.weekday(&lt).is_some()
            || lx.units.contains_key(&lt)
        {
            continue;
        }
        // a noun needs a determiner before it (possibly across adjectives)
        let mut b = k;
        let mut adjs = 0;
        while b > 0 && adjs < 3 {
            let q = pieces[b - 1];
            let lq = lower(q.text(text));
            if q.kind == Kind::Word && lx.det.contains(&lq) {
                return Some((p.start, p.end, p.start, p.end));
            }
            if q.kind == Kind::Word && !is_capitalised(q.text(text)) && is_adjective_like(lx, &lq) {
                adjs += 1;
                b -= 1;
                continue;
            }
            break;
        }
    }
    None
}

/// A language's [`NumberLexicon`] from `data/lang/<code>/numbers.tsv`,
/// `numbers_qualifiers.tsv` and `units.tsv`, parsed once: the body of
/// `QuantityRules::lexicon` in `lang/<code>/quantities.rs`.
macro_rules! number_lexicon_from_data {
    ($code:literal) => {{
        static LEX: std::sync::OnceLock<$crate::quantity::NumberLexicon> =
            std::sync::OnceLock::new();
        LEX.get_or_init(|| {
            $crate::quantity::NumberLexicon::parse(
                include_str!(concat!("../../../../../data/lang/", $code, "/numbers.tsv")),
                include_str!(concat!(
                    "../../../../../data/lang/",
                    $code,
                    "/numbers_qualifiers.tsv"
                )),
                include_str!(concat!("../../../../../data/lang/", $code, "/units.tsv")),
            )
        })
    }};
}
pub(crate) use number_lexicon_from_data;

#[cfg(test)]
mod tests;
