//! postfix

pub mod derive;
pub mod link;
pub mod parse;
