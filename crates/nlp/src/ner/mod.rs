//! The statistical named-entity tagger.
