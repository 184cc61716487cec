//! art32: checks infrastructure repositories against the technical and organisational
//! measures (TOM) a company promises under Art. 32 GDPR.

pub mod model;
pub mod parse;
pub mod source;
pub mod catalogue;
pub mod config;
pub mod error;
pub mod finding;
pub mod link;
pub mod rules;
pub mod discover;
pub mod evaluate;
pub mod lint;
pub mod output;
pub mod commands;
