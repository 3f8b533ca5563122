pub mod analyze;
pub mod annotate;
pub mod bench;
mod bench_ingest;
pub mod db;
pub mod eval;
pub mod ingest;
pub mod input_limits;
pub mod model;
pub mod recluster;
pub mod robustness_bench;
pub mod serve;
mod serve_bench;
pub mod train;

/// Exit codes: 0 success, 1 failure, 2 usage error (clap), 3 some inputs could not be read.
pub const EXIT_FAILURE: u8 = 1;
pub const EXIT_SOME_INPUTS_FAILED: u8 = 3;

/// The paths given, for a message ("no articles found in a, b").
pub fn paths_list(paths: &[std::path::PathBuf]) -> String {
    paths
        .iter()
        .map(|p| parallax_ingest::escape_name(&p.display().to_string()).into_owned())
        .collect::<Vec<_>>()
        .join(", ")
}

/// `1 story`, `3 stories`.
pub(crate) fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
