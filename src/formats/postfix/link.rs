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

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet};

use crate::defaults::{Defaults, Version};
use crate::formats::postfix::parse::{
    MAX_EXPANSION_WORK, RAW_PARAMETERS, expand, is_known_parameter, split_list, try_expand_within,
};
use crate::model::{Document, FileKind, Node, ParseDiagnostic, Value};
use crate::source::{SourceMap, Span, Spanned};

/// The linked Postfix configurations: one per `main.cf` (with the `master.cf` in its
/// directory), and one per `master.cf` that has no `main.cf` beside it. The parsed
/// documents are taken, not copied: their nodes become the linked configuration's, so
/// that a large `main.cf` is held once.
pub fn link(docs: Vec<Document>, sources: &SourceMap, defaults: &Defaults) -> Vec<Document> {
    let dir = |d: &Document| {
        let path = &sources.get(d.file).path;
        path.rsplit_once('/').map_or("", |(d, _)| d).to_string()
    };
    let mut masters: BTreeMap<String, Document> = BTreeMap::new();
    let mut mains = Vec::new();
    for d in docs {
        match d.kind {
            FileKind::PostfixMaster => {
                masters.entry(dir(&d)).or_insert(d);
            }
            FileKind::PostfixMain => mains.push(d),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for main in mains {
        let master = masters.remove(&dir(&main));
        out.push(configuration(Some(main), master, defaults));
    }
    for master in masters.into_values() {
        out.push(configuration(None, Some(master), defaults));
    }
    out
}

fn configuration(
    main: Option<Document>,
    master: Option<Document>,
    defaults: &Defaults,
) -> Document {
    let base = main
        .as_ref()
        .or(master.as_ref())
        .map(|d| (d.file, d.root.span))
        .unwrap_or_default();
    let has_main = main.is_some();
    // Without a `main.cf`, the root stands for the one art32 cannot see.
    let mut root = match main {
        Some(m) => m.root,
        None => Node::new("context", Spanned::new(String::new(), base.1), base.1),
    };
    let main_params = last_values(&root.children);
    let compatibility_level = main_params
        .get("compatibility_level")
        .and_then(|v| Version::parse(v));
    let mut budget = Budget {
        left: MAX_EXPANSION_WORK,
        spent: false,
        diagnostics: Vec::new(),
    };
    let master_file = master.as_ref().map(|m| m.file);
    let services: Vec<Node> = match master {
        Some(m) => m
            .root
            .children
            .into_iter()
            .filter(|c| c.kind == "service")
            .collect(),
        None => implied_services(Span::new(base.0, 0, 0)),
    };
    // The names some service overrides: expanding `main.cf`, which of its values read
    // them is noted, so that a service re-expands only those (below).
    let overridden: BTreeSet<String> = services
        .iter()
        .flat_map(|s| &s.children)
        .filter(|c| c.kind == "param")
        .map(|c| c.name.value.clone())
        .collect();
    let no_overrides = BTreeMap::new();
    let mut main_scope = Scope::new(
        &no_overrides,
        has_main.then_some(&main_params),
        compatibility_level.clone(),
        defaults,
    );
    main_scope.watched = Some(&overridden);
    // For each overridden name, the `main.cf` parameters (indices in `root.children`)
    // whose expansion read it.
    let mut readers: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, p) in root.children.iter_mut().enumerate() {
        expand_in(p, &main_scope, &mut budget);
        let mut read = main_scope.watched_read.take();
        read.sort_unstable();
        read.dedup();
        for name in read {
            readers.entry(name).or_default().push(i);
        }
    }
    if !has_main && let Some(m) = master_file {
        let at = services.first().map_or(Span::new(m, 0, 0), |s| s.name.span);
        budget.diagnostics.push(ParseDiagnostic::not_checked(
            at,
            "`main.cf` is not beside this `master.cf`, so only its `-o` overrides were \
             checked, not what `main.cf` would set; keep `main.cf` next to `master.cf` in the \
             repository to have the services judged",
        ));
    }
    let main_nodes: BTreeMap<&str, &Node> = root
        .children
        .iter()
        .filter(|n| n.kind == "param")
        .map(|n| (n.name.value.as_str(), n))
        .collect();
    let mut linked = Vec::new();
    for mut service in services {
        let overrides = last_values(&service.children);
        // `-o compatibility_level=…` sets the defaults of this service (Postfix 3.7 reads
        // the compatibility-dependent defaults as `${{$compatibility_level} <level …}`
        // expressions, expanded with the overrides in effect).
        let level = overrides
            .get("compatibility_level")
            .and_then(|v| Version::parse(v))
            .or_else(|| compatibility_level.clone());
        let scope = Scope::new(
            &overrides,
            has_main.then_some(&main_params),
            level,
            defaults,
        );
        for p in &mut service.children {
            expand_in(p, &scope, &mut budget);
        }
        // A `main.cf` value that refers to a parameter this service overrides has
        // another value in this service: the daemon expands `main.cf` values only after
        // applying its `-o` options (mail_conf_update, then mail_conf_eval when each
        // parameter is read). It is added to the service, at the `-o` that changes it.
        // Only a value whose expansion in `main.cf` read an overridden name (or a default,
        // which `-o compatibility_level` changes) can: expanded alike up to the first
        // name whose value differs here, it reads that name there too. So the work per
        // service is its overrides and the values they change, not all of `main.cf`.
        if has_main && !overrides.is_empty() {
            let mut candidates: Vec<&str> = overrides
                .keys()
                .filter_map(|o| readers.get(o.as_str()))
                .flatten()
                .map(|&i| root.children[i].name.value.as_str())
                .collect();
            // In name order, as they are added.
            candidates.sort_unstable();
            candidates.dedup();
            for name in candidates {
                let Some(node) = main_nodes.get(name) else {
                    continue;
                };
                if overrides.contains_key(name)
                    || RAW_PARAMETERS.contains(&name)
                    || !main_params.get(name).is_some_and(|v| v.contains('$'))
                {
                    continue;
                }
                #[cfg(test)]
                REEXPANDED.set(REEXPANDED.get() + 1);
                let mut changed = (*node).clone();
                scope.read.borrow_mut().clear();
                expand_in(&mut changed, &scope, &mut budget);
                let Some(cause) = scope.read.borrow().first().cloned() else {
                    continue;
                };
                if changed.args == node.args && changed.field("unknown") == node.field("unknown") {
                    continue;
                }
                let Some(at) = service
                    .children
                    .iter()
                    .rfind(|c| c.kind == "param" && c.name.value == cause)
                else {
                    continue;
                };
                changed.span = at.span;
                changed.name.span = at.name.span;
                changed.set("implied", Value::Bool(true), at.span);
                service.children.push(changed);
            }
        }
        linked.push(service);
    }
    mark_loopback(&mut linked, &root.children);
    // Exactly: a doubled vector of a large `main.cf`'s parameters would be held to the end.
    root.children.reserve_exact(linked.len());
    root.children.extend(linked);
    for node in &mut root.children {
        super::derive::param_fields(node);
        for p in &mut node.children {
            super::derive::param_fields(p);
        }
    }
    super::derive::relay_fields(&mut root, compatibility_level.as_ref(), defaults);
    super::ciphers::cipher_fields(&mut root, compatibility_level.as_ref(), defaults);
    // The level of the defaults, worked out here once: `evaluate` hands it to the rules.
    if let Some(level) = &compatibility_level {
        let at = root
            .children
            .iter()
            .rfind(|c| c.kind == "param" && c.name.value == "compatibility_level")
            .map_or(root.span, |c| c.span);
        root.set(
            crate::defaults::LEVEL_FIELD,
            Value::Str(level.to_string()),
            at,
        );
    }
    Document {
        kind: FileKind::PostfixMain,
        file: base.0,
        root,
        diagnostics: budget.diagnostics,
    }
}

/// Where a service's parameters get their values: its `-o` overrides, then `main.cf`
/// (the last definition), then what Postfix computes or defaults to for the target
/// version and the service's `compatibility_level`.
struct Scope<'a> {
    overrides: &'a BTreeMap<String, String>,
    /// `None`: a `master.cf` whose `main.cf` art32 cannot see.
    main: Option<&'a BTreeMap<String, String>>,
    compatibility_level: Option<Version>,
    defaults: &'a Defaults,
    /// Set when an expansion reads what art32 cannot know: a parameter of a `main.cf`
    /// it cannot see, or the machine's host name.
    unknown: Cell<bool>,
    /// The overrides expansions read, in order.
    read: RefCell<Vec<String>>,
    /// `mydomain` is being derived from `myhostname` (which may refer to it).
    deriving: Cell<bool>,
    /// Names whose lookups are noted in `watched_read` (`compatibility_level` stands for
    /// the defaults, whose values depend on it).
    watched: Option<&'a BTreeSet<String>>,
    watched_read: RefCell<Vec<&'a str>>,
}

impl<'a> Scope<'a> {
    fn new(
        overrides: &'a BTreeMap<String, String>,
        main: Option<&'a BTreeMap<String, String>>,
        compatibility_level: Option<Version>,
        defaults: &'a Defaults,
    ) -> Self {
        Scope {
            overrides,
            main,
            compatibility_level,
            defaults,
            unknown: Cell::new(false),
            read: RefCell::new(Vec::new()),
            deriving: Cell::new(false),
            watched: None,
            watched_read: RefCell::new(Vec::new()),
        }
    }

    /// Notes a lookup of `name` if it is watched.
    fn watch(&self, name: &str) {
        if let Some(n) = self.watched.and_then(|w| w.get(name)) {
            self.watched_read.borrow_mut().push(n);
        }
    }

    fn lookup(&self, name: &str) -> Option<String> {
        self.watch(name);
        if let Some(v) = self.overrides.get(name) {
            self.read.borrow_mut().push(name.to_string());
            return Some(v.clone());
        }
        let Some(main) = self.main else {
            self.unknown.set(true);
            return None;
        };
        if let Some(v) = main.get(name) {
            return Some(v.clone());
        }
        match name {
            // The machine's host name (gethostname), which a repository does not hold.
            "myhostname" => {
                self.unknown.set(true);
                None
            }
            // `$myhostname` minus its first label, or `localdomain` when it has no dot
            // (mail_params.c check_mydomainname; postconf 3.7.11: `myhostname = mail`
            // gives `mydomain = localdomain`).
            "mydomain" => {
                if self.deriving.get() {
                    return None;
                }
                let raw = self.lookup("myhostname")?;
                self.deriving.set(true);
                let host = expand(&raw, &|n| self.lookup(n));
                self.deriving.set(false);
                Some(
                    host.split_once('.')
                        .map_or("localdomain", |(_, domain)| domain)
                        .to_string(),
                )
            }
            _ => {
                self.watch("compatibility_level");
                self.defaults
                    .get(
                        FileKind::PostfixMain,
                        name,
                        self.compatibility_level.as_ref(),
                    )
                    .map(|d| d.args.join(" "))
            }
        }
    }
}

/// Expands a parameter in a scope: its `args`, or, where the value reads what art32
/// cannot know, no `args` and the field `unknown`.
fn expand_in(param: &mut Node, scope: &Scope, budget: &mut Budget) {
    scope.unknown.set(false);
    param.fields.remove("unknown");
    set_expanded(param, &|n| scope.lookup(n), budget);
    if scope.unknown.get() {
        param.args.clear();
        param.set("unknown", Value::Bool(true), param.span);
    } else if KEYWORD_PARAMETERS.contains(&param.name.value.as_str()) {
        for a in &mut param.args {
            a.value.make_ascii_lowercase();
        }
    }
}

/// Parameters whose values Postfix reads as keywords, ignoring case, so that `YES`,
/// `Encrypt` and `MAY` are `yes`, `encrypt` and `may`: booleans (mail_conf_bool.c:
/// `strcasecmp(strval, CONFIG_BOOL_YES)`) and TLS security levels (tls_level.c:
/// `name_code(tls_level_table, NAME_CODE_FLAG_NONE, name)`, and name_code.c: "The lookup
/// is case insensitive"). Their `args` are lowercased; `value` stays as written.
const KEYWORD_PARAMETERS: &[&str] = &[
    "smtpd_tls_security_level",
    "smtp_tls_security_level",
    "lmtp_tls_security_level",
    "smtpd_use_tls",
    "smtpd_enforce_tls",
    "smtp_use_tls",
    "smtp_enforce_tls",
    "lmtp_use_tls",
    "lmtp_enforce_tls",
    "smtpd_tls_auth_only",
    "smtpd_tls_wrappermode",
    "smtp_tls_wrappermode",
    "smtpd_sasl_auth_enable",
    "smtp_sasl_auth_enable",
    "lmtp_sasl_auth_enable",
    "smtpd_tls_ask_ccert",
    "smtpd_tls_req_ccert",
    "smtpd_delay_reject",
    "smtpd_helo_required",
    "disable_vrfy_command",
];

/// The parameters that name a transport (`transport:nexthop`) mail goes through, with
/// the transport Postfix uses where they are not set (postconf(5)).
const TRANSPORT_PARAMETERS: &[(&str, Option<&str>)] = &[
    ("content_filter", None),
    ("default_transport", Some("smtp")),
    ("relay_transport", Some("relay")),
    ("virtual_transport", Some("virtual")),
    ("mailbox_transport", None),
    ("fallback_transport", None),
    ("local_transport", Some("local")),
];

/// Marks `loopback` the client services (`smtp`, `lmtp`) that deliver only to this
/// machine: every transport setting art32 can see that names the service (in `main.cf`
/// or an `-o`) gives a loopback next hop (`smtp-amavis:[127.0.0.1]:10024`,
/// `lmtp:unix:private/dovecot-lmtp`), and at least one does. Mail to such a next hop
/// does not cross a network. Transport tables (`transport_maps`) art32 cannot read.
fn mark_loopback(services: &mut [Node], main: &[Node]) {
    let mut refs: BTreeMap<String, Vec<bool>> = BTreeMap::new();
    let mut record = |params: &[&Node], defaults: bool| {
        for (name, default) in TRANSPORT_PARAMETERS {
            let set = params
                .iter()
                .rfind(|p| p.kind == "param" && p.name.value == *name);
            let values: Vec<String> = match set {
                Some(p) => p.args.iter().map(|a| a.value.clone()).collect(),
                None if defaults => default.iter().map(|d| d.to_string()).collect(),
                None => Vec::new(),
            };
            for v in values {
                let (transport, nexthop) = v.split_once(':').unwrap_or((&v, ""));
                refs.entry(transport.to_string())
                    .or_default()
                    .push(is_loopback_nexthop(nexthop));
            }
        }
    };
    record(&main.iter().collect::<Vec<_>>(), true);
    for s in services.iter() {
        record(&s.children.iter().collect::<Vec<_>>(), false);
    }
    for s in services.iter_mut() {
        let client = matches!(
            s.field("command").map(|c| c.value.text()).as_deref(),
            Some("smtp" | "lmtp")
        );
        let name = s.name.value.clone();
        if client && refs.get(&name).is_some_and(|r| r.iter().all(|l| *l)) {
            s.set("loopback", Value::Bool(true), s.name.span);
        }
    }
}

/// A next hop on this machine: `[127.0.0.1]:10024`, `[::1]`, `localhost`, a UNIX socket
/// (`unix:private/dovecot-lmtp`).
fn is_loopback_nexthop(nexthop: &str) -> bool {
    if nexthop.starts_with("unix:") {
        return true;
    }
    let host = match nexthop.strip_prefix('[') {
        Some(rest) => rest.split_once(']').map_or(rest, |(h, _)| h),
        None => nexthop.rsplit_once(':').map_or(nexthop, |(h, _)| h),
    };
    let host = host.strip_prefix("ipv6:").unwrap_or(host);
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    host.parse::<std::net::IpAddr>()
        .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
thread_local! {
    /// `main.cf` values re-expanded with a service's overrides, counted for the test that
    /// holds this to the values the overrides change.
    static REEXPANDED: Cell<usize> = const { Cell::new(0) };
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

/// Is `item` one of `names`, ignoring case (as Postfix reads restriction names)?
fn is_one_of(item: &str, names: &[&str]) -> bool {
    names.iter().any(|n| n.eq_ignore_ascii_case(item))
}

/// Access-table restrictions whose key every client supplies when it relays: its address
/// and name, its HELO name, its sender and recipient addresses (postconf(5)
/// `check_client_access` and the lists after it). A table that returns OK for every key
/// admits every client.
const ACCESS_CHECKS: &[&str] = &[
    "check_client_access",
    "check_reverse_client_hostname_access",
    "check_helo_access",
    "check_sender_access",
    "check_recipient_access",
];

/// A table that returns `OK` for every lookup: `static:OK`, `static:PERMIT` (an access
/// result may be a restriction, and `permit` is one), or an all-numerical result, which
/// access(5) treats as OK. Postfix 3.7.11 relays to a foreign domain behind
/// `check_client_access static:OK, reject_unauth_destination` and `static:PERMIT`
/// (checked live with a throwaway smtpd on 127.0.0.1).
fn admits_everyone(table: &str) -> bool {
    let Some(result) = table
        .get(..7)
        .filter(|t| t.eq_ignore_ascii_case("static:"))
        .map(|_| &table[7..])
    else {
        return false;
    };
    let result = result
        .strip_prefix('{')
        .and_then(|r| r.strip_suffix('}'))
        .unwrap_or(result)
        .trim();
    result.eq_ignore_ascii_case("ok")
        || result.eq_ignore_ascii_case("permit")
        || (!result.is_empty() && result.bytes().all(|b| b.is_ascii_digit()))
}

/// The access tables of a list's `check_*_access` restrictions that art32 cannot read
/// (every type but `static:`): what they return for a client is not known.
pub fn unread_tables(items: &[String]) -> Vec<String> {
    items
        .windows(2)
        .filter(|w| {
            starts_with_ignore_case(&w[0], "check_")
                && w[0].len() >= "_access".len()
                && w[0].as_bytes()[w[0].len() - "_access".len()..].eq_ignore_ascii_case(b"_access")
                && !starts_with_ignore_case(&w[1], "static:")
        })
        .map(|w| w[1].clone())
        .collect()
}

/// Would smtpd start with this relay list? Postfix requires one of the two relay lists to
/// name a rejecting restriction ([`CLOSERS`]) before any `permit`, looking into restriction
/// classes and skipping the restriction after `warn_if_reject`; else every smtpd process
/// stops with "in parameter smtpd_relay_restrictions or smtpd_recipient_restrictions,
/// specify at least one working instance of: reject_unauth_destination, …" (smtpd_check.c
/// `has_required` and `fail_required`, Postfix 3.7.11, confirmed live). `None` where an
/// item may name a class of a `main.cf` art32 cannot see.
/// A class is followed once: when it comes up again it held no required restriction
/// before, so the work is linear in the classes' lengths.
pub fn has_required<'c>(items: &[String], class: &dyn Fn(&str) -> Class<'c>) -> Option<bool> {
    required_within(items, class, 0, &mut std::collections::BTreeSet::new())
}

fn required_within<'c>(
    items: &[String],
    class: &dyn Fn(&str) -> Class<'c>,
    depth: usize,
    followed: &mut std::collections::BTreeSet<String>,
) -> Option<bool> {
    let mut rest = items.iter();
    while let Some(item) = rest.next() {
        if item.eq_ignore_ascii_case("warn_if_reject") {
            rest.next();
            continue;
        }
        if item.eq_ignore_ascii_case("permit") {
            return Some(false);
        }
        if is_one_of(item, CLOSERS) {
            return Some(true);
        }
        if depth < 8 && !followed.contains(item) {
            match class(item) {
                Class::List(inner) => {
                    followed.insert(item.clone());
                    if required_within(&inner, class, depth + 1, followed)? {
                        return Some(true);
                    }
                }
                Class::Unseen => return None,
                Class::None => {}
            }
        }
    }
    Some(false)
}

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
pub enum Class<'c> {
    /// A restriction class of the configuration, with its list (borrowed from the
    /// configuration's classes, worked out once).
    List(Cow<'c, [String]>),
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
    !item.is_empty()
        && item.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !item.bytes().all(|b| b.is_ascii_digit())
        && !BUILT_IN.iter().any(|b| starts_with_ignore_case(item, b))
}

/// `text.to_ascii_lowercase().starts_with(prefix)` for a lowercase `prefix`, without the
/// copy.
fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.as_bytes()
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

///
/// Classes are followed 8 deep. A class already followed at this depth or above is not
/// followed again: it came to its end then (else the scan would have stopped), and
/// with no more room it would again. So the work is linear in the classes' lengths,
/// where lists of classes that name each other many times would be exponential.
pub fn relay_verdict<'c>(
    items: &[String],
    class: &dyn Fn(&str) -> Class<'c>,
    depth: usize,
) -> Verdict {
    verdict_within(items, class, depth, &mut BTreeMap::new())
}

/// [`relay_verdict`], with the depth each class was last followed at.
fn verdict_within<'c>(
    items: &[String],
    class: &dyn Fn(&str) -> Class<'c>,
    depth: usize,
    followed: &mut BTreeMap<String, usize>,
) -> Verdict {
    for (i, item) in items.iter().enumerate() {
        if is_one_of(item, CLOSERS) {
            return Verdict::Closed(item.clone());
        }
        if item.eq_ignore_ascii_case("permit") {
            return Verdict::Permit(item.clone());
        }
        if is_one_of(item, ACCESS_CHECKS)
            && let Some(table) = items.get(i + 1)
            && admits_everyone(table)
        {
            return Verdict::Permit(format!("{item} {table}"));
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

    /// A `main.cf` of many short parameters is held once and without slack (issue 12:
    /// two 4.4 MB files took 930 MB; the parsed tree was copied into the linked one, the
    /// copy's parameter list doubled when the implied services were added, and each
    /// parameter's two fields took a map node of eleven).
    #[test]
    fn a_large_main_cf_is_linked_without_copies_or_slack() {
        let text: String = (0..10_000).map(|i| format!("p{i} = v{i}\n")).collect();
        let mut sources = SourceMap::default();
        let file = sources.add(crate::source::SourceFile::new(
            "etc/postfix/main.cf",
            text.as_str(),
        ));
        let doc = crate::formats::postfix::parse::parse_main(file, &text);
        let first = doc.root.children[0].name.value.as_ptr();
        let defaults = crate::formats::defaults(&BTreeMap::new());
        let linked = link(vec![doc], &sources, &defaults);
        let root = &linked[0].root;
        assert_eq!(root.children.len(), 10_000 + 2);
        assert_eq!(root.children.capacity(), root.children.len());
        // The parsed nodes themselves, not copies.
        assert_eq!(root.children[0].name.value.as_ptr(), first);
        assert!(
            root.children
                .iter()
                .all(|p| p.fields.len() <= crate::model::FEW_FIELDS)
        );
    }

    /// A service re-expands only the `main.cf` values its overrides change (issue 14:
    /// every service with an `-o` re-expanded every `main.cf` value with a `$`), and gets
    /// them as before: a value that reads an override, also through another value or a
    /// default that `-o compatibility_level` changes.
    #[test]
    fn services_re_expand_only_the_values_their_overrides_change() {
        let mut main = String::from(
            "compatibility_level = 3.6\nname = main\nbanner = $name ESMTP\nfar = [$banner]\n\
             lists = $smtpd_relay_restrictions\n",
        );
        for i in 0..1000 {
            main.push_str(&format!("p{i} = $compatibility_level x{i}\n"));
        }
        let mut master = String::new();
        for i in 0..500 {
            master.push_str(&format!("s{i} inet n - y - - smtpd\n  -o name=s{i}\n"));
        }
        master.push_str("old inet n - y - - smtpd\n  -o compatibility_level=0\n");
        let mut sources = SourceMap::default();
        let main_file = sources.add(crate::source::SourceFile::new(
            "etc/postfix/main.cf",
            main.as_str(),
        ));
        let master_file = sources.add(crate::source::SourceFile::new(
            "etc/postfix/master.cf",
            master.as_str(),
        ));
        let docs = vec![
            crate::formats::postfix::parse::parse_main(main_file, &main),
            crate::formats::postfix::parse::parse_master(master_file, &master),
        ];
        let defaults = crate::formats::defaults(&BTreeMap::new());
        REEXPANDED.set(0);
        let linked = link(docs, &sources, &defaults);
        let root = &linked[0].root;
        let service = |name: &str| {
            root.children
                .iter()
                .find(|c| c.kind == "service" && c.name.value == name)
                .unwrap()
        };
        let implied = |s: &Node| -> Vec<(String, Vec<String>)> {
            s.children
                .iter()
                .filter(|c| c.field("implied").is_some())
                .map(|c| {
                    (
                        c.name.value.clone(),
                        c.args.iter().map(|a| a.value.clone()).collect(),
                    )
                })
                .collect()
        };
        assert_eq!(
            implied(service("s7")),
            [
                (
                    "banner".to_string(),
                    vec!["s7".to_string(), "ESMTP".to_string()]
                ),
                (
                    "far".to_string(),
                    vec!["[s7".to_string(), "ESMTP]".to_string()]
                ),
            ]
        );
        // Level 0: every `p…` reads `compatibility_level`. `lists` reads a default, so
        // it is expanded again too, but reads no override: it is not added.
        let old = implied(service("old"));
        assert_eq!(old.len(), 1000, "{:?}", &old[..3]);
        assert_eq!(
            old[0],
            ("p0".to_string(), vec!["0".to_string(), "x0".to_string()])
        );
        // 500 services × `banner` and `far`, and the level-0 service's 1001 values; not
        // 500 × 1003.
        assert_eq!(REEXPANDED.get(), 500 * 2 + 1001);
    }

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
            "strict" => Class::List(vec!["reject_unauth_destination".to_string()].into()),
            _ => Class::None,
        };
        assert_eq!(
            relay_verdict(&v("permit_mynetworks, strict"), &class, 0),
            Verdict::Closed("reject_unauth_destination".into())
        );
    }

    /// smtpd_check.c `has_required`: a rejecting restriction before any `permit`,
    /// classes followed, the item after `warn_if_reject` skipped; and tables that
    /// admit every client (live on Postfix 3.7.11).
    #[test]
    fn required_restrictions_and_tables_that_admit_everyone() {
        let none = |_: &str| Class::None;
        let v = |s: &str| s.split(", ").map(String::from).collect::<Vec<_>>();
        assert_eq!(
            has_required(&v("permit_mynetworks, reject_unauth_destination"), &none),
            Some(true)
        );
        assert_eq!(
            has_required(
                &v("permit_mynetworks, permit, reject_unauth_destination"),
                &none
            ),
            Some(false)
        );
        assert_eq!(
            has_required(&v("warn_if_reject, reject_unauth_destination"), &none),
            Some(false)
        );
        assert_eq!(
            has_required(&v("REJECT_UNAUTH_DESTINATION"), &none),
            Some(true)
        );
        assert_eq!(has_required(&[], &none), Some(false));
        let class = |n: &str| match n {
            "guard" => Class::List(vec!["reject".to_string()].into()),
            _ => Class::None,
        };
        assert_eq!(
            has_required(&v("permit_mynetworks, guard"), &class),
            Some(true)
        );
        assert_eq!(
            relay_verdict(
                &v("check_client_access, static:OK, reject_unauth_destination"),
                &none,
                0
            ),
            Verdict::Permit("check_client_access static:OK".into())
        );
        assert_eq!(
            relay_verdict(
                &v("check_client_access, hash:/etc/postfix/access, reject_unauth_destination"),
                &none,
                0
            ),
            Verdict::Closed("reject_unauth_destination".into())
        );
        assert!(admits_everyone("static:PERMIT") && admits_everyone("static:{ OK }"));
        assert!(!admits_everyone("static:REJECT") && !admits_everyone("hash:/x"));
        assert_eq!(
            unread_tables(&v(
                "check_client_access, hash:/x, check_helo_access, static:OK"
            )),
            ["hash:/x"]
        );
        for hop in [
            "[127.0.0.1]:10024",
            "localhost:10024",
            "[::1]",
            "unix:private/dovecot-lmtp",
            "[ipv6:::1]:25",
        ] {
            assert!(is_loopback_nexthop(hop), "{hop}");
        }
        for hop in ["", "[192.0.2.1]:25", "mx.example.com"] {
            assert!(!is_loopback_nexthop(hop), "{hop}");
        }
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
            Class::List(
                if level == 7 {
                    vec!["permit_mynetworks".to_string()]
                } else {
                    vec![format!("c{}", level + 1); 50]
                }
                .into(),
            )
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
            "x" => Class::List(vec!["y".to_string()].into()),
            "y" => Class::List(vec!["b".to_string()].into()),
            "b" => Class::List(vec!["c".to_string()].into()),
            "c" => Class::List(vec!["reject".to_string()].into()),
            _ => Class::None,
        };
        assert_eq!(relay_verdict(&v("x"), &class, 5), Verdict::End);
        assert_eq!(
            relay_verdict(&v("x, b"), &class, 5),
            Verdict::Closed("reject".into())
        );
    }
}
