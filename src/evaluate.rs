//! Evaluate: run every active rule over the documents of its kind.
//!
//! Each problem is reported once, where it is fixed. A node whose failing value it
//! inherits from a block that the rule also checks and that fails for the same reason
//! is not reported again; and findings of one rule that point at the same text (an
//! http-level value inherited by several servers) become one finding, with the
//! blocks that inherit it as context.

use jiff::civil::Date;
use rayon::prelude::*;

use crate::defaults::Defaults;
use crate::finding::{Finding, Label};
use crate::model::{Document, FileKind, Node, ParseDiagnostic};
use crate::rules::inherit::Origin;
use crate::rules::predicate::{EvalContext, Evidence};
use crate::rules::refs::LinkIndex;
use crate::rules::{self, Check, NOT_CHECKED, Registry, Rule};

/// Findings of every active rule on every document, and of the parse diagnostics,
/// unsorted.
pub fn evaluate(
    registry: &Registry,
    docs: &[Document],
    diagnostics: &[ParseDiagnostic],
    links: &LinkIndex,
    defaults: &Defaults,
    today: Date,
) -> Vec<Finding> {
    let jobs: Vec<(&Rule, &Check, &Document)> = registry
        .active()
        .flat_map(|rule| {
            let check = rule.check.as_ref();
            docs.iter().filter_map(move |d| {
                check
                    .filter(|c| c.kind.family() == d.kind.family())
                    .map(|c| (rule, c, d))
            })
        })
        .collect();
    let not_checked = registry.get(NOT_CHECKED).filter(|r| r.enabled);
    let found: Vec<(Finding, Option<&str>)> = jobs
        .par_iter()
        .flat_map_iter(|(rule, check, doc)| {
            let cx = EvalContext::new(
                today,
                links,
                defaults,
                doc.kind,
                doc.root
                    .field(crate::defaults::LEVEL_FIELD)
                    .and_then(|v| crate::defaults::Version::parse(&v.value.text())),
            );
            cx.quiet.set(true);
            // Findings, the name of the first node reported there, and whether that node
            // is labelled yet; and where each primary span is in `out`.
            let mut out: Vec<(Finding, String, bool)> = Vec::new();
            let mut at: std::collections::BTreeMap<crate::source::Span, usize> = Default::default();
            let mut failing: Vec<(usize, Option<Origin>)> = Vec::new();
            let mut ancestors = Vec::new();
            walk(&doc.root, &mut ancestors, &mut |node, ancestors| {
                failing.retain(|(depth, _)| *depth < ancestors.len());
                let (span, origin, note) =
                    match check_node(check, not_checked, doc.kind, node, ancestors, &cx) {
                        None => return,
                        Some(Found::Note(note)) => (note.primary.span, None, Some(note)),
                        Some(Found::Fails(ev)) => (ev.span.unwrap_or(node.span), ev.origin, None),
                    };
                // Inherited from a level an ancestor already failed for: reported there.
                let inherited = matches!(origin, Some(Origin::Inherited(_) | Origin::Default));
                let redundant = inherited && failing.iter().any(|(_, o)| *o == origin);
                failing.push((ancestors.len(), origin));
                if redundant {
                    return;
                }
                match at.get(&span).map(|&i| &mut out[i]) {
                    Some((first, first_name, labelled)) => {
                        // The first node reported here inherits it too: say so once a
                        // second one joins it, so that every inheritor is named.
                        if !*labelled
                            && first.anchor != first.primary.span
                            && !first.labels.iter().any(|l| l.span == first.anchor)
                        {
                            first.labels.insert(
                                0,
                                Label {
                                    span: first.anchor,
                                    text: format!("this `{first_name}` inherits it"),
                                },
                            );
                        }
                        *labelled = true;
                        first.labels.push(Label {
                            span: node.name.span,
                            text: format!("this `{}` inherits it", node.name.value),
                        })
                    }
                    None => {
                        // The first failure here: evaluated again, explaining, for what
                        // the finding says.
                        let finding = note.unwrap_or_else(|| {
                            cx.quiet.set(false);
                            let (_, ev) = check.assert.eval(node, ancestors, &cx);
                            cx.quiet.set(true);
                            finding(rule, doc.kind, node, ancestors, ev)
                        });
                        at.insert(finding.primary.span, out.len());
                        out.push((finding, node.name.value.clone(), false));
                    }
                }
            });
            out.into_iter()
                .map(|(f, _, _)| {
                    let needed_by = (f.rule == NOT_CHECKED).then_some(rule.id.as_str());
                    (f, needed_by)
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let mut findings = Vec::new();
    // The notes at one opaque value, of every rule that needed it, are one note.
    let mut notes: Vec<(Finding, Vec<&str>)> = Vec::new();
    let mut note_at: std::collections::BTreeMap<crate::source::Span, usize> = Default::default();
    for (finding, needed_by) in found {
        let Some(rule) = needed_by else {
            findings.push(finding);
            continue;
        };
        match note_at.get(&finding.primary.span) {
            Some(&i) => {
                let (note, rules) = &mut notes[i];
                rules.push(rule);
                for label in finding.labels {
                    if !note.labels.iter().any(|l| l.span == label.span) {
                        note.labels.push(label);
                    }
                }
            }
            None => {
                note_at.insert(finding.primary.span, notes.len());
                notes.push((finding, vec![rule]));
            }
        }
    }
    for (mut note, mut rules) in notes {
        rules.sort_unstable();
        rules.dedup();
        let rules = rules
            .iter()
            .map(|r| format!("`{r}`"))
            .collect::<Vec<_>>()
            .join(", ");
        note.message = format!("{}: not checked for {rules}", note.message);
        findings.push(note);
    }
    for d in diagnostics {
        {
            let Some(rule) = registry.get(d.rule).filter(|r| r.enabled) else {
                continue;
            };
            findings.push(Finding {
                rule: rule.id.clone(),
                severity: rule.severity,
                tom: rule.tom.clone(),
                primary: Label {
                    span: d.span,
                    text: d.message.clone(),
                },
                labels: Vec::new(),
                message: d.message.clone(),
                help: rule.help.render(|_| None),
                node_path: String::new(),
                anchor: d.span,
            });
        }
    }
    findings
}

fn walk<'a>(
    node: &'a Node,
    ancestors: &mut Vec<&'a Node>,
    f: &mut impl FnMut(&'a Node, &[&'a Node]),
) {
    f(node, ancestors);
    ancestors.push(node);
    for child in &node.children {
        walk(child, ancestors, f);
    }
    ancestors.pop();
}

/// What a rule finds at a node.
enum Found {
    /// The assertion fails; the evidence is the quiet one (`EvalContext::quiet`): where
    /// and why (`origin`), without words, which only a reported failure is given.
    Fails(Evidence),
    /// A `not-checked` note.
    Note(Finding),
}

/// Whether `check` fails on `node` (judged quietly); or, where the rule's `where` or
/// `assert` held only because a value is opaque (vault-encrypted), a `not-checked` note
/// at that value (when the rule `not-checked` is enabled): the rule cannot say whether
/// it applies, or whether it holds, and says so rather than judging the ciphertext.
fn check_node(
    check: &Check,
    not_checked: Option<&Rule>,
    kind: FileKind,
    node: &Node,
    ancestors: &[&Node],
    cx: &EvalContext,
) -> Option<Found> {
    if !check.selector.matches(node, ancestors) {
        return None;
    }
    if let Some(w) = &check.where_ {
        let (ok, ev) = w.eval(node, ancestors, cx);
        if !ok {
            return None;
        }
        if !ev.opaque.is_empty() {
            return opaque_note(not_checked?, kind, node, ancestors, &ev).map(Found::Note);
        }
    }
    let (ok, ev) = check.assert.eval(node, ancestors, cx);
    if ok {
        return opaque_note(not_checked?, kind, node, ancestors, &ev).map(Found::Note);
    }
    Some(Found::Fails(ev))
}

/// A `not-checked` note at the first opaque value of `ev`, if any (its message ends with
/// the rules that needed the value once the notes of all rules are together).
fn opaque_note(
    rule: &Rule,
    kind: FileKind,
    node: &Node,
    ancestors: &[&Node],
    ev: &Evidence,
) -> Option<Finding> {
    let (span, field) = ev.opaque.first()?;
    let label = "encrypted with ansible-vault".to_string();
    Some(Finding {
        rule: rule.id.clone(),
        severity: rule.severity,
        tom: rule.tom.clone(),
        primary: Label {
            span: *span,
            text: label,
        },
        labels: vec![Label {
            span: node.name.span,
            text: format!("`{}` has this value", node.name.value),
        }],
        message: format!("`{field}` is encrypted with ansible-vault, so art32 cannot judge it"),
        help: rule.help.render(|_| None),
        node_path: node_path(kind, node, ancestors),
        anchor: node.name.span,
    })
}

fn finding(rule: &Rule, kind: FileKind, node: &Node, ancestors: &[&Node], ev: Evidence) -> Finding {
    let lookup = |v: &str| {
        ev.var(v)
            .map(str::to_string)
            .or_else(|| rules::node_var(node, v))
            .or_else(|| {
                v.strip_prefix("param.")
                    .and_then(|p| rule.params.get(p))
                    .map(rules::param_text)
            })
    };
    let label = match &rule.label {
        Some(t) => t.render(lookup),
        None => ev.label.clone().unwrap_or_else(|| "here".into()),
    };
    Finding {
        rule: rule.id.clone(),
        severity: rule.severity,
        tom: rule.tom.clone(),
        primary: Label {
            span: ev.span.unwrap_or(node.span),
            text: label,
        },
        labels: ev
            .notes
            .iter()
            .map(|(span, text)| Label {
                span: *span,
                text: text.clone(),
            })
            .chain(
                rule.check
                    .as_ref()
                    .and_then(|c| c.labels_from.as_deref())
                    .and_then(|f| node.field(f))
                    .into_iter()
                    .flat_map(|v| match &v.value {
                        crate::model::Value::List(items) => items.as_slice(),
                        _ => &[],
                    })
                    .map(|item| Label {
                        span: item.span,
                        text: item.value.clone(),
                    }),
            )
            .collect(),
        message: rule.message.render(lookup),
        help: rule.help.render(lookup),
        node_path: node_path(kind, node, ancestors),
        anchor: node.name.span,
    }
}

/// `mount[/srv]`, `http/server[api.example.com]`: the node's place in its document,
/// independent of line numbers.
fn node_path(kind: FileKind, node: &Node, ancestors: &[&Node]) -> String {
    ancestors
        .iter()
        .skip(1)
        .copied()
        .chain(std::iter::once(node))
        .map(|n| {
            let key = kind
                .key_field()
                .and_then(|k| n.field(k))
                .map(|v| v.value.text())
                .or_else(|| n.args.first().map(|a| a.value.clone()));
            match key {
                Some(k) => format!("{}[{k}]", n.name.value),
                None => n.name.value.clone(),
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}
