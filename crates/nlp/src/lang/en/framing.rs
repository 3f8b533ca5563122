use super::English;
use crate::framing::FramingRules;

impl FramingRules for English {}
