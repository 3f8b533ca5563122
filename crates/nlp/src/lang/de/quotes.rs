use super::German;
use crate::quote::QuoteRules;

impl QuoteRules for German {}
