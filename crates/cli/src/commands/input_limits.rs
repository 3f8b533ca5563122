//! `--max-input-mb` and `--input-timeout`: the per-input budget of `analyze` and `ingest`.

use std::time::Duration;

use parallax_ingest::ReadOptions;

#[derive(clap::Args, Clone, Copy)]
pub struct InputLimits {
    /// Largest single article read (a text or HTML file, a JSONL line, a WARC record), in MB;
    /// feeds and JSON documents, read whole, may be four times larger.
    #[arg(long, default_value_t = 64, value_name = "MB")]
    max_input_mb: u64,
    /// Time budget per article, from reading to the end of its annotation; one over budget is
    /// skipped with an error and the run goes on. 0: no limit.
    #[arg(long, default_value_t = 60.0, value_name = "SECS")]
    input_timeout: f64,
}

impl InputLimits {
    pub fn read_options(&self) -> anyhow::Result<ReadOptions> {
        anyhow::ensure!(
            self.input_timeout.is_finite() && self.input_timeout >= 0.0,
            "--input-timeout must be a number of seconds (0 for no limit)"
        );
        anyhow::ensure!(self.max_input_mb > 0, "--max-input-mb must be at least 1");
        Ok(ReadOptions {
            max_article_bytes: self.max_input_mb.saturating_mul(1024 * 1024),
            time_budget: (self.input_timeout > 0.0)
                .then(|| Duration::from_secs_f64(self.input_timeout)),
        })
    }
}
