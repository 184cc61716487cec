//! `relay-closed` (Postfix): an unauthenticated client outside `mynetworks` cannot
//! relay through this `smtpd` service.

use std::collections::BTreeMap;
use std::fmt;

use super::kind::{Site, Test, TestKind};
use super::operand::code_list;
use super::{CompileContext, EvalContext, Evidence, SubjectValue};
use crate::model::Node;
use crate::rules::inherit::{self, Origin};
use crate::source::Span;

/// `relay-closed = true`.
#[derive(Debug)]
pub struct RelayClosed;

impl TestKind for RelayClosed {
    const KEY: &'static str = "relay-closed";
    const BINDS: &'static [&'static str] = &["value", "offending", "problem"];
    type Operand = bool;

    fn compile(b: &bool, cx: &CompileContext) -> Result<Self, String> {
        if !b {
            return Err("`relay-closed` can only be `true`".into());
        }
        if cx.kind.family() != "postfix" {
            return Err(
                "`relay-closed` evaluates Postfix restriction lists: it needs `kind = \"postfix\"`"
                    .into(),
            );
        }
        Ok(RelayClosed)
    }
}

impl Test for RelayClosed {
    fn evaluate(&self, _: &SubjectValue, at: &Site<'_>, ev: &mut Evidence) -> bool {
        relay_closed(at.node, at.ancestors, at.cx, ev)
    }

    fn describe(&self, _: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unauthenticated clients outside `mynetworks` cannot relay (smtpd_relay_restrictions, smtpd_recipient_restrictions, and the client, HELO and sender restrictions Postfix evaluates before them)"
        )
    }
}

/// Postfix relay control for an `smtpd` service: both relay lists must let an
/// unauthenticated client outside `mynetworks` through for it to relay (smtpd_check.c
/// evaluates both; a REJECT or DEFER from either rejects), and so must the client,
/// HELO and sender lists, which Postfix evaluates first (SMTPD_ACCESS_README).
/// Where `main.cf` is not in the repository, a list no `-o` sets, or one that reaches
/// an item which may name a class `main.cf` defines, may close the relay: unless a
/// list that is known closes it, the service is not judged (`unknown`).
fn relay_closed(node: &Node, ancestors: &[&Node], cx: &EvalContext, ev: &mut Evidence) -> bool {
    use crate::link::postfix::{Class, Verdict, has_required, may_name_class, relay_verdict};
    // The relay lists, then the lists Postfix evaluates before them at RCPT TO
    // (smtpd_delay_reject): a REJECT or DEFER in any of them stops the client too.
    let lists = [
        "smtpd_relay_restrictions",
        "smtpd_recipient_restrictions",
        "smtpd_client_restrictions",
        "smtpd_helo_restrictions",
        "smtpd_sender_restrictions",
    ]
    .map(|name| {
        let occ = inherit::occurrences(
            node,
            ancestors,
            name,
            true,
            cx.kind,
            cx.defaults,
            cx.compatibility_level.as_ref(),
            &cx.levels,
        );
        let items: Vec<String> = occ
            .nodes
            .iter()
            .flat_map(|n| n.args.iter().map(|a| a.value.clone()))
            .collect();
        let span = occ
            .nodes
            .first()
            .filter(|_| occ.default_source.is_none())
            .map(|n| n.span);
        (name, items, span, occ.origin, occ.unknown)
    });
    let root = ancestors.first().copied().unwrap_or(node);
    // The root of a `master.cf` kept without its `main.cf` stands for that `main.cf`.
    let main_unseen = root.kind == "context";
    // The classes and their lists, found once (and through the index, not a scan of
    // every parameter for each service): the lists are scanned item by item.
    let param = |name: &str| {
        cx.levels
            .named(root, name)
            .into_iter()
            .rfind(|c| c.kind == "param")
    };
    let mut classes: BTreeMap<&str, &Node> = BTreeMap::new();
    if let Some(declared) = param("smtpd_restriction_classes") {
        for name in &declared.args {
            if let Some(def) = param(&name.value) {
                classes.insert(name.value.as_str(), def);
            }
        }
    }
    let class = |name: &str| match classes.get(name) {
        Some(def) => Class::List(def.args.iter().map(|a| a.value.clone()).collect()),
        None if main_unseen && may_name_class(name) => Class::Unseen,
        None => Class::None,
    };
    // The tables of the relay lists' `check_*_access` art32 cannot read.
    let unread: Vec<(Span, Vec<String>)> = lists[..2]
        .iter()
        .map(|(_, items, span, ..)| {
            (
                span.unwrap_or(node.name.span),
                crate::link::postfix::unread_tables(items),
            )
        })
        .filter(|(_, tables)| !tables.is_empty())
        .collect();
    let unread_note = |ev: &mut Evidence| {
        for (span, tables) in &unread {
            ev.notes.push((
                *span,
                format!(
                    "art32 cannot read {}: what it returns for a client is not checked",
                    code_list(tables.iter())
                ),
            ));
        }
    };
    // smtpd stops at startup unless one relay list names a rejecting restriction
    // before any `permit` (smtpd_check.c `fail_required`).
    let required: Vec<Option<bool>> = lists[..2]
        .iter()
        .map(|(_, items, _, _, unknown)| {
            if *unknown {
                None
            } else {
                has_required(items, &class)
            }
        })
        .collect();
    if required.iter().all(|r| *r == Some(false)) {
        // The list to fix: a set one with items (a `permit` too early), else a set one.
        let set = (0..2)
            .find(|i| lists[*i].2.is_some() && !lists[*i].1.is_empty())
            .or_else(|| (0..2).find(|i| lists[*i].2.is_some()));
        match set {
            Some(i) => {
                ev.span = lists[i].2;
                ev.label = Some(format!(
                    "`{}` names no `reject_unauth_destination` (or other rejecting restriction) before a `permit`",
                    lists[i].0
                ));
                ev.origin = Some(lists[i].3.clone());
            }
            None => {
                ev.span = Some(node.name.span);
                ev.label = Some(
                    "neither relay restriction list is set, and their defaults (empty below `compatibility_level` 1) name no rejecting restriction".into(),
                );
                ev.origin = Some(Origin::Default);
            }
        }
        ev.vars.push((
            "problem".into(),
            "does not start: Postfix requires `reject_unauth_destination` (or `defer_unauth_destination`, `reject`, `defer`) before any `permit` in `smtpd_relay_restrictions` or `smtpd_recipient_restrictions`".into(),
        ));
        ev.vars.push(("offending".into(), String::new()));
        unread_note(ev);
        return false;
    }
    let verdicts: Vec<Verdict> = lists
        .iter()
        .map(|(_, items, _, _, unknown)| {
            if *unknown {
                Verdict::Unknown(String::new())
            } else {
                relay_verdict(items, &class, 0)
            }
        })
        .collect();
    if verdicts.iter().any(|v| matches!(v, Verdict::Closed(_))) {
        return true;
    }
    if verdicts.iter().any(|v| matches!(v, Verdict::Unknown(_))) {
        ev.unknown = true;
        return true;
    }
    // Point at the list that lets the client through: one with a bare `permit`, else
    // one that is set, else the service.
    let culprit = (0..2)
        .find(|i| matches!(verdicts[*i], Verdict::Permit(_)) && lists[*i].2.is_some())
        .or_else(|| (0..2).find(|i| lists[*i].2.is_some()));
    let verdicts = &verdicts[..2];
    let how = |i: usize| match &verdicts[i] {
        Verdict::Permit(item) => format!("`{item}` lets any client relay"),
        _ => format!("`{}` ends without `reject_unauth_destination`", lists[i].0),
    };
    match culprit {
        Some(i) => {
            ev.span = lists[i].2;
            ev.label = Some(how(i));
            ev.origin = Some(lists[i].3.clone());
            let other = 1 - i;
            let note_span = lists[other].2.unwrap_or(node.name.span);
            ev.notes.push((
                note_span,
                format!("`{}` does not stop it either", lists[other].0),
            ));
        }
        None => {
            ev.span = Some(node.name.span);
            ev.label = Some(
                "neither restriction list is set, and their defaults do not stop relaying".into(),
            );
            ev.origin = Some(Origin::Default);
        }
    }
    let offending: Vec<String> = verdicts
        .iter()
        .filter_map(|v| match v {
            Verdict::Permit(item) => Some(item.clone()),
            _ => None,
        })
        .collect();
    ev.vars
        .push(("offending".into(), code_list(offending.iter())));
    ev.vars.push((
        "problem".into(),
        "relays mail for unauthenticated clients outside `mynetworks`".into(),
    ));
    unread_note(ev);
    false
}


#[cfg(test)]
mod tests {
    use super::super::table::*;

    /// Evaluation needs a Postfix document; the fixtures of `postfix.open-relay` cover it.
    #[test]
    fn relay_closed() {
        check_errors(&[
            ("relay-closed = false", "`relay-closed` can only be `true`"),
            (
                "relay-closed = true",
                "`relay-closed` evaluates Postfix restriction lists: it needs `kind = \"postfix\"`",
            ),
        ]);
        check_readings(&[(
            FileKind::PostfixMaster,
            "relay-closed = true",
            "unauthenticated clients outside `mynetworks` cannot relay (smtpd_relay_restrictions, smtpd_recipient_restrictions, and the client, HELO and sender restrictions Postfix evaluates before them)",
        )]);
    }
}
