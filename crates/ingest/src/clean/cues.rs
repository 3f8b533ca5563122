//! Where a text names its outlet or its sources, by the shape of the line rather than by its
//! words (the words come from the text's language, [`Rules::cues`]):
//!
//! - **Publisher cues** — the outlet that published the text: a masthead line near the top or
//!   the bottom (`Neue Abendpost | 27. November 2024`, `Ostrava Heute | Politik | 09.11.2023`),
//!   a copyright line (`© 2024 Finanzblatt Verlag`), a site banner (`+++ EILMELDUNG +++ …
//!   bei Lokalportal Ostufer +++`), a title suffix (`… – Ostrava Heute`).
//! - **Credits** — the sources a text credits, typically wires: a dateline
//!   (`Berlin (dpa) –`, `WASHINGTON (AP) —`, `Astana (AFP) –`, `МОСКВА, 27 ноября. /ТАСС/.`),
//!   a closing material line (`Mit Material von zpd`), credit words in running text
//!   (`laut Reuters`, `wie RIA Novosti berichtete`).
//!
//! A wire credited by a republishing site is a credit, never the publisher: the publisher is
//! the outlet of the page (its web address, its container, its masthead); a credit becomes
//! the outlet only when nothing at all names the publisher (see `metadata::build_article`).
//! Only registry outlets count: an unknown name is never guessed to be an outlet.

use std::sync::OnceLock;

use regex::Regex;

use super::rules::{alternation, Rules};
use crate::outlets::{OutletEntry, Registry};

/// Separators between the parts of a masthead line.
const MASTHEAD_SEPARATORS: &[&str] = &[" | ", " · ", " – ", " — ", " - ", ", ", " • ", " :: "];

/// How many non-blank lines at the top and at the bottom of a text may be a masthead.
pub const MASTHEAD_LINES: usize = 6;

/// Separators that only ever part a masthead's fields (a comma or a hyphen may stand inside
/// a date: `27. November 2024, 16:45 Uhr`).
const MASTHEAD_FIELD_SEPARATORS: &[&str] = &[" | ", " · ", " • ", " :: ", " – ", " — "];

/// Longest masthead line (chars).
const MASTHEAD_MAX: usize = 120;

/// The registry outlet a masthead line names as one of its parts, exactly:
/// `Wendeltaler Bote · Lokales · 15.09.2024 · 11:40 Uhr` → Wendeltaler Bote.
pub fn masthead_outlet<'r>(line: &str, registry: &'r Registry) -> Option<&'r OutletEntry> {
    let parts = masthead_fields(line, MASTHEAD_SEPARATORS)?;
    if parts.len() < 2 {
        // A line that is only a name is a title or a heading as often as a masthead.
        return None;
    }
    parts
        .iter()
        .filter(|p| is_label(p))
        .find_map(|p| registry.lookup_name(p))
}

/// The trimmed fields of a line short enough for a masthead and not ending like a sentence,
/// split at `separators`; `None` for any other line.
fn masthead_fields<'l>(line: &'l str, separators: &[&str]) -> Option<Vec<&'l str>> {
    let t = line.trim();
    if t.chars().count() > MASTHEAD_MAX || t.ends_with(['.', '!', '?', ':', ';']) {
        return None;
    }
    let mut fields = vec![t];
    for sep in separators {
        fields = fields.into_iter().flat_map(|p| p.split(sep)).collect();
    }
    Some(fields.into_iter().map(str::trim).collect())
}

/// A masthead field that names something (an outlet, a section), not prose.
fn is_label(field: &str) -> bool {
    field.split_whitespace().count() <= 6
}

/// The date of a masthead line — the outlet's name, a section, the date and its time as
/// fields (`Sportecho | 24.05.2025 | 22:58`, `Neue Abendpost, 19. Januar 2024`,
/// `Wendeltaler Bote · Lokales · 15.09.2024 · 11:40 Uhr`) — as ISO 8601. `date` reads one
/// field that is only a date (a date-line prefix allowed). A time in the field after the date
/// belongs to it. At least one field must be something other than the date.
pub fn masthead_date(line: &str, date: impl Fn(&str) -> Option<String>) -> Option<String> {
    let fields = masthead_fields(line, MASTHEAD_FIELD_SEPARATORS)?;
    for (i, field) in fields.iter().enumerate() {
        let others_are_labels = fields
            .iter()
            .enumerate()
            .all(|(k, f)| k == i || k == i + 1 || is_label(f));
        if !others_are_labels {
            continue;
        }
        if fields.len() >= 2 {
            if let Some(next) = fields.get(i + 1) {
                if let Some(d) = date(&format!("{field} {next}")) {
                    return Some(d);
                }
            }
            if let Some(d) = date(field) {
                return Some(d);
            }
        }
        // `Neue Abendpost, 19. Januar 2024`: a name, then the date after a comma.
        if let Some((name, rest)) = field.split_once(", ") {
            if is_label(name) {
                if let Some(d) = date(rest) {
                    return Some(d);
                }
            }
        }
    }
    None
}

fn copyright_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*[,:]?\s*(\S.{0,100})$")
            .expect("copyright regex")
    })
}

/// The registry outlet a copyright line names: `© 2024 Finanzblatt Verlag` → Finanzblatt.
pub fn copyright_outlet<'r>(line: &str, registry: &'r Registry) -> Option<&'r OutletEntry> {
    let c = copyright_re().captures(line.trim())?;
    registry.lookup_name_prefix(c.get(1)?.as_str())
}

/// The segments of a banner line framed by `+++` (`+++ EILMELDUNG +++ Text +++`), or `None`
/// when the line is not one.
pub fn banner_segments(line: &str) -> Option<Vec<&str>> {
    let t = line.trim();
    if !t.starts_with("+++") {
        return None;
    }
    let segs: Vec<&str> = t
        .split("+++")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    (!segs.is_empty()).then_some(segs)
}

/// The registry outlet a banner segment ends with after a site preposition of the language
/// (`Nachrichten aus aller Welt bei Lokalportal Ostufer` → Lokalportal Ostufer), or that a
/// whole segment names.
pub fn banner_outlet<'r>(
    segments: &[&str],
    rules: &Rules,
    registry: &'r Registry,
) -> Option<&'r OutletEntry> {
    for s in segments {
        if let Some(e) = registry.lookup_name(s) {
            return Some(e);
        }
        let words: Vec<&str> = s.split_whitespace().collect();
        for (i, w) in words.iter().enumerate() {
            let is_prep = rules
                .cues
                .site_prepositions
                .iter()
                .any(|p| p.eq_ignore_ascii_case(w));
            if is_prep && i + 1 < words.len() {
                if let Some(e) = registry.lookup_name(&words[i + 1..].join(" ")) {
                    return Some(e);
                }
            }
        }
    }
    None
}

/// Publisher cues of a whole raw text: masthead lines among the first and last
/// [`MASTHEAD_LINES`] non-blank lines, and copyright lines anywhere. (name, origin) pairs in
/// the order found, each outlet once.
pub fn publisher_cues(raw: &str, registry: &Registry) -> Vec<(String, &'static str)> {
    let lines: Vec<&str> = raw
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut out: Vec<(String, &'static str)> = Vec::new();
    let push = |e: &OutletEntry, origin: &'static str, out: &mut Vec<(String, &'static str)>| {
        if !out.iter().any(|(n, _)| n == &e.name) {
            out.push((e.name.clone(), origin));
        }
    };
    let n = lines.len();
    for (i, l) in lines.iter().enumerate() {
        if l.len() > 4 * MASTHEAD_MAX {
            continue;
        }
        if let Some(e) = copyright_outlet(l, registry) {
            push(e, "copyright-line", &mut out);
        } else if i < MASTHEAD_LINES || i + MASTHEAD_LINES >= n {
            if let Some(e) = masthead_outlet(l, registry) {
                push(e, "masthead", &mut out);
            }
        }
    }
    out
}

fn dateline_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // `Berlin (dpa) –`, `LONDON, Nov 27 (Reuters) -`, `(AP) —`, `МОСКВА, 27 ноября. /ТАСС/.`
        Regex::new(concat!(
            r"^(?:[\p{Lu}][\p{L}\p{N}.,/' -]{0,60}?\s*)?",
            r"(?:\(([\p{L}][\p{L}\p{N}/.&-]{1,24}(?: [\p{L}\p{N}/.&-]{1,24}){0,2})\)\s*[-–—:]",
            r"|/\s*([\p{L}][\p{L}\p{N}.&-]{1,24}(?: [\p{L}\p{N}.&-]{1,24}){0,2})\s*/\s*[.:–—-]?)"
        ))
        .expect("dateline regex")
    })
}

/// Registry outlets credited by the dateline that opens a text (first 200 bytes of each of
/// its first paragraphs): `Berlin (dpa) –` → dpa; `(dpa/AFP)` → both.
pub fn dateline_credits(text: &str, registry: &Registry) -> Vec<String> {
    let mut out = Vec::new();
    for para in text.split("\n\n").take(3) {
        let mut end = para.len().min(200);
        while !para.is_char_boundary(end) {
            end -= 1;
        }
        let Some(c) = dateline_re().captures(&para[..end]) else {
            continue;
        };
        let Some(m) = c.get(1).or(c.get(2)) else {
            continue;
        };
        for name in m.as_str().split('/').map(str::trim) {
            if registry.lookup_name(name).is_some() && !out.iter().any(|x| x == name) {
                out.push(name.to_string());
            }
        }
        if !out.is_empty() {
            break;
        }
    }
    out
}

/// A regex finding names credited in running text by the language's cue words; the name is
/// captured as up to four capitalised words (checked against the registry afterwards).
fn credit_cue_re(rules: &Rules) -> Option<Regex> {
    let c = &rules.cues;
    if c.credit_cues_before.is_empty() && c.credit_cues_after.is_empty() {
        return None;
    }
    // Capitalised words; a full stop only inside a word (`F.A.Z`), never ending one.
    let word = r"\p{Lu}(?:[\p{L}\p{N}&'’-]|\.[\p{L}\p{N}])*";
    let name = format!(r"{word}(?:\s+{word}){{0,3}}");
    let before = alternation(&c.credit_cues_before);
    let after = alternation(&c.credit_cues_after);
    let articles = alternation(&c.articles);
    let agency = alternation(&c.agency_words);
    Regex::new(&format!(
        r"(?:^|[^\p{{L}}])(?i:{before})\s+(?:(?i:{articles})\s+)?(?:(?i:{agency})\s+)?({name})|({name})\s+(?i:{after})(?:$|[^\p{{L}}])|\(({name})\)"
    ))
    .ok()
}

/// The running-text credit regex of each language compiled so far.
type CueRegexes = Vec<(&'static str, Option<Regex>)>;

/// Registry outlets the running text credits (`laut Reuters`, `wie TASS berichtete`,
/// `(Reuters)`), added to `credits` unless an entry of the same outlet is there.
pub fn text_credits(text: &str, rules: &Rules, registry: &Registry, credits: &mut Vec<String>) {
    static CACHE: OnceLock<std::sync::Mutex<CueRegexes>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let re = {
        let mut guard = cache.lock().unwrap_or_else(|p| p.into_inner());
        match guard.iter().find(|(l, _)| *l == rules.language) {
            Some((_, re)) => re.clone(),
            None => {
                let re = credit_cue_re(rules);
                guard.push((rules.language, re.clone()));
                re
            }
        }
    };
    let Some(re) = re else { return };
    for c in re.captures_iter(text) {
        let Some(m) = c.get(1).or(c.get(2)).or(c.get(3)) else {
            continue;
        };
        let Some((e, name)) = registry_name_within(m.as_str(), registry) else {
            continue;
        };
        // Short names (`AP`, `RT`) are too ambiguous in running text outside brackets.
        if name.chars().count() < 3 && c.get(3).is_none() {
            continue;
        }
        if !credits
            .iter()
            .any(|x| x == name || registry.lookup_name(x).is_some_and(|y| y.id == e.id))
        {
            credits.push(name.to_string());
        }
    }
}

/// The longest run of words of `words` (from its start, or ending at its end) that names a
/// registry outlet: `Reuters` in `Reuters Nachrichten`, `RIA Novosti` in `Agentur RIA Novosti`.
fn registry_name_within<'a, 'r>(
    words: &'a str,
    registry: &'r Registry,
) -> Option<(&'r OutletEntry, &'a str)> {
    let bounds: Vec<(usize, usize)> = words
        .split_whitespace()
        .map(|w| {
            let s = w.as_ptr() as usize - words.as_ptr() as usize;
            (s, s + w.len())
        })
        .collect();
    let n = bounds.len();
    for len in (1..=n).rev() {
        for start in [0, n - len] {
            let s = &words[bounds[start].0..bounds[start + len - 1].1];
            let s = s.trim_end_matches(['.', ',', ':', ';']);
            if let Some(e) = registry.lookup_name(s) {
                return Some((e, s));
            }
        }
    }
    None
}

/// The site name a title ends with after its last separator, when that names the page's own
/// site: a registry outlet, or the site name / domain the page gives (`… | Neue Abendpost`,
/// `… – Ostrava Heute Politik`). Returns (title, suffix, outlet name if in the registry).
pub fn split_title_suffix(
    title: &str,
    registry: &Registry,
    site: Option<&str>,
) -> Option<(String, String, Option<String>)> {
    let seps = [" – ", " | ", " - ", " — ", " :: ", " · "];
    let (pos, sep) = seps
        .iter()
        .filter_map(|s| title.rfind(s).map(|p| (p, *s)))
        .max_by_key(|(p, _)| *p)?;
    let head = title[..pos].trim();
    let tail = title[pos + sep.len()..].trim();
    if head.is_empty() || tail.is_empty() || tail.split_whitespace().count() > 8 {
        return None;
    }
    if let Some(outlet) = registry.lookup_name_prefix(tail) {
        return Some((
            head.to_string(),
            tail.to_string(),
            Some(outlet.name.clone()),
        ));
    }
    let site = site.map(slug).filter(|s| s.len() >= 4)?;
    let t = slug(tail);
    (t.starts_with(&site) || site.starts_with(&t) && t.len() >= 4)
        .then(|| (head.to_string(), tail.to_string(), None))
}

/// Letters and digits only, lower case: `Neue Abendpost` and `neue-abendpost` meet.
fn slug(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The site name a host gives: `www.neue-abendpost.example` → `neue-abendpost`.
pub fn site_of_host(host: &str) -> Option<String> {
    let labels: Vec<&str> = host.split('.').collect();
    (labels.len() >= 2).then(|| labels[labels.len() - 2].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registry() -> Registry {
        let mut r = Registry::embedded();
        r.load_str(
            "[[outlet]]\nid = \"wb\"\nname = \"Wendeltaler Bote\"\nkind = \"newspaper\"\n\
             [[outlet]]\nid = \"lp\"\nname = \"Lokalportal Ostufer\"\nkind = \"aggregator\"\n\
             [[outlet]]\nid = \"fb\"\nname = \"Finanzblatt\"\nkind = \"newspaper\"\n",
        )
        .unwrap();
        r
    }

    #[test]
    fn mastheads_copyright_and_banners_name_the_publisher() {
        let r = registry();
        assert_eq!(
            masthead_outlet("Wendeltaler Bote · Lokales · 15.09.2024 · 11:40 Uhr", &r)
                .map(|e| e.id.as_str()),
            Some("wb")
        );
        assert!(masthead_outlet("Wendeltaler Bote", &r).is_none());
        assert!(masthead_outlet("Der Wendeltaler Bote, so hieß es, berichtete.", &r).is_none());
        assert_eq!(
            copyright_outlet("© 2024 Finanzblatt Verlag", &r).map(|e| e.id.as_str()),
            Some("fb")
        );
        let rules = Rules::for_language(Some("de"));
        let segs = banner_segments(
            "+++ EILMELDUNG +++ Nachrichten aus aller Welt bei Lokalportal Ostufer +++",
        )
        .unwrap();
        assert_eq!(
            banner_outlet(&segs, rules, &r).map(|e| e.id.as_str()),
            Some("lp")
        );
        assert!(banner_segments("Ein Titel").is_none());
        let cues = publisher_cues("Titel\n\nText.\n\n© 2024 Finanzblatt Verlag\n", &r);
        assert_eq!(cues, vec![("Finanzblatt".to_string(), "copyright-line")]);
    }

    #[test]
    fn datelines_in_several_languages_credit_wires() {
        let r = Registry::embedded();
        for (text, want) in [
            ("Berlin (dpa) - Die Regierung hat am Montag …", "dpa"),
            ("WASHINGTON (AP) — The Senate voted on Tuesday …", "AP"),
            ("LONDON, Nov 27 (Reuters) - Britain's economy …", "Reuters"),
            ("Astana (AFP) – Le président kazakh a reçu …", "AFP"),
            ("МОСКВА, 27 ноября. /ТАСС/. Президент России …", "ТАСС"),
        ] {
            assert_eq!(dateline_credits(text, &r), vec![want.to_string()], "{text}");
        }
        assert!(dateline_credits("Berlin (Reuters-Bericht) sagt nichts.", &r).is_empty());
        assert_eq!(
            dateline_credits("Kiew (dpa/AFP) – Text", &r),
            ["dpa", "AFP"]
        );
    }

    #[test]
    fn running_text_credits_use_the_language_cues() {
        let r = Registry::embedded();
        let de = Rules::for_language(Some("de"));
        let mut credits = Vec::new();
        text_credits(
            "Das sagte er in einem Gespräch mit TASS. Laut Reuters stieg der Preis. Wie die Agentur RIA Novosti berichtete, war es kalt.",
            de,
            &r,
            &mut credits,
        );
        assert_eq!(credits, ["TASS", "Reuters", "RIA Novosti"]);
        let en = Rules::for_language(Some("en"));
        let mut credits = Vec::new();
        text_credits("The minister told Reuters on Monday.", en, &r, &mut credits);
        assert_eq!(credits, ["Reuters"]);
    }

    #[test]
    fn title_suffixes_naming_the_site_are_split() {
        let r = registry();
        assert_eq!(
            split_title_suffix("Ein Titel | Neue Abendpost", &r, Some("neue-abendpost")),
            Some(("Ein Titel".into(), "Neue Abendpost".into(), None))
        );
        assert_eq!(
            split_title_suffix("Hochwasser – Wendeltaler Bote", &r, None).and_then(|s| s.2),
            Some("Wendeltaler Bote".to_string())
        );
        assert!(
            split_title_suffix("Krieg und Frieden – eine Bilanz", &r, Some("zeitung")).is_none()
        );
    }
}
