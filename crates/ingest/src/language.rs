//! Language identification (whatlang, trigram-based, embedded, no model files).

use whatlang::Lang;

/// ISO 639-1 code of a whatlang language (639-3), where one exists.
fn iso639_1(l: Lang) -> Option<&'static str> {
    use Lang::*;
    Some(match l {
        Epo => "eo",
        Eng => "en",
        Rus => "ru",
        Cmn => "zh",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Ben => "bn",
        Fra => "fr",
        Deu => "de",
        Ukr => "uk",
        Kat => "ka",
        Ara => "ar",
        Hin => "hi",
        Jpn => "ja",
        Heb => "he",
        Yid => "yi",
        Pol => "pl",
        Amh => "am",
        Jav => "jv",
        Kor => "ko",
        Nob => "nb",
        Dan => "da",
        Swe => "sv",
        Fin => "fi",
        Tur => "tr",
        Nld => "nl",
        Hun => "hu",
        Ces => "cs",
        Ell => "el",
        Bul => "bg",
        Bel => "be",
        Mar => "mr",
        Kan => "kn",
        Ron => "ro",
        Slv => "sl",
        Hrv => "hr",
        Srp => "sr",
        Mkd => "mk",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Tam => "ta",
        Vie => "vi",
        Urd => "ur",
        Tha => "th",
        Guj => "gu",
        Uzb => "uz",
        Pan => "pa",
        Aze => "az",
        Ind => "id",
        Tel => "te",
        Pes => "fa",
        Mal => "ml",
        Ori => "or",
        Mya => "my",
        Nep => "ne",
        Sin => "si",
        Khm => "km",
        Tuk => "tk",
        Aka => "ak",
        Zul => "zu",
        Sna => "sn",
        Afr => "af",
        Lat => "la",
        Slk => "sk",
        Cat => "ca",
        Tgl => "tl",
        Hye => "hy",
    })
}

/// The language of a text as an ISO 639-1 code, or `None` when the text is too short or
/// the detector is not confident (short snippets often are).
pub fn detect(text: &str) -> Option<String> {
    // A prefix is enough and keeps long inputs cheap.
    let mut end = text.len().min(4_000);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    let letters = sample.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 12 {
        return None;
    }
    let info = whatlang::detect(sample)?;
    let ok = info.is_reliable() || (letters >= 40 && info.confidence() >= 0.5);
    if !ok {
        return None;
    }
    iso639_1(info.lang()).map(str::to_string)
}

/// The language of a raw, uncleaned text, judged on its prose: lines of at least 60 bytes
/// (boilerplate lines are short), or the whole text when it has too few of them. Used to
/// pick the cleaning patterns before the text is clean.
pub fn detect_prose(raw: &str) -> Option<String> {
    let mut sample = String::new();
    for line in raw.lines().map(str::trim).filter(|l| l.len() >= 60) {
        if sample.len() >= 4_000 {
            break;
        }
        sample.push_str(line);
        sample.push('\n');
    }
    if sample.len() < 200 {
        return detect(raw);
    }
    detect(&sample)
}

#[cfg(test)]
mod tests {
    #[test]
    fn detects_german_and_english() {
        assert_eq!(
            super::detect("Der kasachische Präsident bezeichnete Russland als wichtigsten Verbündeten seines Landes.").as_deref(),
            Some("de")
        );
        assert_eq!(
            super::detect(
                "The Kazakh president called Russia the most important ally of his country."
            )
            .as_deref(),
            Some("en")
        );
        assert_eq!(super::detect("ok"), None);
    }
}
