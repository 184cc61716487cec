//! Rule selection from the command line, with ruff's names: `--select` replaces the
//! enabled set, `--extend-select` adds to it, `--ignore` removes from it (last). Each
//! takes rule ids (`nginx.tls-ciphers`), prefixes (`nginx`, `postfix.tls`: a prefix
//! ends where the id does or at a `.` or `-` of it) and TOM items (`tom:2.a`: the rules
//! mapped to that item or one below it, `2.a.i`). The engine's own rules (those
//! without a check: `parse-error`, `art32.suppression`, …) are not selected: they stay
//! as the config has them.

use super::{Registry, Rule};

/// What `--select`, `--extend-select` and `--ignore` named, each value one selector.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// `None` when `--select` was not given: the config's enabled set is the start.
    pub select: Option<Vec<String>>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
}

impl Selection {
    pub fn is_empty(&self) -> bool {
        self.select.is_none() && self.extend_select.is_empty() && self.ignore.is_empty()
    }
}

/// The prefix of a TOM selector.
const TOM: &str = "tom:";

/// Does `selector` (not a TOM one) name rule `id`: the id itself, or a prefix of it
/// that ends at a `.` or `-`?
fn names_id(selector: &str, id: &str) -> bool {
    id.strip_prefix(selector)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '-']))
}

/// Is TOM item `t` the item `item` or one below it (`2.a.i` is below `2.a`, `20.a` is
/// not below `2`)?
fn under(item: &str, t: &str) -> bool {
    t.strip_prefix(item)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
}

/// Is `rule` mapped to the TOM item `item` or to one below it?
fn names_tom(item: &str, rule: &Rule) -> bool {
    rule.tom.iter().any(|t| under(item, t))
}

fn matches(selector: &str, rule: &Rule) -> bool {
    match selector.strip_prefix(TOM) {
        Some(item) => names_tom(item, rule),
        None => names_id(selector, &rule.id),
    }
}

impl Registry {
    /// Applies a selection: `select` (if given) decides which checked rules are
    /// enabled, `extend_select` enables more (rules the config disables too), `ignore`
    /// disables. A selector that names no checked rule is an error, with the nearest
    /// known name where one is close.
    pub fn select(&mut self, selection: &Selection) -> Result<(), String> {
        let all = selection
            .select
            .iter()
            .flatten()
            .map(|s| ("--select", s))
            .chain(
                selection
                    .extend_select
                    .iter()
                    .map(|s| ("--extend-select", s)),
            )
            .chain(selection.ignore.iter().map(|s| ("--ignore", s)));
        for (flag, selector) in all {
            self.check_selector(flag, selector)?;
        }
        let picks = |list: &[String], rule: &Rule| list.iter().any(|s| matches(s, rule));
        for rule in self.rules.iter_mut().filter(|r| r.check.is_some()) {
            let before = rule.enabled;
            if let Some(select) = &selection.select {
                rule.enabled = picks(select, rule);
            }
            if picks(&selection.extend_select, rule) {
                rule.enabled = true;
            }
            if picks(&selection.ignore, rule) {
                rule.enabled = false;
            }
            // A rule the config disables is compiled without checking its TOM items.
            if rule.enabled && !before {
                let catalogue = &self.catalogue;
                if let Some(t) = rule.tom.iter().find(|t| catalogue.item(t).is_none()) {
                    return Err(format!(
                        "rule `{}` is mapped to `{t}`, which the TOM catalogue does not have; \
                         map it to an item of the catalogue in art32.toml to enable it",
                        rule.id
                    ));
                }
            }
        }
        Ok(())
    }

    /// Is `selector` one that names a checked rule? Else why not, and what was meant.
    fn check_selector(&self, flag: &str, selector: &str) -> Result<(), String> {
        if selector.is_empty() {
            return Err(format!(
                "`{flag}` names no rule: give rule ids, prefixes (`nginx`) or TOM items \
                 (`tom:2.a`), separated by commas"
            ));
        }
        let checked = || self.rules.iter().filter(|r| r.check.is_some());
        if checked().any(|r| matches(selector, r)) {
            return Ok(());
        }
        if let Some(item) = selector.strip_prefix(TOM) {
            let known = self
                .catalogue
                .item
                .iter()
                .map(|i| i.id.as_str())
                .chain(self.catalogue.section.iter().map(|s| s.id.as_str()));
            let exists = known.clone().any(|k| names_id(item, k));
            if exists {
                return Err(format!(
                    "`{flag} {selector}`: no rule is mapped to TOM item `{item}` or one below \
                     it (`art32 rules` lists the items of each rule)"
                ));
            }
            let hint = nearest(item, known).map(|k| format!("{TOM}{k}"));
            return Err(unknown(flag, selector, "TOM item", hint.as_deref()));
        }
        if let Some(engine) = self
            .rules
            .iter()
            .find(|r| r.check.is_none() && names_id(selector, &r.id))
        {
            return Err(format!(
                "`{flag} {selector}`: `{}` is reported by art32 itself and cannot be selected; \
                 `[rules.\"{}\"] enabled = false` in art32.toml turns it off",
                engine.id, engine.id
            ));
        }
        // Candidates: every id, and every prefix of one that ends at a `.`.
        let mut names: Vec<&str> = Vec::new();
        for r in checked() {
            names.push(&r.id);
            if let Some((kind, _)) = r.id.split_once('.') {
                names.push(kind);
            }
        }
        names.sort_unstable();
        names.dedup();
        let hint = nearest(selector, names.into_iter());
        Err(unknown(flag, selector, "rule or prefix", hint.as_deref()))
    }
}

/// `unknown rule or prefix `x` in `--select` (did you mean `y`?)`.
fn unknown(flag: &str, selector: &str, what: &str, hint: Option<&str>) -> String {
    let mut message = format!("unknown {what} `{selector}` in `{flag}`");
    match hint {
        Some(h) => message.push_str(&format!("; did you mean `{h}`?")),
        None => message.push_str(" (`art32 rules` lists them)"),
    }
    message
}

/// The candidate closest to `given` (Jaro-Winkler, as clap suggests subcommands), if
/// any is close enough to be what was meant.
fn nearest<'a>(given: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(given, c);
        if score > 0.8 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn registry() -> Registry {
        Registry::load(&Config::default_config()).unwrap()
    }

    fn enabled(r: &Registry) -> Vec<&str> {
        r.active().map(|r| r.id.as_str()).collect()
    }

    fn selection(select: Option<&[&str]>, extend: &[&str], ignore: &[&str]) -> Selection {
        let own = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        Selection {
            select: select.map(own),
            extend_select: own(extend),
            ignore: own(ignore),
        }
    }

    #[test]
    fn prefixes_end_at_a_dot_a_dash_or_the_id() {
        assert!(names_id("nginx", "nginx.tls-ciphers"));
        assert!(names_id("nginx.tls", "nginx.tls-ciphers"));
        assert!(names_id("nginx.tls-ciphers", "nginx.tls-ciphers"));
        assert!(!names_id("nginx.tls", "nginx.tls13-ciphers"));
        assert!(!names_id("ngin", "nginx.tls-ciphers"));
        assert!(!names_id("nginx.tls-ciphers2", "nginx.tls-ciphers"));
    }

    #[test]
    fn select_extend_and_ignore_combine_as_in_ruff() {
        let mut r = registry();
        r.select(&selection(
            Some(&["nginx.tls"]),
            &["fstab.mount-options"],
            &[],
        ))
        .unwrap();
        assert_eq!(
            enabled(&r),
            [
                "fstab.mount-options",
                "nginx.tls-certificate",
                "nginx.tls-certificate-snakeoil",
                "nginx.tls-ciphers",
                "nginx.tls-protocols"
            ]
        );
        // The engine's own rules stay.
        assert!(r.get("parse-error").is_some_and(|r| r.enabled));
        let mut r = registry();
        r.select(&selection(None, &[], &["nginx", "fstab.mount-options"]))
            .unwrap();
        let on = enabled(&r);
        assert!(on.iter().all(|id| !id.starts_with("nginx.")), "{on:?}");
        assert!(on.contains(&"fstab.nfs-kerberos") && !on.contains(&"fstab.mount-options"));
        // `--ignore` comes last.
        let mut r = registry();
        r.select(&selection(Some(&["postfix"]), &[], &["postfix.tls"]))
            .unwrap();
        let on = enabled(&r);
        assert!(on.contains(&"postfix.mynetworks"), "{on:?}");
        assert!(
            !on.iter().any(|id| id.starts_with("postfix.tls-")),
            "{on:?}"
        );
    }

    #[test]
    fn tom_items_select_the_rules_mapped_to_them_or_below() {
        let mut r = registry();
        r.select(&selection(Some(&["tom:2.a.i"]), &[], &[]))
            .unwrap();
        let on = enabled(&r);
        assert!(on.contains(&"nginx.tls-ciphers"), "{on:?}");
        assert!(r.active().all(|r| r.tom.iter().any(|t| t == "2.a.i")));
        let mut wide = registry();
        wide.select(&selection(Some(&["tom:2.a"]), &[], &[]))
            .unwrap();
        assert!(enabled(&wide).len() > on.len());
        assert!(
            wide.active()
                .all(|r| r.tom.iter().any(|t| t.starts_with("2.a.")))
        );
        assert!(under("2", "2.a.i") && under("2.a.i", "2.a.i"));
        assert!(!under("2", "20.a") && !under("2.a.i", "2.a.ii"));
    }

    #[test]
    fn unknown_selectors_say_what_was_meant() {
        let mut r = registry();
        let e = r
            .select(&selection(Some(&["nginx.tls-cipher"]), &[], &[]))
            .unwrap_err();
        assert!(e.contains("did you mean `nginx.tls-ciphers`?"), "{e}");
        let e = r.select(&selection(None, &[], &["ngnix"])).unwrap_err();
        assert!(e.contains("did you mean `nginx`?"), "{e}");
        let e = r.select(&selection(None, &["tom:2.a.x"], &[])).unwrap_err();
        assert!(e.contains("unknown TOM item"), "{e}");
        let e = r.select(&selection(None, &["zzzzzz"], &[])).unwrap_err();
        assert!(e.contains("`art32 rules` lists them"), "{e}");
        let e = r
            .select(&selection(None, &[], &["parse-error"]))
            .unwrap_err();
        assert!(e.contains("reported by art32 itself"), "{e}");
        let e = r.select(&selection(Some(&[""]), &[], &[])).unwrap_err();
        assert!(e.contains("names no rule"), "{e}");
    }
}
