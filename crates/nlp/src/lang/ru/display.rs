//! Russian display rules: how times and amounts are written for a reader, from
//! `data/lang/ru/display.toml`.

crate::display::display_rules_from_data!(super::Russian, "ru");
