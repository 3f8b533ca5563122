//! English quote rules: the lexicon in `data/lang/en/quotes.tsv`.

crate::quote::quote_rules_from_data!(super::English, "en");
