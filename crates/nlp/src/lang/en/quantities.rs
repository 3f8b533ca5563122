use super::English;
use crate::quantity::QuantityRules;

impl QuantityRules for English {}
