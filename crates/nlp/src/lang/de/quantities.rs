use super::German;
use crate::quantity::QuantityRules;

impl QuantityRules for German {}
