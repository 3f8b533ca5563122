//! The shared types of Parallax. Data only: no logic beyond small accessors.
//!
//! Data flows one way: [`Article`] (ingest) → [`AnnotatedArticle`] (nlp) →
//! [`Analysis`] (analyze). Every derived thing carries a [`Span`] into
//! [`Article::text`], so the evidence can always be shown.

mod analysis;
mod annotation;
mod article;
mod deadline;
mod span;
mod time;

pub use analysis::*;
pub use annotation::*;
pub use article::*;
pub use deadline::{Deadline, OverBudget};
pub use span::Span;
pub use time::*;

/// Version of the public JSON document; changed only additively.
pub const SCHEMA_VERSION: &str = "1";
