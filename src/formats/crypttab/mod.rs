//! crypttab

pub mod parse;
