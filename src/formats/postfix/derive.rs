//! Postfix: the fields linking derives, so that rules read Postfix's own verdicts with
//! the generic tests (and a user's rule can read them too), and the rule engine never
//! calls this format's code.
//!
//! - `protocols` on a TLS protocol list (`smtpd_tls_protocols`,
//!   `smtp_tls_mandatory_protocols`, … every `*_tls_protocols` and
//!   `*_tls_mandatory_protocols`): the protocols it enables, lowest first
//!   ([`enabled_protocols`]). Also on the default `rules::inherit` stands in for a list
//!   no level sets, which linking never saw: the engine asks `formats::derive` for it.
//! - `relay` on an `smtpd` service: whether an unauthenticated client outside
//!   `mynetworks` can relay through it (`closed`, `open`, `no-start`, `unknown`),
//!   spanned where the fix goes, with `relay-label`, `relay-problem`, `relay-permits`
//!   and `relay-notes` saying why ([`relay_fields`]).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::rc::Rc;

use super::link::{
    Class, Verdict, enabled_protocols, has_required, may_name_class, relay_verdict, unread_tables,
};
use crate::defaults::{Defaults, Version};
use crate::finding::code_list;
use crate::model::{FileKind, Node, Value};
use crate::source::{Span, Spanned};

/// A parameter that holds a TLS protocol list.
pub fn is_protocol_list(name: &str) -> bool {
    name.ends_with("_tls_protocols") || name.ends_with("_tls_mandatory_protocols")
}

/// The derived fields of a parameter, as linked or as a default: on a TLS protocol list,
/// `protocols`, the protocols it enables, each spanned at the whole value (from its first
/// item to its last; the parameter where it is empty), where a finding about the list is
/// underlined. Not on a value art32 cannot know (`unknown`).
pub fn param_fields(param: &mut Node) {
    if !is_protocol_list(&param.name.value) {
        return;
    }
    if param.field("unknown").is_some() {
        param.fields.remove("protocols");
        return;
    }
    let span = match (param.args.first(), param.args.last()) {
        (Some(a), Some(b)) => a.span.to(b.span),
        _ => param.span,
    };
    let items: Vec<&str> = param.args.iter().map(|a| a.value.as_str()).collect();
    let enabled = enabled_protocols(&items)
        .into_iter()
        .map(|p| Spanned::new(p.to_string(), span))
        .collect();
    param.set("protocols", Value::List(enabled), span);
}

/// The lists that decide whether a client may relay: the two relay lists, then the lists
/// Postfix evaluates before them at RCPT TO (smtpd_delay_reject), where a REJECT or DEFER
/// stops the client too.
const RELAY_LISTS: [&str; 5] = [
    "smtpd_relay_restrictions",
    "smtpd_recipient_restrictions",
    "smtpd_client_restrictions",
    "smtpd_helo_restrictions",
    "smtpd_sender_restrictions",
];

/// What the configuration's root (its `main.cf`) settles for every `smtpd` service,
/// worked out once per configuration: the root's relay lists and `compatibility_level`,
/// its restriction classes, and the facts of each list a service takes from `main.cf` or
/// from the defaults (per level). So the work for one service is its own `-o` lists, and
/// N services with N restriction classes, or beside a long `main.cf`, cost N, not N².
struct Shared<'a> {
    /// The root of a `master.cf` kept without its `main.cf` stands for that `main.cf`.
    main_unseen: bool,
    /// The root's last child of each relay list's name ([`RELAY_LISTS`] order).
    lists: [Option<&'a Node>; 5],
    /// The root's `compatibility_level` (its last definition, expanded), else the
    /// configuration's.
    level: Option<Version>,
    /// The restriction classes `smtpd_restriction_classes` declares and `main.cf` defines,
    /// with their (expanded) lists.
    classes: BTreeMap<&'a str, Vec<String>>,
    defaults: &'a Defaults,
    /// The facts of the lists `main.cf` sets, once each.
    main_facts: [Option<Rc<ListFacts>>; 5],
    /// The facts of the lists no level sets: the default at a level, once per level.
    default_facts: BTreeMap<(usize, Option<Version>), Rc<ListFacts>>,
    /// Lists evaluated (restriction scans), counted for the test that holds this to
    /// linear work.
    evaluated: usize,
}

impl<'a> Shared<'a> {
    /// Two passes over the root's children, holding only what they find (not a map of
    /// every parameter of a large `main.cf`).
    fn new(root: &'a Node, configured: Option<&Version>, defaults: &'a Defaults) -> Self {
        let mut lists = [None; 5];
        let mut level_node = None;
        let mut declared = None;
        for c in &root.children {
            let name = c.name.value.as_str();
            if let Some(i) = RELAY_LISTS.iter().position(|l| *l == name) {
                lists[i] = Some(c);
            }
            if name == "compatibility_level" {
                level_node = Some(c);
            }
            if c.kind == "param" && name == "smtpd_restriction_classes" {
                declared = Some(c);
            }
        }
        // The last definition of each declared class.
        let mut definitions: BTreeMap<&str, Option<&Node>> = declared
            .iter()
            .flat_map(|d| &d.args)
            .map(|a| (a.value.as_str(), None))
            .collect();
        if !definitions.is_empty() {
            for c in root.children.iter().filter(|c| c.kind == "param") {
                if let Some(def) = definitions.get_mut(c.name.value.as_str()) {
                    *def = Some(c);
                }
            }
        }
        let classes = definitions
            .into_iter()
            .filter_map(|(name, def)| {
                Some((name, def?.args.iter().map(|a| a.value.clone()).collect()))
            })
            .collect();
        Shared {
            main_unseen: root.kind == "context",
            lists,
            level: level_node
                .and_then(|n| n.args.first())
                .and_then(|a| Version::parse(&a.value))
                .or_else(|| configured.cloned()),
            classes,
            defaults,
            main_facts: Default::default(),
            default_facts: BTreeMap::new(),
            evaluated: 0,
        }
    }

    fn class(&self, name: &str) -> Class<'_> {
        match self.classes.get(name) {
            Some(list) => Class::List(Cow::Borrowed(list)),
            None if self.main_unseen && may_name_class(name) => Class::Unseen,
            None => Class::None,
        }
    }

    /// The facts of a list: the relay verdict, and for the two relay lists whether they
    /// name a required restriction and the tables art32 cannot read.
    fn facts(
        &mut self,
        i: usize,
        items: &[String],
        span: Option<Span>,
        unknown: bool,
    ) -> ListFacts {
        self.evaluated += 1;
        let class = |name: &str| self.class(name);
        let relay_list = i < 2;
        ListFacts {
            span,
            empty: items.is_empty(),
            required: if unknown || !relay_list {
                None
            } else {
                has_required(items, &class)
            },
            verdict: if unknown {
                Verdict::Unknown(String::new())
            } else {
                relay_verdict(items, &class, 0)
            },
            unread: if relay_list {
                unread_tables(items)
            } else {
                Vec::new()
            },
        }
    }

    /// The list in effect at a service, as `child = …, inherit = true` reads it there:
    /// the service's last `-o` (`own`), else `main.cf`'s last definition, else the default
    /// of the service's level. Only the first is worked out per service.
    fn in_effect(
        &mut self,
        i: usize,
        own: Option<&Node>,
        level: Option<&Version>,
    ) -> Rc<ListFacts> {
        if let Some(p) = own {
            let items: Vec<String> = p.args.iter().map(|a| a.value.clone()).collect();
            return Rc::new(self.facts(i, &items, Some(p.span), is_unknown(p)));
        }
        if let Some(p) = self.lists[i] {
            if let Some(f) = &self.main_facts[i] {
                return f.clone();
            }
            let items: Vec<String> = p.args.iter().map(|a| a.value.clone()).collect();
            let f = Rc::new(self.facts(i, &items, Some(p.span), is_unknown(p)));
            self.main_facts[i] = Some(f.clone());
            return f;
        }
        let key = (i, level.cloned());
        if let Some(f) = self.default_facts.get(&key) {
            return f.clone();
        }
        let name = RELAY_LISTS[i];
        let items = self
            .defaults
            .get(FileKind::PostfixMain, name, level)
            .map(|d| d.args.clone())
            .unwrap_or_default();
        let unknown = self.main_unseen && self.defaults.knows(FileKind::PostfixMain, name);
        let f = Rc::new(self.facts(i, &items, None, unknown));
        self.default_facts.insert(key, f.clone());
        f
    }
}

fn is_unknown(p: &Node) -> bool {
    matches!(p.field("unknown"), Some(v) if v.value == Value::Bool(true))
}

/// What [`relay`] needs of a list in effect at a service.
struct ListFacts {
    /// Where it is set; `None` for a default.
    span: Option<Span>,
    empty: bool,
    /// For the two relay lists: [`has_required`], `None` where the list is unknown (an
    /// `-o` that reads a `main.cf` art32 cannot see, or a list no level sets in a
    /// configuration whose `main.cf` it cannot see).
    required: Option<bool>,
    verdict: Verdict,
    /// For the two relay lists: [`unread_tables`].
    unread: Vec<String>,
}

/// What linking finds about relaying through one `smtpd` service.
#[derive(Debug, PartialEq, Eq)]
struct Relay {
    verdict: &'static str,
    /// Where the fix goes: the list that lets the client through (or that smtpd refuses
    /// to start with), else the service.
    span: Span,
    /// For `open` and `no-start`: the finding's label and what the service does.
    label: Option<String>,
    problem: Option<String>,
    /// For `open`: the bare `permit`s (or tables that admit everyone) of the relay lists.
    permits: Vec<Spanned<String>>,
    /// For `open` and `no-start`: what else a reader needs, each at its place.
    notes: Vec<Spanned<String>>,
}

/// Sets `relay` and the fields that explain it on every `smtpd` service of a linked
/// configuration (`root`: `main.cf`'s parameters, then the services).
///
/// Both relay lists must let an unauthenticated client outside `mynetworks` through for
/// it to relay (smtpd_check.c evaluates both; a REJECT or DEFER from either rejects), and
/// so must the client, HELO and sender lists (SMTPD_ACCESS_README). smtpd does not start
/// unless one relay list names a rejecting restriction before any `permit`
/// (smtpd_check.c `fail_required`): `no-start`. Where `main.cf` is not in the repository,
/// a list no `-o` sets, or one that reaches an item which may name a class `main.cf`
/// defines, may close the relay: unless a list that is known closes it, the verdict is
/// `unknown`.
pub fn relay_fields(root: &mut Node, configured: Option<&Version>, defaults: &Defaults) {
    let found = relays(root, configured, defaults).0;
    for (i, r) in found {
        let service = &mut root.children[i];
        service.set("relay", Value::Str(r.verdict.into()), r.span);
        if let Some(label) = r.label {
            service.set("relay-label", Value::Str(label), r.span);
        }
        if let Some(problem) = r.problem {
            service.set("relay-problem", Value::Str(problem), r.span);
        }
        if r.verdict == "open" {
            service.set("relay-permits", Value::List(r.permits), r.span);
        }
        if !r.notes.is_empty() {
            service.set("relay-notes", Value::List(r.notes), r.span);
        }
    }
}

/// The relay facts of every `smtpd` service (by index in `root.children`), and how many
/// lists were evaluated.
fn relays(
    root: &Node,
    configured: Option<&Version>,
    defaults: &Defaults,
) -> (Vec<(usize, Relay)>, usize) {
    let mut shared = Shared::new(root, configured, defaults);
    let found = root
        .children
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            s.kind == "service"
                && s.field("command")
                    .is_some_and(|c| c.value.text() == "smtpd")
        })
        .map(|(i, s)| (i, relay(s, &mut shared)))
        .collect();
    (found, shared.evaluated)
}

fn relay(service: &Node, shared: &mut Shared) -> Relay {
    let at_name = service.name.span;
    // The service's own lists and level: its last `-o` of each.
    let mut own: [Option<&Node>; 5] = [None; 5];
    let mut own_level = None;
    for c in &service.children {
        let name = c.name.value.as_str();
        if let Some(i) = RELAY_LISTS.iter().position(|l| *l == name) {
            own[i] = Some(c);
        }
        if name == "compatibility_level" {
            own_level = Some(c);
        }
    }
    // The `compatibility_level` whose defaults hold at the service: its own `-o`, else
    // `main.cf`'s (read from the expanded value), else the configuration's.
    let level = own_level
        .and_then(|n| n.args.first())
        .and_then(|a| Version::parse(&a.value))
        .or_else(|| shared.level.clone());
    let lists: [Rc<ListFacts>; 5] =
        std::array::from_fn(|i| shared.in_effect(i, own[i], level.as_ref()));
    // The tables of the relay lists' `check_*_access` art32 cannot read.
    let mut unread: Vec<Spanned<String>> = lists[..2]
        .iter()
        .filter(|list| !list.unread.is_empty())
        .map(|list| {
            Spanned::new(
                format!(
                    "art32 cannot read {}: what it returns for a client is not checked",
                    code_list(list.unread.iter())
                ),
                list.span.unwrap_or(at_name),
            )
        })
        .collect();
    let decided = |verdict: &'static str| Relay {
        verdict,
        span: at_name,
        label: None,
        problem: None,
        permits: Vec::new(),
        notes: Vec::new(),
    };
    if lists[..2].iter().all(|list| list.required == Some(false)) {
        // The list to fix: a set one with items (a `permit` too early), else a set one.
        let set = (0..2)
            .find(|i| lists[*i].span.is_some() && !lists[*i].empty)
            .or_else(|| (0..2).find(|i| lists[*i].span.is_some()));
        let (span, label) = match set {
            Some(i) => (
                lists[i].span.unwrap_or(at_name),
                format!(
                    "`{}` names no `reject_unauth_destination` (or other rejecting restriction) before a `permit`",
                    RELAY_LISTS[i]
                ),
            ),
            None => (
                at_name,
                "neither relay restriction list is set, and their defaults (empty below `compatibility_level` 1) name no rejecting restriction".into(),
            ),
        };
        return Relay {
            span,
            label: Some(label),
            problem: Some("does not start: Postfix requires `reject_unauth_destination` (or `defer_unauth_destination`, `reject`, `defer`) before any `permit` in `smtpd_relay_restrictions` or `smtpd_recipient_restrictions`".into()),
            notes: unread,
            ..decided("no-start")
        };
    }
    let verdicts: Vec<&Verdict> = lists.iter().map(|list| &list.verdict).collect();
    if verdicts.iter().any(|v| matches!(v, Verdict::Closed(_))) {
        return decided("closed");
    }
    if verdicts.iter().any(|v| matches!(v, Verdict::Unknown(_))) {
        return decided("unknown");
    }
    // Point at the list that lets the client through: one with a bare `permit`, else
    // one that is set, else the service.
    let culprit = (0..2)
        .find(|i| matches!(verdicts[*i], Verdict::Permit(_)) && lists[*i].span.is_some())
        .or_else(|| (0..2).find(|i| lists[*i].span.is_some()));
    let mut notes = Vec::new();
    let (span, label) = match culprit {
        Some(i) => {
            let other = 1 - i;
            notes.push(Spanned::new(
                format!("`{}` does not stop it either", RELAY_LISTS[other]),
                lists[other].span.unwrap_or(at_name),
            ));
            let label = match verdicts[i] {
                Verdict::Permit(item) => format!("`{item}` lets any client relay"),
                _ => format!(
                    "`{}` ends without `reject_unauth_destination`",
                    RELAY_LISTS[i]
                ),
            };
            (lists[i].span.unwrap_or(at_name), label)
        }
        None => (
            at_name,
            "neither restriction list is set, and their defaults do not stop relaying".into(),
        ),
    };
    notes.append(&mut unread);
    let permits = (0..2)
        .filter_map(|i| match verdicts[i] {
            Verdict::Permit(item) => {
                Some(Spanned::new(item.clone(), lists[i].span.unwrap_or(at_name)))
            }
            _ => None,
        })
        .collect();
    Relay {
        span,
        label: Some(label),
        problem: Some("relays mail for unauthenticated clients outside `mynetworks`".into()),
        permits,
        notes,
        ..decided("open")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{SourceFile, SourceMap};

    /// The linked configuration of a `main.cf` (if any) and a `master.cf` (if any).
    fn linked(main: Option<&str>, master: Option<&str>) -> (Node, SourceMap) {
        let mut sources = SourceMap::default();
        let mut docs = Vec::new();
        if let Some(text) = main {
            let file = sources.add(SourceFile::new("etc/postfix/main.cf", text));
            docs.push(crate::formats::postfix::parse::parse_main(file, text));
        }
        if let Some(text) = master {
            let file = sources.add(SourceFile::new("etc/postfix/master.cf", text));
            docs.push(crate::formats::postfix::parse::parse_master(file, text));
        }
        let defaults = crate::formats::defaults(&BTreeMap::new());
        let mut out = super::super::link::link(docs, &sources, &defaults);
        (out.remove(0).root, sources)
    }

    fn list(node: &Node, field: &str) -> Vec<String> {
        match node.field(field).map(|v| &v.value) {
            Some(Value::List(items)) => items.iter().map(|i| i.value.clone()).collect(),
            other => panic!("`{field}` is {other:?}"),
        }
    }

    fn text(node: &Node, field: &str) -> Option<String> {
        node.field(field).map(|v| v.value.text())
    }

    fn child<'a>(node: &'a Node, name: &str) -> &'a Node {
        node.children
            .iter()
            .rfind(|c| c.name.value == name)
            .unwrap_or_else(|| panic!("no `{name}`"))
    }

    /// Every protocol list, in `main.cf` and in `-o`, expanded or not, gets the
    /// protocols it enables, spanned at the whole value; one that reads a `main.cf`
    /// art32 cannot see gets none.
    #[test]
    fn protocol_lists_get_the_protocols_they_enable() {
        let main = "x = !TLSv1.1\nsmtpd_tls_protocols = !SSLv2, !SSLv3\n\
                    smtp_tls_mandatory_protocols = $x\nlmtp_tls_protocols =\nother = TLSv1\n";
        let master = "smtp inet n - y - - smtpd\n  -o smtpd_tls_mandatory_protocols=>=TLSv1.2\n";
        let (root, sources) = linked(Some(main), Some(master));
        let p = child(&root, "smtpd_tls_protocols");
        assert_eq!(
            list(p, "protocols"),
            ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"]
        );
        let span = p.field("protocols").unwrap().span;
        assert_eq!(
            &sources.get(span.file).text[span.start..span.end],
            "!SSLv2, !SSLv3"
        );
        // A gap disables everything above it, also through `$x`.
        assert_eq!(
            list(child(&root, "smtp_tls_mandatory_protocols"), "protocols"),
            ["SSLv2", "SSLv3", "TLSv1"]
        );
        // Empty: every protocol, spanned at the parameter.
        let empty = child(&root, "lmtp_tls_protocols");
        assert_eq!(list(empty, "protocols").len(), 6);
        assert_eq!(empty.field("protocols").unwrap().span, empty.span);
        assert!(child(&root, "other").field("protocols").is_none());
        let service = child(&root, "smtp");
        assert_eq!(
            list(child(service, "smtpd_tls_mandatory_protocols"), "protocols"),
            ["TLSv1.2", "TLSv1.3"]
        );
        // Without `main.cf`, an `-o` that reads it is unknown: no protocols.
        let master = "smtp inet n - y - - smtpd\n  -o smtpd_tls_protocols=$foo\n";
        let (root, _) = linked(None, Some(master));
        let p = child(child(&root, "smtp"), "smtpd_tls_protocols");
        assert!(p.field("unknown").is_some() && p.field("protocols").is_none());
    }

    /// The default that `rules::inherit` stands in for an unset list gets them too,
    /// through `formats::derive`.
    #[test]
    fn defaults_get_the_protocols_they_enable() {
        let at = Span::default();
        let mut node = Node::new("default", Spanned::new("smtp_tls_protocols".into(), at), at);
        node.args = vec![Spanned::new(">=TLSv1".into(), at)];
        crate::formats::derive(FileKind::PostfixMain, &mut node);
        assert_eq!(
            list(&node, "protocols"),
            ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"]
        );
        let mut nginx = node.clone();
        nginx.fields.remove("protocols");
        crate::formats::derive(FileKind::Nginx, &mut nginx);
        assert!(nginx.field("protocols").is_none());
    }

    fn at<'a>(sources: &'a SourceMap, node: &Node, field: &str) -> &'a str {
        let span = node.field(field).unwrap().span;
        &sources.get(span.file).text[span.start..span.end]
    }

    /// The verdicts, spanned where the fix goes, with what explains them.
    #[test]
    fn smtpd_services_get_a_relay_verdict() {
        let main = "compatibility_level = 3.6\nsmtpd_relay_restrictions = permit_mynetworks, \
                    check_client_access hash:/etc/postfix/access, permit, reject_unauth_destination\n";
        let master = "smtp inet n - y - - smtpd\n\
                      sub inet n - y - - smtpd\n  -o smtpd_relay_restrictions=reject_unauth_destination\n\
                      late inet n - y - - smtpd\n  -o smtpd_recipient_restrictions=check_client_access,static:OK,permit\n\
                      out unix - - y - - smtp\n";
        let (root, sources) = linked(Some(main), Some(master));
        // `permit` before any rejecting restriction, and the recipient list is empty
        // (3.6): smtpd does not start.
        let smtp = child(&root, "smtp");
        assert_eq!(text(smtp, "relay").as_deref(), Some("no-start"));
        assert!(at(&sources, smtp, "relay").starts_with("smtpd_relay_restrictions = "));
        assert_eq!(
            text(smtp, "relay-label").as_deref(),
            Some(
                "`smtpd_relay_restrictions` names no `reject_unauth_destination` (or other rejecting restriction) before a `permit`"
            )
        );
        assert!(
            text(smtp, "relay-problem")
                .unwrap()
                .starts_with("does not start: ")
        );
        assert_eq!(
            list(smtp, "relay-notes"),
            [
                "art32 cannot read `hash:/etc/postfix/access`: what it returns for a client is not checked"
            ]
        );
        assert!(smtp.field("relay-permits").is_none());
        let sub = child(&root, "sub");
        assert_eq!(text(sub, "relay").as_deref(), Some("closed"));
        assert_eq!(sub.field("relay").unwrap().span, sub.name.span);
        assert!(sub.field("relay-label").is_none() && sub.field("relay-notes").is_none());
        // Neither list of `late` names a rejecting restriction before a `permit` (its
        // recipient list is an `-o` with a bare `permit`): it does not start either.
        let late = child(&root, "late");
        assert_eq!(text(late, "relay").as_deref(), Some("no-start"));
        assert!(child(&root, "out").field("relay").is_none());

        let main = "compatibility_level = 3.6\nsmtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\n";
        let master = "smtp inet n - y - - smtpd\n\
                      2526 inet n - y - - smtpd\n  -o smtpd_relay_restrictions=check_client_access,static:OK,reject_unauth_destination\n";
        let (root, sources) = linked(Some(main), Some(master));
        assert_eq!(
            text(child(&root, "smtp"), "relay").as_deref(),
            Some("closed")
        );
        let open = child(&root, "2526");
        assert_eq!(text(open, "relay").as_deref(), Some("open"));
        assert_eq!(
            at(&sources, open, "relay"),
            "-o smtpd_relay_restrictions=check_client_access,static:OK,reject_unauth_destination"
        );
        assert_eq!(
            text(open, "relay-label").as_deref(),
            Some("`check_client_access static:OK` lets any client relay")
        );
        assert_eq!(
            text(open, "relay-problem").as_deref(),
            Some("relays mail for unauthenticated clients outside `mynetworks`")
        );
        assert_eq!(
            list(open, "relay-permits"),
            ["check_client_access static:OK"]
        );
        assert_eq!(
            list(open, "relay-notes"),
            ["`smtpd_recipient_restrictions` does not stop it either"]
        );
        // The note is at the service: the other list is a default.
        let Some(Value::List(notes)) = open.field("relay-notes").map(|v| &v.value) else {
            unreachable!()
        };
        assert_eq!(notes[0].span, open.name.span);

        // Without `main.cf`, a list no `-o` sets may close it there: unknown; one that
        // a known list closes is closed.
        let master = "smtp inet n - y - - smtpd\n  -o smtpd_relay_restrictions=permit\n\
                      sub inet n - y - - smtpd\n  -o smtpd_client_restrictions=reject\n";
        let (root, _) = linked(None, Some(master));
        assert_eq!(
            text(child(&root, "smtp"), "relay").as_deref(),
            Some("unknown")
        );
        assert_eq!(
            text(child(&root, "sub"), "relay").as_deref(),
            Some("closed")
        );
    }

    /// Each list `main.cf` or a default sets is evaluated once for all services (issue 14:
    /// N services with N restriction classes took 118 s at N = 4000, every service
    /// rebuilding the classes and scanning the relay list through them); a service's own
    /// `-o` list is evaluated for it alone.
    #[test]
    fn lists_from_main_cf_are_evaluated_once_for_all_services() {
        let n = 300;
        let classes: Vec<String> = (0..n).map(|i| format!("c{i}")).collect();
        let mut main = format!(
            "compatibility_level = 3.6\nsmtpd_restriction_classes = {}\n",
            classes.join(", ")
        );
        for c in &classes {
            main += &format!("{c} = permit_mynetworks, check_sender_access hash:/x/{c}\n");
        }
        main += &format!(
            "smtpd_relay_restrictions = {}, reject_unauth_destination\n",
            classes.join(", ")
        );
        let mut master = String::new();
        for i in 0..n {
            master += &format!("s{i} inet n - y - - smtpd\n");
            if i % 30 == 0 {
                // 10 services with a relay list of their own.
                master += "  -o smtpd_relay_restrictions=c1,permit\n";
            }
            if i % 60 == 1 {
                // 5 services at level 0, whose defaults differ.
                master += "  -o compatibility_level=0\n";
            }
        }
        let (root, _) = linked(Some(&main), Some(&master));
        let services = root.children.iter().filter(|c| c.kind == "service").count();
        assert_eq!(services, n);
        assert_eq!(text(child(&root, "s1"), "relay").as_deref(), Some("closed"));
        assert_eq!(
            text(child(&root, "s0"), "relay").as_deref(),
            Some("no-start")
        );
        let defaults = crate::formats::defaults(&BTreeMap::new());
        let (found, evaluated) = relays(&root, None, &defaults);
        assert_eq!(found.len(), n);
        // `main.cf`'s relay list and the four defaults at 3.6; the ten `-o` lists; the
        // four defaults at level 0.
        assert!(evaluated <= 1 + 4 + 10 + 4, "{evaluated} lists evaluated");
    }

    /// A service's `-o compatibility_level` picks its defaults; the configuration's level
    /// is on the root, for `evaluate`.
    #[test]
    fn the_level_of_the_defaults_is_worked_out_once() {
        let main = "compatibility_level = 3.6\ncompatibility_level = 2\n";
        let master =
            "smtp inet n - y - - smtpd\nold inet n - y - - smtpd\n  -o compatibility_level=0\n";
        let (root, _) = linked(Some(main), Some(master));
        assert_eq!(
            text(&root, crate::defaults::LEVEL_FIELD).as_deref(),
            Some("2")
        );
        // Level 2: the relay list defaults to `… defer_unauth_destination`.
        assert_eq!(
            text(child(&root, "smtp"), "relay").as_deref(),
            Some("closed")
        );
        // Level 0: both lists empty, smtpd does not start.
        let old = child(&root, "old");
        assert_eq!(text(old, "relay").as_deref(), Some("no-start"));
        assert_eq!(old.field("relay").unwrap().span, old.name.span);
        let (root, _) = linked(None, Some(master));
        assert!(root.field(crate::defaults::LEVEL_FIELD).is_none());
    }
}
