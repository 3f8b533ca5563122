//! Inline repairs inside a kept line: broken HTML entities (`&quot ;`, `&amp;amp;`) and
//! leftover tag fragments (`< p>`). Each repair is recorded with its span in the raw text.

use std::sync::OnceLock;

use parallax_model::{RemovalReason, Removed, Span};
use regex::Regex;

fn entity_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"&(?:amp; ?)*(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,7}) ?;")
            .expect("entity regex")
    })
}

fn tag_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)<\s*/?\s*(?:p|br|div|span|strong|em|b|i|u|a|li|ul|ol|h[1-6]|blockquote|figure|figcaption|img|iframe|script|style|section|article|header|footer|nav|table|tr|td|th|tbody|thead|sup|sub|small|font|center|hr|picture|source|noscript)\b[^<>\n]{0,300}?/?\s*>",
        )
        .expect("tag regex")
    })
}

fn named_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "quot" => "\"",
        "apos" => "'",
        "lt" => "<",
        "gt" => ">",
        "nbsp" => " ",
        "ndash" => "–",
        "mdash" => "—",
        "hellip" => "…",
        "laquo" => "«",
        "raquo" => "»",
        "bdquo" => "„",
        "ldquo" => "“",
        "rdquo" => "”",
        "lsquo" => "‘",
        "rsquo" => "’",
        "sbquo" => "‚",
        "shy" => "",
        "euro" => "€",
        "copy" => "©",
        "reg" => "®",
        "trade" => "™",
        "deg" => "°",
        "auml" => "ä",
        "ouml" => "ö",
        "uuml" => "ü",
        "Auml" => "Ä",
        "Ouml" => "Ö",
        "Uuml" => "Ü",
        "szlig" => "ß",
        "eacute" => "é",
        "egrave" => "è",
        "agrave" => "à",
        "aacute" => "á",
        "ccedil" => "ç",
        "middot" => "·",
        "bull" => "•",
        "times" => "×",
        "minus" => "−",
        "para" => "¶",
        "sect" => "§",
        "thinsp" | "ensp" | "emsp" => " ",
        "zwnj" | "zwj" | "lrm" | "rlm" => "",
        _ => return None,
    })
}

fn decode_entity(body: &str) -> Option<String> {
    if let Some(num) = body.strip_prefix('#') {
        let cp = if let Some(hex) = num.strip_prefix(['x', 'X']) {
            u32::from_str_radix(hex, 16).ok()?
        } else {
            num.parse::<u32>().ok()?
        };
        let c = char::from_u32(cp).filter(|c| !c.is_control() || *c == '\n')?;
        return Some(c.to_string());
    }
    named_entity(body)
        .or_else(|| named_entity(&body.to_ascii_lowercase()))
        .map(str::to_string)
}

/// Repair `raw[start..end]`; returns the repaired text and what was removed or replaced.
pub fn repair(raw: &str, start: usize, end: usize, removed: &mut Vec<Removed>) -> String {
    let Some(line) = raw.get(start..end) else {
        return String::new();
    };
    if !line.contains(['&', '<']) {
        return line.to_string();
    }
    // Collect edits (range in line, replacement, reason), non-overlapping, sorted.
    let mut edits: Vec<(usize, usize, String, RemovalReason)> = Vec::new();
    if line.contains('&') {
        for c in entity_re().captures_iter(line) {
            let (Some(m), Some(body)) = (c.get(0), c.get(1)) else {
                continue;
            };
            if let Some(rep) = decode_entity(body.as_str()) {
                edits.push((m.start(), m.end(), rep, RemovalReason::Entity));
            } else if body.start() > m.start() + 1 {
                // An unknown entity escaped once more (`&amp;lol9;`, as an HTML serializer
                // writes the text `&lol9;`): undo the escaping, keep the entity as written.
                let rep = format!("&{}", &line[body.start()..m.end()]);
                edits.push((m.start(), m.end(), rep, RemovalReason::Entity));
            }
        }
    }
    if line.contains('<') {
        for m in tag_re().find_iter(line) {
            if edits.iter().any(|e| e.0 < m.end() && m.start() < e.1) {
                continue;
            }
            let before_space = line[..m.start()]
                .chars()
                .next_back()
                .is_none_or(char::is_whitespace);
            let after_space = line[m.end()..]
                .chars()
                .next()
                .is_none_or(char::is_whitespace);
            let rep = if before_space || after_space { "" } else { " " };
            edits.push((m.start(), m.end(), rep.to_string(), RemovalReason::Markup));
        }
        edits.sort_by_key(|e| e.0);
    }
    let mut out = String::with_capacity(line.len());
    let mut pos = 0;
    for (a, b, rep, reason) in edits {
        if a < pos {
            continue;
        }
        out.push_str(&line[pos..a]);
        out.push_str(&rep);
        removed.push(Removed {
            span_in_raw: Span::new(start + a, start + b),
            text: line[a..b].to_string(),
            reason,
        });
        pos = b;
    }
    out.push_str(&line[pos..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repairs_entities_and_tags() {
        let mut rm = Vec::new();
        let raw = "Es wird versucht, &quot ;alter &amp;amp; neuer";
        assert_eq!(
            repair(raw, 0, raw.len(), &mut rm),
            "Es wird versucht, \"alter & neuer"
        );
        assert_eq!(rm.len(), 2);
        assert_eq!(rm[0].span_in_raw.slice(raw), "&quot ;");
        let raw = "< p>Kasim sagte<br>etwas &bogus; AT&T";
        let mut rm = Vec::new();
        assert_eq!(
            repair(raw, 0, raw.len(), &mut rm),
            "Kasim sagte etwas &bogus; AT&T"
        );
        assert_eq!(rm[0].reason, RemovalReason::Markup);
    }

    #[test]
    fn unknown_entities_stay_as_written() {
        let raw = "a &lol9; b &amp;lol9; c &amp;amp;xyz; d &amp; e";
        let mut rm = Vec::new();
        assert_eq!(
            repair(raw, 0, raw.len(), &mut rm),
            "a &lol9; b &lol9; c &xyz; d & e"
        );
        assert_eq!(rm.len(), 3);
        assert_eq!(rm[0].span_in_raw.slice(raw), "&amp;lol9;");
    }
}
