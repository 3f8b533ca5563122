//! `parallax eval numbers-dates DIR`: the German specs of Microsoft Recognizers-Text
//! (`Specs/**/German/*.json`), read from `../shared/bench/numbers-dates/recognizers-text-de`.
//!
//! Cases marked `NotSupported`/`NotSupportedByDesign` for `dotnet` (the reference
//! implementation) are skipped; cases not supported by other ports are kept. A case passes
//! when our results for the model's type equal the expected ones: same spans (character
//! offsets, `End` inclusive / `Start`+`Length`) and the same resolved value. The mapping from
//! our output to their resolution format lives here only (unit names → codes, `%`, timex).
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::EvalError;
use parallax_nlp::lang::{self, Language};
use parallax_nlp::quantity::{self, lexer};
use parallax_nlp::time;

/// What a spec file measures, and how we answer it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Model {
    Number,
    Ordinal,
    Percent,
    Currency,
    Dimension,
    /// Dates and times with resolution (`DateTimeModel*.json`).
    DateTime,
    /// Span-only date/time extractors (`*Extractor.json`).
    Extractor,
}

fn model_of(file: &str) -> Option<Model> {
    Some(match file {
        "NumberModel.json" => Model::Number,
        f if f.starts_with("OrdinalModel") => Model::Ordinal,
        "PercentModel.json" => Model::Percent,
        "CurrencyModel.json" => Model::Currency,
        "DimensionModel.json" => Model::Dimension,
        f if f.starts_with("DateTimeModel") => Model::DateTime,
        f if f.ends_with("Extractor.json") || f.starts_with("MergedExtractor") => Model::Extractor,
        _ => return None,
    })
}

/// One result, normalised: char span (half-open) and a comparable value.
#[derive(Debug, Clone, PartialEq)]
struct Item {
    start: usize,
    end: usize,
    /// Alternative accepted spans (e.g. without a leading preposition).
    alt_start: Vec<usize>,
    values: Vec<String>,
}

fn char_offset(text: &str, byte: usize) -> usize {
    text.get(..byte).map(|s| s.chars().count()).unwrap_or(0)
}

fn num_str(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e17 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Their value (`2,5`, `0,666666666666667`, `2000,352`) as our comparable string.
fn their_num(s: &str) -> Option<String> {
    let v: f64 = s.replace(',', ".").parse().ok()?;
    Some(num_str(v))
}

fn unit_code(name: &str, model: Model) -> &str {
    match name {
        "Pound" if model == Model::Dimension => "lb",
        "Dollar" | "United States dollar" => "USD",
        "Euro" => "EUR",
        "Pound" | "British pound" => "GBP",
        "Canadian dollar" => "CAD",
        "Australian dollar" => "AUD",
        "New Zealand dollar" => "NZD",
        "Mexican peso" => "MXN",
        "Cambodian riel" => "KHR",
        "Finnish markka" => "FIM",
        "Indian rupee" | "Rupee" => "INR",
        "Milliliter" => "ml",
        "Liter" => "l",
        "Inch" => "in",
        "Teaspoon" => "tsp",
        "Square meter" => "m2",
        "Kilometer per hour" => "km/h",
        "Meter per second" => "m/s",
        "Cubic meter" => "m3",
        "Gigabyte" => "GB",
        "Mile" => "mi",
        "Micrometer" => "µm",
        "Nanometer" => "nm",
        "Kilometer" => "km",
        "Meter" => "m",
        "Degree" => "deg",
        "Radian" => "rad",
        "Turn" => "turn",
        other => other,
    }
}

fn dimension_kind(kind: &str) -> bool {
    matches!(
        kind,
        "length" | "area" | "volume" | "weight" | "energy" | "power" | "speed" | "data" | "angle"
    )
}

fn ours(model: Model, language: &Language, input: &str, reference: Option<&str>) -> Vec<Item> {
    let sentences = parallax_nlp::segment::sentences(language, input);
    let tokens = parallax_nlp::token::tokenize(language, input, &sentences);
    let span = |s: usize, e: usize| (char_offset(input, s), char_offset(input, e));
    match model {
        Model::Number | Model::Ordinal => {
            let pieces = lexer::from_tokens(input, &tokens);
            quantity::numbers(language, input, &pieces)
                .into_iter()
                .filter(|m| {
                    m.ordinal == (model == Model::Ordinal) || (model == Model::Ordinal && m.dotted)
                })
                .filter(|m| model == Model::Ordinal || !m.dotted)
                .filter(|m| !m.vague)
                .map(|m| {
                    let end = if model == Model::Ordinal && m.dotted {
                        m.end + 1
                    } else {
                        m.end
                    };
                    let (s, e) = span(m.start, end);
                    Item {
                        start: s,
                        end: e,
                        alt_start: Vec::new(),
                        values: vec![num_str(m.value)],
                    }
                })
                .collect()
        }
        Model::Percent | Model::Currency | Model::Dimension => {
            quantity::extract(language, input, &sentences, &tokens)
                .into_iter()
                .filter(|q| match model {
                    Model::Percent => q.unit == "%" || q.unit == "pp",
                    Model::Currency => language
                        .quantities
                        .lexicon()
                        .units
                        .values()
                        .any(|u| u.kind == "currency" && u.code == q.unit),
                    _ => language
                        .quantities
                        .lexicon()
                        .units
                        .values()
                        .any(|u| u.code == q.unit && dimension_kind(&u.kind)),
                })
                .map(|q| {
                    // their spans hold no qualifier: map ours to the number+unit part
                    let text = q.text.as_str();
                    let mut start = q.span.start;
                    if let Some((qual, len)) = {
                        let words: Vec<String> =
                            parallax_nlp::quantity::lexicon::surface_pieces(text);
                        (1..=3).rev().find_map(|k| {
                            language
                                .quantities
                                .lexicon()
                                .qualifiers
                                .iter()
                                .find(|(p, _)| {
                                    p.len() == k && words.len() > k && words[..k] == p[..]
                                })
                                .map(|(_, q)| (*q, k))
                        })
                    } {
                        let _ = qual;
                        let pieces = lexer::scan(text);
                        if let Some(p) = pieces.get(len) {
                            start = q.span.start + p.start;
                        }
                    }
                    let (s, e) = span(start, q.span.end);
                    let v = num_str(q.value);
                    let values = match model {
                        Model::Percent => vec![format!("{v}%")],
                        _ => vec![format!("{v} {}", q.unit)],
                    };
                    Item {
                        start: s,
                        end: e,
                        alt_start: Vec::new(),
                        values,
                    }
                })
                .collect()
        }
        Model::DateTime | Model::Extractor => {
            let qualifiers = &language.quantities.lexicon().qualifiers;
            time::extract(language, input, &sentences, reference)
                .into_iter()
                .map(|t| {
                    // their spans keep the preposition (`vom 12. Januar bis …`, `in 5 minuten`):
                    // ours leaves it out (TimeML) and keeps it apart as the signal
                    let start = t.signal.map_or(t.span.start, |g| g.start.min(t.span.start));
                    let (s, e) = span(start, t.span.end);
                    // … and their spans leave out `am`/`im`/`in`/`um` (and articles) before a date
                    // and every word start up to ours without it (`für den 28.10.` → `den 28.10.`)
                    let mut alt = Vec::new();
                    let mut off = s;
                    for w in input[start..t.span.end].split(' ') {
                        let at = off;
                        off += w.chars().count() + 1;
                        let lw = w.to_lowercase();
                        // (and a qualifier: ours keeps `etwa ein Jahr` whole, as TimeML does)
                        let qualifier = qualifiers.iter().any(|(q, _)| q.len() == 1 && q[0] == lw);
                        if at >= char_offset(input, t.span.start)
                            && !qualifier
                            && !matches!(
                                lw.as_str(),
                                "am" | "im"
                                    | "an"
                                    | "in"
                                    | "um"
                                    | "den"
                                    | "dem"
                                    | "der"
                                    | "die"
                                    | "das"
                            )
                        {
                            alt.push(at);
                            break;
                        }
                        alt.push(off);
                    }
                    // what the phrase with its preposition points to (`in 5 minuten` → a time),
                    // or the expression's own value (`seit dem Jahr 2001` → 2001)
                    let mut values: Vec<String> = Vec::new();
                    for v in t.phrase_value.iter().chain(t.value.iter()) {
                        values.extend(their_forms(&v.to_string()));
                    }
                    Item {
                        start: s,
                        end: e,
                        alt_start: alt,
                        values,
                    }
                })
                .collect()
        }
    }
}

/// Our TIMEX3-style value plus the forms their resolution writes for clock times:
/// `2016-11-01T11` is their `2016-11-01 11:00:00` and `T11:00`-style timex.
fn their_forms(v: &str) -> Vec<String> {
    let mut out = vec![v.to_string()];
    if let Some((a, b)) = v.split_once('/') {
        // `2016-04-22T17:00/2016-04-22T18:00` is their `2016-04-22T17/2016-04-22T18` and
        // `2016-04-22 17:00:00/2016-04-22 18:00:00`: every pair of the ends' forms
        let (fa, fb) = (their_forms(a), their_forms(b));
        for x in &fa {
            for y in &fb {
                let f = format!("{x}/{y}");
                if !out.contains(&f) {
                    out.push(f);
                }
            }
        }
        return out;
    }
    if let Some((date, time)) = v
        .split_once('T')
        .filter(|_| !v.starts_with('P') && !v.ends_with("_REF"))
    {
        // a time of day placed on a day (ours: the day the text speaks of, else the reference
        // date) is their time of day without a date
        let dated = date.len() >= 4 && date[..4].bytes().all(|b| b.is_ascii_digit());
        if dated {
            out.extend(their_forms(&format!("T{time}")));
        }
        // parts of the day: their fixed hours (`TMO` → 08:00–12:00)
        let hours = match time {
            "MO" => Some(("08:00:00", "12:00:00")),
            "AF" => Some(("12:00:00", "16:00:00")),
            "EV" => Some(("16:00:00", "20:00:00")),
            "NI" => Some(("20:00:00", "23:59:59")),
            _ => None,
        };
        if let Some((a, b)) = hours {
            out.push(if date.is_empty() {
                format!("{a}/{b}")
            } else {
                format!("{date} {a}/{date} {b}")
            });
            return out;
        }
        let (h, m) = time.split_once(':').unwrap_or((time, "00"));
        let m = m.get(..2).unwrap_or(m);
        if h.len() == 2 && m.len() == 2 && h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            let clock = format!("{h}:{m}:00");
            out.push(format!("{date}T{h}:{m}"));
            // TIMEX3 writes a full hour `T08:00` or `T08`
            if m == "00" {
                out.push(format!("{date}T{h}"));
            }
            out.push(if date.is_empty() {
                clock
            } else {
                format!("{date} {clock}")
            });
        }
    }
    out
}

fn expected(model: Model, case: &Value) -> Vec<Item> {
    let mut out = Vec::new();
    for r in case["Results"].as_array().into_iter().flatten() {
        let start = r["Start"].as_u64().unwrap_or(0) as usize;
        let end = match (r["End"].as_u64(), r["Length"].as_u64()) {
            (Some(e), _) => e as usize + 1,
            (None, Some(l)) => start + l as usize,
            _ => start,
        };
        let res = &r["Resolution"];
        let values = match model {
            Model::Number | Model::Ordinal => res["value"]
                .as_str()
                .and_then(their_num)
                .into_iter()
                .collect(),
            Model::Percent => res["value"]
                .as_str()
                .and_then(|v| their_num(v.trim_end_matches('%')))
                .map(|v| vec![format!("{v}%")])
                .unwrap_or_default(),
            Model::Currency | Model::Dimension => match (
                res["value"].as_str().and_then(their_num),
                res["unit"].as_str(),
            ) {
                (Some(v), Some(u)) => vec![format!("{v} {}", unit_code(u, model))],
                _ => vec![],
            },
            Model::Extractor => vec![],
            Model::DateTime => {
                let mut vs = Vec::new();
                for v in res["values"].as_array().into_iter().flatten() {
                    for key in ["timex", "value"] {
                        if let Some(s) = v[key].as_str() {
                            vs.push(s.to_string());
                        }
                    }
                    if let (Some(s), Some(e)) = (v["start"].as_str(), v["end"].as_str()) {
                        vs.push(format!("{s}/{e}"));
                    }
                    if let Some(t) = v["timex"].as_str() {
                        // `(2016-12-04,2016-12-23,P19D)` → `2016-12-04/2016-12-23`
                        let inner = t.trim_start_matches('(').trim_end_matches(')');
                        let parts: Vec<&str> = inner.split(',').collect();
                        if parts.len() == 3 {
                            vs.push(format!("{}/{}", parts[0], parts[1]));
                        }
                    }
                }
                vs
            }
        };
        out.push(Item {
            start,
            end,
            alt_start: Vec::new(),
            values,
        });
    }
    out
}

fn item_matches(model: Model, ours: &Item, theirs: &Item) -> bool {
    let span_ok = ours.end == theirs.end
        && (ours.start == theirs.start || ours.alt_start.contains(&theirs.start));
    if !span_ok {
        return false;
    }
    match model {
        Model::Extractor => true,
        Model::DateTime => ours.values.iter().any(|v| {
            // an open range (`../2008-03`, `1989/..`) is their timex of the bound
            let bound = v.trim_start_matches("../").trim_end_matches("/..");
            // a range of years `2010/2018` is their `2010-01-01/2018-01-01`
            let years = match v.split_once('/') {
                Some((a, b)) if a.len() == 4 && b.len() == 4 => format!("{a}-01-01/{b}-01-01"),
                _ => String::new(),
            };
            theirs
                .values
                .iter()
                .any(|t| t == v || t == bound || *t == years || instance_of(t, v))
        }),
        _ => !theirs.values.is_empty() && ours.values.first() == theirs.values.first(),
    }
}

/// Our resolved value is an instance of their underspecified TIMEX3 value: `XXXX` stands for
/// any year (`XXXX-04-22T17/XXXX-04-22T18`), `XXXX-WXX-2` for any Tuesday (`XXXX-WXX-2TEV`),
/// on each end of a range alike.
fn instance_of(theirs: &str, ours: &str) -> bool {
    fn one(t: &str, o: &str) -> bool {
        if t == o {
            return true;
        }
        if let Some(rest) = t.strip_prefix("XXXX-WXX-") {
            let (Some(w), Some(tail)) = (rest.get(..1), rest.get(1..)) else {
                return false;
            };
            let Some(date) = o
                .get(..10)
                .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            else {
                return false;
            };
            use chrono::Datelike;
            return w == date.weekday().number_from_monday().to_string()
                && o.get(10..) == Some(tail);
        }
        if let Some(rest) = t.strip_prefix("XXXX-") {
            return o
                .get(..4)
                .is_some_and(|y| y.bytes().all(|b| b.is_ascii_digit()))
                && o.get(4..5) == Some("-")
                && o.get(5..) == Some(rest);
        }
        false
    }
    let ts: Vec<&str> = theirs.split('/').collect();
    let os: Vec<&str> = ours.split('/').collect();
    ts.len() == os.len() && ts.iter().zip(&os).all(|(t, o)| one(t, o))
}

fn skipped(case: &Value) -> bool {
    ["NotSupported", "NotSupportedByDesign"].iter().any(|k| {
        case[*k]
            .as_str()
            .is_some_and(|s| s.to_lowercase().contains("dotnet"))
    })
}

fn spec_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "json") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Per-file result: (file, model, passed, evaluated, skipped).
pub type FileScore = (String, String, usize, usize, usize);

/// Score every spec file under `path`.
pub fn score(path: &Path) -> Result<Vec<FileScore>, EvalError> {
    if !path.exists() {
        return Err(format!("{} not found (the benchmark data lives in ../shared/bench/numbers-dates/recognizers-text-de)", path.display()).into());
    }
    let language = lang::for_code(Some("de"));
    let mut out = Vec::new();
    for file in spec_files(path) {
        let name = file
            .file_name()
            .map(|f| f.to_string_lossy().to_string())
            .unwrap_or_default();
        let Some(model) = model_of(&name) else {
            continue;
        };
        let raw = std::fs::read_to_string(&file)?;
        let cases: Value = serde_json::from_str(raw.trim_start_matches('\u{feff}'))?;
        let (mut pass, mut total, mut skip) = (0, 0, 0);
        for case in cases.as_array().into_iter().flatten() {
            if skipped(case) {
                skip += 1;
                continue;
            }
            let input = case["Input"].as_str().unwrap_or("");
            let reference = case["Context"]["ReferenceDateTime"].as_str();
            let mine = ours(model, language, input, reference.or(Some("2016-11-07")));
            let theirs = expected(model, case);
            total += 1;
            let ok = mine.len() == theirs.len()
                && theirs
                    .iter()
                    .all(|t| mine.iter().any(|m| item_matches(model, m, t)));
            if ok {
                pass += 1;
            } else if std::env::var_os("PARALLAX_EVAL_VERBOSE").is_some() {
                eprintln!("FAIL {name}: {input:?}\n  ours   {mine:?}\n  theirs {theirs:?}");
            }
        }
        let rel = file
            .strip_prefix(path)
            .unwrap_or(&file)
            .display()
            .to_string();
        out.push((rel, format!("{model:?}"), pass, total, skip));
    }
    Ok(out)
}

pub fn run(path: &Path) -> Result<String, EvalError> {
    let scores = score(path)?;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Recognizers-Text German specs ({}); cases NotSupported by dotnet skipped",
        path.display()
    );
    let _ = writeln!(
        s,
        "{:<62} {:>10} {:>7} {:>7} {:>7}",
        "file", "model", "passed", "cases", "rate"
    );
    let (mut p_all, mut t_all) = (0, 0);
    for (file, model, pass, total, skip) in &scores {
        let rate = if *total > 0 {
            format!("{:.1}%", 100.0 * *pass as f64 / *total as f64)
        } else {
            "-".into()
        };
        let _ = writeln!(
            s,
            "{file:<62} {model:>10} {pass:>7} {total:>7} {rate:>7}   (skipped {skip})"
        );
        p_all += pass;
        t_all += total;
    }
    if t_all > 0 {
        let _ = writeln!(
            s,
            "{:<62} {:>10} {p_all:>7} {t_all:>7} {:>6.1}%",
            "all",
            "",
            100.0 * p_all as f64 / t_all as f64
        );
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_when_absent() {
        assert!(run(Path::new("/nonexistent/recognizers")).is_err());
    }

    #[test]
    fn scores_the_specs_when_present() {
        let dir = Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/bench/numbers-dates/recognizers-text-de"
        ));
        if !dir.exists() {
            eprintln!("skipped: {} not found", dir.display());
            return;
        }
        let report = run(dir).expect("eval runs");
        println!("{report}");
        assert!(report.contains("NumberModel.json"), "{report}");
    }
}
