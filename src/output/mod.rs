//! Emitters: how findings reach people and machines, and where they are written.
//!
//! One run can write several formats (`--format human --format sarif --output -
//! --output art32.sarif`): [`plan`] pairs them, [`render`] renders one, and
//! [`write_atomic`] puts a file in place so that a reader (an upload step, an editor)
//! never sees half of it.

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::finding::Severity;
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

/// Pairs `--format`s with `--output`s by position: the first format is written to the
/// first output, the second to the second, and so on; a format with no output of its
/// own goes to stdout. No format at all means `human`.
///
/// Refused, because the result would not be what was meant: more outputs than
/// formats, two formats on stdout (they would interleave), and one file named twice.
pub fn plan(formats: &[Format], outputs: &[Destination]) -> Result<Vec<Output>, String> {
    let formats = if formats.is_empty() {
        &[Format::Human][..]
    } else {
        formats
    };
    if outputs.len() > formats.len() {
        return Err(format!(
            "{} `--output`s but {} `--format`{}: each `--output` belongs to the `--format` at the same position",
            outputs.len(),
            formats.len(),
            if formats.len() == 1 { "" } else { "s" }
        ));
    }
    let plan: Vec<Output> = formats
        .iter()
        .enumerate()
        .map(|(i, &format)| Output {
            format,
            to: outputs.get(i).cloned().unwrap_or(Destination::Stdout),
        })
        .collect();
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

/// Renders one format. `color` is for the human format only; the others never colour.
pub fn render(format: Format, report: &Report, cx: Context<'_>, color: bool) -> Rendered {
    let text = match format {
        Format::Human => human::render(
            report,
            &cx.registry.catalogue,
            human::Style { color, width: 100 },
        ),
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
    fn formats_take_the_outputs_at_their_position() {
        let plan = plan(
            &[Format::Human, Format::Sarif],
            &[Destination::Stdout, file("art32.sarif")],
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
        // A format after the last output goes to stdout; no format is `human`.
        let plan2 = super::plan(&[Format::Sarif, Format::Github], &[file("a")]).unwrap();
        assert_eq!(plan2[1].to, Destination::Stdout);
        let plan3 = super::plan(&[], &[file("report.txt")]).unwrap();
        assert_eq!(plan3[0].format, Format::Human);
    }

    #[test]
    fn ambiguous_plans_are_refused() {
        assert!(plan(&[Format::Json], &[file("a"), file("b")]).is_err());
        assert!(plan(&[Format::Json, Format::Sarif], &[]).is_err());
        assert!(plan(&[Format::Json, Format::Sarif], &[file("a"), file("a")]).is_err());
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
