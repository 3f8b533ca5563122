use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use parallax_analyze::compare::FactRowIndex;
use parallax_model::{Analysis, ClaimStatus, FactStatus};
use parallax_pipeline as pipeline;
use parallax_web::views::format_when;

#[derive(clap::Args)]
pub struct AnalyzeArgs {
    /// Files or folders (searched recursively); `-` reads stdin.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Write the whole result as one JSON document.
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
    /// Write one article object per line (JSON Lines).
    #[arg(long, value_name = "FILE")]
    jsonl: Option<PathBuf>,
    /// Write a self-contained HTML report.
    #[arg(long, value_name = "FILE")]
    html: Option<PathBuf>,
    /// Write the fact matrix and the articles table as CSV files into DIR.
    #[arg(long, value_name = "DIR")]
    csv: Option<PathBuf>,
    /// Print no summary.
    #[arg(long, short, conflicts_with = "verbose")]
    quiet: bool,
    /// Also list every story (not only the first 20) and every article.
    #[arg(long, short)]
    verbose: bool,
    /// Do not use the multilingual sentence encoder even when it is installed: stories and
    /// claims are aligned by words, entities, numbers and dates alone.
    #[arg(long)]
    no_encoder: bool,
    #[command(flatten)]
    limits: super::input_limits::InputLimits,
}

/// The installed sentence encoder, unless switched off; says on stderr when it is missing.
pub fn sentence_encoder(off: bool, quiet: bool) -> Option<Box<pipeline::encoder::E5>> {
    if off {
        return None;
    }
    match pipeline::encoder::load_installed() {
        pipeline::encoder::Found::Loaded(e5) => Some(e5),
        pipeline::encoder::Found::NotInstalled(path) => {
            if !quiet {
                let at = path
                    .map(|p| format!(" (looked at {})", p.display()))
                    .unwrap_or_default();
                eprintln!(
                    "parallax: no sentence encoder installed{at}; stories and claims across languages are matched by names, numbers and dates alone. `parallax model install` adds it."
                );
            }
            None
        }
        pipeline::encoder::Found::Unreadable(reason) => {
            eprintln!(
                "parallax: the sentence encoder could not be loaded, going on without it: {reason}"
            );
            None
        }
    }
}

pub fn run(args: AnalyzeArgs) -> anyhow::Result<ExitCode> {
    let read_options = args.limits.read_options()?;
    let progress = progress_bar();
    let count = AtomicUsize::new(0);
    let started = Instant::now();
    // Without a terminal (a log, a pipe), a plain line now and then says the run is alive.
    let last_line = std::sync::Mutex::new(Instant::now());
    let quiet = args.quiet;
    let on_article = || {
        let n = count.fetch_add(1, Ordering::Relaxed) + 1;
        match &progress {
            Some(bar) => bar.set_position(n as u64),
            None if !quiet => {
                let mut last = last_line.lock().unwrap_or_else(|p| p.into_inner());
                if last.elapsed() >= PLAIN_PROGRESS_EVERY {
                    *last = Instant::now();
                    let secs = started.elapsed().as_secs_f64().max(0.001);
                    eprintln!(
                        "parallax: {n} articles read ({:.0} per second)",
                        n as f64 / secs
                    );
                }
            }
            None => {}
        }
    };
    let encoder = sentence_encoder(args.no_encoder, args.quiet);
    // JSON Lines leave as inputs are read: a run stopped half-way keeps what it had done.
    let jsonl = args.jsonl.as_deref().map(JsonLines::new);
    let each_input = |articles: &[parallax_model::AnnotatedArticle]| {
        if let Some(out) = &jsonl {
            out.write(articles);
        }
    };
    let options = pipeline::RunOptions {
        read: read_options,
        encoder: encoder
            .as_ref()
            .map(|e| &**e as &dyn parallax_nlp::embed::SentenceEncoder),
        reporter: Some(read_reporter(progress.clone())),
        each_input: Some(&each_input),
    };
    let outcome = pipeline::run_with(&args.paths, &options, &on_article);
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    let elapsed = started.elapsed();
    if let Some(out) = jsonl {
        out.finish()?;
    }
    let analysis = &outcome.analysis;
    if let Some(path) = &args.json {
        write_file(path, |w| {
            Ok(serde_json::to_writer_pretty(&mut *w, analysis)?)
        })?;
    }
    if let Some(path) = &args.html {
        let page = parallax_web::report::html(analysis);
        write_file(path, |w| Ok(w.write_all(page.as_bytes())?))?;
    }
    if let Some(dir) = &args.csv {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        parallax_web::csv_export::write(analysis, dir)
            .with_context(|| format!("writing CSV into {}", dir.display()))?;
    }
    if !args.quiet {
        print_summary(
            analysis,
            outcome.errors.len(),
            outcome.exact_repeats,
            elapsed,
            args.verbose,
        );
    }
    if analysis.articles.is_empty() {
        anyhow::bail!(
            "no articles found in {}{}",
            super::paths_list(&args.paths),
            failed_note(outcome.errors.len())
        );
    }
    Ok(if outcome.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(super::EXIT_SOME_INPUTS_FAILED)
    })
}

/// ` (3 inputs failed)`, or nothing.
pub fn failed_note(failed: usize) -> String {
    match failed {
        0 => String::new(),
        1 => " (1 input failed)".into(),
        n => format!(" ({n} inputs failed)"),
    }
}

/// Prints each bad or repaired input on stderr as soon as it is read (above the progress bar
/// when there is one), so a long run says what went wrong while it goes on; the bar names the
/// input last started (the one a stalled run is stuck on).
pub fn read_reporter(bar: Option<ProgressBar>) -> pipeline::ReadReporter {
    pipeline::ReadReporter(std::sync::Arc::new(move |event| {
        let line = match event {
            pipeline::ReadEvent::Failed(error) => format!("parallax: skipped {error}"),
            pipeline::ReadEvent::Repaired(warning) => format!("parallax: warning: {warning}"),
            pipeline::ReadEvent::Started(input) => {
                if let Some(bar) = &bar {
                    bar.set_message(format!("reading {input}"));
                }
                return;
            }
        };
        match &bar {
            Some(bar) => bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }))
}

/// A progress bar on a terminal only: nothing extra when stderr is piped.
fn progress_bar() -> Option<ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::no_length();
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {pos} articles read, {per_sec} [{elapsed_precise}] {wide_msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    Some(bar)
}

/// The `--jsonl` file, written an input at a time (each article once: an exact repeat of an
/// earlier input's text is not written again), flushed after each input. It is created at the
/// first write, after the inputs were listed, so a file inside an input folder is not read.
struct JsonLines {
    path: PathBuf,
    state: std::sync::Mutex<JsonLinesState>,
}

#[derive(Default)]
struct JsonLinesState {
    writer: Option<BufWriter<File>>,
    written: std::collections::HashSet<String>,
    error: Option<std::io::Error>,
}

impl JsonLines {
    fn new(path: &Path) -> Self {
        JsonLines {
            path: path.to_path_buf(),
            state: Default::default(),
        }
    }

    fn write(&self, articles: &[parallax_model::AnnotatedArticle]) {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let JsonLinesState {
            writer,
            written,
            error,
        } = &mut *state;
        if error.is_some() {
            return;
        }
        let result = (|| {
            if writer.is_none() {
                *writer = Some(BufWriter::new(File::create(&self.path)?));
            }
            let Some(w) = writer.as_mut() else {
                return Ok(());
            };
            for a in articles
                .iter()
                .filter(|a| written.insert(a.article.id.clone()))
            {
                serde_json::to_writer(&mut *w, a)?;
                w.write_all(b"\n")?;
            }
            w.flush()
        })();
        if let Err(e) = result {
            *error = Some(e);
        }
    }

    /// Reports a write that failed; a run without articles still leaves an empty file.
    fn finish(self) -> anyhow::Result<()> {
        self.write(&[]);
        let state = self.state.into_inner().unwrap_or_else(|p| p.into_inner());
        match state.error {
            Some(e) => Err(e).with_context(|| format!("writing {}", self.path.display())),
            None => Ok(()),
        }
    }
}

fn write_file(
    path: &Path,
    body: impl FnOnce(&mut BufWriter<File>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let file = File::create(path).with_context(|| format!("creating {}", path.display()))?;
    let mut writer = BufWriter::new(file);
    body(&mut writer).with_context(|| format!("writing {}", path.display()))?;
    writer
        .flush()
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

/// How often a run without a terminal prints a progress line.
const PLAIN_PROGRESS_EVERY: Duration = Duration::from_secs(10);

/// Stories listed without `--verbose`, and sources named per list.
const SUMMARY_STORIES: usize = 20;
const SUMMARY_SOURCES: usize = 5;

fn print_summary(
    analysis: &Analysis,
    failed: usize,
    repeats: usize,
    elapsed: Duration,
    verbose: bool,
) {
    let articles = analysis.articles.len();
    let copies: usize = analysis.duplicates.iter().map(|g| g.copies.len()).sum();
    println!(
        "{}, {}, {} — {}, {} dropped — {:.2}s",
        super::counted(articles, "article", "articles"),
        super::counted(
            articles - copies,
            "independent origin",
            "independent origins"
        ),
        super::counted(analysis.stories.len(), "story", "stories"),
        super::counted(failed, "input failed", "inputs failed"),
        super::counted(repeats, "exact repeat", "exact repeats"),
        elapsed.as_secs_f64()
    );
    let title_of = |id: &str| {
        analysis
            .articles
            .iter()
            .find(|a| a.article.id == id)
            .map(|a| short_source(&a.article))
            .unwrap_or_else(|| id.get(..8).unwrap_or(id).to_string())
    };
    let shown = if verbose {
        analysis.stories.len()
    } else {
        SUMMARY_STORIES
    };
    for story in analysis.stories.iter().take(shown) {
        let span = match (&story.start, &story.end) {
            (Some(s), Some(e)) if s != e => format!("{} – {}", format_when(s), format_when(e)),
            (Some(s), _) => format_when(s),
            _ => "undated".into(),
        };
        println!(
            "\n■ {} — {}, {}, {span}",
            story.title,
            super::counted(story.articles.len(), "article", "articles"),
            super::counted(story.origins, "independent origin", "independent origins"),
        );
        for event in &story.events {
            println!(
                "  event {:<24} {}{}",
                event
                    .when
                    .as_deref()
                    .map(format_when)
                    .unwrap_or("undated".into()),
                super::counted(event.articles.len(), "article", "articles"),
                event
                    .label
                    .as_deref()
                    .map(|l| format!(" — {l}"))
                    .unwrap_or_default()
            );
        }
        let Some(cmp) = analysis.comparisons.iter().find(|c| c.story == story.id) else {
            continue;
        };
        let claims = |status: ClaimStatus| cmp.claims.iter().filter(|c| c.status == status).count();
        println!(
            "  claims: {} shared, {} disputed, {} in one source only",
            claims(ClaimStatus::Shared),
            claims(ClaimStatus::Disputed),
            claims(ClaimStatus::Single)
        );
        let count = |status: FactStatus| cmp.facts.iter().filter(|f| f.status == status).count();
        println!(
            "  facts: {} agree, {} conflict, {} different scope, {} single-source",
            count(FactStatus::Agree),
            count(FactStatus::Conflict),
            count(FactStatus::DifferentScope),
            count(FactStatus::Single)
        );
        for row in cmp
            .facts
            .iter()
            .filter(|f| f.status == FactStatus::Conflict)
        {
            // the values that contradict each other, not every value of the row
            let mut in_conflict: Vec<usize> = FactRowIndex::new(row)
                .conflicts()
                .into_iter()
                .flat_map(|(a, b)| [a, b])
                .collect();
            in_conflict.sort_unstable();
            in_conflict.dedup();
            let values: Vec<String> = in_conflict
                .iter()
                .filter_map(|&i| row.cells.get(i))
                .map(|c| format!("{} ({})", c.text, title_of(&c.article)))
                .collect();
            println!(
                "  ! conflict on {}: {}",
                parallax_web::views::fact_label(row),
                values.join(" vs ")
            );
        }
        let omissions: Vec<_> = cmp
            .omissions
            .iter()
            .filter(|o| !o.facts.is_empty())
            .collect();
        let named = if verbose {
            omissions.len()
        } else {
            SUMMARY_SOURCES
        };
        for omission in omissions.iter().take(named) {
            println!(
                "  leaves out {}: {}",
                title_of(&omission.article),
                parallax_web::views::omission_labels(cmp, omission).join(", ")
            );
        }
        if omissions.len() > named {
            let more = omissions.len() - named;
            println!(
                "  … and {more} more {}",
                if more == 1 {
                    "source leaves something out"
                } else {
                    "sources leave something out"
                }
            );
        }
    }
    if analysis.stories.len() > shown {
        println!(
            "\n… and {} more (all of them with --verbose, in the --html report or the --json document)",
            super::counted(analysis.stories.len() - shown, "story", "stories")
        );
    }
    if !verbose {
        return;
    }
    println!();
    for a in &analysis.articles {
        println!(
            "{}  {:<10} {:<6} {:<11} {}",
            a.article.id.get(..12).unwrap_or(&a.article.id),
            a.article
                .published
                .as_deref()
                .and_then(|p| p.get(..10))
                .unwrap_or("undated"),
            a.article.language.as_deref().unwrap_or("??"),
            a.genre
                .map(|g| format!("{g:?}").to_lowercase())
                .unwrap_or_else(|| "-".into()),
            a.article.title.as_deref().unwrap_or("(no title)"),
        );
        println!(
            "    {} · {}, {}, {}, {} · {}",
            short_source(&a.article),
            super::counted(a.entities.len(), "entity", "entities"),
            super::counted(a.quantities.len(), "number", "numbers"),
            super::counted(a.times.len(), "date", "dates"),
            super::counted(a.quotes.len(), "quote", "quotes"),
            a.article.path
        );
    }
}

/// The outlet's name, or the input's file name when the outlet is unknown.
fn short_source(article: &parallax_model::Article) -> String {
    match &article.outlet {
        Some(outlet) => outlet.name.clone(),
        None => Path::new(&article.path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| article.path.clone()),
    }
}
