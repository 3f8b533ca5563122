pub mod analyze;
pub mod annotate;
pub mod bench;
mod bench_ingest;
pub mod db;
pub mod eval;
pub mod ingest;
pub mod model;
pub mod recluster;
pub mod serve;
pub mod train;

/// Exit codes: 0 success, 1 failure, 2 usage error (clap), 3 some inputs could not be read.
pub const EXIT_FAILURE: u8 = 1;
pub const EXIT_SOME_INPUTS_FAILED: u8 = 3;
