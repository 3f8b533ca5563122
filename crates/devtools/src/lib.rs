//! Parallax's development tools, kept out of the product crates: evaluation against the
//! benchmark suites ([`eval`]), training of statistical models ([`train`]) and the synthetic
//! article stream of the scale benchmarks ([`synthetic`]). The `parallax eval`, `parallax
//! train` and `parallax bench` commands call into this crate.

pub mod eval;
pub mod synthetic;
pub mod train;
