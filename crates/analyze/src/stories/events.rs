//! Events inside a story, by the dates its articles report.
//!
//! Each article gets an *anchor*: the date of what it reports — a date in its lead (title
//! and first paragraph) close to its publication date, else its publication date, else the
//! latest complete date in its text. Anchored articles whose dates lie within a few days of
//! each other form one event; a date without a year (`am 8. November`, no publication date
//! to resolve it) is compared by day of the year. Articles with no date at all join the event
//! whose articles they share the most event-specific words with (words the story's other
//! events do not use), or stay an undated event of their own.

use parallax_model::Event;
use rustc_hash::FxHashMap;

use super::dates::{self, DatePoint};
use super::features::{fnv1a, ArticleFeatures, SparseVec};

/// Only dates in the first bytes of the text count as the lead's.
const LEAD_BYTES: usize = 700;
/// Dates this many days apart still describe one event (a visit, a summit, its coverage).
const EVENT_GAP_DAYS: i32 = 7;
/// A lead date this many days before publication is still the reported event.
const MAX_REPORT_DELAY_DAYS: i32 = 60;
/// An undated article joins an event when its event-specific similarity reaches this.
const UNDATED_JOIN: f32 = 0.2;

/// One article of a story, as the event splitter sees it.
pub struct EventMember<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub features: &'a ArticleFeatures,
    pub vector: &'a SparseVec,
}

/// A date span: day numbers when the year is known, else days of a 372-day calendar year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    year_known: bool,
    start: i32,
    end: i32,
}

fn doy(month: u8, day: u8) -> i32 {
    month as i32 * 31 + day as i32
}

impl Span {
    fn of(p: &DatePoint) -> Option<Span> {
        let month = p.month?;
        match (p.year, p.day) {
            (Some(y), Some(d)) => {
                let s = dates::day_number(y, month, d)?;
                let e = p
                    .day_end
                    .and_then(|e| dates::day_number(y, month, e))
                    .unwrap_or(s);
                Some(Span {
                    year_known: true,
                    start: s,
                    end: e.max(s),
                })
            }
            (Some(y), None) => {
                let s = dates::day_number(y, month, 1)?;
                let e = (28..=31)
                    .rev()
                    .find_map(|d| dates::day_number(y, month, d))
                    .unwrap_or(s);
                Some(Span {
                    year_known: true,
                    start: s,
                    end: e,
                })
            }
            (None, Some(d)) => Some(Span {
                year_known: false,
                start: doy(month, d),
                end: doy(month, p.day_end.unwrap_or(d).max(d)),
            }),
            (None, None) => Some(Span {
                year_known: false,
                start: doy(month, 1),
                end: doy(month, 31),
            }),
        }
    }

    /// The same span as days of the year (for comparing with a date whose year is unknown).
    fn as_doy(self) -> Span {
        if !self.year_known {
            return self;
        }
        let f = |n: i32| {
            dates::from_day_number(n)
                .map(|d| {
                    use chrono::Datelike;
                    doy(d.month() as u8, d.day() as u8)
                })
                .unwrap_or(0)
        };
        let (s, e) = (f(self.start), f(self.end));
        Span {
            year_known: false,
            start: s,
            end: if e >= s { e } else { s },
        }
    }
}

/// The date an article reports.
fn anchor(f: &ArticleFeatures) -> Option<DatePoint> {
    let plausible = |d: &DatePoint| match (f.published, Span::of(d)) {
        (Some(p), Some(s)) if s.year_known => {
            s.end >= p - MAX_REPORT_DELAY_DAYS && s.start <= p + 3
        }
        _ => true,
    };
    let lead: Vec<&DatePoint> = f
        .dates
        .iter()
        .filter(|d| d.pos < LEAD_BYTES && d.month.is_some() && plausible(d))
        .collect();
    if let Some(d) = lead.iter().find(|d| d.day.is_some()) {
        return Some(**d);
    }
    if let Some(p) = f.published.and_then(dates::from_day_number) {
        use chrono::Datelike;
        return Some(DatePoint {
            year: Some(p.year()),
            month: Some(p.month() as u8),
            day: Some(p.day() as u8),
            day_end: None,
            pos: 0,
        });
    }
    // Without a publication date a month in the lead may be background (`seit Februar 2022`).
    f.dates
        .iter()
        .filter(|d| d.day.is_some() && d.year.is_some())
        .max_by_key(|d| (d.day_number(), std::cmp::Reverse(d.pos)))
        .copied()
}

fn compatible(a: Span, b: Span) -> bool {
    let (a, b) = if a.year_known && b.year_known {
        (a, b)
    } else {
        (a.as_doy(), b.as_doy())
    };
    a.start <= b.end + EVENT_GAP_DAYS && b.start <= a.end + EVENT_GAP_DAYS
}

struct Building {
    members: Vec<usize>,
    /// Span over members whose year is known, and over all members as days of the year.
    known: Option<Span>,
    any: Span,
}

fn union(a: Span, b: Span) -> Span {
    Span {
        year_known: a.year_known,
        start: a.start.min(b.start),
        end: a.end.max(b.end),
    }
}

/// Split one story's articles into events, ordered by date (undated last).
pub fn split(members: &[EventMember<'_>]) -> Vec<Event> {
    let local = local_vectors(members);
    let mut anchored: Vec<(usize, Span)> = Vec::new();
    let mut undated: Vec<usize> = Vec::new();
    for (i, m) in members.iter().enumerate() {
        match anchor(m.features).and_then(|a| Span::of(&a)) {
            Some(s) => anchored.push((i, s)),
            None => undated.push(i),
        }
    }
    // Complete dates first, in time order; then dates without a year: order-independent.
    anchored.sort_by(|a, b| {
        (!a.1.year_known, a.1.start, a.1.end, members[a.0].id).cmp(&(
            !b.1.year_known,
            b.1.start,
            b.1.end,
            members[b.0].id,
        ))
    });
    let mut events: Vec<Building> = Vec::new();
    for (i, s) in anchored {
        let mut best: Option<(usize, i32)> = None;
        for (e, ev) in events.iter().enumerate() {
            let target = match (s.year_known, ev.known) {
                (true, Some(k)) => k,
                _ => ev.any,
            };
            if compatible(s, target) {
                let (x, y) = if s.year_known && target.year_known {
                    (s, target)
                } else {
                    (s.as_doy(), target.as_doy())
                };
                let dist = (x.start - y.start).abs();
                if best.is_none_or(|(_, d)| dist < d) {
                    best = Some((e, dist));
                }
            }
        }
        match best {
            Some((e, _)) => {
                let ev = &mut events[e];
                ev.members.push(i);
                if s.year_known {
                    ev.known = Some(ev.known.map_or(s, |k| union(k, s)));
                }
                ev.any = union(ev.any.as_doy(), s.as_doy());
            }
            None => events.push(Building {
                members: vec![i],
                known: s.year_known.then_some(s),
                any: s.as_doy(),
            }),
        }
    }
    // Undated articles: the event they share most event-specific features with.
    undated.sort_by_key(|&i| members[i].id);
    let dated_events = events.len();
    let mut centroids: Vec<FxHashMap<u64, f32>> = events
        .iter()
        .map(|e| {
            let mut c = FxHashMap::default();
            for &m in &e.members {
                for &(k, w) in &local[m].0 {
                    *c.entry(k).or_default() += w;
                }
            }
            c
        })
        .collect();
    for i in undated {
        let v = &local[i];
        let mut best: Option<(usize, f32)> = None;
        for (e, c) in centroids.iter().enumerate() {
            let norm = c.values().map(|w| w * w).sum::<f32>().sqrt();
            if norm <= 0.0 {
                continue;
            }
            let dot: f32 =
                v.0.iter()
                    .map(|(k, w)| w * c.get(k).copied().unwrap_or(0.0))
                    .sum();
            let s = dot / norm;
            if best.is_none_or(|(_, b)| s > b) {
                best = Some((e, s));
            }
        }
        let e = match best {
            Some((e, s)) if s >= UNDATED_JOIN => e,
            _ => {
                events.push(Building {
                    members: Vec::new(),
                    known: None,
                    any: Span {
                        year_known: false,
                        start: i32::MAX,
                        end: i32::MAX,
                    },
                });
                centroids.push(FxHashMap::default());
                events.len() - 1
            }
        };
        events[e].members.push(i);
        for &(k, w) in &v.0 {
            *centroids[e].entry(k).or_default() += w;
        }
    }
    let mut out: Vec<(Option<i32>, Event)> = events
        .into_iter()
        .enumerate()
        .map(|(n, b)| {
            let mut ids: Vec<&str> = b.members.iter().map(|&m| members[m].id).collect();
            ids.sort_unstable();
            let when = if n < dated_events {
                when_of(&b, members)
            } else {
                None
            };
            let key = b.known.map(|k| k.start);
            let label =
                representative(&b.members, &local, members).map(|m| members[m].title.to_string());
            (
                key,
                Event {
                    id: format!("ev-{:016x}", fnv1a(b'v', &ids.join("\n"))),
                    when,
                    articles: ids.into_iter().map(str::to_string).collect(),
                    label,
                },
            )
        })
        .collect();
    out.sort_by(|a, b| {
        let ka = (
            a.1.when.is_none(),
            a.0.unwrap_or(i32::MAX),
            a.1.when.clone(),
            a.1.id.clone(),
        );
        let kb = (
            b.1.when.is_none(),
            b.0.unwrap_or(i32::MAX),
            b.1.when.clone(),
            b.1.id.clone(),
        );
        ka.cmp(&kb)
    });
    out.into_iter().map(|(_, e)| e).collect()
}

/// ISO 8601 of the event's dates: a day, a range, a month, or `XXXX-…` without a known year.
fn when_of(b: &Building, members: &[EventMember<'_>]) -> Option<String> {
    let _ = members;
    if let Some(k) = b.known {
        let a = dates::iso_day(k.start);
        let e = dates::iso_day(k.end);
        // Anchors without a year inside a known-year event: stretch the span to cover them.
        let any = b.any;
        let kd = k.as_doy();
        if any.start < kd.start || any.end > kd.end {
            let y = dates::from_day_number(k.start).map(|d| {
                use chrono::Datelike;
                d.year()
            })?;
            let to_day = |x: i32| {
                let (m, d) = (((x - 1) / 31).clamp(1, 12) as u8, ((x - 1) % 31 + 1) as u8);
                dates::day_number(y, m, d)
            };
            let s = to_day(any.start).unwrap_or(k.start).min(k.start);
            let e2 = to_day(any.end).unwrap_or(k.end).max(k.end);
            return Some(span_iso(s, e2));
        }
        return Some(if a == e { a } else { span_iso(k.start, k.end) });
    }
    let any = b.any;
    let fmt = |x: i32| {
        format!(
            "XXXX-{:02}-{:02}",
            ((x - 1) / 31).clamp(1, 12),
            (x - 1) % 31 + 1
        )
    };
    Some(if any.start == any.end {
        fmt(any.start)
    } else {
        format!("{}/{}", fmt(any.start), fmt(any.end))
    })
}

fn span_iso(s: i32, e: i32) -> String {
    let (a, b) = (dates::iso_day(s), dates::iso_day(e));
    // A whole month reads better as `2023-11`.
    if a.get(..7) == b.get(..7) && a.ends_with("-01") {
        if let Some(next) = dates::from_day_number(e + 1) {
            use chrono::Datelike;
            if next.day() == 1 {
                return a.get(..7).unwrap_or(&a).to_string();
            }
        }
    }
    if a == b {
        a
    } else {
        format!("{a}/{b}")
    }
}

/// Vectors reweighted inside the story: features every article shares say nothing about
/// which event an article reports, so each feature is weighted by its rarity in the story.
fn local_vectors(members: &[EventMember<'_>]) -> Vec<SparseVec> {
    let n = members.len() as f32;
    let mut df: FxHashMap<u64, f32> = FxHashMap::default();
    for m in members {
        for (k, _) in &m.vector.0 {
            *df.entry(*k).or_default() += 1.0;
        }
    }
    members
        .iter()
        .map(|m| {
            let mut v: Vec<(u64, f32)> = m
                .vector
                .0
                .iter()
                .map(|&(k, w)| {
                    (
                        k,
                        w * ((n + 1.0) / (df.get(&k).copied().unwrap_or(1.0) + 1.0)).ln(),
                    )
                })
                .filter(|t| t.1 > 0.0)
                .collect();
            let norm = v.iter().map(|t| t.1 * t.1).sum::<f32>().sqrt();
            if norm > 0.0 {
                v.iter_mut().for_each(|t| t.1 /= norm);
            }
            SparseVec(v)
        })
        .collect()
}

/// The member closest to the others (ties: smallest id).
fn representative(ms: &[usize], local: &[SparseVec], members: &[EventMember<'_>]) -> Option<usize> {
    let mut best: Option<(usize, f32)> = None;
    for &a in ms {
        let s: f32 = ms
            .iter()
            .filter(|&&b| b != a)
            .map(|&b| local[a].dot(&local[b]))
            .sum();
        let better = match best {
            None => true,
            Some((b, bs)) => {
                s > bs + 1e-6 || ((s - bs).abs() <= 1e-6 && members[a].id < members[b].id)
            }
        };
        if better {
            best = Some((a, s));
        }
    }
    best.map(|b| b.0)
}
