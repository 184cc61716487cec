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
/// unsorted. `evaluated` is called once per document when its rules have run (from
/// whichever worker ran them: a progress counter).
pub fn evaluate(
    registry: &Registry,
    docs: &[Document],
    diagnostics: &[ParseDiagnostic],
    links: &LinkIndex,
    defaults: &Defaults,
    today: Date,
    evaluated: &(dyn Fn() + Sync),
) -> Vec<Finding> {
    let rules: Vec<(&Rule, &Check)> = registry
        .active()
        .filter_map(|rule| rule.check.as_ref().map(|c| (rule, c)))
        .collect();
    let not_checked = registry.get(NOT_CHECKED).filter(|r| r.enabled);
    // The rules of each family present, indexed by the names their selectors match.
    let mut indexes: Vec<(crate::model::Family, RuleIndex)> = Vec::new();
    for d in docs {
        let family = d.kind.family();
        if !indexes.iter().any(|(f, _)| *f == family) {
            indexes.push((family, RuleIndex::new(&rules, family)));
        }
    }
    // One walk per document; its findings per rule.
    let per_doc: Vec<Vec<Vec<Finding>>> = docs
        .par_iter()
        .map(|doc| {
            let family = doc.kind.family();
            let index = indexes
                .iter()
                .find(|(f, _)| *f == family)
                .map(|(_, i)| i)
                .expect("an index per family present");
            let found = evaluate_document(&rules, index, not_checked, doc, links, defaults, today);
            evaluated();
            found
        })
        .collect();
    // Rule-major, then document: the order of one job per rule and document, which
    // the final sort and merge of findings (stable) depend on.
    let mut per_doc = per_doc;
    let mut found: Vec<(Finding, Option<&str>)> = Vec::new();
    for (i, (rule, _)) in rules.iter().enumerate() {
        for doc in per_doc.iter_mut() {
            found.extend(std::mem::take(&mut doc[i]).into_iter().map(|f| {
                let needed_by = (f.rule == NOT_CHECKED).then_some(rule.id.as_str());
                (f, needed_by)
            }));
        }
    }
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

/// The rules of one family by the names their selectors can match (`Selector::last_names`),
/// and those that may match any node; as indexes into the active rules.
struct RuleIndex<'r> {
    by_name: std::collections::HashMap<&'r str, Vec<usize>>,
    any: Vec<usize>,
    /// Every rule of the family.
    all: Vec<usize>,
}

impl<'r> RuleIndex<'r> {
    fn new(rules: &[(&'r Rule, &'r Check)], family: crate::model::Family) -> Self {
        let mut index = RuleIndex {
            by_name: Default::default(),
            any: Vec::new(),
            all: Vec::new(),
        };
        for (i, (_, check)) in rules.iter().enumerate() {
            if check.kind.family() != family {
                continue;
            }
            index.all.push(i);
            match check.selector.last_names() {
                None => index.any.push(i),
                Some(names) => {
                    for name in names {
                        let list = index.by_name.entry(name).or_default();
                        if list.last() != Some(&i) {
                            list.push(i);
                        }
                    }
                }
            }
        }
        index
    }

    /// The rules that may match `node`, ascending and each once, into `out`.
    fn candidates(&self, node: &Node, out: &mut Vec<usize>) {
        out.clear();
        out.extend_from_slice(&self.any);
        if let Some(list) = self.by_name.get(node.kind) {
            out.extend_from_slice(list);
        }
        if node.name.value != node.kind
            && let Some(list) = self.by_name.get(node.name.value.as_str())
        {
            out.extend_from_slice(list);
        }
        out.sort_unstable();
        out.dedup();
    }
}

/// What one rule has found in a document so far.
#[derive(Default)]
struct RuleRun {
    /// Findings, the name of the first node reported there, and whether that node is
    /// labelled yet.
    out: Vec<(Finding, String, bool)>,
    /// Where each primary span is in `out`.
    at: std::collections::BTreeMap<crate::source::Span, usize>,
    /// The nodes this rule failed at that may be ancestors of the node being visited:
    /// their depth, address and origin. An entry is an ancestor only while the node at
    /// its depth among the ancestors is that node (the rule is not tested at every
    /// node, so entries are dropped on the way, by identity).
    failing: Vec<(usize, *const Node, Option<Origin>)>,
}

/// Every rule of `index` over `doc` in one walk: the findings of each rule (indexed
/// as `rules`), in the order of the walk.
fn evaluate_document(
    rules: &[(&Rule, &Check)],
    index: &RuleIndex,
    not_checked: Option<&Rule>,
    doc: &Document,
    links: &LinkIndex,
    defaults: &Defaults,
    today: Date,
) -> Vec<Vec<Finding>> {
    let mut runs: Vec<RuleRun> = Vec::new();
    runs.resize_with(rules.len(), Default::default);
    if !index.all.is_empty() {
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
        let mut candidates = Vec::new();
        let mut ancestors = Vec::new();
        walk(&doc.root, &mut ancestors, &mut |node, ancestors| {
            index.candidates(node, &mut candidates);
            for &i in &candidates {
                let (rule, check) = rules[i];
                visit(
                    rule,
                    check,
                    not_checked,
                    doc.kind,
                    node,
                    ancestors,
                    &cx,
                    &mut runs[i],
                );
            }
        });
    }
    runs.into_iter()
        .map(|run| run.out.into_iter().map(|(f, _, _)| f).collect())
        .collect()
}

/// One rule at one node.
#[allow(clippy::too_many_arguments)]
fn visit(
    rule: &Rule,
    check: &Check,
    not_checked: Option<&Rule>,
    kind: FileKind,
    node: &Node,
    ancestors: &[&Node],
    cx: &EvalContext,
    run: &mut RuleRun,
) {
    let (span, origin, note) = match check_node(check, not_checked, kind, node, ancestors, cx) {
        None => return,
        Some(Found::Note(note)) => (note.primary.span, None, Some(note)),
        Some(Found::Fails(ev)) => (ev.span.unwrap_or(node.span), ev.origin, None),
    };
    run.failing
        .retain(|(depth, at, _)| ancestors.get(*depth).is_some_and(|a| std::ptr::eq(*a, *at)));
    // Inherited from a level an ancestor already failed for: reported there.
    let inherited = matches!(origin, Some(Origin::Inherited(_) | Origin::Default));
    let redundant = inherited && run.failing.iter().any(|(_, _, o)| *o == origin);
    run.failing.push((ancestors.len(), node, origin));
    if redundant {
        return;
    }
    match run.at.get(&span).map(|&i| &mut run.out[i]) {
        Some((first, first_name, labelled)) => {
            // The first node reported here inherits it too: say so once a second one
            // joins it, so that every inheritor is named.
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
            // The first failure here: evaluated again, explaining, for what the
            // finding says.
            let finding = note.unwrap_or_else(|| {
                cx.quiet.set(false);
                let (_, ev) = check.assert.eval(node, ancestors, cx);
                cx.quiet.set(true);
                finding(rule, kind, node, ancestors, ev)
            });
            run.at.insert(finding.primary.span, run.out.len());
            run.out.push((finding, node.name.value.clone(), false));
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FileKind, Node};
    use crate::source::FileId;

    /// Evaluation as it was before the one walk: one walk per rule and document, every
    /// rule tested at every node, in the order rule, then document.
    fn per_rule(
        registry: &Registry,
        docs: &[Document],
        links: &LinkIndex,
        d: &Defaults,
    ) -> Vec<Finding> {
        let today = Date::constant(2026, 12, 1);
        let not_checked = registry.get(NOT_CHECKED).filter(|r| r.enabled);
        let mut found = Vec::new();
        for rule in registry.active() {
            let check = rule.check.as_ref().unwrap();
            for doc in docs
                .iter()
                .filter(|doc| doc.kind.family() == check.kind.family())
            {
                let cx = EvalContext::new(today, links, d, doc.kind, None);
                cx.quiet.set(true);
                let mut run = RuleRun::default();
                let mut ancestors = Vec::new();
                walk(
                    &doc.root,
                    &mut ancestors,
                    &mut |node: &Node, ancestors: &[&Node]| {
                        // As before: the failing ancestors are cleaned at every node.
                        run.failing.retain(|(depth, _, _)| *depth < ancestors.len());
                        visit(
                            rule,
                            check,
                            not_checked,
                            doc.kind,
                            node,
                            ancestors,
                            &cx,
                            &mut run,
                        );
                    },
                );
                found.extend(run.out.into_iter().map(|(f, _, _)| f));
            }
        }
        found
    }

    const NGINX: &str = "http {\n  server_tokens on;\n  autoindex on;\n  ssl_protocols TLSv1 TLSv1.2;\n\
        server {\n    listen 443 ssl;\n    server_name a;\n    location / { autoindex on; }\n\
        location /x { proxy_pass http://10.0.0.1; }\n  }\n\
        server {\n    listen 80;\n    server_name b;\n    server_tokens off;\n\
        location / { location /y { autoindex off; } }\n  }\n\
        server {\n    listen 443 ssl;\n    server_name c;\n    ssl_protocols TLSv1.3;\n\
        add_header X-Frame-Options DENY;\n    location / { add_header X-A b; }\n  }\n}\n";

    #[test]
    fn one_walk_finds_what_one_walk_per_rule_found_in_the_same_order() {
        let registry = Registry::load(&crate::config::Config::default_config()).unwrap();
        let defaults = crate::formats::defaults(&Default::default());
        let links = LinkIndex::new([]);
        let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo-infra");
        let files: &[(FileKind, String)] = &[
            (FileKind::Nginx, NGINX.to_string()),
            // A rule that fails at a location, then not at the next server nor at a
            // location that is not an admin path, then at one inside that: the first
            // failure is no ancestor of the last (the rule is not tested at a server).
            (
                FileKind::Nginx,
                "http {\n server { listen 80; location /admin/ { root /x; } }\n\
                server { listen 81; location /public/ { location /admin/ { root /y; } } }\n}\n"
                    .to_string(),
            ),
            (
                FileKind::Fstab,
                std::fs::read_to_string(demo.join("hosts/web1/etc/fstab")).unwrap(),
            ),
            (
                FileKind::Nginx,
                std::fs::read_to_string(demo.join("hosts/web1/etc/nginx/sites-enabled/shop.conf"))
                    .unwrap(),
            ),
            (
                FileKind::Nginx,
                std::fs::read_to_string(demo.join("hosts/web1/etc/nginx/nginx.conf")).unwrap(),
            ),
            (
                FileKind::Fstab,
                std::fs::read_to_string(demo.join("hosts/db1/etc/fstab")).unwrap(),
            ),
            (
                FileKind::PostfixMain,
                std::fs::read_to_string(demo.join("hosts/mail1/etc/postfix/main.cf")).unwrap(),
            ),
            (
                FileKind::PostfixMaster,
                std::fs::read_to_string(demo.join("hosts/mail1/etc/postfix/master.cf")).unwrap(),
            ),
            (
                FileKind::InventoryYaml,
                std::fs::read_to_string(demo.join("inventory/hosts.yml")).unwrap(),
            ),
        ];
        let docs: Vec<Document> = files
            .iter()
            .enumerate()
            .map(|(i, (kind, text))| crate::formats::parse(*kind, FileId(i as u32), text))
            .collect();
        let today = Date::constant(2026, 12, 1);
        let got = evaluate(&registry, &docs, &[], &links, &defaults, today, &|| ());
        let want = per_rule(&registry, &docs, &links, &defaults);
        assert!(
            want.len() > 10,
            "the documents have findings: {}",
            want.len()
        );
        // `evaluate` merges the not-checked notes at the end; there are none here.
        assert!(want.iter().all(|f| f.rule != NOT_CHECKED));
        assert_eq!(format!("{got:#?}"), format!("{want:#?}"));
    }
}
