//! Training the statistical models whose weights ship in `data/`.

pub mod ner;
