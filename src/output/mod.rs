//! Emitters: how findings reach people and machines, and where they are written.
//!
//! One run can write several formats (`--format human --format sarif --output -
//! --output art32.sarif`): [`plan`] pairs them, [`render`] renders one, and
//! [`write_atomic`] puts a file in place so that a reader (an upload step, an editor)
//! never sees half of it.

pub mod concise;
pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::finding::Severity;
use crate::inert::inert_line;
use crate::lint::Report;
use crate::rules::Registry;

/// `checked 4 files: 2 errors, 1 warning, 0 notes`
pub fn summary_line(report: &Report) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut line = format!(
        "checked {}: {}, {}, {}",
        plural(report.files_checked, "file"),
        plural(report.count(Severity::Error), "error"),
        plural(report.count(Severity::Warning), "warning"),
        plural(report.count(Severity::Note), "note"),
    );
    if !report.suppressed.is_empty() {
        line.push_str(&format!(" ({} suppressed)", report.suppressed.len()));
    }
    if let Some(b) = report.baseline {
        line.push_str(&format!(
            "; the baseline accepted {} and has {} no longer found",
            plural(b.baselined, "finding"),
            plural(b.gone, "entry").replace("entrys", "entries"),
        ));
    }
    line
}

/// `--statistics`: a line a rule that reported, `count  rule  title`, the most frequent
/// first (ties by rule id), the columns aligned, as ruff (after flake8) prints them.
pub fn statistics(report: &Report, registry: &Registry) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &report.findings {
        *counts.entry(f.rule.as_str()).or_default() += 1;
    }
    let mut rows: Vec<(&str, usize)> = counts.into_iter().collect();
    rows.sort_by_key(|&(_, n)| Reverse(n));
    let count_width = rows
        .iter()
        .map(|(_, n)| n.to_string().len())
        .max()
        .unwrap_or(0);
    let rule_width = rows.iter().map(|(r, _)| r.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (rule, n) in rows {
        let title = registry.get(rule).map_or("", |r| r.title.as_str());
        // Rule ids and titles from the repository's `rule-dirs` are as untrusted as its files.
        out.push_str(&inert_line(&format!(
            "{n:>count_width$}  {rule:<rule_width$}  {title}"
        )));
        out.push('\n');
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// rustc-style reports (miette).
    Human,
    /// Versioned JSON (`json::VERSION`).
    Json,
    /// SARIF 2.1.0 for GitHub code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations on the diff).
    Github,
    /// One line a finding: `path:line:col: severity[rule] message`.
    Concise,
}

impl Format {
    /// As written after `--format`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Github => "github",
            Format::Concise => "concise",
        }
    }
}

/// Where one format goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    Stdout,
    File(PathBuf),
}

impl Destination {
    /// An `--output`: `-` is stdout, anything else a file.
    pub fn from_arg(path: PathBuf) -> Destination {
        if path.as_os_str() == "-" {
            Destination::Stdout
        } else {
            Destination::File(path)
        }
    }
}

/// One format and where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub format: Format,
    pub to: Destination,
}

/// Pairs `--format`s with `--output`s by where they stand on the command line (the
/// argument positions given with each): an `--output` belongs to the `--format` right
/// before it (`--format human --format sarif -o art32.sarif` writes SARIF to the file and
/// human output to stdout); a format with no output of its own goes to stdout. No
/// format at all means `human`, to the one `--output` if there is one.
///
/// Refused, because the result would not be what was meant: an `--output` before every
/// `--format`, two `--output`s for one format, two formats on stdout (they would
/// interleave), and one file named twice.
pub fn plan(
    formats: &[(usize, Format)],
    outputs: &[(usize, Destination)],
) -> Result<Vec<Output>, String> {
    let plan: Vec<Output> = if formats.is_empty() {
        match outputs {
            [] => vec![Output {
                format: Format::Human,
                to: Destination::Stdout,
            }],
            [(_, to)] => vec![Output {
                format: Format::Human,
                to: to.clone(),
            }],
            _ => {
                return Err(
                    "several `--output`s but no `--format`: write `--format FORMAT --output FILE` \
                     for each"
                        .into(),
                );
            }
        }
    } else {
        let mut plan: Vec<Output> = formats
            .iter()
            .map(|&(_, format)| Output {
                format,
                to: Destination::Stdout,
            })
            .collect();
        let mut given = vec![false; formats.len()];
        for (at, to) in outputs {
            let Some(i) = formats.iter().rposition(|(f, _)| f < at) else {
                return Err(
                    "an `--output` comes before every `--format`: each `--output` follows the \
                     `--format` it is for (`--format sarif --output art32.sarif`)"
                        .into(),
                );
            };
            if given[i] {
                return Err(format!(
                    "two `--output`s follow one `--format {}`: each `--output` follows the \
                     `--format` it is for",
                    plan[i].format.name()
                ));
            }
            given[i] = true;
            plan[i].to = to.clone();
        }
        plan
    };
    if plan.iter().filter(|o| o.to == Destination::Stdout).count() > 1 {
        return Err(
            "only one `--format` can be written to stdout: give the others an `--output FILE`"
                .into(),
        );
    }
    for (i, o) in plan.iter().enumerate() {
        if let Destination::File(path) = &o.to
            && plan[..i].iter().any(|p| p.to == o.to)
        {
            return Err(format!("`--output {}` is given twice", path.display()));
        }
    }
    Ok(plan)
}

/// What the emitters need besides the report.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub registry: &'a Registry,
    /// The lint root relative to the repository root, with `/` and a trailing `/`
    /// (empty at the repository root or outside a repository): GitHub reads the
    /// paths of SARIF results and annotations from the repository root.
    pub repo_prefix: &'a str,
}

/// A rendered format, and what to tell the user on stderr about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub text: String,
    pub notices: Vec<String>,
}

/// How the text formats (human, concise) are shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct View {
    /// Colours (the human format only; the others never colour).
    pub color: bool,
    /// Findings only: no summary line, nothing about what was left out (`--quiet`).
    pub quiet: bool,
    /// Counts per rule instead of the findings (`--statistics`).
    pub statistics: bool,
}

/// Renders one format. `color` is for the human format only; the others never colour.
pub fn render(format: Format, report: &Report, cx: Context<'_>, color: bool) -> Rendered {
    render_view(
        format,
        report,
        cx,
        View {
            color,
            ..View::default()
        },
    )
}

/// Renders one format as `view` says.
pub fn render_view(format: Format, report: &Report, cx: Context<'_>, view: View) -> Rendered {
    let text = match format {
        Format::Human | Format::Concise if view.statistics => {
            let mut text = statistics(report, cx.registry);
            if !view.quiet {
                text.push_str(&summary_line(report));
                text.push('\n');
            }
            text
        }
        Format::Human => human::render_quiet(
            report,
            &cx.registry.catalogue,
            human::Style {
                color: view.color,
                width: 100,
            },
            view.quiet,
        ),
        Format::Concise => concise::render(report, view.quiet),
        Format::Json => json::render(report),
        Format::Sarif => return sarif::render(report, cx),
        Format::Github => github::render(report, cx),
    };
    Rendered {
        text,
        notices: Vec::new(),
    }
}

/// The lint root relative to the repository that holds it (the nearest ancestor with
/// a `.git`, as a worktree or submodule has a `.git` file), as `a/b/`; empty when the
/// root is the repository root or in no repository.
pub fn repository_prefix(root: &Path) -> String {
    let Some(repo) = root.ancestors().find(|d| d.join(".git").exists()) else {
        return String::new();
    };
    let rel = crate::discover::relative(repo, root);
    if rel.is_empty() {
        rel
    } else {
        format!("{rel}/")
    }
}

/// Writes `contents` to `path` through a temporary file in the same directory and a
/// rename, so that the file is either the old one or the complete new one.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    // A rename would replace a symlink, a device or a FIFO with a regular file: a
    // report is written only where a regular file is, or nothing.
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            return Err(io::Error::other(
                "it is a symlink; art32 does not replace it",
            ));
        }
        Ok(m) if !m.is_file() => {
            return Err(io::Error::other(
                "it is not a regular file (a directory, device or FIFO); art32 does not replace it",
            ));
        }
        _ => {}
    }
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path names no file"))?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    // `--output reports/art32.sarif` in a fresh checkout: make the directory.
    std::fs::create_dir_all(dir)?;
    let mut attempt = 0u32;
    loop {
        let tmp = dir.join(format!(
            ".{}.{}-{attempt}.tmp",
            name.to_string_lossy(),
            std::process::id()
        ));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(mut file) => {
                let written = file.write_all(contents).and_then(|()| file.sync_all());
                drop(file);
                let done = written.and_then(|()| std::fs::rename(&tmp, path));
                if done.is_err() {
                    let _ = std::fs::remove_file(&tmp);
                }
                return done;
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(p: &str) -> Destination {
        Destination::File(PathBuf::from(p))
    }

    #[test]
    fn each_output_belongs_to_the_format_before_it() {
        // `--format human --format sarif -o art32.sarif --format json -o r.json`
        let plan = plan(
            &[(1, Format::Human), (3, Format::Sarif), (7, Format::Json)],
            &[(5, file("art32.sarif")), (9, file("r.json"))],
        )
        .unwrap();
        assert_eq!(plan[0].to, Destination::Stdout);
        assert_eq!(
            plan[1],
            Output {
                format: Format::Sarif,
                to: file("art32.sarif")
            }
        );
        assert_eq!(plan[2].to, file("r.json"));
        // No format: `human`, to the one output.
        let plan2 = super::plan(&[], &[(1, file("report.txt"))]).unwrap();
        assert_eq!(plan2[0].format, Format::Human);
        assert_eq!(plan2[0].to, file("report.txt"));
    }

    #[test]
    fn ambiguous_plans_are_refused() {
        // Two outputs after one format (the old positional pairing).
        assert!(
            plan(
                &[(1, Format::Github), (3, Format::Sarif)],
                &[(5, Destination::Stdout), (7, file("a"))]
            )
            .is_err()
        );
        // An output before every format.
        assert!(plan(&[(3, Format::Json)], &[(1, file("a"))]).is_err());
        assert!(plan(&[(1, Format::Json), (3, Format::Sarif)], &[]).is_err());
        assert!(
            plan(
                &[(1, Format::Json), (5, Format::Sarif)],
                &[(3, file("a")), (7, file("a"))]
            )
            .is_err()
        );
        assert!(plan(&[], &[(1, file("a")), (3, file("b"))]).is_err());
    }

    #[test]
    fn atomic_writes_replace_the_whole_file() {
        let dir = std::env::temp_dir().join(format!("art32-write-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("out.sarif");
        std::fs::write(&path, "old and longer than the new text").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file is left behind");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
