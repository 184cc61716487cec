//! Every file art32 reads — linted files, `art32.toml`, rule files, catalogues, a
//! baseline — is read by [`regular_file`]: a regular file only, opened without
//! blocking, with a size cap checked on the opened descriptor and while reading.
//!
//! Checking a path and then opening it leaves a gap: a file swapped for a FIFO in
//! between would block `open` for ever, and `/proc` files report a size of 0. So the
//! path is looked at before opening (a FIFO or device is never opened), opened with
//! `O_NONBLOCK | O_NOCTTY`, looked at again through the descriptor, and read through
//! `take(cap + 1)`.

use std::fmt;
use std::io::Read;
use std::path::Path;

/// `art32.toml`: a few hundred lines in practice.
pub const MAX_CONFIG_SIZE: u64 = 1024 * 1024;
/// One rule file (the largest built-in one is a few kilobytes).
pub const MAX_RULE_SIZE: u64 = 1024 * 1024;
/// A TOM catalogue (the reference one is 8 KB for 28 items).
pub const MAX_CATALOGUE_SIZE: u64 = 1024 * 1024;
/// A baseline: an entry per finding of about 250 bytes, so room for about 250 000
/// findings, ten times what one SARIF upload can show.
pub const MAX_BASELINE_SIZE: u64 = 64 * 1024 * 1024;

/// Why a file was not read.
#[derive(Debug)]
pub enum Refused {
    /// A FIFO, socket, device or directory (what it is).
    NotRegular(&'static str),
    /// More bytes than the cap (`size` when the file said how many it holds).
    TooLarge {
        size: Option<u64>,
        cap: u64,
    },
    Io(std::io::Error),
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refused::NotRegular(what) => write!(f, "it is not a regular file ({what})"),
            Refused::TooLarge {
                size: Some(size),
                cap,
            } => write!(f, "{size} bytes is more than the limit of {cap} bytes"),
            Refused::TooLarge { size: None, cap } => {
                write!(f, "it holds more than the limit of {cap} bytes")
            }
            Refused::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for Refused {}

/// What a file that is not a regular one is, in words.
fn not_regular(meta: &std::fs::Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a FIFO");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("a device");
        }
    }
    Some("a FIFO, socket or device")
}

/// The regular file at `path`, opened without blocking and checked on the opened
/// descriptor (what was opened may not be what was looked at), with its size.
fn open_regular(path: &Path) -> Result<(std::fs::File, u64), Refused> {
    let before = std::fs::metadata(path).map_err(Refused::Io)?;
    if let Some(what) = not_regular(&before) {
        return Err(Refused::NotRegular(what));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path).map_err(Refused::Io)?;
    let meta = file.metadata().map_err(Refused::Io)?;
    if let Some(what) = not_regular(&meta) {
        return Err(Refused::NotRegular(what));
    }
    Ok((file, meta.len()))
}

/// The bytes of the regular file at `path` (symlinks followed: callers decide where a
/// path may lead), at most `cap` of them.
pub fn regular_file(path: &Path, cap: u64) -> Result<Vec<u8>, Refused> {
    let before = std::fs::metadata(path).map_err(Refused::Io)?;
    if let Some(what) = not_regular(&before) {
        return Err(Refused::NotRegular(what));
    }
    let size = before.len();
    if size > cap {
        return Err(Refused::TooLarge {
            size: Some(size),
            cap,
        });
    }
    let (file, size) = open_regular(path)?;
    if size > cap {
        return Err(Refused::TooLarge {
            size: Some(size),
            cap,
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(Refused::Io)?;
    if bytes.len() as u64 > cap {
        // A file that grew, or one (in `/proc`) that reports no size.
        return Err(Refused::TooLarge { size: None, cap });
    }
    Ok(bytes)
}

/// The first `len` bytes (or fewer) of the regular file at `path`, opened as
/// [`regular_file`] opens it: to tell what a file too large to read is.
pub fn prefix(path: &Path, len: u64) -> Result<Vec<u8>, Refused> {
    let (file, size) = open_regular(path)?;
    let mut bytes = Vec::with_capacity(usize::try_from(size.min(len)).unwrap_or(0));
    file.take(len)
        .read_to_end(&mut bytes)
        .map_err(Refused::Io)?;
    Ok(bytes)
}

/// The text of a file art32 reads as instructions (config, rule, catalogue,
/// baseline): `what` names it in the error, with the path as `shown`.
pub fn instructions(
    path: &Path,
    shown: &str,
    what: &str,
    cap: u64,
) -> Result<String, crate::error::Error> {
    let cannot =
        |e: std::io::Error| crate::error::Error::io(format!("cannot read {what} `{shown}`"), e);
    let bytes = regular_file(path, cap).map_err(|r| match r {
        Refused::Io(e) => cannot(e),
        other => cannot(std::io::Error::other(other.to_string())),
    })?;
    String::from_utf8(bytes)
        .map_err(|_| cannot(std::io::Error::other("it is not UTF-8 text".to_string())))
}

/// Does `path` resolve (symlinks followed) to a place inside `root` (canonical)?
pub fn resolves_inside(root: &Path, path: &Path) -> bool {
    path.canonicalize().is_ok_and(|p| p.starts_with(root))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_within_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a");
        std::fs::write(&file, b"12345").unwrap();
        assert_eq!(regular_file(&file, 5).unwrap(), b"12345");
        assert!(matches!(
            regular_file(&file, 4),
            Err(Refused::TooLarge {
                size: Some(5),
                cap: 4
            })
        ));
        assert!(matches!(
            regular_file(dir.path(), 4),
            Err(Refused::NotRegular("a directory"))
        ));
        assert!(matches!(
            regular_file(&dir.path().join("none"), 4),
            Err(Refused::Io(_))
        ));
    }

    /// A linted file swapped for a FIFO after the walk saw a regular file: `load` must
    /// not block in `open` (it did: `metadata` then `fs::read`). A hang check, not a
    /// timing: the wait is generous, and only a thread still blocked fails.
    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fstab");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let (tx, rx) = std::sync::mpsc::channel();
        let path = fifo.clone();
        std::thread::spawn(move || {
            let loaded = crate::discover::load(&path, 1024);
            let _ = tx.send((loaded, regular_file(&path, 1024).is_err()));
        });
        match rx.recv_timeout(std::time::Duration::from_secs(120)) {
            Ok((crate::discover::Loaded::Skipped(why), true)) => {
                assert!(why.contains("not a regular file"), "{why}");
            }
            Ok((other, refused)) => panic!("{other:?} {refused}"),
            Err(_) => {
                // Unblock the reader, so that the test process can end.
                let _ = std::fs::OpenOptions::new().write(true).open(&fifo);
                panic!("reading a FIFO blocked");
            }
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn devices_and_proc_files_are_refused_or_capped() {
        assert!(matches!(
            regular_file(Path::new("/dev/zero"), 10),
            Err(Refused::NotRegular("a device"))
        ));
        // A `/proc` file says it holds 0 bytes: the cap holds while reading.
        assert!(matches!(
            regular_file(Path::new("/proc/self/maps"), 10),
            Err(Refused::TooLarge {
                size: None,
                cap: 10
            })
        ));
    }
}
