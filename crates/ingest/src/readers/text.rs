//! Plain text as scraped: the whole file is one article.

use parallax_model::Article;

use super::{err, read_all, Opened, MAX_ARTICLE_BYTES};
use crate::metadata::{build_article, Hints};
use crate::InputError;

/// Bytes of a text file to text: binary files and empty texts are errors.
pub(crate) fn bytes_to_text(
    bytes: &[u8],
    label: &str,
    declared: Option<&str>,
) -> Result<String, InputError> {
    if let Some(why) = crate::decode::binary_reason(bytes) {
        return Err(err(label, why));
    }
    let (text, _enc) = crate::decode::decode(bytes, declared);
    if text.trim().is_empty() {
        return Err(err(label, "no text (only whitespace)"));
    }
    Ok(text)
}

pub(crate) fn read(o: &mut Opened, label: &str) -> Result<Article, InputError> {
    let bytes = read_all(o, label, MAX_ARTICLE_BYTES)?;
    let text = bytes_to_text(&bytes, label, None)?;
    let article = build_article(label.to_string(), text, Hints::default());
    if article.text.trim().is_empty() {
        return Err(err(
            label,
            "no article text left after removing boilerplate",
        ));
    }
    Ok(article)
}
