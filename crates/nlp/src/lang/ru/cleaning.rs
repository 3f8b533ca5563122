//! Russian cleaning patterns and source cues, from `data/lang/ru/cleaning.toml` and
//! `source-cues.toml`.

crate::cleaning::cleaning_rules_from_data!(super::Russian, "ru");

#[cfg(test)]
mod tests {
    #[test]
    fn shipped_cleaning_data_parses() {
        let p =
            crate::cleaning::CleaningPatterns::parse(super::CLEANING_TOML, super::SOURCE_CUES_TOML)
                .expect("cleaning data parses");
        assert!(!p.families.is_empty() && !p.cues.byline_prefixes.is_empty());
    }
}
