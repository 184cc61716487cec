//! postfix

pub mod link;
pub mod parse;
