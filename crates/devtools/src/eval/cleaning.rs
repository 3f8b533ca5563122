//! `parallax eval cleaning DIR`: what cleaning removes from the pages of trafilatura's
//! evaluation set, per pattern family, on sites split in two by a hash of their host: the
//! `written-from` half (patterns may have been written looking at it) and the `held-out` half.
//! For each family it counts the lines removed, those holding a `without` snippet (boilerplate
//! the suite says must go: a right removal) and those holding a `with` snippet (text the suite
//! says must stay: a good line lost). Most removed lines hold neither snippet; they are
//! counted as unverified. The extraction score of each half is printed too.

use std::collections::BTreeMap;
use std::path::Path;

use parallax_ingest::clean::rules::Rules;
use parallax_model::RemovalReason;

use super::extraction::{load, parallax_extract, score, Counts, Page};
use super::EvalError;

/// Which half a page's site falls in (FNV-1a-32 of the host, odd = held-out).
pub fn held_out_site(url: &str) -> bool {
    let host = url
        .split("://")
        .nth(1)
        .unwrap_or(url)
        .split('/')
        .next()
        .unwrap_or("")
        .trim_start_matches("www.");
    let mut h: u32 = 0x811c_9dc5;
    for b in host.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h % 2 == 1
}

/// Per-family counts.
#[derive(Debug, Default, Clone)]
pub struct FamilyCounts {
    pub removed: usize,
    pub right: usize,
    pub lost: usize,
    /// Examples of good lines lost (up to three).
    pub lost_examples: Vec<String>,
}

/// Reasons that are line removals by a pattern family (not repairs, titles or metadata lines).
fn is_pattern_removal(r: RemovalReason) -> bool {
    !matches!(
        r,
        RemovalReason::Title
            | RemovalReason::DuplicateTitle
            | RemovalReason::DuplicateLine
            | RemovalReason::Entity
            | RemovalReason::Markup
            | RemovalReason::Separator
            | RemovalReason::DateLine
            | RemovalReason::Byline
            | RemovalReason::SourceLine
            | RemovalReason::CaptionCredit
            | RemovalReason::SiteName
    )
}

fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Count one page's pattern removals into `families`.
fn count_page(page: &Page, families: &mut BTreeMap<String, FamilyCounts>) {
    let Ok(a) =
        parallax_ingest::readers::html::article_from_html(&page.html, &page.file, None, None)
    else {
        return;
    };
    let rules = Rules::for_language(a.language.as_deref());
    for r in a.removed.iter().filter(|r| is_pattern_removal(r.reason)) {
        let line = normalize(&r.text);
        let family = rules
            .pattern_of(r.text.trim())
            .map(|p| p.family.clone())
            .unwrap_or_else(|| format!("{:?}", r.reason).to_lowercase());
        let c = families.entry(family).or_default();
        c.removed += 1;
        if page.without.iter().any(|w| line.contains(&normalize(w))) {
            c.right += 1;
        }
        if page.with.iter().any(|w| line.contains(&normalize(w))) {
            c.lost += 1;
            if c.lost_examples.len() < 3 {
                c.lost_examples.push(format!(
                    "{}: {}",
                    page.file,
                    line.chars().take(90).collect::<String>()
                ));
            }
        }
    }
}

pub fn run(dir: &Path) -> Result<String, EvalError> {
    let pages = load(dir)?;
    let mut out = format!(
        "cleaning on {} ({} pages), sites split by a hash of their host\n",
        dir.display(),
        pages.len()
    );
    for (name, held) in [("written-from", false), ("held-out", true)] {
        let part: Vec<&Page> = pages
            .iter()
            .filter(|p| held_out_site(&p.url) == held)
            .collect();
        let mut families = BTreeMap::new();
        let mut counts = Counts::default();
        for p in &part {
            count_page(p, &mut families);
            score(&parallax_extract(p), p, &mut counts);
        }
        out.push_str(&format!(
            "{name}: {} pages; extraction P {:.3} R {:.3} F1 {:.3}\n  {:<22} {:>7} {:>18} {:>16}\n",
            part.len(),
            counts.precision(),
            counts.recall(),
            counts.f1(),
            "family",
            "removed",
            "right (without)",
            "lost (with)"
        ));
        for (f, c) in &families {
            out.push_str(&format!(
                "  {f:<22} {:>7} {:>18} {:>16}\n",
                c.removed, c.right, c.lost
            ));
        }
        for (f, c) in &families {
            for e in &c.lost_examples {
                out.push_str(&format!("  lost ({f}) {e}\n"));
            }
        }
    }
    Ok(out.trim_end().to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn sites_split_stably() {
        let a = super::held_out_site("https://www.example.org/a");
        assert_eq!(a, super::held_out_site("http://example.org/b/c"));
    }
}
