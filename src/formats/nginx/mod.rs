//! nginx

pub mod link;
pub mod logs;
pub mod parse;
