use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};

#[derive(Args)]
pub struct TrainArgs {
    #[command(subcommand)]
    what: TrainWhat,
}

#[derive(Clone, Copy, ValueEnum)]
enum Lang {
    De,
}

#[derive(Subcommand)]
enum TrainWhat {
    /// The genre model (logistic regression over article features) on the tuning part of the
    /// project's German genre labels; the texts are read from ../shared/bench. Deterministic.
    /// Rebuild the binary afterwards to embed the new model written to data/genre.toml.
    Genre {
        /// The benchmark folder holding the labelled items' texts.
        #[arg(long, default_value = "../shared/bench")]
        bench: PathBuf,
        /// Where to write the model.
        #[arg(long, default_value = "data/genre.toml")]
        out: PathBuf,
        /// L2 regularisation strength.
        #[arg(long, default_value_t = 0.03)]
        l2: f64,
        /// Gradient-descent epochs (full batch).
        #[arg(long, default_value_t = 3000)]
        epochs: usize,
    },
    /// The named-entity tagger (structured averaged perceptron over BIOES tags, Viterbi) on
    /// GermEval-style data; the defaults are the recipe of the shipped weights.
    ///
    /// Deterministic: the same data and options give the same weights, byte for byte.
    /// Rebuild the binary afterwards to embed new weights written to data/ner/de.bin.
    Ner {
        /// Training data: `token TAB BIO-tag` lines or GermEval's 4-column format.
        #[arg(long)]
        train: PathBuf,
        /// Development data: scored after every epoch; the best epoch is kept.
        #[arg(long)]
        dev: Option<PathBuf>,
        /// Where to write the weights.
        #[arg(long, default_value = "data/ner/de.bin")]
        out: PathBuf,
        /// Training epochs.
        #[arg(long, default_value_t = 20)]
        epochs: usize,
        /// Seed of the (deterministic) shuffling of training sentences.
        #[arg(long, default_value_t = 20140)]
        seed: u64,
        /// Independent runs (different shuffling seeds) whose averaged weights are averaged.
        #[arg(long, default_value_t = 5)]
        ensemble: usize,
        /// Probability that a rare word's identity features are left out of a training step.
        #[arg(long, default_value_t = 0.0)]
        word_dropout: f32,
        /// Cost-augmented training: the bonus of every wrong label (0: plain perceptron).
        #[arg(long, default_value_t = 0.5)]
        margin: f32,
        /// Language of the gazetteers used as features.
        #[arg(long, value_enum, default_value_t = Lang::De)]
        lang: Lang,
    },
}

pub fn run(args: TrainArgs) -> anyhow::Result<ExitCode> {
    use parallax_devtools::train::ner as train;
    use parallax_nlp::ner;
    match args.what {
        TrainWhat::Genre {
            bench,
            out,
            l2,
            epochs,
        } => {
            if !bench.exists() {
                println!(
                    "skipped: {} not found (benchmark suites live in ../shared/bench)",
                    bench.display()
                );
                return Ok(ExitCode::SUCCESS);
            }
            let g = parallax_devtools::eval::genre::train(&bench, l2, epochs)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let text = parallax_devtools::eval::genre::model_toml(&g.0, l2, epochs)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            std::fs::write(&out, text)?;
            println!("{}\nwrote {}", g.1, out.display());
            Ok(ExitCode::SUCCESS)
        }
        TrainWhat::Ner {
            train: train_path,
            dev,
            out,
            epochs,
            seed,
            ensemble,
            word_dropout,
            margin,
            lang,
        } => {
            let read = |p: &PathBuf| -> anyhow::Result<Vec<train::Sentence>> {
                let text = std::fs::read_to_string(p)
                    .map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
                Ok(train::read_germeval(&text))
            };
            let train_data = read(&train_path)?;
            anyhow::ensure!(
                !train_data.is_empty(),
                "{}: no sentences",
                train_path.display()
            );
            let dev_data = dev.as_ref().map(read).transpose()?;
            let gaz = match lang {
                Lang::De => ner::german_gazetteer(),
            };
            let settings = train::Settings {
                epochs,
                seed,
                ensemble,
                word_dropout,
                margin,
                ..Default::default()
            };
            eprintln!(
                "training on {} sentences{}",
                train_data.len(),
                dev_data
                    .as_ref()
                    .map(|d| format!(", dev {} sentences", d.len()))
                    .unwrap_or_default()
            );
            let model = train::train(
                gaz,
                &train_data,
                dev_data.as_deref(),
                &settings,
                &mut |line| eprintln!("{line}"),
            );
            let bytes = model.to_bytes();
            if let Some(parent) = out.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&out, &bytes).map_err(|e| anyhow::anyhow!("{}: {e}", out.display()))?;
            if let Some(d) = &dev_data {
                let scores = train::evaluate(&model, gaz, d);
                println!("{}", scores.report());
            }
            println!(
                "wrote {} ({} features, {} bytes)",
                out.display(),
                model.features(),
                bytes.len()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}
