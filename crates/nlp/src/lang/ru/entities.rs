//! Russian entity rules: no trained tagger (capitalised names, typed by the name tables),
//! Russian name tables, case endings of names and adjectives, and transliteration into Latin
//! letters so that canonical ids meet those of other languages (`Путин` = `Putin`).

use std::borrow::Cow;
use std::sync::OnceLock;

use super::Russian;
use crate::entities::{EntityRules, Knowledge, NameMorphology};
use crate::ner::{self, Gazetteer};

/// Russian declines names (`Путина`, `Путину`, `Казахстане`) and place adjectives
/// (`российского`, `российским`); the adjective's stem ends in `-ск`/`-цк`.
static MORPHOLOGY: NameMorphology = NameMorphology {
    adjective_endings: &[
        "ого", "его", "ому", "ему", "ыми", "ими", "ый", "ий", "ой", "ая", "яя", "ое", "ее", "ые",
        "ие", "ым", "им", "ых", "их", "ую", "юю", "ом", "ем",
    ],
    adjective_stem_ends: &["ск", "цк"],
    demonym_suffix: None,
    name_endings: &[
        "ыми", "ами", "ями", "ого", "его", "ому", "ему", "ым", "им", "ом", "ем", "ой", "ей", "ах",
        "ях", "ам", "ям", "а", "я", "у", "ю", "е", "ы", "и",
    ],
    compound_endings: &[""],
    transliterate,
};

/// Latin letters for a name in Cyrillic, by the common English/BGN scheme (`Токаев` →
/// `Tokaev`, `Шойгу` → `Shoygu`), which variant folding joins with the German and English
/// spellings (`Tokajew`, `Tokayev`). Other scripts pass through.
pub fn transliterate(name: &str) -> Cow<'_, str> {
    if !name.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c)) {
        return Cow::Borrowed(name);
    }
    let mut out = String::with_capacity(name.len());
    let mut previous: Option<char> = None;
    for c in name.chars() {
        let upper = c.is_uppercase();
        let lower = c.to_lowercase().next().unwrap_or(c);
        // `е` opening a word or following a vowel or a sign is `ye` (`Есимов` → `Yesimov`).
        let opens_syllable =
            previous.is_none_or(|p| "аеёиоуыэюяьъ".contains(p) || !p.is_alphabetic());
        previous = Some(lower);
        let latin = match lower {
            'е' if opens_syllable => "ye",
            'а' => "a",
            'б' => "b",
            'в' => "v",
            'г' => "g",
            'д' => "d",
            'е' | 'ё' | 'э' => "e",
            'ж' => "zh",
            'з' => "z",
            'и' => "i",
            'й' => "y",
            'к' => "k",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'о' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' => "u",
            'ф' => "f",
            'х' => "kh",
            'ц' => "ts",
            'ч' => "ch",
            'ш' => "sh",
            'щ' => "shch",
            'ъ' | 'ь' => "",
            'ы' => "y",
            'ю' => "yu",
            'я' => "ya",
            'і' => "i",
            'ї' => "yi",
            'є' => "ye",
            'ґ' => "g",
            'ў' => "u",
            _ => {
                out.push(c);
                continue;
            }
        };
        let mut letters = latin.chars();
        if let Some(first) = letters.next() {
            if upper {
                out.extend(first.to_uppercase());
            } else {
                out.push(first);
            }
            out.extend(letters);
        }
    }
    Cow::Owned(out)
}

/// Russian has no trained tagger: capitalised sequences typed by the alias tables (the
/// shared id tables and the Russian names) and the first-name gazetteer.
impl EntityRules for Russian {
    fn gazetteer(&self) -> Option<&'static Gazetteer> {
        Some(ner::german_gazetteer())
    }
    fn knowledge(&self) -> &'static Knowledge {
        static K: OnceLock<Knowledge> = OnceLock::new();
        K.get_or_init(|| {
            Knowledge::parse(
                &MORPHOLOGY,
                &[
                    include_str!("../../../../../data/lang/de/entity-aliases-countries.tsv"),
                    include_str!("../../../../../data/lang/de/entity-aliases.txt"),
                    include_str!("../../../../../data/lang/ru/entity-aliases.txt"),
                ],
                include_str!("../../../../../data/lang/ru/demonyms.txt"),
                include_str!("../../../../../data/lang/ru/roles.txt"),
                include_str!("../../../../../data/lang/ru/entity-stopwords.txt"),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::transliterate;
    use crate::entities::fold;

    #[test]
    fn names_meet_across_scripts() {
        let key = |n: &str| fold(&transliterate(n));
        assert_eq!(key("Путин"), fold("Putin"));
        assert_eq!(key("Токаев"), fold("Tokajew"));
        assert_eq!(key("Токаев"), fold("Tokayev"));
        assert_eq!(key("Астана"), fold("Astana"));
        assert_eq!(key("Казахстан"), fold("Kasachstan"));
        assert_eq!(key("Лавров"), fold("Lawrow"));
        assert_eq!(key("Шойгу"), fold("Schoigu"));
        assert_eq!(key("Назарбаев"), fold("Nasarbajew"));
        assert_eq!(key("Касым-Жомарт"), fold("Kassym-Schomart"));
        assert_eq!(key("Есимов"), fold("Jessimow"));
        assert_eq!(key("Есимов"), fold("Yessimov"));
        assert_ne!(key("Путин"), key("Токаев"));
        assert_eq!(transliterate("Putin"), "Putin");
    }
}
