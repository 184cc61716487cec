//! `path-under`, `path-is`: the subject as a filesystem path.

use std::fmt;

use globset::{GlobBuilder, GlobMatcher};

use super::kind::{Site, Test, TestKind};
use super::operand::{Operand, code_list, or_list, resolve_operand};
use super::{CompileContext, Evidence, SubjectValue};

/// `path-under = ["/srv", "/home/*"]`: the path or one of its ancestors matches.
#[derive(Debug)]
pub struct PathUnder(Vec<(String, GlobMatcher)>);

impl TestKind for PathUnder {
    const KEY: &'static str = "path-under";
    const BINDS: &'static [&'static str] = &["value", "matched"];
    type Operand = toml::Value;

    fn compile(v: &toml::Value, cx: &CompileContext) -> Result<Self, String> {
        let Operand::Const(paths) = resolve_operand(v, cx)? else {
            return Err("`path-under` takes a list of paths or globs".into());
        };
        let globs = paths
            .into_iter()
            .map(|p| {
                let pattern = normalize_path(&p);
                GlobBuilder::new(&pattern)
                    .literal_separator(true)
                    .build()
                    .map(|g| (p.clone(), g.compile_matcher()))
                    .map_err(|e| format!("bad path glob `{p}`: {e}"))
            })
            .collect::<Result<_, _>>()?;
        Ok(PathUnder(globs))
    }
}

impl Test for PathUnder {
    fn reads_site(&self) -> bool {
        false
    }

    fn evaluate(&self, s: &SubjectValue, _: &Site<'_>, ev: &mut Evidence) -> bool {
        let quoted = s.quoted();
        let path = normalize_path(&s.text);
        let hit = self
            .0
            .iter()
            .find(|(_, g)| path_ancestors(&path).any(|a| g.is_match(a)));
        if let Some((p, _)) = hit {
            ev.bind("matched", || p.clone());
            ev.say(|| format!("{quoted} is under `{p}`"));
        } else {
            ev.say(|| format!(
                "{quoted} is not under {}",
                or_list(&self.0.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>())
            ));
        }
        hit.is_some()
    }

    fn describe(&self, s: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{s} is at or under one of {}",
            code_list(self.0.iter().map(|(p, _)| p))
        )
    }
}

/// `path-is = ["/tmp"]`: the path is one of these (slashes normalized).
#[derive(Debug)]
pub struct PathIs(Vec<String>);

impl TestKind for PathIs {
    const KEY: &'static str = "path-is";
    type Operand = toml::Value;

    fn compile(v: &toml::Value, cx: &CompileContext) -> Result<Self, String> {
        let Operand::Const(paths) = resolve_operand(v, cx)? else {
            return Err("`path-is` takes a list of paths".into());
        };
        Ok(PathIs(paths.iter().map(|p| normalize_path(p)).collect()))
    }
}

impl Test for PathIs {
    fn reads_site(&self) -> bool {
        false
    }

    fn evaluate(&self, s: &SubjectValue, _: &Site<'_>, ev: &mut Evidence) -> bool {
        let quoted = s.quoted();
        let ok = self.0.contains(&normalize_path(&s.text));
        ev.say(|| if ok {
            format!("{quoted} is set here")
        } else {
            format!("{quoted} is not {}", or_list(&self.0))
        });
        ok
    }

    fn describe(&self, s: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{s} is {}", or_list(&self.0))
    }
}

fn normalize_path(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    for part in p.split('/').filter(|s| !s.is_empty() && *s != ".") {
        out.push('/');
        out.push_str(part);
    }
    if out.is_empty() && p.starts_with('/') {
        "/".into()
    } else if p.starts_with('/') {
        out
    } else {
        out.trim_start_matches('/').to_string()
    }
}

/// The path itself and each of its ancestors (`/a/b`, `/a`, `/`).
fn path_ancestors(path: &str) -> impl Iterator<Item = &str> {
    let mut next = Some(path);
    std::iter::from_fn(move || {
        let cur = next?;
        next = match cur.rfind('/') {
            Some(0) if cur.len() > 1 => Some("/"),
            Some(i) if i > 0 => Some(&cur[..i]),
            _ => None,
        };
        Some(cur)
    })
}


#[cfg(test)]
mod tests {
    use super::super::table::*;
    use super::*;

    #[test]
    fn ancestors_of_paths() {
        assert_eq!(
            path_ancestors("/var/log/audit").collect::<Vec<_>>(),
            ["/var/log/audit", "/var/log", "/var", "/"]
        );
        assert_eq!(normalize_path("/var//log/"), "/var/log");
        assert_eq!(normalize_path("/"), "/");
    }

    #[test]
    fn path_under_and_is() {
        let under = r#"path-under = ["/srv", "/home/*"]"#;
        check(&[
            (s("/srv"), under, true, "`/srv` is under `/srv`"),
            (s("/srv/data/x"), under, true, "`/srv/data/x` is under `/srv`"),
            (s("/srv2"), under, false, "`/srv2` is not under one of `/srv`, `/home/*`"),
            (s("/home/a/b"), under, true, "`/home/a/b` is under `/home/*`"),
            (s("/home"), under, false, "`/home` is not under one of `/srv`, `/home/*`"),
            (s("//srv/./x/"), under, true, "`//srv/./x/` is under `/srv`"),
            (None, under, false, "`v` is not set"),
            (s("/tmp/"), r#"path-is = ["/tmp"]"#, true, "`/tmp/` is set here"),
            (s("/tmp/x"), r#"path-is = ["/tmp"]"#, false, "`/tmp/x` is not `/tmp`"),
            (s("/a"), r#"path-is = ["/tmp", "/b"]"#, false, "`/a` is not one of `/tmp`, `/b`"),
        ]);
        check_vars(&[(s("/home/a/b"), under, "matched", "/home/*")]);
        check_errors(&[
            (r#"path-under = "[""#, "bad path glob `[`: error parsing glob '[': unclosed character class; missing ']'"),
            (r#"path-is = { param = "nope" }"#, "the rule has no param `nope`"),
        ]);
    }

    /// How `explain` reads the tests.
    #[test]
    fn readings() {
        check_readings(&[
            (FileKind::Fstab, r#"path-under = ["/srv"]"#, "`v` is at or under one of `/srv`"),
            (FileKind::Fstab, r#"path-is = ["/tmp"]"#, "`v` is `/tmp`"),
            (FileKind::Fstab, r#"path-is = ["/tmp", "/var/tmp"]"#, "`v` is one of `/tmp`, `/var/tmp`"),
        ]);
    }
}
