use super::German;
use crate::entities::EntityRules;

impl EntityRules for German {}
