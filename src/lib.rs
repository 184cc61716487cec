//! art32: checks infrastructure repositories against the technical and organisational
//! measures (TOM) a company promises under Art. 32 GDPR.

// Errors that carry a diagnostic into a TOML file are large, and only ever on the
// way to exit status 2: boxing them would buy nothing.
#![allow(clippy::result_large_err)]

pub mod catalogue;
pub mod commands;
pub mod config;
pub mod defaults;
pub mod discover;
pub mod error;
pub mod evaluate;
pub mod finding;
pub mod formats;
pub mod inert;
pub mod lint;
pub mod model;
pub mod output;
pub mod read;
pub mod report;
pub mod rule_docs;
pub mod rules;
pub mod source;
pub mod suppress;
pub mod tls;
