//! Postfix: the OpenSSL cipher string each `smtpd` and `smtp` service hands to OpenSSL,
//! for TLS 1.2 and below, as Postfix 3.7 builds it (docs/notes/postfix-ciphers.md, from
//! tls_misc.c `tls_set_ciphers`, smtpd.c `smtpd_start_tls`, smtp_tls_policy.c
//! `set_cipher_grade`, and a live smtpd 3.7.11 that logs the string it sets):
//!
//! - the grade (`*_tls_ciphers` where TLS is opportunistic, `*_tls_mandatory_ciphers`
//!   where it is mandatory; names without case) picks `tls_<grade>_cipherlist` (from
//!   Postfix 3.8 `low` and `export` are `medium`);
//! - then `:!TOKEN` for each token of `*_tls_exclude_ciphers`, and where TLS is
//!   mandatory of `*_tls_mandatory_exclude_ciphers` too (tokens split at blanks, commas
//!   and colons); the server adds `aNULL` where it asks for client certificates
//!   (`smtpd_tls_ask_ccert`, or `smtpd_tls_req_ccert` where TLS is mandatory); the
//!   client adds `eNULL` at `encrypt` and `aNULL` at the levels that verify the peer.
//!
//! `tls-cipherlist` (opportunistic) and `tls-mandatory-cipherlist` are set on the
//! service, spanned where the suites come from: the `tls_<grade>_cipherlist` a level
//! sets, else the grade a level sets, else the service (both are defaults). Not set
//! where art32 cannot know a value (a `master.cf` without its `main.cf`), or where
//! Postfix would refuse the grade or an exclusion (an unknown grade; a token starting
//! with `!`, `+`, `-` or `@`): Postfix then starts no TLS session there, and the string
//! has no suites to judge. The client's per-destination policy table (`ciphers=`,
//! `exclude=`) is not read.

use std::collections::BTreeMap;

use crate::defaults::{Defaults, Version};
use crate::model::{FileKind, Node, Value};
use crate::source::Span;

/// The parameters read here (without the `smtpd_`/`smtp_` prefix where they have one).
const NAMES: [&str; 17] = [
    "smtpd_tls_ciphers",
    "smtpd_tls_mandatory_ciphers",
    "smtpd_tls_exclude_ciphers",
    "smtpd_tls_mandatory_exclude_ciphers",
    "smtpd_tls_ask_ccert",
    "smtpd_tls_req_ccert",
    "smtp_tls_ciphers",
    "smtp_tls_mandatory_ciphers",
    "smtp_tls_exclude_ciphers",
    "smtp_tls_mandatory_exclude_ciphers",
    "smtp_tls_security_level",
    "tls_high_cipherlist",
    "tls_medium_cipherlist",
    "tls_low_cipherlist",
    "tls_export_cipherlist",
    "tls_null_cipherlist",
    "compatibility_level",
];

/// A parameter's value in effect at a service.
struct InEffect {
    /// Expanded, its items one blank apart.
    text: String,
    /// Where a level sets it; `None` for the default.
    span: Option<Span>,
}

/// The expanded value of a parameter node: its items, one blank between (OpenSSL and
/// Postfix's exclusion lists read blanks and commas alike).
fn text(p: &Node) -> String {
    p.args
        .iter()
        .map(|a| a.value.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

fn unknown(p: &Node) -> bool {
    matches!(p.field("unknown"), Some(v) if v.value == Value::Bool(true))
}

/// Sets `tls-cipherlist` and `tls-mandatory-cipherlist` on every `smtpd` and `smtp`
/// service (module doc).
pub fn cipher_fields(root: &mut Node, configured: Option<&Version>, defaults: &Defaults) {
    let main_unseen = root.kind == "context";
    let version = defaults.version(FileKind::PostfixMain).cloned();
    // The last definition in `main.cf` of each name read, found in one pass.
    let mut main: BTreeMap<&str, &Node> = BTreeMap::new();
    for c in root.children.iter().filter(|c| c.kind == "param") {
        if let Some(name) = NAMES.iter().find(|n| **n == c.name.value) {
            main.insert(name, c);
        }
    }
    let mut found: Vec<(usize, &'static str, String, Span)> = Vec::new();
    for (i, service) in root.children.iter().enumerate() {
        if service.kind != "service" {
            continue;
        }
        let server = match service.field("command").map(|c| c.value.text()).as_deref() {
            Some("smtpd") => true,
            Some("smtp") => false,
            _ => continue,
        };
        let mut own: BTreeMap<&str, &Node> = BTreeMap::new();
        for c in service.children.iter().filter(|c| c.kind == "param") {
            if let Some(name) = NAMES.iter().find(|n| **n == c.name.value) {
                own.insert(name, c);
            }
        }
        let level = own
            .get("compatibility_level")
            .or_else(|| main.get("compatibility_level"))
            .and_then(|n| Version::parse(&text(n)))
            .or_else(|| configured.cloned());
        // `None` where art32 cannot know the value.
        let get = |name: &str| -> Option<InEffect> {
            match own.get(name).or_else(|| main.get(name)) {
                Some(p) if unknown(p) => None,
                Some(p) => Some(InEffect {
                    text: text(p),
                    span: Some(p.span),
                }),
                None if main_unseen && defaults.knows(FileKind::PostfixMain, name) => None,
                None => Some(InEffect {
                    text: defaults
                        .get(FileKind::PostfixMain, name, level.as_ref())?
                        .args
                        .join(" "),
                    span: None,
                }),
            }
        };
        for mandatory in [false, true] {
            if let Some(list) = cipherlist(&get, server, mandatory, version.as_ref()) {
                let field = if mandatory {
                    "tls-mandatory-cipherlist"
                } else {
                    "tls-cipherlist"
                };
                found.push((i, field, list.text, list.span.unwrap_or(service.name.span)));
            }
        }
    }
    for (i, field, text, span) in found {
        root.children[i].set(field, Value::Str(text), span);
    }
}

/// The string one side hands to OpenSSL (module doc), spanned where its suites come
/// from (`None`: both the grade and its list are defaults).
fn cipherlist(
    get: &dyn Fn(&str) -> Option<InEffect>,
    server: bool,
    mandatory: bool,
    version: Option<&Version>,
) -> Option<InEffect> {
    let side = if server { "smtpd" } else { "smtp" };
    let grade = get(&format!(
        "{side}_tls_{}ciphers",
        if mandatory { "mandatory_" } else { "" }
    ))?;
    let mut name = grade.text.trim().to_ascii_lowercase();
    let from_3_8 = matches!((version, Version::parse("3.8")), (Some(v), Some(b)) if *v >= b);
    if from_3_8 && (name == "low" || name == "export") {
        name = "medium".into();
    }
    if !["high", "medium", "low", "export", "null"].contains(&name.as_str()) {
        return None;
    }
    let list = get(&format!("tls_{name}_cipherlist"))?;
    let mut exclusions = vec![get(&format!("{side}_tls_exclude_ciphers"))?.text];
    if mandatory {
        exclusions.push(get(&format!("{side}_tls_mandatory_exclude_ciphers"))?.text);
    }
    let yes = |name: &str| -> Option<bool> { Some(get(name)?.text.eq_ignore_ascii_case("yes")) };
    if server {
        if yes("smtpd_tls_ask_ccert")? || (mandatory && yes("smtpd_tls_req_ccert")?) {
            exclusions.push("aNULL".into());
        }
    } else if mandatory {
        let level = get("smtp_tls_security_level")?.text.to_ascii_lowercase();
        match level.as_str() {
            "encrypt" => exclusions.push("eNULL".into()),
            "dane" | "dane-only" | "fingerprint" | "verify" | "secure" => {
                exclusions.push("aNULL".into())
            }
            _ => {}
        }
    }
    let mut text = list.text.clone();
    for token in exclusions
        .iter()
        .flat_map(|e| e.split([' ', '\t', '\r', '\n', ',', ':']))
        .filter(|t| !t.is_empty())
    {
        if token.starts_with(['!', '+', '-', '@']) {
            return None;
        }
        text.push_str(":!");
        text.push_str(token);
    }
    Some(InEffect {
        text,
        span: list.span.or(grade.span),
    })
}
