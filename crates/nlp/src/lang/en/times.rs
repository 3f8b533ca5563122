use super::English;
use crate::time::TimeRules;

impl TimeRules for English {}
