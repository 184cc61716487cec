//! crypttab(5): one `crypt` node per line, read as systemd-cryptsetup-generator reads
//! it (`parse.rs`). Each file is checked on its own.

pub mod parse;

use super::{Format, HASH_COMMENTS, Kind, PLAIN_INHERITANCE};
use crate::model::{Family, FileKind};

pub static FORMAT: Format = Format {
    family: Family::Crypttab,
    name: "crypttab",
    kinds: &[Kind {
        kind: FileKind::Crypttab,
        name: "crypttab",
        globs: &["**/crypttab", "**/crypttab.initramfs", "**/*.crypttab"],
        fields: &["name", "device", "key-file", "options"],
        key_field: Some("name"),
        example_path: "etc/crypttab",
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
