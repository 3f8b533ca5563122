//! German quote rules: the lexicon in `data/lang/de/quotes.tsv`.

crate::quote::quote_rules_from_data!(super::German, "de");
