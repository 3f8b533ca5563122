use super::English;
use crate::segment::SegmentationRules;

impl SegmentationRules for English {}
