use super::English;
use crate::entities::EntityRules;

impl EntityRules for English {}
