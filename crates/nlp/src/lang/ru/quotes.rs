//! Russian quote rules: the lexicon in `data/lang/ru/quotes.tsv`.

crate::quote::quote_rules_from_data!(super::Russian, "ru");
