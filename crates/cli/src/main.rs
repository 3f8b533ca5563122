//! `parallax`: a thin binary over the library crates. Each subcommand lives in
//! `commands/<name>.rs` and only parses arguments, calls a library, and prints.

mod commands;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "parallax",
    version,
    about = "One story, every angle: an offline news-coverage analyser"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read articles (text, HTML, JSONL, RSS/Atom, WARC, gzip, `-`), analyse them, write results.
    Analyze(commands::analyze::AnalyzeArgs),
    /// Annotate a snippet (arguments or stdin) and print its article object as JSON.
    Annotate(commands::annotate::AnnotateArgs),
    /// Score a component against a benchmark suite in ../shared/bench.
    Eval(commands::eval::EvalArgs),
    /// Train a statistical model (e.g. `parallax train ner`).
    Train(commands::train::TrainArgs),
    /// Add articles to a database and update its stories incrementally.
    Ingest(commands::ingest::IngestArgs),
    /// Recompute every story of a database over its whole collection.
    Recluster(commands::recluster::ReclusterArgs),
    /// Serve the web UI and JSON API over a database.
    Serve(commands::serve::ServeArgs),
    /// Measure throughput on generated data.
    Bench(commands::bench::BenchArgs),
    /// Install the sentence encoder model, or show where it is looked for.
    Model(commands::model::ModelArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => commands::analyze::run(args),
        Command::Annotate(args) => commands::annotate::run(args),
        Command::Eval(args) => commands::eval::run(args),
        Command::Train(args) => commands::train::run(args),
        Command::Ingest(args) => commands::ingest::run(args),
        Command::Recluster(args) => commands::recluster::run(args),
        Command::Serve(args) => commands::serve::run(args),
        Command::Bench(args) => commands::bench::run(args),
        Command::Model(args) => commands::model::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("parallax: error: {err:#}");
            ExitCode::from(commands::EXIT_FAILURE)
        }
    }
}
