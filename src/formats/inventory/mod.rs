//! inventory

pub mod link;
pub mod parse;
