use std::io::Read;
use std::process::ExitCode;

use anyhow::Context;

#[derive(clap::Args)]
pub struct AnnotateArgs {
    /// The text to annotate; read from stdin when absent.
    text: Vec<String>,
    /// The article's publication date (ISO 8601, e.g. `2024-11-27` or
    /// `2024-11-27T10:00:00+01:00`), to resolve relative dates.
    #[arg(long, value_parser = publication_date)]
    published: Option<String>,
    /// Language code (e.g. `de`); detected from the text when absent.
    #[arg(long)]
    language: Option<String>,
    /// Print compact JSON on one line.
    #[arg(long)]
    compact: bool,
}

/// A `--published` value as a date the resolver can anchor to, or why it is not one.
fn publication_date(value: &str) -> Result<String, String> {
    let iso = value.trim();
    let looks_iso = iso.len() >= 10
        && iso.as_bytes()[4] == b'-'
        && iso.as_bytes()[7] == b'-'
        && iso.as_bytes()[..4].iter().all(u8::is_ascii_digit);
    match parallax_ingest::metadata::dates::normalize_date(iso) {
        Some(date) if looks_iso => Ok(date),
        _ => Err(format!(
            "`{value}` is not an ISO 8601 date; write it as 2024-11-27 or 2024-11-27T10:00:00+01:00"
        )),
    }
}

pub fn run(args: AnnotateArgs) -> anyhow::Result<ExitCode> {
    let text = if args.text.is_empty() {
        let mut buf = String::new();
        std::io::stdin()
            .read_to_string(&mut buf)
            .context("reading stdin")?;
        buf
    } else {
        args.text.join(" ")
    };
    let mut article = parallax_ingest::article_from_text("-", &text, args.published.as_deref());
    if args.language.is_some() {
        article.language = args.language;
        article
            .field_origins
            .insert("language".into(), "argument".into());
    }
    let annotated = parallax_nlp::annotate(article);
    let json = if args.compact {
        serde_json::to_string(&annotated)?
    } else {
        serde_json::to_string_pretty(&annotated)?
    };
    println!("{json}");
    Ok(ExitCode::SUCCESS)
}
