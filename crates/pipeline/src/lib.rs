//! The pipeline, defined once: input paths → ingest → nlp → analyze, into an [`Analysis`]
//! (`parallax analyze`, evaluations, benchmarks) or into a store ([`ingest`]). Inputs are
//! read and annotated in parallel (rayon); articles with the same id (the same clean text)
//! are kept once.

pub mod encoder;
pub mod incremental;
pub mod ingest;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Mutex;

use parallax_ingest::{Input, InputError, InputItem, InputWarning, ReadOptions};
use parallax_model::{Analysis, AnnotatedArticle};
use parallax_nlp::embed::SentenceEncoder;
use rayon::prelude::*;

/// What reading tells as it goes: a bad input (or record) or one read with repairs, as soon
/// as it is read, so a long run says what went wrong while it goes on; and each input as it
/// starts, so a progress line can name the one that takes long.
pub enum ReadEvent<'a> {
    Failed(&'a InputError),
    Repaired(&'a InputWarning),
    Started(&'a Input),
}

/// Where read events are told as they happen (from the reading threads).
#[derive(Clone)]
pub struct ReadReporter(pub std::sync::Arc<dyn Fn(ReadEvent<'_>) + Send + Sync>);

impl ReadReporter {
    fn failed(reporter: Option<&ReadReporter>, errors: &[InputError]) {
        if let Some(r) = reporter {
            errors.iter().for_each(|e| (r.0)(ReadEvent::Failed(e)));
        }
    }

    fn repaired(reporter: Option<&ReadReporter>, warnings: &[InputWarning]) {
        if let Some(r) = reporter {
            warnings.iter().for_each(|w| (r.0)(ReadEvent::Repaired(w)));
        }
    }
}

impl std::fmt::Debug for ReadReporter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ReadReporter")
    }
}

/// Called with articles as soon as they are annotated and every earlier input is done (so in
/// input order, records in file order): results leave as they are made, a record of a large
/// JSON Lines file as soon as it is annotated.
pub type EachInput<'a> = &'a (dyn Fn(&[AnnotatedArticle]) + Sync);

/// Passes articles on in input order: those of the earliest unfinished input at once, those of
/// inputs read ahead of it when it is done.
#[derive(Default)]
struct InOrder {
    next: usize,
    ahead: std::collections::BTreeMap<usize, Vec<AnnotatedArticle>>,
    finished: std::collections::BTreeSet<usize>,
}

impl InOrder {
    fn article(&mut self, input: usize, article: &AnnotatedArticle, each: EachInput<'_>) {
        if input == self.next {
            each(std::slice::from_ref(article));
        } else {
            self.ahead.entry(input).or_default().push(article.clone());
        }
    }

    fn done(&mut self, input: usize, each: EachInput<'_>) {
        self.finished.insert(input);
        while self.finished.remove(&self.next) {
            self.next += 1;
            if let Some(ready) = self.ahead.remove(&self.next) {
                each(&ready);
            }
        }
    }
}

/// What a run produced, and what it could not read.
pub struct RunOutcome {
    pub analysis: Analysis,
    /// One entry per bad input or record, in input order.
    pub errors: Vec<InputError>,
    /// Inputs read with repairs (bytes that were not UTF-8, mixed encodings), in input order.
    pub warnings: Vec<InputWarning>,
    /// Articles dropped because another input had the same clean text.
    pub exact_repeats: usize,
}

/// Read and annotate every input; `on_article` is called once per article read (for progress).
pub fn annotate_inputs(
    paths: &[PathBuf],
    on_article: &(dyn Fn() + Sync),
) -> (Vec<AnnotatedArticle>, Vec<InputError>) {
    let (annotated, errors, _) =
        annotate_inputs_with(paths, &ReadOptions::default(), None, None, on_article);
    (annotated, errors)
}

/// [`annotate_inputs`] within `options` (size limit, time budget per input), with warnings.
pub fn annotate_inputs_with(
    paths: &[PathBuf],
    options: &ReadOptions,
    reporter: Option<&ReadReporter>,
    each_input: Option<EachInput<'_>>,
    on_article: &(dyn Fn() + Sync),
) -> (Vec<AnnotatedArticle>, Vec<InputError>, Vec<InputWarning>) {
    let (inputs, mut errors) = parallax_ingest::discover(paths);
    ReadReporter::failed(reporter, &errors);
    let record_errors = Mutex::new(Vec::new());
    let record_warnings = Mutex::new(Vec::new());
    let in_order = Mutex::new(InOrder::default());
    let mut annotated: Vec<AnnotatedArticle> = inputs
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, input): (usize, &Input)| {
            if let Some(r) = reporter {
                (r.0)(ReadEvent::Started(input));
            }
            let mut out = Vec::new();
            let mut bad = Vec::new();
            let mut warned = Vec::new();
            parallax_ingest::read_input_with(input, options, &mut |item| match item {
                InputItem::Article { article, deadline } => {
                    on_article();
                    let input = article.path.clone();
                    // The input's time budget covers its annotation too.
                    match parallax_nlp::annotate_within(*article, &deadline) {
                        Ok(a) => {
                            if let Some(each) = each_input {
                                in_order
                                    .lock()
                                    .unwrap_or_else(|p| p.into_inner())
                                    .article(i, &a, each);
                            }
                            out.push(a)
                        }
                        Err(over) => bad.push(InputError {
                            input,
                            reason: over.to_string(),
                        }),
                    }
                }
                InputItem::Error(e) => bad.push(e),
                InputItem::Warning(w) => warned.push(w),
            });
            ReadReporter::failed(reporter, &bad);
            ReadReporter::repaired(reporter, &warned);
            if !bad.is_empty() {
                record_errors
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .extend(bad);
            }
            if !warned.is_empty() {
                record_warnings
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .extend(warned);
            }
            if let Some(each) = each_input {
                in_order
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .done(i, each);
            }
            out
        })
        .collect();
    errors.extend(
        record_errors
            .into_inner()
            .unwrap_or_else(|p| p.into_inner()),
    );
    errors.sort_by(|a, b| a.input.cmp(&b.input).then_with(|| a.reason.cmp(&b.reason)));
    let mut warnings = record_warnings
        .into_inner()
        .unwrap_or_else(|p| p.into_inner());
    warnings.sort_by(|a, b| {
        a.input
            .cmp(&b.input)
            .then_with(|| a.message.cmp(&b.message))
    });
    annotated.sort_by(|a, b| a.article.path.cmp(&b.article.path));
    (annotated, errors, warnings)
}

/// Run the whole pipeline over `paths`, by words and evidence alone (no sentence encoder).
pub fn run(paths: &[PathBuf], on_article: &(dyn Fn() + Sync)) -> RunOutcome {
    run_with(paths, &RunOptions::default(), on_article)
}

/// How a run reads and what it uses besides the built-in rules.
#[derive(Default)]
pub struct RunOptions<'a> {
    /// Size limit and time budget per input.
    pub read: ReadOptions,
    /// With a sentence encoder, every article's title and lead and its claim candidates are
    /// embedded before the analysis (stories and claims across languages use them).
    pub encoder: Option<&'a dyn SentenceEncoder>,
    /// Told of each input as it starts and each bad or repaired one as soon as it is read.
    pub reporter: Option<ReadReporter>,
    /// Given each input's articles, in input order, as soon as they are annotated.
    pub each_input: Option<EachInput<'a>>,
}

/// [`run`] with `options`.
pub fn run_with(
    paths: &[PathBuf],
    options: &RunOptions<'_>,
    on_article: &(dyn Fn() + Sync),
) -> RunOutcome {
    let (annotated, errors, warnings) = annotate_inputs_with(
        paths,
        &options.read,
        options.reporter.as_ref(),
        options.each_input,
        on_article,
    );
    let (mut unique, exact_repeats) = drop_exact_repeats(annotated);
    if let Some(encoder) = options.encoder {
        // The encoder parallelises inside each call.
        for article in &mut unique {
            parallax_nlp::embed::embed_article(encoder, article);
        }
    }
    RunOutcome {
        analysis: parallax_analyze::analyze(unique),
        errors,
        warnings,
        exact_repeats,
    }
}

/// Keep the first article (in path order) of each id.
fn drop_exact_repeats(articles: Vec<AnnotatedArticle>) -> (Vec<AnnotatedArticle>, usize) {
    let mut seen = BTreeSet::new();
    let before = articles.len();
    let unique: Vec<_> = articles
        .into_iter()
        .filter(|a| seen.insert(a.article.id.clone()))
        .collect();
    let dropped = before - unique.len();
    (unique, dropped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_model::Article;

    fn article(id: &str) -> AnnotatedArticle {
        AnnotatedArticle::bare(Article {
            id: id.into(),
            ..parallax_ingest::article_from_text(id, "Text.", None)
        })
    }

    #[test]
    fn inputs_read_out_of_order_are_handed_on_in_input_order() {
        let seen = Mutex::new(Vec::new());
        let each = |articles: &[AnnotatedArticle]| {
            let mut seen = seen.lock().unwrap();
            seen.push(
                articles
                    .iter()
                    .map(|a| a.article.id.clone())
                    .collect::<Vec<_>>()
                    .join(" "),
            );
        };
        let seen_now = || seen.lock().unwrap().clone();
        let mut in_order = InOrder::default();
        in_order.article(2, &article("c"), &each);
        in_order.done(2, &each);
        assert!(seen_now().is_empty(), "input 2 waits for 0 and 1");
        in_order.article(0, &article("a1"), &each);
        assert_eq!(
            seen_now(),
            ["a1"],
            "the first input's records leave at once"
        );
        in_order.article(1, &article("b1"), &each);
        in_order.article(0, &article("a2"), &each);
        assert_eq!(seen_now(), ["a1", "a2"]);
        in_order.done(0, &each);
        assert_eq!(
            seen_now(),
            ["a1", "a2", "b1"],
            "input 1 is next: what it read leaves"
        );
        in_order.article(1, &article("b2"), &each);
        assert_eq!(seen_now(), ["a1", "a2", "b1", "b2"]);
        in_order.done(1, &each);
        assert_eq!(seen_now(), ["a1", "a2", "b1", "b2", "c"]);
    }
}
