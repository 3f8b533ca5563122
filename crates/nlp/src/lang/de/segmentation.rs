use super::German;
use crate::segment::SegmentationRules;

impl SegmentationRules for German {}
