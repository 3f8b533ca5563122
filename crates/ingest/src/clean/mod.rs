//! Cleaning of scraped text: what HTML extraction or copy-paste left behind is removed and
//! recorded (`Removed { span_in_raw, text, reason }`), broken entities and tag fragments are
//! repaired, and metadata found in the text (title line, date line, `Quelle:` line, byline,
//! image credits, outlet cues) is collected.
//!
//! A text is cleaned with the patterns of its language (`data/lang/<code>/cleaning.toml` and
//! `source-cues.toml`, through `nlp::lang`), the widget families that language borrows and
//! the language-neutral patterns of `data/ingest/neutral.toml` (see [`rules`]).
//!
//! The rule: never remove prose. Line rules only look at short lines; a line is removed only
//! when a pattern says what it is; when unsure, a line is kept.

pub mod cues;
pub mod repair;
pub mod rules;

use parallax_model::{Deadline, OverBudget, RemovalReason, Removed, Span};

use crate::metadata::dates::parse_date;
use crate::outlets::Registry;
use rules::Rules;

/// How to clean.
#[derive(Debug, Clone, Default)]
pub struct CleanOptions {
    /// Take the first non-noise line as the title (plain text). Off when the title is known.
    pub detect_title: bool,
    /// A title known from metadata: lines repeating it are removed as `duplicate-title`.
    pub known_title: Option<String>,
    /// The text's language (ISO 639-1) when known; otherwise it is detected from the raw
    /// text's prose lines.
    pub language: Option<String>,
    /// The site's own name or domain label (`Neue Abendpost`, `neue-abendpost`), when known:
    /// a title suffix naming it is split off.
    pub site: Option<String>,
}

/// What cleaning produced.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cleaned {
    /// Clean text: paragraphs separated by a blank line, list items one per line.
    pub text: String,
    pub removed: Vec<Removed>,
    /// Title from the first line (plain text), without a site-name suffix.
    pub title: Option<String>,
    /// Where the title came from (`first-line`, `lead-line`).
    pub title_origin: Option<&'static str>,
    /// Date from a date line, ISO 8601.
    pub published: Option<String>,
    /// URLs of `Quelle:` / `Source:` lines.
    pub source_urls: Vec<String>,
    /// Names credited in the text: `Quelle: TASS`, `(Quelle: RIA Novosti) |`.
    pub credits: Vec<String>,
    /// Names given by `Quelle:` / `Source:` lines that are not URLs (a subset of `credits`).
    pub source_credits: Vec<String>,
    /// Outlet names the text points to as its own publisher, with the cue's origin
    /// (`title-suffix`, `caption-credit`).
    pub outlet_cues: Vec<(String, &'static str)>,
    /// Authors from a byline.
    pub authors: Vec<String>,
    /// The language whose patterns cleaned the text (`None`: undetected).
    pub language: Option<String>,
}

#[derive(PartialEq, Clone, Copy)]
enum Kind {
    Para,
    Item,
}

struct Block {
    text: String,
    kind: Kind,
    /// Raw line end, to know whether a blank line came between.
    blank_before: bool,
}

fn is_separator(t: &str) -> bool {
    t.chars().count() <= 12
        && t.chars()
            .all(|c| "-–—_=*•·~|#+.…/\\".contains(c) || c.is_whitespace())
}

fn norm(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    for w in t.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in w.chars() {
            match c {
                '„' | '“' | '”' | '"' | '«' | '»' | '‚' | '‘' | '’' | '\'' => {
                    out.push('"')
                }
                _ => out.extend(c.to_lowercase()),
            }
        }
    }
    out
}

fn bullet_len(t: &str) -> Option<usize> {
    let mut it = t.char_indices();
    let (_, c) = it.next()?;
    if !"•·▪●◦‣∙*–—-►▶✓✔".contains(c) {
        return None;
    }
    let (i, n) = it.next()?;
    (n.is_whitespace() && t[i..].trim_start().chars().next().is_some()).then_some(i)
}

fn ends_sentence(t: &str) -> bool {
    t.trim_end()
        .chars()
        .next_back()
        .is_some_and(|c| ".!?:;\"“”»«)…]'’".contains(c))
}

fn looks_like_url(v: &str) -> bool {
    let v = v.trim();
    v.starts_with("http://") || v.starts_with("https://") || v.starts_with("www.")
}

pub use cues::split_title_suffix;

/// Clean scraped text with the built-in registry.
pub fn clean(raw: &str, opts: &CleanOptions) -> Cleaned {
    clean_in(raw, opts, Registry::global())
}

/// Clean scraped text, naming outlets from `registry`: the language is the one given in
/// `opts`, else the one detected from the raw text's prose.
pub fn clean_in(raw: &str, opts: &CleanOptions, registry: &Registry) -> Cleaned {
    // Without a deadline the cleaning cannot stop early.
    clean_in_within(raw, opts, registry, &Deadline::none()).unwrap_or_default()
}

/// [`clean_in`] within a time budget: the deadline is checked every few thousand lines.
pub fn clean_in_within(
    raw: &str,
    opts: &CleanOptions,
    registry: &Registry,
    deadline: &Deadline,
) -> Result<Cleaned, OverBudget> {
    let language = opts
        .language
        .clone()
        .or_else(|| crate::language::detect_prose(raw));
    let rules = Rules::for_language(language.as_deref());
    let mut out = clean_lines(raw, opts, rules, registry, deadline)?;
    out.language = language;
    Ok(out)
}

/// [`clean`] within a time budget.
pub fn clean_within(
    raw: &str,
    opts: &CleanOptions,
    deadline: &Deadline,
) -> Result<Cleaned, OverBudget> {
    clean_in_within(raw, opts, Registry::global(), deadline)
}

/// Clean scraped text with explicit rules and registry.
pub fn clean_with(raw: &str, opts: &CleanOptions, rules: &Rules, registry: &Registry) -> Cleaned {
    // Without a deadline the cleaning cannot stop early.
    clean_lines(raw, opts, rules, registry, &Deadline::none()).unwrap_or_default()
}

/// Lines between two deadline checks.
const LINES_PER_CHECK: usize = 4096;

fn clean_lines(
    raw: &str,
    opts: &CleanOptions,
    rules: &Rules,
    registry: &Registry,
    deadline: &Deadline,
) -> Result<Cleaned, OverBudget> {
    let mut out = Cleaned {
        outlet_cues: cues::publisher_cues(raw, registry),
        ..Default::default()
    };
    let mut lines_seen = 0usize;
    let mut blocks: Vec<Block> = Vec::new();
    let mut blank = true;
    let mut title_norms: Vec<String> = opts.known_title.iter().map(|t| norm(t)).collect();
    let mut title_done = !opts.detect_title;
    let mut prev_norm = String::new();

    let mut line_start = 0usize;
    // Non-blank lines read so far: a masthead with a date stands among the first ones.
    let mut text_lines = 0usize;
    let bytes = raw.as_bytes();
    while line_start <= raw.len() {
        lines_seen += 1;
        if lines_seen.is_multiple_of(LINES_PER_CHECK) {
            deadline.check("cleaning the text")?;
        }
        let nl = memchr_nl(bytes, line_start).unwrap_or(raw.len());
        let (ls, le) = trim_range(raw, line_start, nl);
        let next = nl + 1;
        if ls >= le {
            blank = true;
            line_start = next;
            continue;
        }
        let le_line = le;
        let mut le = le;
        let mut inline: Vec<Removed> = Vec::new();
        let whole = |reason: RemovalReason, out: &mut Cleaned| {
            out.removed.push(Removed {
                span_in_raw: Span::new(ls, le_line),
                text: raw[ls..le_line].to_string(),
                reason,
            });
        };

        // Image credit at the end of a caption.
        let mut credit: Option<(String, bool)> = None;
        if let Some((at, name, own)) = raw.get(ls..le).and_then(|l| rules.caption_credit_at(l)) {
            credit = Some((name, own));
            inline.push(Removed {
                span_in_raw: Span::new(ls + at, le),
                text: raw[ls + at..le].to_string(),
                reason: RemovalReason::CaptionCredit,
            });
            let (_, e2) = trim_range(raw, ls, ls + at);
            le = e2.max(ls);
        }
        let add_credit = |out: &mut Cleaned, credit: Option<(String, bool)>| {
            if let Some((name, own)) = credit {
                if own {
                    push_cue(&mut out.outlet_cues, name, "caption-credit");
                } else if !out.credits.contains(&name) {
                    out.credits.push(name);
                }
            }
        };

        let repaired = repair::repair(raw, ls, le, &mut inline);
        let t = repaired.trim();
        if t.is_empty() {
            out.removed.append(&mut inline);
            add_credit(&mut out, credit);
            line_start = next;
            continue;
        }
        text_lines += 1;
        if is_separator(t) {
            whole(RemovalReason::Separator, &mut out);
            blank = true;
            line_start = next;
            continue;
        }
        let n = norm(t);
        let short = t.len() <= rules.max_rule_line;
        // Repeats of the title.
        if title_norms.contains(&n) {
            whole(RemovalReason::DuplicateTitle, &mut out);
            line_start = next;
            continue;
        }
        if let Some(reason) = short.then(|| rules.classify_line(t)).flatten() {
            whole(reason, &mut out);
            line_start = next;
            continue;
        }
        if short {
            if let Some(c) = rules.source_line.captures(t) {
                let v = c.get(1).map_or("", |m| m.as_str()).trim();
                if looks_like_url(v) && !v.contains(' ') {
                    out.source_urls.push(v.to_string());
                    whole(RemovalReason::SourceLine, &mut out);
                    line_start = next;
                    continue;
                }
                if v.chars().count() <= 80
                    && v.split_whitespace().count() <= 8
                    && !ends_sentence_dot(v)
                {
                    for p in rules.split_names(v, &[]) {
                        if !out.credits.iter().any(|c| c == p) {
                            out.credits.push(p.to_string());
                            out.source_credits.push(p.to_string());
                        }
                    }
                    whole(RemovalReason::SourceLine, &mut out);
                    line_start = next;
                    continue;
                }
            }
            if let Some(names) = material_credit(rules, t) {
                for n in names {
                    if !out.credits.contains(&n) {
                        out.credits.push(n);
                    }
                }
                whole(RemovalReason::SourceLine, &mut out);
                line_start = next;
                continue;
            }
            if t.len() <= 80 {
                if let Some(d) = rules
                    .date_prefix
                    .captures(t)
                    .and_then(|c| c.get(1))
                    .and_then(|m| parse_date(m.as_str(), &rules.months))
                {
                    if out.published.is_none() {
                        out.published = Some(d);
                    }
                    whole(RemovalReason::DateLine, &mut out);
                    line_start = next;
                    continue;
                }
                if out.published.is_none() && text_lines <= cues::MASTHEAD_LINES {
                    if let Some(d) = cues::masthead_date(t, |field| {
                        rules
                            .date_prefix
                            .captures(field)
                            .and_then(|c| c.get(1))
                            .and_then(|m| parse_date(m.as_str(), &rules.months))
                    }) {
                        out.published = Some(d);
                        // `By Hannah Okafor | The Meridian Herald | November 27, 2024`: a
                        // byline's fields too.
                        let names = rules.byline.captures(t).and_then(|c| c.get(1));
                        if let Some(names) = names {
                            for a in rules.split_names(names.as_str(), &['&']) {
                                out.authors.push(a.to_string());
                            }
                        }
                        whole(RemovalReason::DateLine, &mut out);
                        line_start = next;
                        continue;
                    }
                }
                if let Some(c) = rules.byline.captures(t) {
                    if let Some(names) = c.get(1) {
                        for a in rules.split_names(names.as_str(), &['&']) {
                            out.authors.push(a.to_string());
                        }
                        whole(RemovalReason::Byline, &mut out);
                        line_start = next;
                        continue;
                    }
                }
            }
        }
        // The title line.
        if !title_done {
            let mut title = t.to_string();
            if let Some(segments) = cues::banner_segments(t) {
                if let Some(e) = cues::banner_outlet(&segments, rules, registry) {
                    // A site banner above the title names the publisher; the title follows.
                    push_cue(&mut out.outlet_cues, e.name.clone(), "banner");
                    whole(RemovalReason::SiteName, &mut out);
                    line_start = next;
                    continue;
                }
                title = segments.join(" – ");
            }
            title_done = true;
            let words = t.split_whitespace().count();
            let prose = words >= 12 && t.ends_with(['.', '!', '?']);
            title_norms.push(n.clone());
            if let Some((head, _tail, outlet)) =
                split_title_suffix(&title, registry, opts.site.as_deref())
            {
                if let Some(outlet) = outlet {
                    push_cue(&mut out.outlet_cues, outlet, "title-suffix");
                }
                title_norms.push(norm(&head));
                title = head;
            }
            out.title = Some(title);
            if !prose {
                out.title_origin = Some("first-line");
                out.removed.push(Removed {
                    span_in_raw: Span::new(ls, le_line),
                    text: raw[ls..le_line].to_string(),
                    reason: RemovalReason::Title,
                });
                add_credit(&mut out, credit);
                prev_norm = n;
                blank = false;
                line_start = next;
                continue;
            }
            out.title_origin = Some("lead-line");
        }
        if n == prev_norm && !blocks.is_empty() {
            whole(RemovalReason::DuplicateLine, &mut out);
            line_start = next;
            continue;
        }
        add_credit(&mut out, credit);
        out.removed.append(&mut inline);
        prev_norm = n;
        let kind = if bullet_len(t).is_some() {
            Kind::Item
        } else {
            Kind::Para
        };
        // A hard-wrapped paragraph continues on the next line in lower case.
        if let Some(last) = blocks.last_mut() {
            if !blank
                && kind == Kind::Para
                && last.kind == Kind::Para
                && !ends_sentence(&last.text)
                && t.chars().next().is_some_and(char::is_lowercase)
            {
                last.text.push(' ');
                last.text.push_str(t);
                line_start = next;
                continue;
            }
        }
        blocks.push(Block {
            text: t.to_string(),
            kind,
            blank_before: blank,
        });
        blank = false;
        line_start = next;
    }

    // A text that is only a title line (a snippet): keep the line as the text.
    if blocks.is_empty() {
        if let Some(i) = out
            .removed
            .iter()
            .position(|r| r.reason == RemovalReason::Title)
        {
            let r = out.removed.remove(i);
            let mut rm = Vec::new();
            let t = repair::repair(raw, r.span_in_raw.start, r.span_in_raw.end, &mut rm);
            out.removed.extend(rm);
            blocks.push(Block {
                text: t.trim().to_string(),
                kind: Kind::Para,
                blank_before: true,
            });
            out.title_origin = Some("lead-line");
        }
    }
    let mut text = String::with_capacity(raw.len());
    let mut prev_kind: Option<Kind> = None;
    for b in &blocks {
        if let Some(pk) = prev_kind {
            if pk == Kind::Item && b.kind == Kind::Item && !b.blank_before {
                text.push('\n');
            } else {
                text.push_str("\n\n");
            }
        }
        text.push_str(&b.text);
        prev_kind = Some(b.kind);
    }
    out.text = text;
    out.removed
        .sort_by_key(|r| (r.span_in_raw.start, r.span_in_raw.end));
    Ok(out)
}

/// Add an outlet cue unless that outlet is already cued.
fn push_cue(cues: &mut Vec<(String, &'static str)>, name: String, origin: &'static str) {
    if !cues.iter().any(|(n, _)| n == &name) {
        cues.push((name, origin));
    }
}

/// The names of a closing credit line (`Mit Material von zpd und dpa`), if `t` is one.
fn material_credit(rules: &Rules, t: &str) -> Option<Vec<String>> {
    if t.chars().count() > 100 {
        return None;
    }
    let c = rules.material_credit.as_ref()?.captures(t)?;
    let names: Vec<String> = rules
        .split_names(c.get(1)?.as_str(), &[])
        .into_iter()
        .filter(|n| n.split_whitespace().count() <= 4)
        .map(str::to_string)
        .collect();
    (!names.is_empty()).then_some(names)
}

fn ends_sentence_dot(v: &str) -> bool {
    v.ends_with('.') && v.split_whitespace().count() > 3
}

fn memchr_nl(bytes: &[u8], from: usize) -> Option<usize> {
    bytes
        .get(from..)?
        .iter()
        .position(|&b| b == b'\n')
        .map(|p| p + from)
}

/// Trim whitespace (incl. NBSP, BOM, `\r`) from `raw[a..b]`; returns the trimmed range.
fn trim_range(raw: &str, a: usize, b: usize) -> (usize, usize) {
    let Some(s) = raw.get(a..b) else {
        return (a, a);
    };
    let is_ws = |c: char| c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}';
    let start = s.len() - s.trim_start_matches(is_ws).len();
    let end = s.trim_end_matches(is_ws).len();
    if end <= start {
        (a, a)
    } else {
        (a + start, a + end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(raw: &str) -> Cleaned {
        clean(
            raw,
            &CleanOptions {
                detect_title: true,
                ..Default::default()
            },
        )
    }

    #[test]
    fn masthead_lines_give_the_published_date() {
        for (line, want) in [
            ("Sportecho | 24.05.2025 | 22:58", "2025-05-24T22:58"),
            ("Neue Abendpost, 19. Januar 2024", "2024-01-19"),
            (
                "05.11.2024 19:20 | Steppe-Kurier | Politik",
                "2024-11-05T19:20",
            ),
            (
                "TechTrend | September 9, 2025, 19:40 UTC",
                "2025-09-09T19:40",
            ),
            (
                "The Meridian Herald | Europe | 15 September 2024",
                "2024-09-15",
            ),
            (
                "Wendeltaler Bote · Lokales · 15.09.2024 · 11:40 Uhr",
                "2024-09-15T11:40",
            ),
            (
                "Lorvanische Rundschau – Wirtschaft – 14. Juni 2024",
                "2024-06-14",
            ),
            ("Von Anna Berg | Neue Abendpost | 27.11.2024", "2024-11-27"),
        ] {
            let raw = format!(
                "Ein Titel\n\n{line}\n\nDer erste Absatz erzählt, was am Dienstag geschah.\n"
            );
            let out = c(&raw);
            assert_eq!(out.published.as_deref(), Some(want), "{line}");
            assert_eq!(
                out.text, "Der erste Absatz erzählt, was am Dienstag geschah.",
                "{line}: the masthead leaves the text"
            );
        }
        let out = c("Ein Titel\n\nVon Anna Berg | Neue Abendpost | 27.11.2024\n\nDer erste Absatz erzählt, was geschah.\n");
        assert_eq!(out.authors, ["Anna Berg"], "the byline's names are kept");
        // A sentence naming a date is no masthead, nor is a date far down the text.
        let out = c("Ein Titel\n\nAm 19. Januar 2024 | so hieß es | kam er nach Berlin und sprach lange mit allen.\n");
        assert_eq!(out.published, None);
        let late = format!(
            "Ein Titel\n\n{}Sportecho | 24.05.2025 | 22:58\n",
            "Ein Absatz.\n\n".repeat(8)
        );
        assert_eq!(c(&late).published, None);
    }

    #[test]
    fn removes_common_artifacts() {
        let raw = "Titel der Meldung – RT Russland\n\nTitel der Meldung – RT Russland\nQuelllink\n\nErster Absatz mit &quot ;Zitat&quot ; und Text.\n\n< p>Zweiter Absatz.\n-\nBild vom Treffen. (Quelle: RIA Novosti) |\n[Anzeige_2]\nQuelle: https://example.org/a\nKommentar (0)\nLeave a Reply\nWeiterlesen\n2024-12-01 10:05\n";
        let out = c(raw);
        assert_eq!(out.title.as_deref(), Some("Titel der Meldung"));
        assert_eq!(
            out.text,
            "Erster Absatz mit \"Zitat\" und Text.\n\nZweiter Absatz.\n\nBild vom Treffen."
        );
        assert_eq!(out.published.as_deref(), Some("2024-12-01T10:05"));
        assert_eq!(out.source_urls, vec!["https://example.org/a"]);
        assert_eq!(out.credits, vec!["RIA Novosti"]);
        assert_eq!(out.outlet_cues, vec![("RT".to_string(), "title-suffix")]);
        for r in &out.removed {
            assert_eq!(r.span_in_raw.slice(raw), r.text, "{r:?}");
        }
        let reasons: Vec<_> = out.removed.iter().map(|r| r.reason).collect();
        for want in [
            RemovalReason::Title,
            RemovalReason::DuplicateTitle,
            RemovalReason::ReadMore,
            RemovalReason::Entity,
            RemovalReason::Markup,
            RemovalReason::Separator,
            RemovalReason::CaptionCredit,
            RemovalReason::AdMarker,
            RemovalReason::SourceLine,
            RemovalReason::Comments,
            RemovalReason::DateLine,
        ] {
            assert!(reasons.contains(&want), "{want:?} missing in {reasons:?}");
        }
    }

    #[test]
    fn keeps_list_items_and_prose() {
        let raw = "Ein Titel\n\nEinleitung:\n  – erster Punkt\n  – zweiter Punkt\n\nVon Berlin nach Paris fuhr der Zug.\nTeilen Sie Ihre Meinung mit uns, schrieb die Redaktion.";
        let out = c(raw);
        assert_eq!(
            out.text,
            "Einleitung:\n\n– erster Punkt\n– zweiter Punkt\n\nVon Berlin nach Paris fuhr der Zug.\n\nTeilen Sie Ihre Meinung mit uns, schrieb die Redaktion."
        );
        assert!(out.authors.is_empty());
        // Prose that mentions what boilerplate mentions stays.
        let prose = "Der Kanal t.me/beispiel verbreitete nach Angaben der Behörden seit Monaten Falschmeldungen über den Krieg, wie eine Recherche zeigt, die am Montag veröffentlicht wurde.";
        let out = c(&format!(
            "Titel\n\n{prose}\n\nZurück zur Normalität? Das fragen sich viele.\n"
        ));
        assert_eq!(
            out.text,
            format!("{prose}\n\nZurück zur Normalität? Das fragen sich viele.")
        );
    }

    #[test]
    fn byline_and_wrapped_lines() {
        let raw = "Headline here\nBy John Smith\nThe minister said on Monday that the\nplan would go ahead.\n";
        let out = c(raw);
        assert_eq!(out.authors, vec!["John Smith"]);
        assert_eq!(
            out.text,
            "The minister said on Monday that the plan would go ahead."
        );
    }
}
