//! Quote-mark pairs in one linear pass. Marks may be mixed as writers mix them (`„…“`,
//! `„…"`, `"…“`, `»…«`, `«…»`, `“…”`, `‚…‘`); a mark opens only where a quote can begin, a
//! new low opening mark inside an open quote means the earlier one was never closed, and an
//! unclosed quote ends at a paragraph break or after [`MAX_QUOTE`] bytes.

/// Longest stretch a quote may span (bytes); longer ones are unbalanced marks.
pub const MAX_QUOTE: usize = 4000;

/// A pair of quote marks: the opening mark at `open`, the words in `content_start..content_end`,
/// the closing mark ending at `close`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    pub open: usize,
    pub content_start: usize,
    pub content_end: usize,
    pub close: usize,
}

/// The closers an opening mark accepts; `None` for a character that opens nothing.
fn closers(c: char) -> Option<&'static [char]> {
    match c {
        '„' => Some(&['“', '”', '"', '‟']),
        '“' => Some(&['”', '“', '"']),
        '"' => Some(&['"', '“', '”']),
        '»' => Some(&['«']),
        '«' => Some(&['»']),
        '‚' => Some(&['‘', '’', '\'']),
        _ => None,
    }
}

/// A mark opens before a word, after a space, a bracket or a dash (not inside a word).
fn may_open(c: char, prev: char, next: char) -> bool {
    // French sets its guillemets off with a (narrow) space: `« Oui »`
    if next.is_whitespace() && c != '«' {
        return false;
    }
    match c {
        // a straight or English mark is ambiguous: only after a space or an opening bracket
        '"' | '“' => prev.is_whitespace() || "([{-–—/:".contains(prev),
        // `‚` looks like a comma: only before a letter, after a space
        '‚' => prev.is_whitespace() && next.is_alphanumeric(),
        _ => true,
    }
}

/// Quote-mark pairs: (open mark start, content start, content end, close mark end).
pub fn quote_spans(text: &str) -> Vec<(usize, usize, usize, usize)> {
    marks(text)
        .into_iter()
        .map(|m| (m.open, m.content_start, m.content_end, m.close))
        .collect()
}

/// Quote-mark pairs in text order (never nested: the outermost pair wins).
pub fn marks(text: &str) -> Vec<Mark> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize, &'static [char], char)> = None;
    let mut prev: char = ' ';
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let next = iter.peek().map(|(_, n)| *n).unwrap_or(' ');
        if let Some((o, cs, cl, opener)) = open {
            // a closing mark ends the quote; a straight one only where a word ends
            let closes = cl.contains(&c)
                && !(c == '"' && opener != '"' && prev.is_whitespace() && !next.is_whitespace());
            if closes && i > cs && text[cs..i].trim().is_empty() {
                // marks around nothing but spaces: no quote
                open = None;
            } else if closes && i > cs {
                // the words without the spaces French puts inside its marks
                let inner = &text[cs..i];
                let lead = inner.len() - inner.trim_start().len();
                let trail = inner.len() - inner.trim_end().len();
                out.push(Mark {
                    open: o,
                    content_start: cs + lead,
                    content_end: i - trail,
                    close: i + c.len_utf8(),
                });
                open = None;
            } else if (c == '\n' && next == '\n') || i - o > MAX_QUOTE {
                open = None;
            } else if c == opener && matches!(c, '„' | '»') && may_open(c, prev, next) {
                // the same low mark again: the earlier one was never closed
                open = Some((i, i + c.len_utf8(), cl, c));
            }
            prev = c;
            continue;
        }
        if let Some(cl) = closers(c) {
            if may_open(c, prev, next) {
                open = Some((i, i + c.len_utf8(), cl, c));
            }
        }
        prev = c;
    }
    out
}
