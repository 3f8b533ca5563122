//! `parallax eval extraction DIR`: HTML main-text extraction scored like trafilatura's own
//! evaluation (`evaldata.json`: url → `{file, with, without}`; pages in `html/*.html.gz`).
//! After whitespace normalisation each `with` snippet found in the output is a true positive,
//! each missing one a false negative, each `without` snippet found a false positive.
//! Scores are pooled over all pages; speed is pages per second on one core (reading the
//! files is not timed).

use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

pub type EvalError = Box<dyn std::error::Error + Send + Sync>;

/// Pooled counts.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub tp: usize,
    pub fn_: usize,
    pub fp: usize,
    pub tn: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One evaluation page.
pub struct Page {
    pub file: String,
    pub url: String,
    pub html: Vec<u8>,
    pub with: Vec<String>,
    pub without: Vec<String>,
}

/// Load the pages of an evaluation folder.
pub fn load(dir: &Path) -> Result<Vec<Page>, EvalError> {
    let data = std::fs::read_to_string(dir.join("evaldata.json"))
        .map_err(|e| format!("{}: {e}", dir.join("evaldata.json").display()))?;
    let v: serde_json::Value = serde_json::from_str(&data)?;
    let obj = v.as_object().ok_or("evaldata.json is not an object")?;
    let mut pages = Vec::new();
    let strings = |x: Option<&serde_json::Value>| -> Vec<String> {
        x.and_then(|a| a.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    for (url, item) in obj {
        let Some(file) = item.get("file").and_then(|f| f.as_str()) else {
            continue;
        };
        let mut html = Vec::new();
        let gz = dir.join("html").join(format!("{file}.gz"));
        if gz.is_file() {
            flate2::read::MultiGzDecoder::new(std::fs::File::open(&gz)?).read_to_end(&mut html)?;
        } else {
            html = std::fs::read(dir.join("html").join(file))?;
        }
        pages.push(Page {
            file: file.to_string(),
            url: url.clone(),
            html,
            with: strings(item.get("with")),
            without: strings(item.get("without")),
        });
    }
    pages.sort_by(|a, b| a.file.cmp(&b.file));
    Ok(pages)
}

/// Score one output against a page.
pub fn score(output: &str, page: &Page, c: &mut Counts) {
    let out = normalize(output);
    for w in &page.with {
        if out.contains(&normalize(w)) {
            c.tp += 1;
        } else {
            c.fn_ += 1;
        }
    }
    for w in &page.without {
        if out.contains(&normalize(w)) {
            c.fp += 1;
        } else {
            c.tn += 1;
        }
    }
}

/// Run one extractor over the pages: counts and time spent extracting.
pub fn run_extractor(pages: &[Page], extract: &dyn Fn(&Page) -> String) -> (Counts, Duration) {
    let mut c = Counts::default();
    let mut spent = Duration::ZERO;
    for p in pages {
        let t = Instant::now();
        let out = extract(p);
        spent += t.elapsed();
        score(&out, p, &mut c);
    }
    (c, spent)
}

/// Parallax's extraction: the `trafilatura` crate plus our cleaning and page metadata.
/// The output is what an article holds: its title (from the page's metadata) and its text.
pub fn parallax_extract(page: &Page) -> String {
    match crate::readers::html::article_from_html(&page.html, &page.file, None, None) {
        Ok(a) => match a.title {
            Some(t) if !a.text.starts_with(t.as_str()) => format!("{t}\n\n{}", a.text),
            _ => a.text,
        },
        Err(_) => String::new(),
    }
}

/// The `trafilatura` crate alone (default options, comments excluded).
pub fn crate_extract(page: &Page) -> String {
    let (html, _) = crate::decode::decode(
        &page.html,
        crate::decode::html_declared_charset(&page.html).as_deref(),
    );
    let mut opts = trafilatura::Options::default();
    opts.exclude_comments = true;
    trafilatura::extract(&html, &opts)
        .map(|r| r.content_text)
        .unwrap_or_default()
}

/// One line of the report.
pub fn report_line(name: &str, c: &Counts, spent: Duration, n: usize) -> String {
    let pps = n as f64 / spent.as_secs_f64().max(1e-9);
    format!(
        "{name:<34} precision {:.3}  recall {:.3}  F1 {:.3}  ({} tp, {} fn, {} fp, {} tn)  {:.1} pages/s",
        c.precision(),
        c.recall(),
        c.f1(),
        c.tp,
        c.fn_,
        c.fp,
        c.tn,
        pps
    )
}

pub fn extraction(dir: &Path) -> Result<String, EvalError> {
    let pages = load(dir)?;
    if pages.is_empty() {
        return Err("no pages in evaldata.json".into());
    }
    let n = pages.len();
    let mut out = format!(
        "extraction on {} ({n} pages; pooled over all snippets; one core)\n",
        dir.display()
    );
    let (c, t) = run_extractor(&pages, &|p| crate_extract(p));
    out.push_str(&report_line("trafilatura crate 0.6 alone", &c, t, n));
    out.push('\n');
    let (c, t) = run_extractor(&pages, &|p| parallax_extract(p));
    out.push_str(&report_line("parallax (crate + cleaning)", &c, t, n));
    Ok(out)
}
