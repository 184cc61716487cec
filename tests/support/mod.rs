//! Helpers shared by the integration tests (`mod support;` in a test file). Each test
//! file is its own crate and uses some of them.
#![allow(dead_code)]

use std::path::Path;

/// Writes `bytes` to `rel` below `dir`, creating the directories on the way.
pub fn write(dir: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// A new, empty repository: a temporary directory with `.git`, as `git init` leaves it
/// for art32 (which looks for the directory, never runs git).
pub fn empty_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    dir
}

/// Copies the directory `from` to `to`, recursively (regular files and directories),
/// creating `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Lints `files` (path, content) in a new repository in-process on a thread with a
/// 2 MiB stack (rayon's workers' size), on 2026-11-26: (path, rule, message) of each
/// finding. Only `only` (relative to the repository) is linted when given, as
/// pre-commit passes one file.
pub fn lint_in_process<B: AsRef<[u8]> + Send + 'static>(
    files: Vec<(String, B)>,
    only: Option<&'static str>,
) -> Vec<(String, String, String)> {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            let dir = empty_repo();
            for (rel, bytes) in &files {
                write(dir.path(), rel, bytes);
            }
            let path = only.map_or(dir.path().to_path_buf(), |p| dir.path().join(p));
            let setup = art32::lint::Setup::new(&art32::lint::Target {
                paths: vec![path],
                config: None,
            })
            .unwrap();
            let report = art32::lint::run(&setup, jiff::civil::date(2026, 11, 26)).unwrap();
            report
                .findings
                .iter()
                .map(|f| {
                    let path = report.sources.get(f.primary.span.file).path.clone();
                    (path, f.rule.clone(), f.message.clone())
                })
                .collect()
        })
        .unwrap()
        .join()
        .unwrap()
}
