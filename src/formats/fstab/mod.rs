//! fstab

pub mod parse;
