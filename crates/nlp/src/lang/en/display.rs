//! English display rules: how times and amounts are written for a reader, from
//! `data/lang/en/display.toml`.

crate::display::display_rules_from_data!(super::English, "en");
