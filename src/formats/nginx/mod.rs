//! nginx: parsed as crossplane parses (`parse.rs`), then linked (`link.rs`): one tree
//! per configuration with its includes spliced in, and the fields rules read added.

pub mod ciphers;
pub mod link;
pub mod logs;
pub mod parse;
mod scope;
pub mod sniff;

use super::{Format, HASH_COMMENTS, InheritMode, Inheritance, Kind, LinkContext, Linked, Sniff};
use crate::defaults::Version;
use crate::model::{Document, Family, FileKind};

pub static FORMAT: Format = Format {
    family: Family::Nginx,
    name: "nginx",
    kinds: &[Kind {
        kind: FileKind::Nginx,
        name: "nginx",
        globs: &[
            "**/nginx.conf",
            "**/nginx/**/*.conf",
            "**/nginx/sites-available/*",
            "**/nginx/sites-enabled/*",
            "**/nginx/snippets/*",
            "**/*.nginx",
        ],
        fields: &[
            "block",
            "tls",
            "plain-http",
            "server-name",
            "address",
            "port",
            "ssl",
            "quic",
            "default-server",
            "unix",
            "scheme",
            "hosts",
            "remote-hosts",
            "log-format",
            "log-format-defined",
            "logs",
            "http-serves",
            "answers-all",
            "unreachable",
            "more-headers",
            "tls-handshake",
            "ignored-protocols",
            "tls13-ciphersuites",
            "tls12-ciphers",
        ],
        key_field: Some("server-name"),
        example_path: "etc/nginx/nginx.conf",
        parse: parse::parse,
        comments: HASH_COMMENTS,
        refuses_invalid_utf8: None,
        sniff: Some(Sniff {
            names: sniff::names,
            content: sniff::content,
        }),
        markup_is_template: true,
    }],
    defaults: Some(include_str!("../../../defaults/nginx.toml")),
    link: Some(link),
    context: super::Context::Pick(scope::pick),
    includes: true,
    inheritance: Inheritance {
        // A level's `allow`/`deny` list replaces the inherited list as a whole
        // (ngx_http_access_module.c, `ngx_http_access_merge_loc_conf` takes the parent's
        // rules only when the level has none of either).
        groups: &[&["allow", "deny"]],
        last_wins: false,
        // CHANGES 1.29.3; https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header_inherit
        modes: &[
            InheritMode {
                directive: "add_header",
                mode: "add_header_inherit",
                since: "1.29.3",
            },
            InheritMode {
                directive: "add_trailer",
                mode: "add_trailer_inherit",
                since: "1.29.3",
            },
        ],
        level_setting: None,
        unseen_sets_only_known: false,
    },
    derive: Some(logs::derive),
};

/// Links the configurations. The parsed files are taken when no include names a file
/// not read yet; otherwise they stay, to be linked again with the files their includes
/// name (`link::link_owned`).
fn link(parsed: &mut Vec<Document>, cx: &LinkContext) -> Linked {
    // nginx 1.29.2 applies a name-based server's `ssl_protocols` (CHANGES 1.29.2).
    let sni_since = Version::parse("1.29.2");
    let sni_protocols = cx
        .defaults
        .version(FileKind::Nginx)
        .zip(sni_since.as_ref())
        .is_some_and(|(v, since)| v >= since);
    let mut linked = link::link_owned(
        parsed,
        cx.sources,
        cx.names,
        cx.aliases,
        cx.prefix,
        sni_protocols,
        cx.reads_next,
    );
    // The TLS 1.2 cipher string of each TLS server (`ciphers.rs`): nginx's default for
    // the target version; DH parameters of its own before 1.11.0.
    let default_ciphers = cx
        .defaults
        .get(FileKind::Nginx, "ssl_ciphers", None)
        .map(|d| d.args.join(" "));
    let builtin_dh = Version::parse("1.11.0")
        .zip(cx.defaults.version(FileKind::Nginx))
        .is_some_and(|(since, v)| v < &since);
    for doc in &mut linked.docs {
        ciphers::annotate(&mut doc.root, default_ciphers.as_deref(), builtin_dh);
    }
    Linked {
        docs: linked.docs,
        diagnostics: linked.diagnostics,
        unloaded: linked.unloaded,
        unreached: linked.unreached,
    }
}
