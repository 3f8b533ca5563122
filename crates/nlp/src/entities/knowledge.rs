//! Knowledge tables for canonical ids: aliases, demonyms, titles, offices, stopwords —
//! parsed from a language's data files — and the language's name morphology.
//!
//! A canonical id is the same in every language: a name is first written in Latin letters
//! by its language ([`NameMorphology::transliterate`]: `Путин` → `Putin`), then reduced to a
//! variant key by [`fold`], which joins the common romanisations of one name (`Tokajew`,
//! `Tokayev`, `Tokaev`). The fold works on letters only and knows no language's words.
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use parallax_model::EntityKind;

/// How a language inflects names and place adjectives, and how it writes names in Latin
/// letters: what canonical ids need beyond the language's word tables.
pub struct NameMorphology {
    /// Inflection endings of a place adjective (`russisch|en`), tried in order.
    pub adjective_endings: &'static [&'static str],
    /// An ending is stripped only when the rest ends with one of these (`russ|isch`).
    pub adjective_stem_ends: &'static [&'static str],
    /// The suffix of a regular place adjective after (a prefix of) the place's name
    /// (`kasach|isch` → Kasachstan), if the language forms them so.
    pub demonym_suffix: Option<&'static str>,
    /// Endings of a name's inflected forms (`Putin|s`, `Путин|а`): stripped when the rest is
    /// a known name and the whole is not. Tried in order.
    pub name_endings: &'static [&'static str],
    /// Endings of a one-word role (`Kremlchef|s`), tried in order; `""` for the bare word.
    pub compound_endings: &'static [&'static str],
    /// The name in Latin letters (`Путин` → `Putin`); names already in Latin letters unchanged.
    pub transliterate: fn(&str) -> Cow<'_, str>,
}

impl NameMorphology {
    /// No inflection, Latin script: names are matched as written.
    pub const NONE: NameMorphology = NameMorphology {
        adjective_endings: &[],
        adjective_stem_ends: &[],
        demonym_suffix: None,
        name_endings: &[],
        compound_endings: &[""],
        transliterate: as_written,
    };
}

/// A name as written (the transliteration of a Latin-script language).
pub fn as_written(name: &str) -> Cow<'_, str> {
    Cow::Borrowed(name)
}

/// Variant-folding key: case, diacritics and common transliteration differences removed,
/// so `Tokajew`, `Tokayev` and `Tokaev` share one key (`tokaev`), as do `Kassym-Schomart`
/// and `Kasim-Schomart`. Words are joined by `-`.
pub fn fold(name: &str) -> String {
    let mut s = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            'ä' | 'Ä' | 'á' | 'à' | 'â' | 'ã' | 'å' | 'Á' | 'À' | 'Â' => s.push('a'),
            'ö' | 'Ö' | 'ó' | 'ò' | 'ô' | 'õ' | 'ø' | 'Ó' => s.push('o'),
            'ü' | 'Ü' | 'ú' | 'ù' | 'û' | 'Ú' => s.push('u'),
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' => s.push('e'),
            'í' | 'ì' | 'î' | 'ï' | 'Í' => s.push('i'),
            'ß' => s.push_str("ss"),
            'ç' | 'č' | 'Č' => s.push('c'),
            'š' | 'Š' | 'ş' | 'Ş' => s.push_str("sh"),
            'ž' | 'Ž' => s.push_str("sh"),
            'ğ' => s.push('g'),
            'ñ' => s.push('n'),
            c if c.is_alphanumeric() => s.extend(c.to_lowercase()),
            _ => s.push(' '),
        }
    }
    let words: Vec<String> = s
        .split_whitespace()
        .map(fold_word)
        .filter(|w| !w.is_empty())
        .collect();
    words.join("-")
}

fn fold_word(w: &str) -> String {
    let mut t = w.to_string();
    for (a, b) in [
        ("sch", "sh"),
        ("zh", "sh"),
        ("kh", "ch"),
        ("ph", "f"),
        ("ck", "k"),
        ("w", "v"),
        ("z", "s"),
        ("ks", "x"),
    ] {
        if t.contains(a) {
            t = t.replace(a, b);
        }
    }
    // `y` is `j` at the start of a word (Yakovenko ~ Jakowenko), `i` elsewhere (Kassym ~ Kasim).
    if let Some(rest) = t.strip_prefix('y') {
        t = format!("j{rest}");
    }
    let t = t.replace('y', "i");
    let chars: Vec<char> = t.chars().collect();
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u');
    let mut out = String::with_capacity(t.len());
    let mut last = '\0';
    for (i, &c) in chars.iter().enumerate() {
        // `aje` → `ae` (Tokajew ~ Tokaev), doubled letters collapse (Kassym ~ Kasym).
        if (c == 'j' || c == 'i')
            && i > 0
            && vowel(chars[i - 1])
            && chars[i - 1] != 'i'
            && chars.get(i + 1) == Some(&'e')
        {
            continue;
        }
        if c == last {
            continue;
        }
        out.push(c);
        last = c;
    }
    // `-ij`/`-yj` endings (Selenskyj ~ Selenski).
    match out.strip_suffix("ij") {
        Some(stem) if stem.len() > 2 => format!("{stem}i"),
        _ => out,
    }
}

/// Kind from an id's prefix (`person:`, `org:`, `location:`, `misc:`).
pub fn kind_of_id(id: &str) -> EntityKind {
    match id.split(':').next() {
        Some("person") => EntityKind::Person,
        Some("org") => EntityKind::Organisation,
        Some("location") => EntityKind::Location,
        _ => EntityKind::Misc,
    }
}

/// Id prefix for a kind.
pub fn prefix(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "person",
        EntityKind::Organisation => "org",
        EntityKind::Location => "location",
        EntityKind::Misc => "misc",
    }
}

/// A language's tables for canonicalisation.
pub struct Knowledge {
    /// How the language inflects and writes names.
    pub morphology: &'static NameMorphology,
    /// fold(name) → id
    pub aliases: HashMap<String, String>,
    /// id → display name (the first name listed)
    pub display: HashMap<String, String>,
    /// Multi-word alias names by the fold of their first word: (folded words, id).
    pub multi: HashMap<String, Vec<(Vec<String>, String)>>,
    /// adjective stem (lower case) → place id
    pub demonyms: HashMap<String, String>,
    /// (lower-case name prefix, place id) for regular demonyms (`kasach` → Kasachstan)
    pub places: Vec<(String, String)>,
    /// title words (as written)
    pub titles: HashSet<String>,
    /// office noun (as written) → office key
    pub offices: HashMap<String, String>,
    /// compound word (lower case) → (office key, place id)
    pub compounds: HashMap<String, (String, String)>,
    /// `office@place` → person id
    pub holders: HashMap<String, String>,
    /// lower-case words never an entity alone
    pub stopwords: HashSet<String>,
    /// Prepositions after which a one-word name is a place (`in Sarybel`): lower case.
    pub locatives: HashSet<String>,
}

impl Default for Knowledge {
    fn default() -> Self {
        Knowledge {
            morphology: &NameMorphology::NONE,
            aliases: HashMap::new(),
            display: HashMap::new(),
            multi: HashMap::new(),
            demonyms: HashMap::new(),
            places: Vec::new(),
            titles: HashSet::new(),
            offices: HashMap::new(),
            compounds: HashMap::new(),
            holders: HashMap::new(),
            stopwords: HashSet::new(),
            locatives: HashSet::new(),
        }
    }
}

impl Knowledge {
    /// Parse alias files (`id TAB name|name…`; later files override earlier ones),
    /// demonyms (`stem TAB id`), roles (`title`/`office`/`compound`/`holder` lines), stopwords,
    /// for a language with the given name morphology.
    pub fn parse(
        morphology: &'static NameMorphology,
        alias_files: &[&str],
        demonyms: &str,
        roles: &str,
        stopwords: &str,
    ) -> Knowledge {
        let mut k = Knowledge {
            morphology,
            ..Knowledge::default()
        };
        for file in alias_files {
            for line in file
                .lines()
                .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            {
                let Some((id, names)) = line.split_once('\t') else {
                    continue;
                };
                let id = id.trim().to_string();
                let mut first = true;
                for name in names.split('|').map(str::trim).filter(|n| !n.is_empty()) {
                    if first {
                        k.display.insert(id.clone(), name.to_string());
                        first = false;
                    }
                    let key = k.key(name);
                    if key.is_empty() {
                        continue;
                    }
                    k.aliases.insert(key.clone(), id.clone());
                    let parts: Vec<String> = key.split('-').map(str::to_string).collect();
                    if name.split_whitespace().count() > 1 && parts.len() > 1 {
                        let e = k.multi.entry(parts[0].clone()).or_default();
                        e.retain(|(p, _)| p != &parts);
                        e.push((parts, id.clone()));
                    }
                }
                if id.starts_with("location:") {
                    if let Some(d) = k.display.get(&id) {
                        let place = (k.morphology.transliterate)(d).to_lowercase();
                        k.places.push((place, id.clone()));
                    }
                }
            }
        }
        k.places.sort();
        k.places.dedup();
        for line in demonyms.lines().filter(|l| !l.starts_with('#')) {
            if let Some((stem, id)) = line.split_once('\t') {
                k.demonyms
                    .insert(stem.trim().to_lowercase(), id.trim().to_string());
            }
        }
        for line in roles.lines().filter(|l| !l.starts_with('#')) {
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            match cols.as_slice() {
                ["title", w] => {
                    k.titles.insert((*w).to_string());
                }
                ["office", w, key] => {
                    k.offices.insert((*w).to_string(), (*key).to_string());
                }
                ["compound", w, key, place] => {
                    k.compounds
                        .insert(w.to_lowercase(), ((*key).to_string(), (*place).to_string()));
                }
                ["holder", role, person] => {
                    k.holders.insert((*role).to_string(), (*person).to_string());
                }
                ["locative", w] => {
                    k.locatives.insert(w.to_lowercase());
                }
                _ => {}
            }
        }
        for line in stopwords.lines().filter(|l| !l.starts_with('#')) {
            let w = line.trim();
            if !w.is_empty() {
                k.stopwords.insert(w.to_lowercase());
            }
        }
        k
    }

    /// The variant key of a name: written in Latin letters by the language, then folded.
    pub fn key(&self, name: &str) -> String {
        fold(&(self.morphology.transliterate)(name))
    }

    /// The place an adjective derives from (`russischen` → `location:russland`).
    pub fn demonym(&self, word: &str) -> Option<String> {
        let m = self.morphology;
        let lower = word.to_lowercase();
        let lower = lower.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
        let mut stem = lower;
        for end in m.adjective_endings {
            if let Some(s) = lower.strip_suffix(end) {
                if m.adjective_stem_ends.iter().any(|e| s.ends_with(e)) {
                    stem = s;
                    break;
                }
            }
        }
        if let Some(id) = self.demonyms.get(stem) {
            return Some(id.clone());
        }
        // Regular: `kasachisch` → a place whose name starts with `kasach`.
        let base = stem.strip_suffix(m.demonym_suffix?)?;
        if base.chars().count() < 4 {
            return None;
        }
        let start = self.places.partition_point(|(n, _)| n.as_str() < base);
        self.places[start..]
            .iter()
            .take_while(|(n, _)| n.starts_with(base))
            .min_by_key(|(n, _)| n.len())
            .map(|(_, id)| id.clone())
    }

    pub fn alias(&self, name: &str) -> Option<&String> {
        self.aliases.get(&self.key(name))
    }
}

/// The consonant skeleton of a name in Latin letters (an entity id's name part, already
/// folded and transliterated): what stays of a name across the spellings of languages and
/// transliteration systems (`vereshin`, `verechine` → `vrsn`; `kandarien`, `kandaria`,
/// `kandariya` → `kndrn`, `kndr`). Spellings are unified (`sch`, `sh`, `ch` → `s`; `w` → `v`;
/// `j`, `y` → `i`), then vowels after the first letter and doubled letters dropped.
pub fn name_skeleton(name: &str) -> String {
    let name = name.rsplit(':').next().unwrap_or(name).to_lowercase();
    let mut spelled = String::with_capacity(name.len());
    let chars: Vec<char> = name.chars().filter(|c| c.is_alphanumeric()).collect();
    let mut i = 0;
    while i < chars.len() {
        let next = chars.get(i + 1).copied();
        let (unified, used) = match (chars[i], next, chars.get(i + 2).copied()) {
            ('s', Some('c'), Some('h')) => ('s', 3),
            ('s' | 'c' | 'z', Some('h'), _) => ('s', 2),
            ('k', Some('h'), _) => ('h', 2),
            ('t', Some('s' | 'z'), _) => ('s', 2),
            ('c', Some('k'), _) => ('k', 2),
            ('p', Some('h'), _) => ('f', 2),
            ('t', Some('h'), _) => ('t', 2),
            ('c' | 'q', _, _) => ('k', 1),
            ('w', _, _) => ('v', 1),
            ('z', _, _) => ('s', 1),
            ('j' | 'y', _, _) => ('i', 1),
            (c, _, _) => (c, 1),
        };
        spelled.push(unified);
        i += used;
    }
    let mut out = String::with_capacity(spelled.len());
    for (n, c) in spelled.chars().enumerate() {
        if n > 0 && matches!(c, 'a' | 'e' | 'i' | 'o' | 'u') {
            continue;
        }
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// Whether two entity ids may name the same entity in different spellings: their skeletons
/// are equal (at least three letters, else the names must be), or one extends the other by
/// one letter (`kndr`, `kndrn`: an ending such as German `-ien`) when the shorter has four.
pub fn same_name(a: &str, b: &str) -> bool {
    let name = |id: &str| id.rsplit(':').next().unwrap_or(id).to_string();
    if name(a) == name(b) {
        return true;
    }
    let (x, y) = (name_skeleton(a), name_skeleton(b));
    let (short, long) = if x.len() <= y.len() {
        (&x, &y)
    } else {
        (&y, &x)
    };
    if short.chars().count() < 3 {
        return false;
    }
    short == long
        || (short.chars().count() >= 4
            && long.len() == short.len() + 1
            && long.starts_with(short.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_joins_transliterations() {
        assert_eq!(fold("Tokajew"), fold("Tokayev"));
        assert_eq!(fold("Tokajew"), fold("Tokaev"));
        assert_eq!(fold("Kassym-Schomart"), fold("Kasim-Schomart"));
        assert_eq!(fold("Medwedew"), fold("Medvedev"));
        assert_eq!(fold("Schoigu"), fold("Shoigu"));
        assert_eq!(fold("Chodorkowski"), fold("Khodorkovsky"));
        assert_eq!(fold("Nasarbajew"), fold("Nazarbayev"));
        assert_eq!(fold("Putin"), "putin");
        assert_ne!(fold("Putin"), fold("Tokajew"));
        assert_eq!(
            fold("Organisation des Vertrags"),
            "organisation-des-vertrags"
        );
        assert_eq!(fold("👍"), "");
    }

    /// German-like adjectives, for the tests of the shared logic.
    static ADJECTIVES: NameMorphology = NameMorphology {
        adjective_endings: &["en", "em", "er", "es", "e"],
        adjective_stem_ends: &["isch", "sch", "er", "ch"],
        demonym_suffix: Some("isch"),
        ..NameMorphology::NONE
    };

    #[test]
    fn demonyms_resolve() {
        let k = Knowledge::parse(
            &ADJECTIVES,
            &["location:kasachstan\tKasachstan\nlocation:usbekistan\tUsbekistan\n"],
            "russisch\tlocation:russland\n",
            "",
            "",
        );
        assert_eq!(
            k.demonym("russischen").as_deref(),
            Some("location:russland")
        );
        assert_eq!(k.demonym("russische").as_deref(), Some("location:russland"));
        assert_eq!(
            k.demonym("kasachischen").as_deref(),
            Some("location:kasachstan")
        );
        assert_eq!(
            k.demonym("Usbekische").as_deref(),
            Some("location:usbekistan")
        );
        assert_eq!(k.demonym("schöne"), None);
    }
}
