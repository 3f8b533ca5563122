use super::English;
use crate::quote::QuoteRules;

impl QuoteRules for English {}
