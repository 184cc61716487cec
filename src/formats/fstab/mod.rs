//! fstab(5): one `mount` node per line, read as util-linux's libmount reads it
//! (`parse.rs`). Each file is checked on its own.

pub mod parse;

use super::{Format, HASH_COMMENTS, Kind, PLAIN_INHERITANCE};
use crate::model::{Family, FileKind};

pub static FORMAT: Format = Format {
    family: Family::Fstab,
    name: "fstab",
    kinds: &[Kind {
        kind: FileKind::Fstab,
        name: "fstab",
        globs: &["**/fstab", "**/*.fstab"],
        fields: &[
            "spec",
            "spec-tag",
            "spec-value",
            "file",
            "vfstype",
            "effective-type",
            "options",
            "effective-options",
            "freq",
            "passno",
        ],
        key_field: Some("file"),
        example_path: "etc/fstab",
        parse: parse::parse,
        comments: HASH_COMMENTS,
        refuses_invalid_utf8: None,
        sniff: None,
        markup_is_template: true,
    }],
    defaults: None,
    link: None,
    context: super::Context::Alone,
    includes: false,
    inheritance: PLAIN_INHERITANCE,
    derive: None,
};
