//! The paths git tracks, read from its index file (`.git/index`) without running git:
//! files tracked by git are linted whatever ignore files say.
//!
//! The format (git's `Documentation/gitformat-index.txt`): a 12-byte header (`DIRC`,
//! version 2, 3 or 4, the number of entries, big-endian), the entries sorted by path,
//! extensions, and a checksum of the object hash's length (20 bytes for SHA-1, 32 for
//! SHA-256; tried in that order). An entry is 40 bytes of stat data (the mode at offset
//! 24), the object name, 16 bits of flags (the low 12 the path's length, or `0xFFF` for
//! a longer one; `0x4000` extended), from version 3 16 more bits of extended flags when
//! flagged, and the path: in versions 2 and 3 NUL-terminated and padded with 1–8 NULs to
//! a multiple of 8 bytes from the entry's start; in version 4 a varint that says how
//! many bytes of the previous path to drop, then the NUL-terminated rest.
//!
//! Everything is checked against the bytes there are: a count, length or offset that
//! does not fit is an error (the caller falls back to the ignore files), never a panic
//! or an allocation beyond what the file holds.

/// Paths longer than this are no file name a checkout can hold (Linux's `PATH_MAX`).
const MAX_PATH: usize = 4096;

/// All paths together may be at most this many times the index's size: version 4 shares
/// prefixes, so a hostile index could otherwise spell out far more than it holds (a
/// real index's paths are smaller than the index).
const PATHS_PER_BYTE: usize = 4;

/// The paths of the index's entries (as bytes, `/`-separated, relative to the work
/// tree), in index order, each once: submodules (gitlinks) and the directory entries of
/// a sparse index left out.
pub fn tracked(bytes: &[u8]) -> Result<Vec<Vec<u8>>, String> {
    if bytes.len() < 12 || &bytes[..4] != b"DIRC" {
        return Err("it is not a git index (no `DIRC` header)".into());
    }
    let version = be32(bytes, 4).unwrap_or(0);
    if !(2..=4).contains(&version) {
        return Err(format!("index version {version} is not 2, 3 or 4"));
    }
    let count = be32(bytes, 8).unwrap_or(0) as usize;
    match entries(bytes, version, count, 20) {
        Ok(paths) => Ok(paths),
        Err(sha1) => entries(bytes, version, count, 32).map_err(|_| sha1),
    }
}

fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

fn be16(bytes: &[u8], at: usize) -> Option<u16> {
    let b = bytes.get(at..at.checked_add(2)?)?;
    Some(u16::from_be_bytes([b[0], b[1]]))
}

/// Git's offset varint (`varint.c`): 7 bits a byte, high bit "more", and one added
/// before each shift. Returns the value and the bytes it took.
fn varint(bytes: &[u8], at: usize) -> Option<(usize, usize)> {
    let mut used = 0;
    let mut next = || {
        let b = *bytes.get(at + used)?;
        used += 1;
        Some(b)
    };
    let mut b = next()?;
    let mut value = usize::from(b & 0x7f);
    while b & 0x80 != 0 {
        b = next()?;
        value = value
            .checked_add(1)?
            .checked_mul(128)?
            .checked_add(usize::from(b & 0x7f))?;
    }
    Some((value, used))
}

fn entries(bytes: &[u8], version: u32, count: usize, hash: usize) -> Result<Vec<Vec<u8>>, String> {
    let broken = |what: &str, n: usize| format!("entry {} of {count}: {what}", n + 1);
    let budget = bytes.len().saturating_mul(PATHS_PER_BYTE);
    let mut spent = 0usize;
    let mut paths: Vec<Vec<u8>> = Vec::new();
    let mut prev: Vec<u8> = Vec::new();
    let mut at = 12;
    for n in 0..count {
        let flags_at = at + 40 + hash;
        let mode = be32(bytes, at + 24).ok_or_else(|| broken("cut off", n))?;
        let flags = be16(bytes, flags_at).ok_or_else(|| broken("cut off", n))?;
        let mut pos = flags_at + 2;
        if flags & 0x4000 != 0 {
            if version < 3 {
                return Err(broken("extended flags in a version 2 index", n));
            }
            pos += 2;
        }
        let rest = bytes.get(pos..).ok_or_else(|| broken("cut off", n))?;
        let path = if version == 4 {
            let (drop, used) = varint(bytes, pos).ok_or_else(|| broken("cut off", n))?;
            let keep = prev
                .len()
                .checked_sub(drop)
                .ok_or_else(|| broken("drops more than the previous path", n))?;
            let rest = &rest[used..];
            let end = rest
                .iter()
                .position(|&b| b == 0)
                .ok_or_else(|| broken("path not terminated", n))?;
            let mut path = Vec::with_capacity(keep + end);
            path.extend_from_slice(&prev[..keep]);
            path.extend_from_slice(&rest[..end]);
            at = pos + used + end + 1;
            path
        } else {
            let end = rest
                .iter()
                .position(|&b| b == 0)
                .ok_or_else(|| broken("path not terminated", n))?;
            // 1–8 NULs after the path make the entry a multiple of 8 bytes long.
            let len = pos + end - at;
            let next = at + (len + 8) / 8 * 8;
            let pad = bytes
                .get(pos + end..next)
                .ok_or_else(|| broken("cut off", n))?;
            if pad.iter().any(|&b| b != 0) {
                return Err(broken("bad padding", n));
            }
            at = next;
            rest[..end].to_vec()
        };
        let name_len = usize::from(flags & 0x0fff);
        if (name_len < 0x0fff && name_len != path.len()) || path.len() > MAX_PATH {
            return Err(broken("path length does not match", n));
        }
        spent += path.len();
        if spent > budget {
            return Err(broken("more path bytes than the index holds", n));
        }
        let gitlink = mode & 0o170000 == 0o160000;
        let sparse_dir = path.ends_with(b"/");
        if !gitlink && !sparse_dir && paths.last() != Some(&path) {
            paths.push(path.clone());
        }
        prev = path;
    }
    // Extensions (a signature and a length each), then the checksum.
    loop {
        let left = bytes
            .len()
            .checked_sub(at)
            .ok_or("cut off after the entries")?;
        if left == hash {
            return Ok(paths);
        }
        let size = be32(bytes, at + 4).ok_or("an extension is cut off")? as usize;
        // A split index keeps most entries in a shared file: this one is not complete.
        if bytes.get(at..at + 4) == Some(b"link") {
            return Err("it is a split index (`core.splitIndex`)".into());
        }
        at = at
            .checked_add(8)
            .and_then(|a| a.checked_add(size))
            .filter(|&a| a <= bytes.len())
            .ok_or("an extension is cut off")?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A version 2/3 entry: stat data, a 20-byte name, flags, path, padding.
    fn entry(path: &str, mode: u32, extended: bool) -> Vec<u8> {
        let mut e = vec![0u8; 24];
        e.extend_from_slice(&mode.to_be_bytes());
        e.extend_from_slice(&[0u8; 12]);
        e.extend_from_slice(&[0xab; 20]);
        let flags = (path.len().min(0xfff) as u16) | if extended { 0x4000 } else { 0 };
        e.extend_from_slice(&flags.to_be_bytes());
        if extended {
            e.extend_from_slice(&0x2000u16.to_be_bytes());
        }
        e.extend_from_slice(path.as_bytes());
        let len = e.len();
        e.resize((len + 8) / 8 * 8, 0);
        e
    }

    fn index(version: u32, entries: &[Vec<u8>]) -> Vec<u8> {
        let mut b = b"DIRC".to_vec();
        b.extend_from_slice(&version.to_be_bytes());
        b.extend_from_slice(&(entries.len() as u32).to_be_bytes());
        for e in entries {
            b.extend_from_slice(e);
        }
        b.extend_from_slice(b"TREE");
        b.extend_from_slice(&3u32.to_be_bytes());
        b.extend_from_slice(b"abc");
        b.extend_from_slice(&[0u8; 20]);
        b
    }

    #[test]
    fn reads_versions_2_and_3_and_leaves_out_submodules() {
        let b = index(
            3,
            &[
                entry("a/nginx.conf", 0o100644, false),
                entry("b/x", 0o100644, true),
                entry("sub", 0o160000, false),
                entry("c/link", 0o120000, false),
            ],
        );
        let paths = tracked(&b).unwrap();
        assert_eq!(paths, [&b"a/nginx.conf"[..], b"b/x", b"c/link"]);
        // Extended flags are not allowed in version 2.
        let b = index(2, &[entry("b/x", 0o100644, true)]);
        assert!(tracked(&b).is_err());
    }

    #[test]
    fn reads_version_4_prefix_compression() {
        let mut b = b"DIRC".to_vec();
        b.extend_from_slice(&4u32.to_be_bytes());
        b.extend_from_slice(&2u32.to_be_bytes());
        for (drop, suffix, len) in [(0u8, "etc/nginx.conf", 14u16), (10, "fstab", 9)] {
            b.extend_from_slice(&[0u8; 24]);
            b.extend_from_slice(&0o100644u32.to_be_bytes());
            b.extend_from_slice(&[0u8; 32]);
            b.extend_from_slice(&len.to_be_bytes());
            b.push(drop);
            b.extend_from_slice(suffix.as_bytes());
            b.push(0);
        }
        b.extend_from_slice(&[0u8; 20]);
        assert_eq!(tracked(&b).unwrap(), [&b"etc/nginx.conf"[..], b"etc/fstab"]);
        assert_eq!(varint(&[0x80, 0x00], 0), Some((128, 2)));
    }

    /// Truncated, huge counts, bad offsets: an error, never a panic.
    #[test]
    fn hostile_indexes_are_errors() {
        let good = index(2, &[entry("etc/fstab", 0o100644, false)]);
        // Cut within the entries: an error. Cut later, what is left can look like a
        // shorter valid index (the checksum is not verified): the paths are still right.
        let entries_end = 12 + 72;
        for cut in 0..good.len() {
            if let Ok(paths) = tracked(&good[..cut]) {
                assert!(cut > entries_end && paths == [b"etc/fstab"], "{cut}");
            }
        }
        let mut huge = good.clone();
        huge[8..12].copy_from_slice(&u32::MAX.to_be_bytes());
        assert!(tracked(&huge).is_err());
        let mut bad_ext = good.clone();
        let at = bad_ext.len() - 20 - 3 - 4;
        bad_ext[at..at + 4].copy_from_slice(&u32::MAX.to_be_bytes());
        assert!(tracked(&bad_ext).is_err());
        assert!(tracked(b"DIRC\0\0\0\x05\0\0\0\0").is_err());
        // Version 4 dropping more than there is, or a varint that overflows.
        let mut b = b"DIRC\0\0\0\x04\0\0\0\x01".to_vec();
        b.extend_from_slice(&[0u8; 62]);
        b.extend_from_slice(&[0xff; 12]);
        b.push(0);
        assert!(tracked(&b).is_err());
    }
}
