//! French: so far only the cleaning patterns of scraped text (`cleaning.rs`); the other stages
//! use the rules [`super::for_code`] falls back to. Registered in `super::CLEANING_ONLY`.

mod cleaning;

/// The French rules.
pub struct French;
