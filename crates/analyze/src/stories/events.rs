//! Events inside a story, by the dates its articles report.
//!
//! Each article gets an *anchor*: the date of what it reports — the day in its lead (title
//! and first paragraph) nearest its publication date, else its publication date, else the
//! latest complete date in its text. Anchored articles whose dates lie within a few days of
//! each other form one event; a date without a year (`am 8. November`, no publication date
//! to resolve it) is compared by day of the year, and when it fits no dated event it takes
//! the one year whose dates elsewhere in the story contain that day (`im November 2023`).
//! Articles with no date at all join the one dated event whose days include every weekday
//! they name (`am Mittwoch … am Donnerstag`), else the event whose articles they share the
//! most event-specific words with (words the story's other events do not use), or stay an
//! undated event of their own.

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
    // The lead's day nearest publication: an older day there is usually background
    // (`der den Klub am 24. Mai zum Pokalsieg geführt hatte`).
    let distance = |d: &DatePoint| match (f.published, Span::of(d)) {
        (Some(p), Some(s)) if s.year_known => (p - s.end).max(s.start - p).max(0),
        _ => 0,
    };
    if let Some(d) = lead
        .iter()
        .filter(|d| d.day.is_some())
        .min_by_key(|d| (distance(d), d.pos))
    {
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
    let mentions = calendar_mentions(members);
    let mut events: Vec<Building> = Vec::new();
    for (i, s) in anchored {
        let mut best = closest_event(s, &events);
        let mut s = s;
        // A day without a year that fits none of the story's dated events: the year the
        // story's own dates give that day (`am 8. November` beside `im November 2023`).
        if best.is_none() && !s.year_known {
            if let Some(resolved) = year_from_mentions(s, &mentions) {
                s = resolved;
                best = closest_event(s, &events);
            }
        }
        match best {
            Some(e) => {
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
    let calendar: Vec<Option<(i32, i32)>> = events.iter().map(calendar_span).collect();
    for i in undated {
        let v = &local[i];
        // Weekdays it names (`am Mittwoch … am Donnerstag`) that only one dated event's days
        // match place it there, whatever the words say.
        if let Some(e) = weekday_match(&members[i].features.weekdays, &calendar) {
            events[e].members.push(i);
            for &(k, w) in &v.0 {
                *centroids[e].entry(k).or_default() += w;
            }
            continue;
        }
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
            let when = if n < dated_events { when_of(&b) } else { None };
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
fn when_of(b: &Building) -> Option<String> {
    if b.known.is_some() {
        let (s, e) = calendar_span(b)?;
        return Some(span_iso(s, e));
    }
    let any = b.any;
    let fmt = |x: i32| {
        let (m, d) = month_day(x);
        format!("XXXX-{m:02}-{d:02}")
    };
    Some(if any.start == any.end {
        fmt(any.start)
    } else {
        format!("{}/{}", fmt(any.start), fmt(any.end))
    })
}

/// Month and day of a day of the 372-day year.
fn month_day(x: i32) -> (u8, u8) {
    (((x - 1) / 31).clamp(1, 12) as u8, ((x - 1) % 31 + 1) as u8)
}

/// The event's days on the calendar (day numbers): its dated anchors, stretched over the
/// anchors without a year that joined it.
fn calendar_span(b: &Building) -> Option<(i32, i32)> {
    let k = b.known?;
    let (any, kd) = (b.any, k.as_doy());
    if any.start >= kd.start && any.end <= kd.end {
        return Some((k.start, k.end));
    }
    let y = dates::from_day_number(k.start).map(|d| {
        use chrono::Datelike;
        d.year()
    })?;
    let to_day = |x: i32| {
        let (m, d) = month_day(x);
        dates::day_number(y, m, d)
    };
    let s = to_day(any.start).unwrap_or(k.start).min(k.start);
    let e = to_day(any.end).unwrap_or(k.end).max(k.end);
    Some((s, e))
}

/// The event a span fits, nearest first; None when no event is within the gap.
fn closest_event(s: Span, events: &[Building]) -> Option<usize> {
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
    best.map(|b| b.0)
}

/// Every dated mention in the story precise to the month or day, and every publication day:
/// the calendar the story itself gives for days named without a year.
fn calendar_mentions(members: &[EventMember<'_>]) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    for m in members {
        out.extend(
            m.features
                .dates
                .iter()
                .filter_map(Span::of)
                .filter(|s| s.year_known),
        );
        if let Some(p) = m.features.published {
            out.push(Span {
                year_known: true,
                start: p,
                end: p,
            });
        }
    }
    out
}

/// The span of a day without a year in the one year whose mentions contain that day.
fn year_from_mentions(s: Span, mentions: &[Span]) -> Option<Span> {
    let ((m0, d0), (m1, d1)) = (month_day(s.start), month_day(s.end));
    let year_of = |n: i32| {
        dates::from_day_number(n).map(|d| {
            use chrono::Datelike;
            d.year()
        })
    };
    let mut years: Vec<i32> = Vec::new();
    for m in mentions {
        let (Some(first), Some(last)) = (year_of(m.start), year_of(m.end)) else {
            continue;
        };
        for y in first..=last.min(first + 1) {
            if let Some(day) = dates::day_number(y, m0, d0) {
                if m.start <= day && day <= m.end && !years.contains(&y) {
                    years.push(y);
                }
            }
        }
    }
    let [y] = years[..] else { return None };
    let start = dates::day_number(y, m0, d0)?;
    let end = dates::day_number(y, m1, d1).unwrap_or(start).max(start);
    Some(Span {
        year_known: true,
        start,
        end,
    })
}

/// ISO weekday (1 = Monday) of a day number (1970-01-01 was a Thursday).
fn weekday(n: i32) -> u8 {
    ((n + 3).rem_euclid(7) + 1) as u8
}

/// The one dated event whose days include every weekday an article names; None when there
/// are none, several, or the article names no weekday. Events of a week or longer contain
/// every weekday and so tell nothing.
fn weekday_match(weekdays: &[u8], calendar: &[Option<(i32, i32)>]) -> Option<usize> {
    if weekdays.is_empty() {
        return None;
    }
    let mut found = None;
    for (e, span) in calendar.iter().enumerate() {
        let Some((s, end)) = *span else { continue };
        if end - s >= 6 {
            continue;
        }
        let days: Vec<u8> = (s..=end).map(weekday).collect();
        if weekdays.iter().all(|w| days.contains(w)) {
            if found.is_some() {
                return None;
            }
            found = Some(e);
        }
    }
    found
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
