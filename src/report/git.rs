//! The commit a report was made on: `HEAD` of the repository, read from its `.git`
//! without running `git` (which may be missing, and which runs hooks and reads
//! configuration of its own).
//!
//! Only what a clone or `git init` writes is read: a `.git` directory, or a `.git`
//! file `gitdir: PATH` leading to one inside the repository (a worktree or submodule
//! whose git directory is elsewhere has no commit in the report: nothing outside the
//! repository is read); `HEAD` holding an object id (detached) or `ref: refs/…`,
//! followed at most [`MAX_SYMREFS`] times (git's own limit) through loose refs and
//! `packed-refs`. Every file is a regular file read up to a cap; anything else, odd or
//! too large is `None`.

use std::path::{Path, PathBuf};

/// How many `ref:` links are followed (git's `SYMREF_MAXDEPTH`).
pub const MAX_SYMREFS: usize = 5;
/// `HEAD`, a loose ref, a `.git` file: one line.
const MAX_SMALL: u64 = 4096;
/// `packed-refs`: a line (about 60 bytes) per branch and tag.
const MAX_PACKED_REFS: u64 = 32 * 1024 * 1024;

/// `HEAD`'s commit id (40 or 64 lowercase hex digits) of the repository `root` is in:
/// the nearest directory from `root` up that holds a `.git`.
pub fn head(root: &Path) -> Option<String> {
    let root = root.canonicalize().ok()?;
    let repo = root
        .ancestors()
        .find(|d| std::fs::symlink_metadata(d.join(".git")).is_ok())?;
    let git_dir = git_dir(repo)?;
    let mut text = read(repo, &git_dir.join("HEAD"), MAX_SMALL)?;
    for _ in 0..=MAX_SYMREFS {
        let line = text.strip_suffix('\n').unwrap_or(&text);
        let Some(name) = line.strip_prefix("ref:") else {
            return is_object_id(line).then(|| line.to_string());
        };
        let name = name.trim();
        if !is_ref_name(name) {
            return None;
        }
        text = match read(repo, &git_dir.join(name), MAX_SMALL) {
            Some(t) => t,
            None => packed(repo, &git_dir, name)?,
        };
    }
    None
}

/// The git directory: `.git` itself, or where a `.git` file's `gitdir:` leads, inside
/// `repo`.
fn git_dir(repo: &Path) -> Option<PathBuf> {
    let dot = repo.join(".git");
    let meta = std::fs::symlink_metadata(&dot).ok()?;
    if meta.is_dir() {
        return Some(dot);
    }
    if !meta.is_file() {
        return None;
    }
    let text = read(repo, &dot, MAX_SMALL)?;
    let target = text.strip_prefix("gitdir:")?.trim();
    if target.is_empty() || target.contains('\n') {
        return None;
    }
    let dir = repo.join(target).canonicalize().ok()?;
    (dir.starts_with(repo) && dir.is_dir()).then_some(dir)
}

/// The object id `packed-refs` gives `name`.
fn packed(repo: &Path, git_dir: &Path, name: &str) -> Option<String> {
    let text = read(repo, &git_dir.join("packed-refs"), MAX_PACKED_REFS)?;
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with('^'))
        .find_map(|l| {
            let (id, r) = l.split_once(' ')?;
            (r == name && is_object_id(id)).then(|| id.to_string())
        })
}

/// The text of the regular file at `path`, if it resolves inside `repo` and is at most
/// `cap` bytes of UTF-8.
fn read(repo: &Path, path: &Path, cap: u64) -> Option<String> {
    let resolved = path.canonicalize().ok()?;
    if !resolved.starts_with(repo) {
        return None;
    }
    let bytes = crate::read::regular_file(&resolved, cap).ok()?;
    String::from_utf8(bytes).ok()
}

/// A SHA-1 or SHA-256 object id as git writes it.
fn is_object_id(s: &str) -> bool {
    matches!(s.len(), 40 | 64) && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// A ref under `refs/` whose every part is a plain name (no `..`, no hidden part, none
/// of the characters git refuses): it names a file under the git directory's `refs/`.
fn is_ref_name(name: &str) -> bool {
    let Some(rest) = name.strip_prefix("refs/") else {
        return false;
    };
    !rest.is_empty()
        && rest.split('/').all(|part| {
            !part.is_empty()
                && !part.starts_with('.')
                && !part.ends_with(".lock")
                && !part.contains("..")
                && part.bytes().all(|b| {
                    b > b' ' && !matches!(b, 0x7f | b'~' | b'^' | b':' | b'?' | b'*' | b'[' | b'\\')
                })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ref_names_stay_under_refs() {
        assert!(is_ref_name("refs/heads/main"));
        assert!(is_ref_name("refs/heads/feature/x-1"));
        for bad in [
            "HEAD",
            "refs/",
            "refs/heads/../../config",
            "refs/heads/.hidden",
            "refs//x",
            "refs/heads/a b",
            "refs/heads/x.lock",
            "/etc/passwd",
        ] {
            assert!(!is_ref_name(bad), "{bad}");
        }
        assert!(is_object_id(&"a".repeat(40)));
        assert!(is_object_id(&"0".repeat(64)));
        assert!(!is_object_id(&"A".repeat(40)));
        assert!(!is_object_id(&"a".repeat(41)));
    }
}
