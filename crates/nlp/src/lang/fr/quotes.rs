//! French quote rules: the lexicon in `data/lang/fr/quotes.tsv`.

crate::quote::quote_rules_from_data!(super::French, "fr");
