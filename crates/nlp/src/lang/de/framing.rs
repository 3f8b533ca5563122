use super::German;
use crate::framing::FramingRules;

impl FramingRules for German {}
