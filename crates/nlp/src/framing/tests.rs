//! Tests of the framing stage, through the languages that use it.

use parallax_model::{EntityKind, EntityMention, Genre, Polarity, Span};

use super::*;
use crate::lang;

fn de() -> &'static Language {
    lang::for_code(Some("de"))
}

/// Sentences split at `. `, `! `, `? ` and newlines (the tests do not depend on the
/// segmentation stage).
fn split(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = text.as_bytes();
    for i in 0..b.len() {
        let end_here = matches!(b[i], b'.' | b'!' | b'?')
            && b.get(i + 1)
                .map(|c| *c == b' ' || *c == b'\n')
                .unwrap_or(true)
            || b[i] == b'\n';
        if end_here {
            let e = if b[i] == b'\n' { i } else { i + 1 };
            if e > start && !text[start..e].trim().is_empty() {
                let s = start + (text[start..e].len() - text[start..e].trim_start().len());
                out.push(Span::new(s, e));
            }
            start = i + 1;
        }
    }
    if start < text.len() && !text[start..].trim().is_empty() {
        let s = start + (text[start..].len() - text[start..].trim_start().len());
        out.push(Span::new(s, text.len()));
    }
    out
}

fn mentions(text: &str, name: &str, id: &str, kind: EntityKind) -> Vec<EntityMention> {
    text.match_indices(name)
        .map(|(i, m)| EntityMention {
            span: Span::new(i, i + m.len()),
            text: m.to_string(),
            kind,
            entity: id.to_string(),
            derived: false,
        })
        .collect()
}

fn run(text: &str, entities: &[EntityMention]) -> Framing {
    analyze(de(), text, &split(text), &[], entities, &[])
}

const REPORT: &str = "Der Präsident traf am Mittwoch in Astana ein. Die beiden Staatschefs sprachen über Handel und Energie. \
Nach Angaben des Ministeriums wurden 12 Abkommen unterzeichnet. Der Besuch dauert zwei Tage. \
„Wir sind sehr zufrieden“, sagte der Minister. Die Gespräche sollen am Donnerstag fortgesetzt werden.";

const OPINION: &str = "Ich habe die Verbindung aus erster Hand miterlebt. Der Besuch war ein beeindruckender Beweis wahrer Freundschaft. \
Meiner Meinung nach sind die Versuche des Westens, einen Keil zwischen die Verbündeten zu treiben, lächerlich und völlig gescheitert. \
Westliche Propaganda ignoriert die gemeinsame Geschichte. Als glühender Bewunderer bin ich wirklich beeindruckt von dieser Standhaftigkeit.";

const PROMO: &str =
    "Hast du genug von der Politik? 🌍🤯 Dann ist unser Kanal genau das Richtige für dich! \
Hier gibt's die heißesten News! 🚀 Jetzt beitreten zu Telegram! Teile es mit deinen Freunden!";

#[test]
fn a_plain_report_is_a_report() {
    let f = run(REPORT, &[]);
    assert_eq!(f.genre, Genre::Report, "{:?}", f.genre_reasons);
    assert!(f.subjectivity < 0.25, "{}", f.subjectivity);
    assert!(f.genre_reasons[0].starts_with("report"));
}

#[test]
fn first_person_evaluation_is_opinion() {
    let f = run(OPINION, &[]);
    assert_eq!(f.genre, Genre::Opinion, "{:?}", f.genre_reasons);
    assert!(f.subjectivity >= 0.5, "{}", f.subjectivity);
    let cats: Vec<&str> = f.cues.iter().map(|c| c.category.as_str()).collect();
    for want in [
        "exaggeration",
        "loaded-language",
        "flag-waving",
        "glorification",
    ] {
        assert!(cats.contains(&want), "missing {want} in {cats:?}");
    }
    for c in &f.cues {
        assert_eq!(&OPINION[c.span.start..c.span.end], c.text);
    }
}

#[test]
fn not_only_is_not_minimisation() {
    let f = run(
        "Das war nicht nur ein Treffen. Es war nur ein Treffen.",
        &[],
    );
    let m: Vec<usize> = f
        .cues
        .iter()
        .filter(|c| c.category == "minimisation")
        .map(|c| c.span.start)
        .collect();
    assert_eq!(m.len(), 1, "{:?}", f.cues);
    assert!(m[0] > 20);
}

#[test]
fn channel_promotion_is_promotional() {
    let f = run(PROMO, &[]);
    assert_eq!(f.genre, Genre::Promotional, "{:?}", f.genre_reasons);
    assert!(f.genre_reasons.iter().any(|r| r.contains("emoji")));
}

#[test]
fn quoted_first_person_does_not_make_an_opinion() {
    let text =
        "„Ich bin wirklich sehr beeindruckt, wir sind großartige Freunde!“, sagte der Präsident. \
„Meiner Meinung nach ist das ein historischer Tag“, fügte er hinzu. Der Besuch endet am Freitag.";
    let f = run(text, &[]);
    assert_eq!(f.genre, Genre::Report, "{:?}", f.genre_reasons);
    assert!(f.cues.iter().all(|c| c.quoted), "{:?}", f.cues);
}

#[test]
fn wording_variants_are_found_with_inflection() {
    let text = "Seit Beginn der russischen Invasion und des Angriffskrieges gegen die Ukraine; \
Moskau nennt es eine militärische Sonderoperation. Der Kreml-Chef sprach in Kiew, nicht in Kyjiw.";
    let f = run(text, &[]);
    let got: Vec<(&str, &str)> = f
        .wording
        .iter()
        .map(|w| (w.family.as_str(), w.variant.as_str()))
        .collect();
    assert!(got.contains(&("war-in-ukraine", "invasion")), "{got:?}");
    assert!(
        got.contains(&("war-in-ukraine", "war-of-aggression")),
        "{got:?}"
    );
    assert!(
        got.contains(&("war-in-ukraine", "special-operation")),
        "{got:?}"
    );
    assert!(
        got.contains(&("russian-leader", "kremlin-chief")),
        "{got:?}"
    );
    assert!(
        got.contains(&("kyiv-spelling", "kiew")) && got.contains(&("kyiv-spelling", "kyjiw")),
        "{got:?}"
    );
}

#[test]
fn every_wording_family_variant_and_category_has_a_label() {
    let file: toml::Value = toml::from_str(super::WORDING_TOML).expect("wording.toml parses");
    let labels = super::labels();
    let families = file["family"].as_array().expect("families");
    for fam in families {
        let id = fam["id"].as_str().expect("family id");
        assert!(fam.get("label").is_some(), "family {id} has no label");
        for var in fam["variant"].as_array().expect("variants") {
            let v = var["id"].as_str().expect("variant id");
            assert!(var.get("label").is_some(), "variant {id}/{v} has no label");
        }
    }
    assert_eq!(
        labels.family("kyiv-spelling"),
        "the spelling of Ukraine's capital"
    );
    assert_eq!(
        labels.variant("kyiv-spelling", "kyjiw"),
        "Kyiv (Ukrainian-derived spelling)"
    );
    assert_eq!(labels.category("us-vs-them"), "us versus them");
    // an id without a label still reads as words
    assert_eq!(labels.category("new-thing"), "new thing");
    for code in ["de", "en", "fr", "ru"] {
        let lang = crate::lang::for_code(Some(code));
        for category in lang.framing.lexicon().cues.values() {
            assert!(
                file["category"].get(category.as_str()).is_some(),
                "{code}: cue category {category} has no label in wording.toml"
            );
        }
    }
}

#[test]
fn stance_follows_the_sentences_about_each_actor() {
    let text = "Russland ist ein verlässlicher Partner und wahrer Freund. Russland unterstützt die Stabilität der Region. \
Der Westen betreibt Erpressung und Propaganda. Der Westen will die Beziehungen zerstören.";
    let mut ents = mentions(text, "Russland", "location:russland", EntityKind::Location);
    ents.extend(mentions(
        text,
        "Westen",
        "location:westen",
        EntityKind::Location,
    ));
    ents.sort_by_key(|e| e.span.start);
    let f = run(text, &ents);
    let pol = |id: &str| f.stance.iter().find(|s| s.entity == id).map(|s| s.polarity);
    assert_eq!(
        pol("location:russland"),
        Some(Polarity::Positive),
        "{:?}",
        f.stance
    );
    assert_eq!(
        pol("location:westen"),
        Some(Polarity::Negative),
        "{:?}",
        f.stance
    );
    let west = f
        .stance
        .iter()
        .find(|s| s.entity == "location:westen")
        .unwrap();
    assert!(west
        .evidence
        .iter()
        .all(|s| text[s.start..s.end].contains("Westen")));
}

#[test]
fn negation_flips_polarity() {
    let text = "Russland ist kein verlässlicher Partner. Russland ist kein Freund.";
    let ents = mentions(text, "Russland", "location:russland", EntityKind::Location);
    let f = run(text, &ents);
    assert_eq!(f.stance[0].polarity, Polarity::Negative, "{:?}", f.stance);
}

#[test]
fn sentence_judgement_features() {
    let j = sentence_subjectivity(
        de(),
        "Das ist eine absolut lächerliche und unverantwortliche Entscheidung!",
    );
    assert!(j.subjective, "{j:?}");
    let j = sentence_subjectivity(
        de(),
        "Der Handelsumsatz erreichte 2023 rund 28 Milliarden US-Dollar.",
    );
    assert!(!j.subjective, "{j:?}");
    let j = sentence_subjectivity(de(), "Erinnern Sie sich daran, was damals geschah.");
    assert_eq!(j.features.formal, 1, "{j:?}");
    let j = sentence_subjectivity(de(), "Sie sagte, die Lage sei stabil.");
    assert_eq!(
        j.features.formal, 0,
        "sentence-initial Sie is she/they: {j:?}"
    );
}

#[test]
fn never_panics_on_odd_input() {
    for t in [
        "",
        "!",
        "„",
        "„offen",
        "🌍🌍🌍",
        "a\u{0301}-b-",
        "Ich! Du? Sie.",
        "-----",
        "ß„“«»\"\"\"",
        "\n\n\n",
    ] {
        let f = run(t, &[]);
        for c in &f.cues {
            assert!(t.get(c.span.start..c.span.end).is_some());
        }
        let _ = sentence_subjectivity(de(), t);
    }
    // Pathological input stays linear: a long run of quote marks and words.
    let long = "„Krieg “ ".repeat(20_000);
    let f = run(&long, &[]);
    assert!(!f.cues.is_empty() || f.wording.is_empty() || f.genre == Genre::Report);
}

#[test]
fn english_rules_load_and_work() {
    let en = lang::for_code(Some("en"));
    let text = "I think this is an absolutely disgraceful decision! The so-called experts lied.";
    let f = analyze(en, text, &split(text), &[], &[], &[]);
    assert_eq!(f.genre, Genre::Opinion, "{:?}", f.genre_reasons);
    assert!(f.cues.iter().any(|c| c.category == "doubt"));
}
