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
//! TLS 1.3 suites are OpenSSL's: Postfix 3.7 has no parameter for them, only an
//! OpenSSL configuration of its own (`tls_config_file`, `tls_config_name`; a live smtpd
//! 3.7.11 whose section says `Ciphersuites = TLS_AES_256_GCM_SHA384` accepts only that),
//! which art32 does not read. So `tls13-ciphersuites` is OpenSSL's default list, spanned
//! at the service, where `tls_config_file` is unset, `default` or `none`, and not set
//! where it names a file.
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

/// The parameters read here.
const NAMES: [&str; 18] = [
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
    "tls_config_file",
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

/// Sets `tls-cipherlist`, `tls-mandatory-cipherlist` and `tls13-ciphersuites` on every
/// `smtpd` and `smtp` service (module doc).
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
        // TLS 1.3: OpenSSL's suites, unless an OpenSSL configuration of Postfix's own
        // (`tls_config_file`, Postfix 3.5.20/3.6.10/3.7.6 and later) may set others.
        let own_config = own
            .get("tls_config_file")
            .or_else(|| main.get("tls_config_file"))
            .map(|p| text(p));
        if !main_unseen
            && own_config
                .as_deref()
                .is_none_or(|f| matches!(f, "" | "default" | "none"))
        {
            found.push((
                i,
                "tls13-ciphersuites",
                crate::tls::openssl::DEFAULT_TLS13.to_string(),
                service.name.span,
            ));
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{SourceFile, SourceMap};

    /// The linked configuration of a `main.cf` and a `master.cf` (if any), with the
    /// defaults of `version` (the default target where `None`).
    fn linked(main: &str, master: Option<&str>, version: Option<&str>) -> (Node, SourceMap) {
        let mut sources = SourceMap::default();
        let file = sources.add(SourceFile::new("etc/postfix/main.cf", main));
        let mut docs = vec![crate::formats::postfix::parse::parse_main(file, main)];
        if let Some(text) = master {
            let file = sources.add(SourceFile::new("etc/postfix/master.cf", text));
            docs.push(crate::formats::postfix::parse::parse_master(file, text));
        }
        let mut versions = BTreeMap::new();
        if let Some(v) = version {
            versions.insert(FileKind::PostfixMain, Version::parse(v).unwrap());
        }
        let defaults = crate::formats::defaults(&versions);
        let mut out = super::super::link::link(docs, &sources, &defaults);
        (out.remove(0).root, sources)
    }

    /// The string and where it is underlined, of `field` on the service `key`.
    fn at(root: &Node, sources: &SourceMap, key: &str, field: &str) -> Option<(String, String)> {
        let service = root
            .children
            .iter()
            .find(|c| {
                c.field("service-key")
                    .is_some_and(|k| k.value.text() == key)
            })
            .unwrap_or_else(|| panic!("no service `{key}`"));
        let v = service.field(field)?;
        let file = sources.get(v.span.file);
        Some((
            v.value.text(),
            file.text[v.span.start..v.span.end].to_string(),
        ))
    }

    const MEDIUM: &str = "aNULL:-aNULL:HIGH:MEDIUM:+RC4:@STRENGTH";

    #[test]
    fn the_defaults_give_the_medium_list_at_the_service() {
        let (root, sources) = linked("compatibility_level = 3.6\n", None, None);
        assert_eq!(
            at(&root, &sources, "smtp/inet", "tls-cipherlist"),
            Some((MEDIUM.to_string(), "".to_string()))
        );
        assert_eq!(
            at(&root, &sources, "smtp/unix", "tls-mandatory-cipherlist").map(|(t, _)| t),
            Some(MEDIUM.to_string())
        );
    }

    /// Exclusions are appended token by token; the mandatory ones only where TLS is
    /// mandatory; the server adds `aNULL` where it asks for (or, mandatory, requires)
    /// client certificates; the client `eNULL` at `encrypt` and `aNULL` where it
    /// verifies. A grade set picks its list, and the list a level sets is where the
    /// suites come from (postconf(5); tls_misc.c `tls_set_ciphers`; live smtpd 3.7.11).
    #[test]
    fn exclusions_grades_and_where_the_suites_come_from() {
        let main = "smtpd_tls_exclude_ciphers = aNULL, CAMELLIA ARIA\n\
                    smtpd_tls_mandatory_exclude_ciphers = SHA1:kRSA\n\
                    smtpd_tls_req_ccert = yes\n\
                    smtp_tls_security_level = verify\n\
                    smtp_tls_mandatory_ciphers = HIGH\n\
                    tls_high_cipherlist = ECDHE+AESGCM\n";
        let master = "smtp inet n - y - - smtpd\n\
                      submission inet n - y - - smtpd\n  -o smtpd_tls_ask_ccert=yes\n\
                      smtp unix - - y - - smtp\n\
                      relay unix - - y - - smtp\n  -o smtp_tls_security_level=encrypt\n";
        let (root, sources) = linked(main, Some(master), None);
        assert_eq!(
            at(&root, &sources, "smtp/inet", "tls-cipherlist").map(|(t, _)| t),
            Some(format!("{MEDIUM}:!aNULL:!CAMELLIA:!ARIA"))
        );
        assert_eq!(
            at(&root, &sources, "smtp/inet", "tls-mandatory-cipherlist").map(|(t, _)| t),
            Some(format!(
                "{MEDIUM}:!aNULL:!CAMELLIA:!ARIA:!SHA1:!kRSA:!aNULL"
            ))
        );
        assert_eq!(
            at(&root, &sources, "submission/inet", "tls-cipherlist").map(|(t, _)| t),
            Some(format!("{MEDIUM}:!aNULL:!CAMELLIA:!ARIA:!aNULL"))
        );
        assert_eq!(
            at(&root, &sources, "smtp/unix", "tls-mandatory-cipherlist"),
            Some((
                "ECDHE+AESGCM:!aNULL".to_string(),
                "tls_high_cipherlist = ECDHE+AESGCM".to_string()
            ))
        );
        assert_eq!(
            at(&root, &sources, "relay/unix", "tls-mandatory-cipherlist").map(|(t, _)| t),
            Some("ECDHE+AESGCM:!eNULL".to_string())
        );
        assert_eq!(
            at(&root, &sources, "smtp/unix", "tls-cipherlist").map(|(t, _)| t),
            Some(MEDIUM.to_string())
        );
    }

    #[test]
    fn a_grade_set_without_its_list_is_where_the_suites_come_from() {
        let (root, sources) = linked(
            "smtpd_tls_mandatory_ciphers = high\n",
            Some("smtp inet n - y - - smtpd\n"),
            None,
        );
        assert_eq!(
            at(&root, &sources, "smtp/inet", "tls-mandatory-cipherlist"),
            Some((
                "aNULL:-aNULL:HIGH:@STRENGTH".to_string(),
                "smtpd_tls_mandatory_ciphers = high".to_string()
            ))
        );
    }

    /// From Postfix 3.8 `low` and `export` are `medium` (tls_misc.c); before, their own
    /// lists. An unknown grade or an exclusion Postfix refuses gives no string (no TLS).
    #[test]
    fn low_export_unknown_grades_and_refused_exclusions() {
        let main = "smtpd_tls_ciphers = low\ntls_low_cipherlist = AES128-SHA\n";
        let (root, sources) = linked(main, None, Some("3.7"));
        assert_eq!(
            at(&root, &sources, "smtp/inet", "tls-cipherlist").map(|(t, _)| t),
            Some("AES128-SHA".to_string())
        );
        let (root, sources) = linked(main, None, Some("3.8"));
        assert_eq!(
            at(&root, &sources, "smtp/inet", "tls-cipherlist").map(|(t, _)| t),
            Some(MEDIUM.to_string())
        );
        let (root, sources) = linked("smtpd_tls_ciphers = bogus\n", None, None);
        assert_eq!(at(&root, &sources, "smtp/inet", "tls-cipherlist"), None);
        assert!(at(&root, &sources, "smtp/inet", "tls-mandatory-cipherlist").is_some());
        let (root, sources) = linked("smtpd_tls_exclude_ciphers = !RC4\n", None, None);
        assert_eq!(at(&root, &sources, "smtp/inet", "tls-cipherlist"), None);
    }

    /// TLS 1.3: OpenSSL's default, unless Postfix reads an OpenSSL configuration file of
    /// its own.
    #[test]
    fn tls13_suites_are_openssls_unless_a_config_file_says() {
        let master = "smtp inet n - y - - smtpd\nrelay unix - - y - - smtp\n  -o tls_config_file=/etc/postfix/openssl.cnf\n";
        for config in ["", "tls_config_file = default\n"] {
            let (root, sources) = linked(config, Some(master), None);
            assert!(
                at(&root, &sources, "smtp/inet", "tls13-ciphersuites").is_some(),
                "{config}"
            );
        }
        let (root, sources) = linked("tls_config_file = none\n", Some(master), None);
        assert_eq!(
            at(&root, &sources, "smtp/inet", "tls13-ciphersuites"),
            Some((
                crate::tls::openssl::DEFAULT_TLS13.to_string(),
                "smtp".to_string()
            ))
        );
        assert_eq!(
            at(&root, &sources, "relay/unix", "tls13-ciphersuites"),
            None
        );
    }

    /// A `master.cf` without its `main.cf`: what the grades are is unknown.
    #[test]
    fn nothing_where_main_cf_is_unseen() {
        let mut sources = SourceMap::default();
        let text = "smtp inet n - y - - smtpd\n";
        let file = sources.add(SourceFile::new("etc/postfix/master.cf", text));
        let docs = vec![crate::formats::postfix::parse::parse_master(file, text)];
        let defaults = crate::formats::defaults(&BTreeMap::new());
        let root = super::super::link::link(docs, &sources, &defaults)
            .remove(0)
            .root;
        assert_eq!(at(&root, &sources, "smtp/inet", "tls-cipherlist"), None);
    }
}
