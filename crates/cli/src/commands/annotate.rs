use std::io::Read;
use std::process::ExitCode;

use anyhow::Context;

#[derive(clap::Args)]
pub struct AnnotateArgs {
    /// The text to annotate; read from stdin when absent.
    text: Vec<String>,
    /// The article's publication date (ISO 8601), to resolve relative dates.
    #[arg(long)]
    published: Option<String>,
    /// Language code (e.g. `de`); detected from the text when absent.
    #[arg(long)]
    language: Option<String>,
    /// Print compact JSON on one line.
    #[arg(long)]
    compact: bool,
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
