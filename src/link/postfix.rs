//! Postfix: a configuration is a `main.cf` and the `master.cf` beside it, read the way
//! Postfix reads them.
//!
//! The linked document has the `main.cf` parameters as children of its root and the
//! `master.cf` services after them, each service with its `-o` overrides as children.
//! So a rule that looks a parameter up from a service with `inherit = true` gets
//! Postfix's effective value: the service's `-o` override, else `main.cf`, else the
//! built-in default of the target version (and `compatibility_level`).
//!
//! Every parameter node gets its value expanded (`$name`, `${name?…}`, … as `postconf
//! -x` does) as its `args`, one per list item, so that rules read expanded values.
//! Where a `main.cf` has no `master.cf` beside it, the services every stock
//! `master.cf` enables are implied: `smtp inet … smtpd` and `smtp unix … smtp`
//! (Postfix's `conf/master.cf`, Debian's `master.cf.dist`).
//!
//! A `master.cf` without a `main.cf` beside it (kept elsewhere, or encrypted) is not a
//! configuration Postfix would run: `postconf -c DIR -M` stops with `fatal: open
//! DIR/main.cf: No such file or directory`, and an `-o name=value` overrides the
//! `main.cf` parameter of that name (master(5)). Its `main.cf` is somewhere art32
//! cannot see, so it is not taken for an empty one: the root of such a configuration is
//! a `context` node standing for it, like the implied `http` of an nginx fragment, and
//! a parameter no `-o` of a service sets is unknown there (`rules::inherit`): rules do
//! not judge it. What `-o` sets is judged. An `-o` value that refers (`$name`) to a
//! parameter the service's own overrides do not set would take it from that `main.cf`
//! (`postconf -x -P` expands it so, with main.cf's value or the default), so its value
//! is unknown too: the parameter gets the field `unknown` and no `args`. The
//! configuration carries one `not-checked` note saying so, at its first service.

use std::collections::BTreeMap;

use crate::defaults::{Defaults, Version};
use crate::model::{Document, FileKind, Node, ParseDiagnostic, Value};
use crate::parse::postfix::{
    MAX_EXPANSION_WORK, RAW_PARAMETERS, is_known_parameter, split_list, try_expand_within,
};
use crate::source::{SourceMap, Span, Spanned};

/// The linked Postfix configurations: one per `main.cf` (with the `master.cf` in its
/// directory), and one per `master.cf` that has no `main.cf` beside it.
pub fn link(docs: &[&Document], sources: &SourceMap, defaults: &Defaults) -> Vec<Document> {
    let dir = |d: &Document| {
        let path = &sources.get(d.file).path;
        path.rsplit_once('/').map_or("", |(d, _)| d).to_string()
    };
    let mut masters: BTreeMap<String, &Document> = BTreeMap::new();
    for d in docs.iter().filter(|d| d.kind == FileKind::PostfixMaster) {
        masters.entry(dir(d)).or_insert(d);
    }
    let mut out = Vec::new();
    let mut paired = Vec::new();
    for main in docs.iter().filter(|d| d.kind == FileKind::PostfixMain) {
        let master = masters.get(&dir(main)).copied();
        if let Some(m) = master {
            paired.push(m.file);
        }
        out.push(configuration(Some(main), master, defaults));
    }
    for master in masters.values().filter(|m| !paired.contains(&m.file)) {
        out.push(configuration(None, Some(master), defaults));
    }
    out
}

fn configuration(
    main: Option<&Document>,
    master: Option<&Document>,
    defaults: &Defaults,
) -> Document {
    let base = main
        .or(master)
        .map(|d| (d.file, d.root.span))
        .unwrap_or_default();
    // Without a `main.cf`, the root stands for the one art32 cannot see.
    let mut root = match main {
        Some(m) => m.root.clone(),
        None => Node::new("context", Spanned::new(String::new(), base.1), base.1),
    };
    let main_params = last_values(&root.children);
    let compatibility_level = main_params
        .get("compatibility_level")
        .and_then(|v| Version::parse(v));
    let lookup_main = |name: &str| -> Option<String> {
        main_params.get(name).cloned().or_else(|| {
            defaults
                .get(FileKind::PostfixMain, name, compatibility_level.as_ref())
                .map(|d| d.args.join(" "))
        })
    };
    let mut budget = Budget {
        left: MAX_EXPANSION_WORK,
        spent: false,
        diagnostics: Vec::new(),
    };
    for p in &mut root.children {
        set_expanded(p, &lookup_main, &mut budget);
    }
    let services: Vec<Node> = match master {
        Some(m) => m
            .root
            .children
            .iter()
            .filter(|c| c.kind == "service")
            .cloned()
            .collect(),
        None => implied_services(Span::new(base.0, 0, 0)),
    };
    if main.is_none()
        && let Some(m) = master
    {
        let at = services
            .first()
            .map_or(Span::new(m.file, 0, 0), |s| s.name.span);
        budget.diagnostics.push(ParseDiagnostic::not_checked(
            at,
            "`main.cf` is not beside this `master.cf`, so only its `-o` overrides were \
             checked, not what `main.cf` would set; keep `main.cf` next to `master.cf` in the \
             repository to have the services judged",
        ));
    }
    for mut service in services {
        let overrides = last_values(&service.children);
        // Set when an expansion reads a parameter of a `main.cf` art32 cannot see.
        let unseen = std::cell::Cell::new(false);
        let lookup = |name: &str| {
            overrides.get(name).cloned().or_else(|| match main {
                Some(_) => lookup_main(name),
                None => {
                    unseen.set(true);
                    None
                }
            })
        };
        for p in &mut service.children {
            unseen.set(false);
            set_expanded(p, &lookup, &mut budget);
            if unseen.get() {
                p.args.clear();
                p.set("unknown", Value::Bool(true), p.span);
            }
        }
        root.children.push(service);
    }
    Document {
        kind: FileKind::PostfixMain,
        file: base.0,
        root,
        diagnostics: budget.diagnostics,
    }
}

/// The text the expansions of one configuration may still read and write, whether it
/// ran out, and the expansions that failed.
struct Budget {
    left: usize,
    spent: bool,
    diagnostics: Vec<ParseDiagnostic>,
}

/// The value of each parameter: the last definition wins, as in Postfix.
fn last_values(nodes: &[Node]) -> BTreeMap<String, String> {
    nodes
        .iter()
        .filter(|n| n.kind == "param")
        .filter_map(|n| Some((n.name.value.clone(), n.field("value")?.value.text())))
        .collect()
}

/// Sets `args` to the expanded value's list items. Items of a value without `$`
/// keep their own spans; items that expansion produced point at the whole value.
/// An expansion that fails (a cycle, a syntax error: Postfix would stop with a macro
/// processing error) is reported, and its value is checked as far as it expanded. Once
/// the configuration's budget is spent, values stay as written (reported once).
fn set_expanded(param: &mut Node, lookup: &dyn Fn(&str) -> Option<String>, budget: &mut Budget) {
    let Some(value) = param.field("value").cloned() else {
        return;
    };
    let raw = value.value.text();
    // Postfix expands these itself at run time, per message; postconf shows them raw.
    let unexpanded = RAW_PARAMETERS.contains(&param.name.value.as_str()) || budget.spent;
    if (!raw.contains('$') || unexpanded)
        && let Some(Spanned {
            value: Value::List(items),
            ..
        }) = param.field("items")
    {
        param.args = items.clone();
        return;
    }
    let expanded = match try_expand_within(&raw, lookup, &mut budget.left) {
        Ok(text) => text,
        // art32's bound, not Postfix's: what it did not expand is not checked.
        Err(e) if budget.left == 0 => {
            budget.spent = true;
            budget.diagnostics.push(ParseDiagnostic::not_checked(
                value.span,
                format!(
                    "{}; this value and the ones after it are checked as written",
                    e.message
                ),
            ));
            if let Some(Spanned {
                value: Value::List(items),
                ..
            }) = param.field("items")
            {
                param.args = items.clone();
            }
            return;
        }
        // postconf stops with `fatal: macro processing error` on a parameter it knows;
        // on one of the configuration's own it only warns (`truncated macro reference`,
        // `unused parameter`), and stops where a parameter it knows uses it, which is
        // then reported there.
        Err(e) if is_known_parameter(&param.name.value) => {
            budget.diagnostics.push(ParseDiagnostic::error(
                value.span,
                format!(
                    "`{}` cannot be expanded as Postfix would: {}; it is checked as far as it \
                     expands",
                    param.name.value, e.message
                ),
            ));
            e.expanded
        }
        Err(e) => {
            budget.diagnostics.push(ParseDiagnostic::not_checked(
                value.span,
                format!(
                    "`{}` cannot be expanded as Postfix would: {}; Postfix stops only where a \
                     parameter it knows uses it, and it is checked as far as it expands",
                    param.name.value, e.message
                ),
            ));
            e.expanded
        }
    };
    param.args = split_list(&expanded)
        .into_iter()
        .map(|(s, e)| Spanned::new(expanded[s..e].to_string(), value.span))
        .collect();
}

/// The services every stock `master.cf` enables that rules read: the SMTP server
/// `smtp inet n - y - - smtpd` and the SMTP client `smtp unix - - y - - smtp`.
fn implied_services(at: Span) -> Vec<Node> {
    let service = |name: &str, kind: &str, private: &str, command: &str| {
        let mut n = Node::new("service", Spanned::new(name.into(), at), at);
        for (field, value) in [
            ("service", name),
            ("type", kind),
            ("private", private),
            ("unpriv", "-"),
            ("chroot", "y"),
            ("wakeup", "-"),
            ("maxproc", "-"),
            ("command", command),
        ] {
            n.set(field, Value::Str(value.into()), at);
        }
        n.set("service-key", Value::Str(format!("{name}/{kind}")), at);
        n.set("implied", Value::Bool(true), at);
        n
    };
    vec![
        service("smtp", "inet", "n", "smtpd"),
        service("smtp", "unix", "-", "smtp"),
    ]
}

/// The TLS protocols Postfix enables for a protocol list (`smtpd_tls_protocols` and
/// kin), lowest first. Items are separated by whitespace, commas or colons and may
/// mix the forms Postfix accepts (src/tls/tls_misc.c, postconf(5)): bare names
/// (an inclusion list: only those), `!NAME` (exclusion), and `>=NAME`/`<=NAME` bounds
/// (Postfix 3.6). An empty list allows every protocol. As OpenSSL enables one
/// contiguous range, a gap disables everything above it ("disabling any higher version
/// implicitly disables all versions above that higher version", postconf(5)).
pub fn enabled_protocols(items: &[&str]) -> Vec<&'static str> {
    const ALL: [&str; 6] = ["SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"];
    let index = |name: &str| ALL.iter().position(|p| p.eq_ignore_ascii_case(name));
    let tokens: Vec<&str> = items
        .iter()
        .flat_map(|i| i.split([' ', '\t', ',', ':']))
        .filter(|t| !t.is_empty())
        .collect();
    let mut on = [true; 6];
    let includes: Vec<usize> = tokens
        .iter()
        .filter(|t| !t.starts_with(['!', '<', '>']))
        .filter_map(|t| index(t))
        .collect();
    if !includes.is_empty() {
        on = [false; 6];
        for i in includes {
            on[i] = true;
        }
    }
    for t in &tokens {
        if let Some(i) = t.strip_prefix('!').and_then(index) {
            on[i] = false;
        } else if let Some(i) = t.strip_prefix(">=").and_then(index) {
            on[..i].iter_mut().for_each(|p| *p = false);
        } else if let Some(i) = t.strip_prefix("<=").and_then(index) {
            on[i + 1..].iter_mut().for_each(|p| *p = false);
        }
    }
    let Some(low) = on.iter().position(|p| *p) else {
        return Vec::new();
    };
    ALL[low..]
        .iter()
        .zip(&on[low..])
        .take_while(|(_, p)| **p)
        .map(|(n, _)| *n)
        .collect()
}

/// Restrictions that stop an unauthenticated client from relaying: the ones Postfix
/// requires in one of the two relay lists (smtpd_check.c `rcpt_required`).
const CLOSERS: &[&str] = &[
    "reject_unauth_destination",
    "defer_unauth_destination",
    "reject",
    "defer",
    "defer_if_permit",
    "check_relay_domains",
];

/// How a restriction list treats an unauthenticated client outside `mynetworks` that
/// sends to a foreign domain: evaluated left to right until a result, the end of the
/// list being PERMIT (SMTPD_ACCESS_README). `permit_mynetworks`,
/// `permit_sasl_authenticated`, `permit_tls_clientcerts`, access tables and the like
/// only admit their own clients, so the scan goes on past them. A restriction class
/// (`smtpd_restriction_classes`) is evaluated as the list it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Rejected or deferred by this item.
    Closed(String),
    /// Permitted by a bare `permit` at this item.
    Permit(String),
    /// The end of the list: permitted.
    End,
    /// This item may name a restriction class that a `main.cf` art32 cannot see
    /// defines: what follows is not known.
    Unknown(String),
}

/// What a restriction list item names, besides a built-in restriction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Class {
    /// A restriction class of the configuration, with its list.
    List(Vec<String>),
    /// No class of the configuration.
    None,
    /// Possibly a class that a `main.cf` art32 cannot see defines.
    Unseen,
}

/// Could this list item name a restriction class? Classes are parameter names
/// (letters, digits, `_`), and Postfix tries the built-in restrictions first
/// (smtpd_check.c `generic_checks`: "User-defined restriction class" comes after them),
/// whose names all start with `permit`, `reject`, `defer`, `check_`, `warn_if_reject`
/// or `sleep` (postconf(5), "smtpd_client_restrictions" and the lists after it). Table
/// names (`hash:/…`), addresses and domains (`zen.spamhaus.org`) cannot.
pub fn may_name_class(item: &str) -> bool {
    const BUILT_IN: [&str; 6] = [
        "permit",
        "reject",
        "defer",
        "check_",
        "warn_if_reject",
        "sleep",
    ];
    let lower = item.to_ascii_lowercase();
    !item.is_empty()
        && item.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !item.bytes().all(|b| b.is_ascii_digit())
        && !BUILT_IN.iter().any(|b| lower.starts_with(b))
}

///
/// Classes are followed 8 deep. A class already followed at this depth or above is not
/// followed again: it came to its end then (else the scan would have stopped), and
/// with no more room it would again. So the work is linear in the classes' lengths,
/// where lists of classes that name each other many times would be exponential.
pub fn relay_verdict(items: &[String], class: &dyn Fn(&str) -> Class, depth: usize) -> Verdict {
    verdict_within(items, class, depth, &mut BTreeMap::new())
}

/// [`relay_verdict`], with the depth each class was last followed at.
fn verdict_within(
    items: &[String],
    class: &dyn Fn(&str) -> Class,
    depth: usize,
    followed: &mut BTreeMap<String, usize>,
) -> Verdict {
    for item in items {
        let name = item.to_ascii_lowercase();
        if CLOSERS.contains(&name.as_str()) {
            return Verdict::Closed(item.clone());
        }
        if name == "permit" {
            return Verdict::Permit(item.clone());
        }
        if depth < 8 && followed.get(item).is_none_or(|&at| depth < at) {
            match class(item) {
                Class::List(inner) => {
                    followed.insert(item.clone(), depth);
                    match verdict_within(&inner, class, depth + 1, followed) {
                        Verdict::End => {}
                        decided => return decided,
                    }
                }
                Class::Unseen => return Verdict::Unknown(item.clone()),
                Class::None => {}
            }
        }
    }
    Verdict::End
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protocol_lists_in_every_syntax() {
        assert_eq!(
            enabled_protocols(&[">=TLSv1"]),
            ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"]
        );
        assert_eq!(enabled_protocols(&[">=TLSv1.2"]), ["TLSv1.2", "TLSv1.3"]);
        assert_eq!(
            enabled_protocols(&["!SSLv2", "!SSLv3"]),
            ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"]
        );
        assert_eq!(
            enabled_protocols(&["!SSLv2,!SSLv3,!TLSv1,!TLSv1.1"]),
            ["TLSv1.2", "TLSv1.3"]
        );
        // A gap disables everything above it.
        assert_eq!(
            enabled_protocols(&["!SSLv2", "!SSLv3", "!TLSv1.1"]),
            ["TLSv1"]
        );
        assert_eq!(
            enabled_protocols(&["TLSv1.2", "TLSv1.3"]),
            ["TLSv1.2", "TLSv1.3"]
        );
        assert_eq!(enabled_protocols(&[]).len(), 6);
        assert_eq!(
            enabled_protocols(&["<=TLSv1.2", ">=tlsv1.1"]),
            ["TLSv1.1", "TLSv1.2"]
        );
        assert!(enabled_protocols(&["!SSLv2:!SSLv3:!TLSv1:!TLSv1.1:!TLSv1.2:!TLSv1.3"]).is_empty());
    }

    #[test]
    fn relay_lists_in_order() {
        let none = |_: &str| Class::None;
        let v = |s: &str| s.split(", ").map(String::from).collect::<Vec<_>>();
        assert_eq!(
            relay_verdict(
                &v("permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination"),
                &none,
                0
            ),
            Verdict::Closed("defer_unauth_destination".into())
        );
        assert_eq!(
            relay_verdict(&v("permit_mynetworks, permit"), &none, 0),
            Verdict::Permit("permit".into())
        );
        assert_eq!(
            relay_verdict(
                &v("permit_mynetworks, check_client_access hash:/x"),
                &none,
                0
            ),
            Verdict::End
        );
        assert_eq!(relay_verdict(&[], &none, 0), Verdict::End);
        let class = |n: &str| match n {
            "strict" => Class::List(vec!["reject_unauth_destination".to_string()]),
            _ => Class::None,
        };
        assert_eq!(
            relay_verdict(&v("permit_mynetworks, strict"), &class, 0),
            Verdict::Closed("reject_unauth_destination".into())
        );
    }

    /// Where `main.cf` is not in the repository, a list item that may name a class it
    /// defines leaves the verdict open, unless the list is decided before it.
    #[test]
    fn classes_nobody_can_see_leave_the_verdict_open() {
        let v = |s: &str| s.split(", ").map(String::from).collect::<Vec<_>>();
        let unseen = |n: &str| {
            if may_name_class(n) {
                Class::Unseen
            } else {
                Class::None
            }
        };
        assert_eq!(
            relay_verdict(&v("permit_mynetworks, strict, permit"), &unseen, 0),
            Verdict::Unknown("strict".into())
        );
        assert_eq!(
            relay_verdict(
                &v(
                    "permit_sasl_authenticated, check_client_access, hash:/etc/postfix/access, permit"
                ),
                &unseen,
                0
            ),
            Verdict::Permit("permit".into())
        );
        assert_eq!(
            relay_verdict(&v("reject_unauth_destination, strict"), &unseen, 0),
            Verdict::Closed("reject_unauth_destination".into())
        );
        assert!(may_name_class("mua_sender_restrictions"));
        for item in [
            "permit_mynetworks",
            "Reject_unknown_sender_domain",
            "check_policy_service",
            "warn_if_reject",
            "sleep",
            "10",
            "hash:/etc/postfix/access",
            "zen.spamhaus.org",
            "unix:private/policy",
        ] {
            assert!(!may_name_class(item), "{item}");
        }
    }

    /// Classes that name the next class 50 times each, 8 deep, then reject: 50^8 paths,
    /// decided by following each class once.
    #[test]
    fn classes_that_name_each_other_are_followed_once() {
        let v = |s: &str| s.split(", ").map(String::from).collect::<Vec<_>>();
        let calls = std::cell::Cell::new(0usize);
        let class = |n: &str| -> Class {
            calls.set(calls.get() + 1);
            let Some(level) = n.strip_prefix('c').and_then(|l| l.parse::<usize>().ok()) else {
                return Class::None;
            };
            Class::List(if level == 7 {
                vec!["permit_mynetworks".to_string()]
            } else {
                vec![format!("c{}", level + 1); 50]
            })
        };
        let top = vec!["c0".to_string(), "reject".to_string()];
        assert_eq!(
            relay_verdict(&top, &class, 0),
            Verdict::Closed("reject".into())
        );
        assert!(calls.get() < 1000, "{} class lookups", calls.get());
        // A class followed deep first, where it ran out of room, is followed again
        // higher up, with more room.
        let class = |n: &str| match n {
            "x" => Class::List(vec!["y".to_string()]),
            "y" => Class::List(vec!["b".to_string()]),
            "b" => Class::List(vec!["c".to_string()]),
            "c" => Class::List(vec!["reject".to_string()]),
            _ => Class::None,
        };
        assert_eq!(relay_verdict(&v("x"), &class, 5), Verdict::End);
        assert_eq!(
            relay_verdict(&v("x, b"), &class, 5),
            Verdict::Closed("reject".into())
        );
    }
}
