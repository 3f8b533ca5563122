use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;

#[derive(Clone, Copy, ValueEnum)]
pub enum Suite {
    /// HTML main-text extraction (trafilatura's evaluation set).
    Extraction,
    /// Sentence and token boundaries (UD German GSD; give another UD file for another language).
    Segmentation,
    /// Named entities (GermEval 2014).
    Ner,
    /// Words inside proper names, against a UD treebank's PROPN tags (English EWT by
    /// default; give another UD file for another language).
    Names,
    /// Numbers, units and dates (Recognizers-Text German specs).
    NumbersDates,
    /// Quote cues and speakers (GePaDe).
    Quotes,
    /// Quotes and speakers in German news (Wikinews; a folder means its dev split).
    QuotesNews,
    /// Subjective vs objective sentences (CheckThat! 2025).
    Subjectivity,
    /// Stories, events and copies (the project's own examples/corpus).
    Stories,
    /// What cleaning removes per pattern family, on trafilatura's pages split by site.
    Cleaning,
    /// Article genre: report, opinion, promotional (the project's own German labels; texts
    /// from the suites in ../shared/bench).
    Genre,
    /// TimeML dates and times in German news (KRAUTS Dolomiten-100), beside HeidelTime.
    DatesTimeml,
    /// Claims aligned across sources and languages (examples/corpus/claims.tsv).
    Claims,
}

#[derive(clap::Args)]
pub struct EvalArgs {
    suite: Suite,
    /// The suite's file or folder; defaults to its place in ../shared/bench.
    path: Option<PathBuf>,
    /// Also print each miss, false find and wrong value (of the dev part, where a suite has
    /// one).
    #[arg(long)]
    details: bool,
    /// The language whose rules segmentation and names use (default: the code the file's name
    /// starts with, as in `en_ewt-ud-dev.conllu`).
    #[arg(long)]
    lang: Option<String>,
}

impl Suite {
    fn default_path(self) -> &'static str {
        match self {
            Suite::Extraction => "../shared/bench/extraction/trafilatura-dev",
            Suite::Segmentation => {
                "../shared/bench/segmentation/ud-german-gsd/de_gsd-ud-dev.conllu"
            }
            Suite::Ner => "../shared/bench/ner/germeval2014",
            Suite::Names => "../shared/bench/segmentation/ud-english-ewt/en_ewt-ud-dev.conllu",
            Suite::NumbersDates => "../shared/bench/numbers-dates/recognizers-text-de",
            Suite::Quotes => "../shared/bench/quotes/gepade",
            Suite::QuotesNews => "../shared/bench/quotes/wikinews-de",
            Suite::Subjectivity => "../shared/bench/subjectivity/checkthat2025-de/dev_de.tsv",
            Suite::Stories | Suite::Claims => "examples/corpus",
            Suite::Genre => "../shared/bench",
            Suite::Cleaning => "../shared/bench/extraction/trafilatura-dev",
            Suite::DatesTimeml => "../shared/bench/numbers-dates/krauts-dolomiten100",
        }
    }
}

pub fn run(args: EvalArgs) -> anyhow::Result<ExitCode> {
    // A suite missing from its default place is skipped (the benchmarks are optional); a
    // path the user gave that does not exist is their mistake.
    if let Some(path) = args.path.as_ref().filter(|p| !p.exists()) {
        anyhow::bail!("{} not found", path.display());
    }
    let path = args
        .path
        .unwrap_or_else(|| PathBuf::from(args.suite.default_path()));
    if !path.exists() {
        println!(
            "skipped: {} not found (benchmark suites live in ../shared/bench)",
            path.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let report = evaluate(args.suite, &path, args.details, args.lang.as_deref())
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    println!("{report}");
    Ok(ExitCode::SUCCESS)
}

fn evaluate(
    suite: Suite,
    path: &Path,
    details: bool,
    lang: Option<&str>,
) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
    use parallax_devtools::eval;
    match suite {
        Suite::Extraction => eval::extraction::extraction(path),
        Suite::Segmentation => eval::segmentation::run(path, lang),
        Suite::Ner => eval::ner::run(path),
        Suite::Names => eval::names::run(path, lang),
        Suite::NumbersDates => eval::numbers_dates::run(path),
        Suite::Quotes => eval::quotes::run(path),
        Suite::QuotesNews => eval::quotes_news::run(path),
        Suite::Subjectivity => eval::subjectivity::run(path),
        Suite::Stories => {
            let encoder = super::analyze::sentence_encoder(false, false);
            eval::stories::stories(path, encoder.as_deref().map(|e| e as _))
        }
        Suite::Genre => eval::genre::run(None, path),
        Suite::Cleaning => eval::cleaning::run(path),
        Suite::DatesTimeml => eval::dates_timeml::run(path, details),
        Suite::Claims => claims(path),
    }
}

/// Claims of the sample corpus, scored without the encoder (words and evidence alone) and,
/// when it is installed, with it.
fn claims(dir: &Path) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
    let lexical = parallax_pipeline::run(&[dir.to_path_buf()], &|| {});
    let mut out = parallax_devtools::eval::claims::evaluate(
        &lexical.analysis,
        dir,
        "claims without the encoder (lexical alignment):",
    )?;
    if let Some(encoder) = super::analyze::sentence_encoder(false, false) {
        let with = parallax_pipeline::run_with(
            &[dir.to_path_buf()],
            &parallax_pipeline::RunOptions {
                encoder: Some(&*encoder),
                ..Default::default()
            },
            &|| {},
        );
        out.push('\n');
        out.push_str(&parallax_devtools::eval::claims::evaluate(
            &with.analysis,
            dir,
            "claims with the sentence encoder (multilingual-e5-small, 4-bit):",
        )?);
    }
    Ok(out)
}
