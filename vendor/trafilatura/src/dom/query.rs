// Port of CSS selector queries (dom.QuerySelector, dom.QuerySelectorAll, dom.GetElementsByTagName)

use ego_tree::NodeId;
use scraper::{Node, Selector};

use super::Document;

/// Maximum recursion depth for query traversals.
const MAX_TREE_DEPTH: usize = 500;

impl Document {
    /// Find the first element (in document order) within the subtree rooted at
    /// `root` that matches the given CSS selector string.
    ///
    /// Returns `None` if no match found or if the selector is invalid.
    ///
    /// Port of `dom.QuerySelector`.
    pub fn query_selector(&self, root: NodeId, selector: &str) -> Option<NodeId> {
        let sel = Selector::parse(selector).ok()?;
        let hint = tag_hint(selector);
        self.find_first_matching(root, &sel, hint.as_deref(), 0)
    }

    /// Find all elements within the subtree rooted at `root` that match the
    /// given CSS selector string, in document order.
    ///
    /// Port of `dom.QuerySelectorAll`.
    pub fn query_selector_all(&self, root: NodeId, selector: &str) -> Vec<NodeId> {
        let Ok(sel) = Selector::parse(selector) else {
            return Vec::new();
        };
        let hint = tag_hint(selector);
        let mut result = Vec::new();
        self.collect_matching(root, &sel, hint.as_deref(), &mut result, 0);
        result
    }

    /// Returns `<script>` elements whose `type` attribute exactly equals one
    /// of `types`.
    ///
    /// The CSS engine matches `type` values case-insensitively (it is in the
    /// HTML spec's case-insensitive attribute list), but upstream matches
    /// exactly: Go's cascadia and Python's lxml both compare attribute values
    /// case-sensitively, and the upstream reference corpus pins
    /// `APPLICATION/LD+JSON` as *not* a JSON-LD script. This helper reproduces
    /// upstream semantics with an exact-value post-filter.
    pub fn scripts_with_type(&self, types: &[&str]) -> Vec<NodeId> {
        let selector = types
            .iter()
            .map(|t| format!(r#"script[type="{t}"]"#))
            .collect::<Vec<_>>()
            .join(", ");
        self.query_selector_all(self.root(), &selector)
            .into_iter()
            .filter(|&id| {
                matches!(
                    self.get_attribute(id, "type").as_deref(),
                    Some(t) if types.contains(&t)
                )
            })
            .collect()
    }

    /// Find the first element matching a pre-compiled selector (early termination).
    #[allow(dead_code)] // [parallax patch] query_selector now passes a tag hint itself
    pub(crate) fn query_first_compiled(&self, root: NodeId, sel: &Selector) -> Option<NodeId> {
        self.find_first_matching(root, sel, None, 0)
    }

    /// Find all elements matching a pre-compiled selector. Exposed for hot-path callers
    /// in the selector module that reuse compiled selectors across documents.
    #[allow(dead_code)] // [parallax patch] query_selector_all now passes a tag hint itself
    pub(crate) fn query_selector_all_compiled(&self, root: NodeId, sel: &Selector) -> Vec<NodeId> {
        let mut result = Vec::new();
        self.collect_matching(root, sel, None, &mut result, 0);
        result
    }

    fn find_first_matching(
        &self,
        id: NodeId,
        sel: &Selector,
        hint: Option<&[String]>,
        depth: usize,
    ) -> Option<NodeId> {
        if depth >= MAX_TREE_DEPTH {
            return None;
        }
        let node_ref = self.tree.get(id)?;
        if let Some(elem_ref) = scraper::ElementRef::wrap(node_ref) {
            if may_match(&elem_ref, hint) && sel.matches(&elem_ref) {
                return Some(id);
            }
        }
        for child in node_ref.children() {
            if let Some(found) = self.find_first_matching(child.id(), sel, hint, depth + 1) {
                return Some(found);
            }
        }
        None
    }

    fn collect_matching(
        &self,
        id: NodeId,
        sel: &Selector,
        hint: Option<&[String]>,
        out: &mut Vec<NodeId>,
        depth: usize,
    ) {
        if depth >= MAX_TREE_DEPTH {
            return;
        }
        let Some(node_ref) = self.tree.get(id) else {
            return;
        };
        if let Some(elem_ref) = scraper::ElementRef::wrap(node_ref) {
            if may_match(&elem_ref, hint) && sel.matches(&elem_ref) {
                out.push(id);
            }
        }
        for child in node_ref.children() {
            self.collect_matching(child.id(), sel, hint, out, depth + 1);
        }
    }

    /// Returns all descendant elements with a given tag name, in document order.
    ///
    /// Pass `"*"` to get all elements.
    ///
    /// Port of `dom.GetElementsByTagName`.
    pub fn get_elements_by_tag_name(&self, root: NodeId, tag: &str) -> Vec<NodeId> {
        let mut result = Vec::new();
        self.collect_by_tag(root, tag, false, &mut result, 0);
        result
    }

    fn collect_by_tag(
        &self,
        id: NodeId,
        tag: &str,
        include_self: bool,
        out: &mut Vec<NodeId>,
        depth: usize,
    ) {
        if depth >= MAX_TREE_DEPTH {
            return;
        }
        let Some(node) = self.tree.get(id) else {
            return;
        };

        if let Node::Element(e) = node.value() {
            let matches = tag == "*" || e.name.local.as_ref() == tag;
            if include_self && matches {
                out.push(id);
            }
        }

        for child in node.children() {
            self.collect_by_tag(child.id(), tag, true, out, depth + 1);
        }
    }

    /// Replaces the inner content of an element by parsing `html` as a fragment
    /// and appending the resulting nodes.
    ///
    /// Used in baseline extraction to parse `articleBody` HTML into a subtree.
    pub fn set_inner_html(&mut self, id: NodeId, html: &str) {
        // Remove all existing children.
        let children: Vec<NodeId> = self.child_nodes(id);
        for child_id in children {
            self.tree
                .get_mut(child_id)
                .expect("child NodeId from same tree")
                .detach();
        }

        // Parse fragment as a full document and transfer body children.
        let fragment = Document::parse(html);
        let Some(frag_body) = fragment.body() else {
            return;
        };

        let frag_children: Vec<NodeId> = fragment
            .tree
            .get(frag_body)
            .map(|n| n.children().map(|c| c.id()).collect())
            .unwrap_or_default();

        for child_id in frag_children {
            self.clone_from_tree(&fragment.tree, child_id, id);
        }
    }
}

/// [parallax patch] Cheap pre-check before full selector matching: an HTML element can
/// only match when its tag name is one of the `hint` names (see [`tag_hint`]). Elements
/// outside the HTML namespace are always matched in full.
#[inline]
fn may_match(elem: &scraper::ElementRef<'_>, hint: Option<&[String]>) -> bool {
    let Some(names) = hint else {
        return true;
    };
    let e = elem.value();
    e.name.ns != html5ever::ns!(html) || names.iter().any(|n| *n == *e.name.local)
}

/// [parallax patch] The tag names a selector list can match, when every alternative's
/// rightmost compound selector starts with a type selector (`head meta[content]` →
/// `meta`; `h2,h3` → `h2`, `h3`); `None` when any alternative could match any tag
/// (`*`, `.class`, `[attr]`, `#id`, `:pseudo`) or the text is not of that simple form.
fn tag_hint(selector: &str) -> Option<Vec<String>> {
    let mut names = Vec::new();
    let mut bracket = 0usize;
    let mut quote: Option<char> = None;
    // Start of the current compound selector (after the last top-level combinator).
    let mut compound = String::new();
    let finish = |compound: &str, names: &mut Vec<String>| -> bool {
        let name: String = compound
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        let next = compound[name.len()..].chars().next();
        if name.is_empty() || matches!(next, Some('|')) {
            return false;
        }
        names.push(name.to_ascii_lowercase());
        true
    };
    for c in selector.chars() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            compound.push(c);
            continue;
        }
        match c {
            '"' | '\'' => {
                quote = Some(c);
                compound.push(c);
            }
            '(' | ')' | '\\' => return None,
            '[' => {
                bracket += 1;
                compound.push(c);
            }
            ']' => {
                bracket = bracket.checked_sub(1)?;
                compound.push(c);
            }
            ',' if bracket == 0 => {
                if !finish(&compound, &mut names) {
                    return None;
                }
                compound.clear();
            }
            c if bracket == 0 && (c.is_whitespace() || matches!(c, '>' | '+' | '~')) => {
                // A combinator (or space around one): the compound ends here.
                if !compound.is_empty() {
                    compound.clear();
                }
            }
            _ => compound.push(c),
        }
    }
    if quote.is_some() || bracket != 0 || !finish(&compound, &mut names) {
        return None;
    }
    Some(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(html: &str) -> Document {
        Document::parse(html)
    }

    #[test]
    fn test_tag_hint() {
        let h = |s: &str| tag_hint(s);
        assert_eq!(h("head meta[content]"), Some(vec!["meta".to_string()]));
        assert_eq!(h("head > title"), Some(vec!["title".to_string()]));
        assert_eq!(
            h(r#"span[class*=" hljs"], span[class^="hljs"]"#),
            Some(vec!["span".to_string(), "span".to_string()])
        );
        assert_eq!(h("h2,h3,h4").map(|v| v.len()), Some(3));
        assert_eq!(h("div a, ul a").map(|v| v.len()), Some(2));
        assert_eq!(h("aside, .x"), None);
        assert_eq!(h("[rel]"), None);
        assert_eq!(h("*"), None);
        assert_eq!(h("p:not(.a)"), None);
        assert_eq!(h("a ~"), None);
    }

    #[test]
    fn test_query_selector() {
        let d = doc("<div><p class=\"target\">text</p><p>other</p></div>");
        let body = d.body().unwrap();
        let result = d.query_selector(body, "p.target");
        assert!(result.is_some());
        assert_eq!(d.tag_name(result.unwrap()), "p");
    }

    #[test]
    fn test_query_selector_all() {
        let d = doc("<div><p>one</p><p>two</p><span>three</span></div>");
        let body = d.body().unwrap();
        let results = d.query_selector_all(body, "p");
        assert_eq!(results.len(), 2);
    }

    #[test]
    fn test_get_elements_by_tag_name() {
        let d = doc("<div><p>one</p><p>two</p><span>three</span></div>");
        let body = d.body().unwrap();
        let div = d.children(body)[0];
        let ps = d.get_elements_by_tag_name(div, "p");
        assert_eq!(ps.len(), 2);
    }

    #[test]
    fn test_get_elements_by_tag_name_wildcard() {
        let d = doc("<div><p>one</p><span>two</span></div>");
        let body = d.body().unwrap();
        let div = d.children(body)[0];
        let all = d.get_elements_by_tag_name(div, "*");
        // p + span = 2
        assert_eq!(all.len(), 2);
    }

    #[test]
    fn test_set_inner_html() {
        let mut d = doc("<div><p>old</p></div>");
        let body = d.body().unwrap();
        let div = d.children(body)[0];
        d.set_inner_html(div, "<span>new</span>");
        let children = d.children(div);
        assert_eq!(children.len(), 1);
        assert_eq!(d.tag_name(children[0]), "span");
        assert_eq!(d.text_content(children[0]), "new");
    }

    #[test]
    fn test_query_selector_nested() {
        let d = doc("<article><div><p id=\"main\">content</p></div></article>");
        let body = d.body().unwrap();
        let result = d.query_selector(body, "article p");
        assert!(result.is_some());
        assert_eq!(d.id_attr(result.unwrap()), "main");
    }
}
