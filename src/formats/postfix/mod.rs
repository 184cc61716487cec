//! Postfix: `main.cf` and `master.cf` parsed as Postfix 3.7's own readers read them
//! (`parse.rs`), then linked (`link.rs`): the two files of a directory as one
//! configuration, values expanded as `postconf -x` expands them.

pub mod ciphers;
pub mod derive;
pub mod link;
pub mod parse;
pub mod sniff;

use super::{Comments, Format, Inheritance, Kind, LinkContext, Linked, Sniff};
use crate::model::{Document, Family, FileKind};

/// A `#` is a comment only as the first non-blank character of a line; elsewhere it is
/// part of the value (postconf(5)).
const COMMENTS: Comments = Comments {
    line: &['#'],
    trailing: &[],
};

/// Only files named on the command line are told by their content.
fn no_names(_: &str) -> bool {
    false
}

pub static FORMAT: Format = Format {
    family: Family::Postfix,
    name: "postfix",
    kinds: &[
        Kind {
            kind: FileKind::PostfixMain,
            name: "postfix-main",
            globs: &["**/main.cf"],
            fields: &["value", "items", "protocols", "defaults-level"],
            key_field: None,
            example_path: "etc/postfix/main.cf",
            parse: parse::parse_main,
            comments: COMMENTS,
            refuses_invalid_utf8: None,
            sniff: Some(Sniff {
                names: no_names,
                content: sniff::main,
            }),
            markup_is_template: true,
        },
        Kind {
            kind: FileKind::PostfixMaster,
            name: "postfix-master",
            globs: &["**/master.cf"],
            fields: &[
                "service",
                "type",
                "private",
                "unpriv",
                "chroot",
                "wakeup",
                "maxproc",
                "command",
                "arguments",
                "service-key",
                "implied",
                "loopback",
                "value",
                "items",
                "unknown",
                "protocols",
                "relay",
                "relay-label",
                "relay-problem",
                "relay-permits",
                "relay-notes",
                "tls-cipherlist",
                "tls-mandatory-cipherlist",
                "tls13-ciphersuites",
            ],
            key_field: Some("service-key"),
            example_path: "etc/postfix/master.cf",
            parse: parse::parse_master,
            comments: COMMENTS,
            refuses_invalid_utf8: None,
            sniff: Some(Sniff {
                names: no_names,
                content: sniff::master,
            }),
            markup_is_template: true,
        },
    ],
    defaults: Some(include_str!("../../../defaults/postfix.toml")),
    link: Some(link),
    context: super::Context::Directory,
    includes: false,
    inheritance: Inheritance {
        groups: &[],
        // "The later definition wins" (postconf(5)).
        last_wins: true,
        modes: &[],
        // A service's `-o compatibility_level=…` sets the defaults there.
        level_setting: Some("compatibility_level"),
        // A `main.cf` holds only parameters, and every parameter a rule reads is in the
        // defaults table; the other names rules look up are services (`submission`),
        // which only `master.cf` defines, so their absence is known.
        unseen_sets_only_known: true,
    },
    derive: Some(derive::param_fields),
};

/// Links each directory's `main.cf` and `master.cf` into one configuration; the parsed
/// files are taken (nothing reads them after).
fn link(parsed: &mut Vec<Document>, cx: &LinkContext) -> Linked {
    Linked::from_docs(link::link(std::mem::take(parsed), cx.sources, cx.defaults))
}
