//! French display rules: how times and amounts are written for a reader, from
//! `data/lang/fr/display.toml`.

crate::display::display_rules_from_data!(super::French, "fr");
