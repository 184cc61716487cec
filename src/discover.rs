//! Discover: walk the paths to lint (honouring .gitignore and the config's excludes),
//! classify files by kind, and read them. All file reading happens here.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::error::Error;
use crate::model::FileKind;

/// Files larger than this are skipped with a note rather than read (default of the
/// config's `max-file-size`).
pub const MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// A file to lint: where it is, how it is shown, what kind it is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    /// Relative to the lint root, with `/` (`../x` for a file outside it).
    pub rel: String,
    pub path: PathBuf,
    pub kind: FileKind,
}

/// What a walk found: files to read, and files it would not read (with why).
#[derive(Debug, Default)]
pub struct Discovery {
    pub files: Vec<Candidate>,
    pub skipped: Vec<(String, String)>,
    /// Every regular file seen (relative path → path), claimed by a kind or not: what
    /// nginx includes are resolved against.
    pub all: std::collections::BTreeMap<String, PathBuf>,
}

/// Walks `paths` (files or directories; absolute, as `canonical` returns them) and
/// returns the files some kind's globs claim, sorted by relative path, each once.
///
/// Only regular files are read: FIFOs, sockets and devices are never opened (a kind
/// that claims one gets a note). A symlink to a regular file inside `root` is linted
/// under the link's name (once, if the real file is linted too); one that leads out
/// of `root`, or nowhere (a loop among them), is reported as skipped rather than
/// followed, and one to anything else inside `root` (a directory, a FIFO) is ignored.
pub fn discover(paths: &[PathBuf], root: &Path, config: &Config) -> Result<Discovery, Error> {
    let mut found = Discovery::default();
    let mut seen = std::collections::BTreeMap::new();
    let mut consider = |found: &mut Discovery, path: &Path, named: bool| {
        let rel = relative(root, path);
        if config.is_excluded(&rel) || (!named && ancestors_excluded(&rel, config)) {
            return;
        }
        let kind = config.classify(&rel);
        let mut skip = |why: &str| {
            if kind.is_some() {
                found.skipped.push((rel.clone(), why.to_string()));
            }
        };
        let meta = match std::fs::symlink_metadata(path) {
            Ok(m) => m,
            Err(e) => return skip(&format!("file skipped: cannot read it: {e}")),
        };
        let real = if meta.file_type().is_symlink() {
            match path.canonicalize() {
                Ok(real) if real.starts_with(root) && real.is_file() => real,
                Ok(real) if !real.starts_with(root) => {
                    return skip("file skipped: it is a symlink that leads out of the linted root");
                }
                Ok(_) => return,
                Err(_) => return skip("file skipped: it is a symlink that leads nowhere"),
            }
        } else if meta.is_file() {
            path.to_path_buf()
        } else {
            // A FIFO, socket or device: opening a FIFO would block for ever, and a
            // device can be read for ever. Not opened, but not skipped in silence.
            return skip("file skipped: it is not a regular file (a FIFO, socket or device)");
        };
        found.all.insert(rel.clone(), real.clone());
        let Some(kind) = kind else {
            return;
        };
        // The same file reached twice (a symlink and its target): keep the first name
        // in path order, whatever order the walk found them in.
        match seen.get(&real) {
            Some(other) if *other <= rel => {}
            _ => {
                seen.insert(real.clone(), rel.clone());
                found.files.push(Candidate {
                    rel,
                    path: real,
                    kind,
                });
            }
        }
    };
    for path in paths {
        let meta = std::fs::metadata(path)
            .map_err(|e| Error::io(format!("cannot read `{}`", path.display()), e))?;
        if !meta.is_dir() {
            // A file named on the command line is linted if some kind claims it,
            // even when an ignore file would skip it (pre-commit passes files).
            consider(&mut found, path, true);
            continue;
        }
        let walker = ignore::WalkBuilder::new(path)
            .hidden(false)
            .git_global(false)
            .require_git(false)
            .follow_links(false)
            .filter_entry(|e| {
                let name = e.file_name();
                !(e.file_type().is_some_and(|t| t.is_dir()) && (name == ".git" || name == "target"))
            })
            .build();
        for entry in walker {
            match entry {
                Ok(entry) if entry.file_type().is_some_and(|t| !t.is_dir()) => {
                    consider(&mut found, entry.path(), false);
                }
                Ok(_) => {}
                Err(ignore::Error::WithPath { path, err }) => {
                    found.skipped.push((
                        relative(root, &path),
                        format!("skipped: cannot read it: {err}"),
                    ));
                }
                Err(_) => {}
            }
        }
    }
    // A symlink seen before its target: drop the later duplicate.
    let seen: std::collections::BTreeSet<(PathBuf, String)> = seen.into_iter().collect();
    found
        .files
        .retain(|c| seen.contains(&(c.path.clone(), c.rel.clone())));
    found.files.sort();
    found.files.dedup();
    found.skipped.sort();
    found.skipped.dedup();
    Ok(found)
}

fn ancestors_excluded(rel: &str, config: &Config) -> bool {
    rel.match_indices('/')
        .any(|(i, _)| config.is_excluded(&rel[..i]))
}

/// An absolute path with symlinks resolved, as roots and walked paths are compared.
pub fn canonical(path: &Path) -> Result<PathBuf, Error> {
    path.canonicalize()
        .map_err(|e| Error::io(format!("cannot read `{}`", path.display()), e))
}

/// The deepest directory that contains all of `paths` (absolute; files count by their
/// directory).
pub fn common_root(paths: &[PathBuf]) -> PathBuf {
    let dirs: Vec<PathBuf> = paths
        .iter()
        .map(|p| {
            if p.is_dir() {
                p.clone()
            } else {
                p.parent().map_or_else(|| p.clone(), Path::to_path_buf)
            }
        })
        .collect();
    let Some(first) = dirs.first() else {
        return PathBuf::from("/");
    };
    let mut root = first.clone();
    while !dirs.iter().all(|d| d.starts_with(&root)) {
        if !root.pop() {
            break;
        }
    }
    root
}

/// `path` relative to `root`, with `/`; `..` components where it is outside `root`.
/// Both are taken as they are (make them absolute first to compare them).
pub fn relative(root: &Path, path: &Path) -> String {
    let normal = |p: &Path| -> Vec<String> {
        p.components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect()
    };
    let (r, p) = (normal(root), normal(path));
    let common = r.iter().zip(&p).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); r.len() - common];
    parts.extend(p[common..].iter().cloned());
    let joined = parts.join("/");
    // An absolute path that shares nothing with the root keeps its one leading `/`.
    match joined.strip_prefix("//") {
        Some(rest) => format!("/{rest}"),
        None => joined,
    }
}

/// A file's contents, or why it was not read.
#[derive(Debug)]
pub enum Loaded {
    Text {
        text: String,
        /// Byte offset in `text` of the first invalid UTF-8 sequence (replaced by
        /// U+FFFD).
        invalid_utf8_at: Option<usize>,
        /// A UTF-8 byte-order mark was dropped: offsets in the file are 3 more than
        /// offsets in `text`.
        bom: bool,
    },
    Skipped(String),
}

/// Reads a file, unless it is larger than `max_size` bytes.
pub fn load(path: &Path, max_size: u64) -> Loaded {
    match std::fs::metadata(path) {
        Ok(m) if m.len() > max_size => {
            return Loaded::Skipped(format!(
                "file skipped: {} bytes is more than the limit of {max_size} bytes (`max-file-size`)",
                m.len()
            ));
        }
        Err(e) => return Loaded::Skipped(format!("file skipped: cannot read it: {e}")),
        Ok(_) => {}
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return Loaded::Skipped(format!("file skipped: cannot read it: {e}")),
    };
    decode(bytes)
}

/// Text from bytes: binary (NUL) files are skipped, a BOM is dropped, invalid UTF-8
/// is replaced and its offset kept.
pub fn decode(bytes: Vec<u8>) -> Loaded {
    if bytes.contains(&0) {
        return Loaded::Skipped("file skipped: it is binary (contains NUL bytes)".into());
    }
    let (bytes, bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest.to_vec(), true),
        None => (bytes, false),
    };
    match String::from_utf8(bytes) {
        Ok(text) => Loaded::Text {
            text,
            invalid_utf8_at: None,
            bom,
        },
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            Loaded::Text {
                text: String::from_utf8_lossy(e.as_bytes()).into_owned(),
                invalid_utf8_at: Some(at),
                bom,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_handles_bom_binary_and_invalid_utf8() {
        assert!(
            matches!(decode(b"\xEF\xBB\xBFa b".to_vec()), Loaded::Text { text, invalid_utf8_at: None, bom: true } if text == "a b")
        );
        assert!(matches!(decode(b"a\0b".to_vec()), Loaded::Skipped(_)));
        match decode(b"ab\xFFcd".to_vec()) {
            Loaded::Text {
                text,
                invalid_utf8_at,
                bom,
            } => {
                assert_eq!(invalid_utf8_at, Some(2));
                assert_eq!(text, "ab\u{FFFD}cd");
                assert!(!bom);
            }
            Loaded::Skipped(s) => panic!("{s}"),
        }
    }

    #[test]
    fn relative_paths_use_slashes() {
        assert_eq!(
            relative(Path::new("/r"), Path::new("/r/etc/fstab")),
            "etc/fstab"
        );
        assert_eq!(
            relative(Path::new("."), Path::new("./etc/fstab")),
            "etc/fstab"
        );
    }
}
