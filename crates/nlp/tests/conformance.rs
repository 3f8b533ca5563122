//! What every language must provide: each registered language's conformance sample
//! (`lang::Language::sample`) annotated through the shared stages gives its sentences, its
//! number, its date and its quote with the speaker.
//!
//! A new language adds one line to `conformance!` below; `every_registered_language_is_checked`
//! fails until it does.

use parallax_model::{AnnotatedArticle, Article};
use parallax_nlp::lang::{self, Language};

fn annotate_sample(language: &'static Language) -> AnnotatedArticle {
    let text = language.sample.text.to_string();
    parallax_nlp::annotate(Article {
        id: format!("sample-{}", language.code),
        path: format!("sample-{}.txt", language.code),
        url: None,
        title: None,
        published: Some("2024-11-28".into()),
        language: Some(language.code.into()),
        outlet: None,
        authors: Vec::new(),
        raw: text.clone(),
        text,
        removed: Vec::new(),
        field_origins: Default::default(),
        credits: Vec::new(),
    })
}

fn sentences(language: &'static Language) {
    let a = annotate_sample(language);
    assert_eq!(
        a.sentences.len(),
        language.sample.sentences,
        "{}: sentences {:?}",
        language.name,
        a.sentences
            .iter()
            .map(|s| &a.article.text[s.start..s.end])
            .collect::<Vec<_>>()
    );
}

fn tokens(language: &'static Language) {
    let a = annotate_sample(language);
    assert!(!a.tokens.is_empty(), "{}: no tokens", language.name);
    for t in &a.tokens {
        let surface = &a.article.text[t.span.start..t.span.end];
        assert!(
            !surface.trim().is_empty() && surface.trim() == surface,
            "{}: token {surface:?} is blank or has spaces",
            language.name
        );
    }
}

fn quantity(language: &'static Language) {
    let a = annotate_sample(language);
    let (text, value) = language.sample.quantity;
    let found = a.quantities.iter().find(|q| q.text.contains(text));
    let Some(q) = found else {
        panic!(
            "{}: no quantity {text:?} among {:?}",
            language.name,
            a.quantities.iter().map(|q| &q.text).collect::<Vec<_>>()
        );
    };
    assert!(
        (q.value - value).abs() <= value.abs() * 1e-9,
        "{}: {text:?} read as {}",
        language.name,
        q.value
    );
}

fn date(language: &'static Language) {
    let a = annotate_sample(language);
    let (text, value) = language.sample.date;
    let found = a.times.iter().find(|t| t.text.contains(text));
    let Some(t) = found else {
        panic!(
            "{}: no date {text:?} among {:?}",
            language.name,
            a.times.iter().map(|t| &t.text).collect::<Vec<_>>()
        );
    };
    assert_eq!(
        t.value.as_ref().map(|v| v.to_string()).as_deref(),
        Some(value),
        "{}: {text:?}",
        language.name
    );
}

fn quote(language: &'static Language) {
    let a = annotate_sample(language);
    let (words, speaker) = language.sample.quote;
    let found = a.quotes.iter().find(|q| q.text.contains(words));
    let Some(q) = found else {
        panic!(
            "{}: no quote {words:?} among {:?}",
            language.name,
            a.quotes.iter().map(|q| &q.text).collect::<Vec<_>>()
        );
    };
    assert!(q.direct, "{}: {words:?} is not direct", language.name);
    assert_eq!(
        q.speaker.as_deref(),
        Some(speaker),
        "{}: speaker of {words:?}",
        language.name
    );
}

fn detected(language: &'static Language) {
    assert_eq!(
        lang::guess(language.sample.text).code,
        language.code,
        "{}: its sample is guessed as another language",
        language.name
    );
}

/// One test module per language: `conformance!(module => STATIC, ...)`.
macro_rules! conformance {
    ($($module:ident => $language:path),* $(,)?) => {
        $(
            mod $module {
                #[test]
                fn sentences() { super::sentences(&$language) }
                #[test]
                fn tokens() { super::tokens(&$language) }
                #[test]
                fn quantity() { super::quantity(&$language) }
                #[test]
                fn date() { super::date(&$language) }
                #[test]
                fn quote() { super::quote(&$language) }
                #[test]
                fn detected() { super::detected(&$language) }
            }
        )*

        #[test]
        fn every_registered_language_is_checked() {
            let checked = [$($language.code),*];
            for code in lang::supported() {
                assert!(
                    checked.contains(&code),
                    "language {code} has no line in conformance! (crates/nlp/tests/conformance.rs)"
                );
            }
        }
    };
}

conformance! {
    german => parallax_nlp::lang::de::GERMAN,
    english => parallax_nlp::lang::en::ENGLISH,
    russian => parallax_nlp::lang::ru::RUSSIAN,
    french => parallax_nlp::lang::fr::FRENCH,
}
