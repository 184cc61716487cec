//! nginx

pub mod link;
pub mod parse;
