//! `parallax eval dates-timeml DIR`: German news with TimeML TIMEX3 gold (KRAUTS,
//! Dolomiten-100), read from `../shared/bench/numbers-dates/krauts-dolomiten100`.
//!
//! TempEval-3 style scores: strict span F1 (same offsets), relaxed span F1 (any overlap,
//! one-to-one) and value F1 (a relaxed match with the same normalised value), overall and per
//! TIMEX3 type (DATE, TIME, DURATION, SET), for Parallax and for HeidelTime's output on the
//! same texts (`heideltime/`), scored by the same code. Files are split by sorted name: every
//! fourth is held out (tuning looks at the other three quarters only). The suite is licensed
//! CC BY-NC: read here for evaluation, never copied into the repository.
use std::fmt::Write as _;
use std::path::Path;

use parallax_model::{TimeExpr, TimeType};
use parallax_nlp::lang;
use parallax_nlp::time;

use super::EvalError;

/// One TIMEX3: byte span into the document text, type and value.
#[derive(Debug, Clone, PartialEq)]
pub struct Timex {
    pub start: usize,
    pub end: usize,
    pub kind: String,
    pub value: String,
}

/// A TimeML document: the creation time, the text without tags and its TIMEX3s.
#[derive(Debug, Clone)]
pub struct Document {
    pub name: String,
    pub dct: Option<String>,
    pub text: String,
    pub timexes: Vec<Timex>,
}

/// The value of attribute `name` in a tag's text (`type="DATE"`).
fn attribute(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    let len = tag[at..].find('"')?;
    Some(tag[at..at + len].to_string())
}

/// Replace the five XML entities.
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Parse a TimeML file: `<DCT>` and the inline TIMEX3s of `<TEXT>`.
pub fn parse_timeml(name: &str, xml: &str) -> Result<Document, EvalError> {
    let dct = xml.find("<DCT>").and_then(|i| {
        attribute(
            &xml[i..xml[i..].find("</DCT>").map_or(xml.len(), |e| i + e)],
            "value",
        )
    });
    let open = xml
        .find("<TEXT>")
        .ok_or_else(|| format!("{name}: no <TEXT> element"))?
        + "<TEXT>".len();
    let close = xml[open..]
        .find("</TEXT>")
        .ok_or_else(|| format!("{name}: <TEXT> is not closed"))?
        + open;
    let body = &xml[open..close];
    let mut text = String::with_capacity(body.len());
    let mut timexes = Vec::new();
    let mut pending: Option<(usize, String, String)> = None;
    let mut rest = body;
    while let Some(lt) = rest.find('<') {
        text.push_str(&unescape(&rest[..lt]));
        let gt = rest[lt..]
            .find('>')
            .ok_or_else(|| format!("{name}: unclosed tag"))?
            + lt;
        let tag = &rest[lt..=gt];
        if tag.starts_with("<TIMEX3") && !tag.ends_with("/>") {
            // (a value written with a stray space, `2014-H2 `, is that value)
            let kind = attribute(tag, "type")
                .unwrap_or_default()
                .trim()
                .to_string();
            let value = attribute(tag, "value")
                .unwrap_or_default()
                .trim()
                .to_string();
            pending = Some((text.len(), kind, value));
        } else if tag.starts_with("</TIMEX3") {
            if let Some((start, kind, value)) = pending.take() {
                timexes.push(Timex {
                    start,
                    end: text.len(),
                    kind,
                    value,
                });
            }
        }
        rest = &rest[gt + 1..];
    }
    text.push_str(&unescape(rest));
    Ok(Document {
        name: name.to_string(),
        dct,
        text,
        timexes,
    })
}

/// TIMEX3 type name of ours.
fn type_name(t: TimeType) -> &'static str {
    match t {
        TimeType::Date => "DATE",
        TimeType::Time => "TIME",
        TimeType::Duration => "DURATION",
        TimeType::Set => "SET",
    }
}

/// Our times as TIMEX3s: a range counts as its two ends (TimeML annotates each end).
fn as_timexes(times: &[TimeExpr]) -> Vec<Timex> {
    let mut out = Vec::new();
    for t in times {
        if !t.parts.is_empty() {
            out.extend(as_timexes(&t.parts));
            continue;
        }
        out.push(Timex {
            start: t.span.start,
            end: t.span.end,
            kind: type_name(t.kind).to_string(),
            value: t.value.as_ref().map(|v| v.to_string()).unwrap_or_default(),
        });
    }
    out
}

/// Parallax's times of a document, resolved against its creation time.
pub fn parallax_timexes(doc: &Document) -> Vec<Timex> {
    let german = lang::for_code(Some("de"));
    let sentences = parallax_nlp::segment::sentences(german, &doc.text);
    let times = time::extract(german, &doc.text, &sentences, doc.dct.as_deref());
    as_timexes(&times)
}

/// Counts of one comparison (one type or all).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    pub gold: usize,
    pub system: usize,
    pub strict: usize,
    pub relaxed: usize,
    pub value: usize,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.gold += o.gold;
        self.system += o.system;
        self.strict += o.strict;
        self.relaxed += o.relaxed;
        self.value += o.value;
    }
    /// F1 of `hits` matches.
    pub fn f1(&self, hits: usize) -> f64 {
        if self.gold + self.system == 0 {
            return 0.0;
        }
        2.0 * hits as f64 / (self.gold + self.system) as f64
    }
}

fn overlap(a: &Timex, b: &Timex) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

/// One-to-one relaxed alignment: for each gold TIMEX3 the unused system one overlapping it
/// most (exact spans first). Returns, per gold item, the index of its system match.
fn align(gold: &[Timex], system: &[Timex]) -> Vec<Option<usize>> {
    let mut used = vec![false; system.len()];
    let mut out = vec![None; gold.len()];
    // exact spans first, so a neighbour's overlap cannot steal a strict match
    for (g, slot) in gold.iter().zip(out.iter_mut()) {
        if let Some(s) = (0..system.len())
            .find(|&s| !used[s] && system[s].start == g.start && system[s].end == g.end)
        {
            used[s] = true;
            *slot = Some(s);
        }
    }
    for (g, slot) in gold.iter().zip(out.iter_mut()) {
        if slot.is_some() {
            continue;
        }
        let best = (0..system.len())
            .filter(|&s| !used[s] && overlap(g, &system[s]) > 0)
            .max_by_key(|&s| overlap(g, &system[s]));
        if let Some(s) = best {
            used[s] = true;
            *slot = Some(s);
        }
    }
    out
}

/// The types scored one by one, then "all".
const TYPES: [&str; 4] = ["DATE", "TIME", "DURATION", "SET"];

/// Counts per type (by each side's own type) and over all times of one document.
fn score_doc(gold: &[Timex], system: &[Timex]) -> [Counts; 5] {
    let mut out = [Counts::default(); 5];
    for (slot, kind) in out.iter_mut().zip(TYPES.iter().map(Some).chain([None])) {
        let keep = |t: &&Timex| kind.is_none_or(|k| t.kind == *k);
        let g: Vec<Timex> = gold.iter().filter(keep).cloned().collect();
        let s: Vec<Timex> = system.iter().filter(keep).cloned().collect();
        let m = align(&g, &s);
        slot.gold = g.len();
        slot.system = s.len();
        for (gi, si) in m.iter().enumerate() {
            let Some(si) = si else { continue };
            slot.relaxed += 1;
            if g[gi].start == s[*si].start && g[gi].end == s[*si].end {
                slot.strict += 1;
            }
            if g[gi].value == s[*si].value {
                slot.value += 1;
            }
        }
    }
    out
}

/// Every fourth file by sorted name is held out.
pub fn held_out(index: usize) -> bool {
    index % 4 == 3
}

/// The documents of `dir/sub`, sorted by file name.
fn read_docs(dir: &Path, sub: &str) -> Result<Vec<Document>, EvalError> {
    let folder = dir.join(sub);
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .map_err(|e| format!("{}: {e}", folder.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tml"))
        .collect();
    names.sort();
    names
        .iter()
        .map(|n| {
            let p = folder.join(n);
            let xml = std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
            parse_timeml(n, &xml)
        })
        .collect()
}

/// A line of `text` around bytes `start..end`, the span in brackets.
fn context(text: &str, start: usize, end: usize) -> String {
    let floor = |mut i: usize| {
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let a = floor(start.saturating_sub(40));
    let b = floor((end + 40).min(text.len()));
    format!(
        "{}[{}]{}",
        &text[a..start],
        &text[start..end],
        &text[end..b]
    )
    .replace('\n', " ")
}

/// Misses, false positives and wrong values of one document, one line each.
fn details(doc: &Document, system: &[Timex], out: &mut String) {
    let m = align(&doc.timexes, system);
    let mut matched = vec![false; system.len()];
    for (g, si) in doc.timexes.iter().zip(&m) {
        match si {
            None => {
                let _ = writeln!(
                    out,
                    "  miss  {:<8} {:<16} {}",
                    g.kind,
                    g.value,
                    context(&doc.text, g.start, g.end)
                );
            }
            Some(si) => {
                matched[*si] = true;
                let s = &system[*si];
                let span = if s.start == g.start && s.end == g.end {
                    ""
                } else {
                    " span"
                };
                if s.value != g.value || !span.is_empty() || s.kind != g.kind {
                    let _ = writeln!(
                        out,
                        "  diff{span} {} {} «{}» → ours {} {} «{}» {}",
                        g.kind,
                        g.value,
                        &doc.text[g.start..g.end],
                        s.kind,
                        s.value,
                        &doc.text[s.start..s.end],
                        context(&doc.text, s.start.min(g.start), s.end.max(g.end))
                    );
                }
            }
        }
    }
    for (s, _) in system.iter().zip(&matched).filter(|(_, m)| !**m) {
        let _ = writeln!(
            out,
            "  extra {:<8} {:<16} {}",
            s.kind,
            s.value,
            context(&doc.text, s.start, s.end)
        );
    }
}

/// Scores of the two systems on the three parts (dev, held out, all), per type and all.
pub struct Scores {
    /// `[system][part][type]`; systems Parallax, HeidelTime; parts dev, held-out, all.
    pub counts: [[[Counts; 5]; 3]; 2],
    pub files: [usize; 3],
}

/// Score Parallax and HeidelTime on the suite at `dir`; `show` collects per-document details
/// of the dev part.
pub fn score(dir: &Path, show: Option<&mut String>) -> Result<Scores, EvalError> {
    let gold = read_docs(dir, "gold")?;
    let heidel = read_docs(dir, "heideltime")?;
    let mut scores = Scores {
        counts: [[[Counts::default(); 5]; 3]; 2],
        files: [0; 3],
    };
    let mut show = show;
    for (i, doc) in gold.iter().enumerate() {
        let part = if held_out(i) { 1 } else { 0 };
        let ours = parallax_timexes(doc);
        let theirs = heidel
            .iter()
            .find(|h| h.name == doc.name && h.text == doc.text)
            .map(|h| h.timexes.clone())
            .unwrap_or_default();
        for (sys, timexes) in [ours.as_slice(), theirs.as_slice()].into_iter().enumerate() {
            let c = score_doc(&doc.timexes, timexes);
            for p in [part, 2] {
                for (acc, x) in scores.counts[sys][p].iter_mut().zip(&c) {
                    acc.add(x);
                }
            }
        }
        scores.files[part] += 1;
        scores.files[2] += 1;
        if let (Some(out), 0) = (show.as_deref_mut(), part) {
            let _ = writeln!(
                out,
                "{} (DCT {})",
                doc.name,
                doc.dct.as_deref().unwrap_or("-")
            );
            details(doc, &ours, out);
        }
    }
    Ok(scores)
}

/// The printed report; `details` adds every miss, false positive and wrong value of the
/// dev part.
pub fn run(dir: &Path, details: bool) -> Result<String, EvalError> {
    let mut shown = String::new();
    let scores = score(dir, details.then_some(&mut shown))?;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "KRAUTS Dolomiten-100 TimeML ({}); TempEval-3 scores; every 4th file (by name) held out",
        dir.display()
    );
    let parts = ["dev", "held-out", "all"];
    for (p, part) in parts.iter().enumerate() {
        let _ = writeln!(s, "\n{part} ({} files)", scores.files[p]);
        let _ = writeln!(
            s,
            "{:<10} {:<10} {:>5} {:>5} {:>8} {:>8} {:>8}",
            "system", "type", "gold", "found", "strict", "relaxed", "value"
        );
        for (sys, name) in ["Parallax", "HeidelTime"].iter().enumerate() {
            for (t, kind) in TYPES.iter().chain(["all"].iter()).enumerate() {
                let c = scores.counts[sys][p][t];
                let _ = writeln!(
                    s,
                    "{name:<10} {kind:<10} {:>5} {:>5} {:>8.3} {:>8.3} {:>8.3}",
                    c.gold,
                    c.system,
                    c.f1(c.strict),
                    c.f1(c.relaxed),
                    c.f1(c.value)
                );
            }
        }
    }
    if details {
        let _ = writeln!(
            s,
            "\ndev details (miss / extra / diff: gold → ours)\n{shown}"
        );
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"<?xml version="1.0" ?>
<TimeML>
<DCT><TIMEX3 tid="t0" type="DATE" value="2014-02-18" functionInDocument="CREATION_TIME">2014-02-18</TIMEX3></DCT>
<TEXT>
Sie kamen am <TIMEX3 tid="t1" type="DATE" value="2014-W08-WE">Wochenende</TIMEX3> &amp; blieben <TIMEX3 tid="t2" type="DURATION" value="P2D">zwei Tage</TIMEX3>.
</TEXT>
<TIMEX3 tid="t5" type="DATE" value="PAST_REF" temporalFunction="false" />
</TimeML>"#;

    #[test]
    fn parses_inline_timexes_and_the_creation_time() {
        let d = parse_timeml("x.tml", DOC).unwrap();
        assert_eq!(d.dct.as_deref(), Some("2014-02-18"));
        assert_eq!(d.timexes.len(), 2);
        let t = &d.timexes[0];
        assert_eq!(&d.text[t.start..t.end], "Wochenende");
        assert_eq!((t.kind.as_str(), t.value.as_str()), ("DATE", "2014-W08-WE"));
        assert!(d.text.contains("Wochenende & blieben"));
        assert_eq!(&d.text[d.timexes[1].start..d.timexes[1].end], "zwei Tage");
    }

    #[test]
    fn strict_relaxed_and_value_matches() {
        let t = |start, end, value: &str| Timex {
            start,
            end,
            kind: "DATE".into(),
            value: value.into(),
        };
        let gold = [t(0, 5, "2014"), t(10, 20, "2014-05-08"), t(30, 35, "P2D")];
        let sys = [t(0, 5, "2014"), t(7, 20, "2014-05-08"), t(40, 45, "2015")];
        let c = score_doc(&gold, &sys)[4];
        assert_eq!((c.gold, c.system), (3, 3));
        assert_eq!((c.strict, c.relaxed, c.value), (1, 2, 2));
        assert!((c.f1(c.relaxed) - 2.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn one_system_time_matches_one_gold_time() {
        let t = |start, end| Timex {
            start,
            end,
            kind: "DATE".into(),
            value: String::new(),
        };
        let m = align(&[t(0, 3), t(4, 8)], &[t(0, 8)]);
        assert_eq!(m.iter().flatten().count(), 1);
    }

    #[test]
    fn every_fourth_file_is_held_out() {
        let held: Vec<usize> = (0..8).filter(|i| held_out(*i)).collect();
        assert_eq!(held, vec![3, 7]);
    }
}
