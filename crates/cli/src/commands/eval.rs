use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;

#[derive(Clone, Copy, ValueEnum)]
pub enum Suite {
    /// HTML main-text extraction (trafilatura's evaluation set).
    Extraction,
    /// Sentence and token boundaries (UD German GSD).
    Segmentation,
    /// Named entities (GermEval 2014).
    Ner,
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
}

#[derive(clap::Args)]
pub struct EvalArgs {
    suite: Suite,
    /// The suite's file or folder; defaults to its place in ../shared/bench.
    path: Option<PathBuf>,
}

impl Suite {
    fn default_path(self) -> &'static str {
        match self {
            Suite::Extraction => "../shared/bench/extraction/trafilatura-dev",
            Suite::Segmentation => {
                "../shared/bench/segmentation/ud-german-gsd/de_gsd-ud-dev.conllu"
            }
            Suite::Ner => "../shared/bench/ner/germeval2014",
            Suite::NumbersDates => "../shared/bench/numbers-dates/recognizers-text-de",
            Suite::Quotes => "../shared/bench/quotes/gepade",
            Suite::QuotesNews => "../shared/bench/quotes/wikinews-de",
            Suite::Subjectivity => "../shared/bench/subjectivity/checkthat2025-de/dev_de.tsv",
            Suite::Stories => "examples/corpus",
        }
    }
}

pub fn run(args: EvalArgs) -> anyhow::Result<ExitCode> {
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
    let report =
        evaluate(args.suite, &path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    println!("{report}");
    Ok(ExitCode::SUCCESS)
}

fn evaluate(suite: Suite, path: &Path) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
    use parallax_devtools::eval;
    match suite {
        Suite::Extraction => eval::extraction::extraction(path),
        Suite::Segmentation => eval::segmentation::run(path),
        Suite::Ner => eval::ner::run(path),
        Suite::NumbersDates => eval::numbers_dates::run(path),
        Suite::Quotes => eval::quotes::run(path),
        Suite::QuotesNews => eval::quotes_news::run(path),
        Suite::Subjectivity => eval::subjectivity::run(path),
        Suite::Stories => eval::stories::stories(path),
    }
}
