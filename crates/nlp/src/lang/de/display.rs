//! German display rules: how times and amounts are written for a reader, from
//! `data/lang/de/display.toml`.

crate::display::display_rules_from_data!(super::German, "de");
