use super::German;
use crate::time::TimeRules;

impl TimeRules for German {}
