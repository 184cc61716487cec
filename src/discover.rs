//! Discover: walk the paths to lint (honouring .gitignore and the config's excludes),
//! classify files by kind, and read them. All file reading happens here.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::error::Error;
use crate::model::FileKind;

/// Files larger than this are skipped with a note rather than read.
pub const MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// A file to lint: where it is, how it is shown, what kind it is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    /// Relative to the lint root, with `/`.
    pub rel: String,
    pub path: PathBuf,
    pub kind: FileKind,
}

/// Walks `paths` (files or directories under `root`) and returns the files that some
/// kind's globs claim, sorted by relative path, without duplicates.
pub fn discover(paths: &[PathBuf], root: &Path, config: &Config) -> Result<Vec<Candidate>, Error> {
    let mut out = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path)
            .map_err(|e| Error::io(format!("cannot read `{}`", path.display()), e))?;
        if meta.is_file() {
            // A file named on the command line is linted if some kind claims it,
            // even when an ignore file would skip it (pre-commit passes files).
            let rel = relative(root, path);
            if let Some(kind) = config.classify(&rel)
                && !config.is_excluded(&rel)
            {
                out.push(Candidate {
                    rel,
                    path: path.clone(),
                    kind,
                });
            }
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
            let Ok(entry) = entry else { continue };
            // Regular files only: FIFOs, sockets and devices are never opened, and
            // symlinks are not followed.
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let rel = relative(root, entry.path());
            if config.is_excluded(&rel) || ancestors_excluded(&rel, config) {
                continue;
            }
            if let Some(kind) = config.classify(&rel) {
                out.push(Candidate {
                    rel,
                    path: entry.path().to_path_buf(),
                    kind,
                });
            }
        }
    }
    out.sort();
    out.dedup_by(|a, b| a.rel == b.rel);
    Ok(out)
}

fn ancestors_excluded(rel: &str, config: &Config) -> bool {
    rel.match_indices('/')
        .any(|(i, _)| config.is_excluded(&rel[..i]))
}

/// `path` relative to `root`, with `/`; the path as given if it is not under `root`.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = match path.strip_prefix(root) {
        Ok(r) => r.to_path_buf(),
        Err(_) => match (root.canonicalize(), path.canonicalize()) {
            (Ok(r), Ok(p)) => p
                .strip_prefix(&r)
                .map_or_else(|_| path.to_path_buf(), Path::to_path_buf),
            _ => path.to_path_buf(),
        },
    };
    let parts: Vec<String> = rel
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// A file's contents, or why it was not read.
#[derive(Debug)]
pub enum Loaded {
    Text {
        text: String,
        /// Byte offset of the first invalid UTF-8 sequence (replaced by U+FFFD).
        invalid_utf8_at: Option<usize>,
    },
    Skipped(String),
}

pub fn load(path: &Path) -> Loaded {
    match std::fs::metadata(path) {
        Ok(m) if m.len() > MAX_FILE_SIZE => {
            return Loaded::Skipped(format!(
                "file skipped: {} bytes is more than the limit of {MAX_FILE_SIZE} bytes",
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
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    match String::from_utf8(bytes) {
        Ok(text) => Loaded::Text {
            text,
            invalid_utf8_at: None,
        },
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            Loaded::Text {
                text: String::from_utf8_lossy(e.as_bytes()).into_owned(),
                invalid_utf8_at: Some(at),
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
            matches!(decode(b"\xEF\xBB\xBFa b".to_vec()), Loaded::Text { text, invalid_utf8_at: None } if text == "a b")
        );
        assert!(matches!(decode(b"a\0b".to_vec()), Loaded::Skipped(_)));
        match decode(b"ab\xFFcd".to_vec()) {
            Loaded::Text {
                text,
                invalid_utf8_at,
            } => {
                assert_eq!(invalid_utf8_at, Some(2));
                assert_eq!(text, "ab\u{FFFD}cd");
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
