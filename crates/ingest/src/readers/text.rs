//! Plain text as scraped: the whole file is one article.

use parallax_model::{Article, Deadline};

use super::{emit, err, read_all, warn, Opened, Sink};
use crate::metadata::{build_article_within, Hints};
use crate::{InputError, ReadOptions};

/// Bytes of a text file to text: binary files and empty texts are errors; a decoding worth
/// telling (replaced bytes, mixed encodings) is reported as a warning.
pub(crate) fn bytes_to_text(
    bytes: &[u8],
    label: &str,
    declared: Option<&str>,
    sink: &mut Sink<'_>,
) -> Result<String, InputError> {
    if let Some(why) = crate::decode::binary_reason(bytes) {
        return Err(err(label, why));
    }
    let decoded = crate::decode::decode_text(bytes, declared);
    if let Some(w) = decoded.warning() {
        warn(sink, label, w);
    }
    if decoded.text.trim().is_empty() {
        return Err(err(label, "no text (only whitespace)"));
    }
    Ok(decoded.text)
}

pub(crate) fn read(
    o: &mut Opened,
    label: &str,
    options: &ReadOptions,
    deadline: Deadline,
    sink: &mut Sink<'_>,
) {
    let whole = match read_all(
        o,
        label,
        options.max_article_bytes,
        "one article",
        &deadline,
    ) {
        Ok(w) => w,
        Err(e) => return emit(sink, Err(e), deadline),
    };
    let result = if whole.bytes.is_empty() {
        Err(err(label, "no text"))
    } else {
        article(&whole.bytes, label, &deadline, sink)
    };
    // A truncated gzip: the article holds what came before, and the error says where it stopped.
    if whole.stopped.is_none() || result.is_ok() {
        emit(sink, result, deadline);
    }
    if let Some(stopped) = whole.stopped {
        emit(sink, Err(stopped), deadline);
    }
}

fn article(
    bytes: &[u8],
    label: &str,
    deadline: &Deadline,
    sink: &mut Sink<'_>,
) -> Result<Article, InputError> {
    let text = bytes_to_text(bytes, label, None, sink)?;
    let article = build_article_within(label.to_string(), text, Hints::default(), deadline)
        .map_err(|e| err(label, e.to_string()))?;
    if article.text.trim().is_empty() {
        return Err(err(
            label,
            "no article text left after removing boilerplate",
        ));
    }
    Ok(article)
}
