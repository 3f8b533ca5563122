//! Where links point: to server routes (`parallax serve`) or to anchors inside the one-file
//! report. Views compute every `href` and element id through this, so both outputs share
//! the templates.

/// Link targets for one rendering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    /// Routes of the web server (`/stories/{id}`, `/articles/{id}`).
    Server,
    /// Anchors in one self-contained HTML file.
    Report,
}

impl Links {
    pub fn home(self) -> String {
        match self {
            Links::Server => "/".into(),
            Links::Report => "#stories".into(),
        }
    }

    pub fn story(self, id: &str) -> String {
        match self {
            Links::Server => format!("/stories/{}", percent(id)),
            Links::Report => format!("#story-{}", anchor(id)),
        }
    }

    pub fn article(self, id: &str) -> String {
        match self {
            Links::Server => format!("/articles/{}", percent(id)),
            Links::Report => format!("#article-{}", anchor(id)),
        }
    }

    /// Prefix for element ids inside an article's view (unique per page).
    pub fn article_prefix(self, id: &str) -> String {
        match self {
            Links::Server => String::new(),
            Links::Report => format!("article-{}-", anchor(id)),
        }
    }

    /// A sentence of an article (its evidence anchor).
    pub fn sentence(self, article: &str, start: usize) -> String {
        match self {
            Links::Server => format!("/articles/{}#s-{start}", percent(article)),
            Links::Report => format!("#{}s-{start}", self.article_prefix(article)),
        }
    }
}

/// Percent-encode a path segment (everything but unreserved characters).
pub fn percent(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A string safe as (part of) an HTML id and URL fragment: `[A-Za-z0-9_-]`, others as `_XX`.
pub fn anchor(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-') {
            out.push(b as char);
        } else {
            out.push_str(&format!("_{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_ids_are_encoded() {
        assert_eq!(
            Links::Server.article("a/b\"><x"),
            "/articles/a%2Fb%22%3E%3Cx"
        );
        assert_eq!(
            Links::Report.story("x\" onclick=\"y"),
            "#story-x_22_20onclick_3D_22y"
        );
    }
}
