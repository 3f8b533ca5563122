//! A synthetic article stream for the scale benchmark: many templated events (an actor, a
//! place, a topic with a few words of the event's own, a date and its numbers), each reported
//! by several articles with varying wording and filler. Deterministic for a given seed.

use parallax_model::{AnnotatedArticle, Article, EntityKind, EntityMention, Span};

/// A small deterministic PRNG (SplitMix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }
}

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mir", "tan", "ve", "ros", "pa", "din", "su", "bel", "gor", "ni", "ta", "zem",
    "ul", "mar", "dov", "ki", "sen", "rav", "bo", "lin", "ast", "em", "ra", "nov", "ti", "sha",
    "gul", "ber",
];
const TOPICS: &[&[&str]] = &[
    &[
        "Handelsabkommen",
        "Zölle",
        "Exporte",
        "Handelsvolumen",
        "Wirtschaftsforum",
    ],
    &[
        "Gaspipeline",
        "Energieversorgung",
        "Flüssiggas",
        "Förderquote",
        "Kraftwerk",
    ],
    &[
        "Grenzstreit",
        "Truppen",
        "Waffenruhe",
        "Grenzposten",
        "Militärübung",
    ],
    &[
        "Wahl",
        "Stimmen",
        "Wahllokale",
        "Kandidaten",
        "Wahlbeteiligung",
    ],
    &[
        "Hochwasser",
        "Evakuierung",
        "Deiche",
        "Rettungskräfte",
        "Pegelstand",
    ],
    &[
        "Streik",
        "Gewerkschaft",
        "Löhne",
        "Tarifverhandlung",
        "Arbeitgeber",
    ],
    &[
        "Erdbeben",
        "Trümmer",
        "Notunterkünfte",
        "Nachbeben",
        "Hilfsgüter",
    ],
    &[
        "Gipfeltreffen",
        "Abschlusserklärung",
        "Delegationen",
        "Bündnis",
        "Sicherheitsrat",
    ],
    &[
        "Zinsentscheidung",
        "Notenbank",
        "Inflation",
        "Leitzins",
        "Anleihen",
    ],
    &[
        "Atomkraftwerk",
        "Uran",
        "Reaktor",
        "Brennstoff",
        "Atombehörde",
    ],
    &[
        "Eisenbahn",
        "Güterverkehr",
        "Korridor",
        "Containerzüge",
        "Logistikzentrum",
    ],
    &[
        "Waldbrand",
        "Löschflugzeuge",
        "Hitzewelle",
        "Feuerwehr",
        "Brandherde",
    ],
];
const FILLER: &[&str] = &[
    "Die Regierung kündigte weitere Schritte an.",
    "Beobachter sprachen von einem wichtigen Signal.",
    "Kritiker äußerten Zweifel an den Plänen.",
    "Die Opposition forderte mehr Transparenz.",
    "Am Rande des Treffens gab es Proteste.",
    "Die Börsen reagierten zunächst verhalten.",
    "Experten erwarten langfristige Folgen für die Region.",
    "Einzelheiten wurden zunächst nicht bekannt.",
    "Die Gespräche sollen im kommenden Monat fortgesetzt werden.",
    "Medien berichteten ausführlich über den Verlauf.",
];
const MONTHS: &[&str] = &[
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];

fn name(rng: &mut Rng, syllables: usize) -> String {
    let mut s = String::new();
    for _ in 0..syllables {
        s.push_str(SYLLABLES[rng.below(SYLLABLES.len())]);
    }
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => s,
    }
}

struct SynthEvent {
    actor: String,
    place: String,
    topic: usize,
    /// Words only this event's coverage uses (a project's name, a local place, …).
    specific: Vec<String>,
    year: i32,
    month: usize,
    day: u32,
    amount: u32,
    count: u32,
}

/// `n` articles drawn from `n / 20` templated events, with each article's event number.
pub fn generate(n: usize, seed: u64) -> Vec<(AnnotatedArticle, usize)> {
    let mut rng = Rng::new(seed);
    let n_events = (n / 20).max(1);
    let actors: Vec<String> = (0..(n_events / 3).max(8))
        .map(|_| name(&mut rng, 3))
        .collect();
    let places: Vec<String> = (0..(n_events / 4).max(8))
        .map(|_| name(&mut rng, 2) + "stan")
        .collect();
    let events: Vec<SynthEvent> = (0..n_events)
        .map(|_| SynthEvent {
            actor: actors[rng.below(actors.len())].clone(),
            place: places[rng.below(places.len())].clone(),
            topic: rng.below(TOPICS.len()),
            specific: (0..3).map(|_| name(&mut rng, 3)).collect(),
            year: 2018 + rng.below(7) as i32,
            month: rng.below(12),
            day: 1 + rng.below(28) as u32,
            amount: 10 + rng.below(990) as u32,
            count: 100 + rng.below(9000) as u32,
        })
        .collect();
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let e = rng.below(n_events);
        let ev = &events[e];
        out.push((article(&mut rng, ev, i), e));
    }
    out
}

fn article(rng: &mut Rng, ev: &SynthEvent, i: usize) -> AnnotatedArticle {
    let topic: Vec<&str> = TOPICS[ev.topic]
        .iter()
        .copied()
        .chain(ev.specific.iter().map(String::as_str))
        .collect();
    let t = |rng: &mut Rng| topic[rng.below(topic.len())];
    let mut text = String::new();
    let mut entities = Vec::new();
    let mut push_entity = |text: &mut String, s: &str, kind: EntityKind, id: String| {
        let start = text.len();
        text.push_str(s);
        entities.push(EntityMention {
            span: Span::new(start, text.len()),
            text: s.to_string(),
            kind,
            entity: id,
            derived: false,
        });
    };
    let actor_id = format!("person:{}", ev.actor.to_lowercase());
    let place_id = format!("location:{}", ev.place.to_lowercase());
    let title_topic = t(rng);
    let title = format!(
        "{} in {}: {} im Mittelpunkt",
        ev.actor, ev.place, title_topic
    );
    push_entity(&mut text, &ev.actor, EntityKind::Person, actor_id.clone());
    text.push_str(" reiste am ");
    text.push_str(&format!(
        "{}. {} {} nach ",
        ev.day, MONTHS[ev.month], ev.year
    ));
    push_entity(&mut text, &ev.place, EntityKind::Location, place_id.clone());
    text.push_str(&format!(
        ". Im Mittelpunkt standen {} und {}. ",
        t(rng),
        t(rng)
    ));
    let sentences = 3 + rng.below(5);
    for _ in 0..sentences {
        match rng.below(4) {
            0 => {
                text.push_str("Nach Angaben aus ");
                push_entity(&mut text, &ev.place, EntityKind::Location, place_id.clone());
                text.push_str(&format!(
                    " geht es um {} Millionen Euro für {}. ",
                    ev.amount,
                    t(rng)
                ));
            }
            1 => {
                push_entity(&mut text, &ev.actor, EntityKind::Person, actor_id.clone());
                text.push_str(&format!(
                    " sprach von {} Beteiligten und lobte {}. ",
                    ev.count,
                    t(rng)
                ));
            }
            2 => text.push_str(&format!("Thema waren auch {} und {}. ", t(rng), t(rng))),
            _ => {}
        }
        text.push_str(FILLER[rng.below(FILLER.len())]);
        text.push(' ');
    }
    let text = text.trim_end().to_string();
    let published = format!(
        "{}-{:02}-{:02}",
        ev.year,
        ev.month + 1,
        (ev.day + rng.below(3) as u32).min(28)
    );
    let article = Article {
        id: format!("syn{i:08}"),
        path: format!("synthetic/{i}.txt"),
        url: None,
        title: Some(title),
        published: Some(published),
        language: Some("de".into()),
        outlet: None,
        authors: Vec::new(),
        text,
        removed: Vec::new(),
        field_origins: Default::default(),
        credits: Vec::new(),
        raw: String::new(),
    };
    let mut a = AnnotatedArticle::bare(article);
    a.entities = entities;
    a
}
