//! Files art32 reads besides the linted ones — `art32.toml`, the catalogue and rule
//! directories it names, a baseline — when the repository makes them lead somewhere
//! else (issue 12): out of the repository (`/proc/self/environ`, `/etc/passwd`), to
//! a device (`/dev/zero`) or to a FIFO. None is read or quoted, none blocks, each is
//! exit status 2 with a diagnostic that names the path.
#![cfg(unix)]

use std::io::Read;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Stdio};

mod support;
use support::write;

const TODAY: &str = "2026-11-26";

/// A value no file of the repository holds: where it shows up, something outside
/// was read and printed.
const MARKER: &str = "art32-marker-4f1c9d";

/// A new repository (a directory with `.git`, as `git init` leaves it for art32),
/// with one fstab to lint.
fn repo() -> tempfile::TempDir {
    let dir = support::empty_repo();
    write(dir.path(), "etc/fstab", b"/dev/sda1 / ext4 defaults 0 1\n");
    dir
}

fn mkfifo(path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let made = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(made.success());
}

/// What a run printed (stdout and stderr) and its exit status.
struct Run {
    code: Option<i32>,
    out: String,
}

/// Runs art32 in `cwd` with `MARKER` in its environment. A hang check, not a timing:
/// a run still going after two minutes is killed and the test fails.
fn art32(cwd: &Path, args: &[&str]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_art32"))
        .current_dir(cwd)
        .args(args)
        .env("ART32_TEST_SECRET", MARKER)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = r.read_to_end(&mut bytes);
            bytes
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let mut status = None;
    for _ in 0..1200 {
        if let Some(s) = child.try_wait().unwrap() {
            status = Some(s);
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let Some(status) = status else {
        let _ = child.kill();
        let _ = child.wait();
        panic!("art32 {args:?} did not end: it blocked");
    };
    let mut out = String::from_utf8_lossy(&stdout.join().unwrap()).into_owned();
    out.push_str(&String::from_utf8_lossy(&stderr.join().unwrap()));
    Run {
        code: status.code(),
        out,
    }
}

fn lint(cwd: &Path, args: &[&str]) -> Run {
    let mut all = vec!["lint", "--today", TODAY];
    all.extend_from_slice(args);
    art32(cwd, &all)
}

/// Exit status 2, nothing from outside printed, and the diagnostic says `says`.
fn refused(run: &Run, says: &str) {
    assert_eq!(run.code, Some(2), "{}", run.out);
    assert!(!run.out.contains(MARKER), "{}", run.out);
    assert!(!run.out.contains("root:x:0:0"), "{}", run.out);
    assert!(run.out.contains(says), "expected {says:?} in:\n{}", run.out);
}

/// `ln -s /proc/self/environ art32.toml` printed the whole environment.
#[test]
fn a_config_symlinked_out_of_the_root_is_not_read() {
    let dir = repo();
    symlink("/proc/self/environ", dir.path().join("art32.toml")).unwrap();
    let says = "a symlink that leads out of the linted root";
    refused(&lint(dir.path(), &[]), says);
    refused(&lint(dir.path(), &["--config", "art32.toml"]), says);
    refused(&art32(dir.path(), &["rules"]), says);
    // Through a link to a directory of the repository that leads out.
    let outside = tempfile::tempdir().unwrap();
    write(
        outside.path(),
        "art32.toml",
        format!("# {MARKER}\nx\n").as_bytes(),
    );
    symlink(outside.path(), dir.path().join("conf")).unwrap();
    refused(&lint(dir.path(), &["--config", "conf/art32.toml"]), says);
}

/// `catalogue = "/etc/passwd"` printed it; so would a catalogue reached through a
/// symlink of the repository, or `..`.
#[test]
fn a_catalogue_outside_the_root_is_not_read() {
    let outside = tempfile::tempdir().unwrap();
    write(
        outside.path(),
        "tom.toml",
        format!("title = \"{MARKER}\"\n{MARKER}\n").as_bytes(),
    );
    let out = outside.path().join("tom.toml");
    for catalogue in [
        "/etc/passwd".to_string(),
        "/proc/self/environ".to_string(),
        out.display().to_string(),
        "policy/tom.toml".to_string(),
    ] {
        let dir = repo();
        symlink(&out, dir.path().join("policy-link")).unwrap();
        std::fs::create_dir(dir.path().join("policy")).unwrap();
        symlink(&out, dir.path().join("policy/tom.toml")).unwrap();
        write(
            dir.path(),
            "art32.toml",
            format!("catalogue = \"{catalogue}\"\n").as_bytes(),
        );
        let run = lint(dir.path(), &[]);
        refused(&run, "`catalogue` leads out of the linted root");
        assert!(run.out.contains("art32.toml:1:13"), "{}", run.out);
    }
}

/// `rule-dirs = ["/etc"]`, or a rule directory that is a symlink out of the root.
#[test]
fn rule_directories_outside_the_root_are_not_read() {
    let outside = tempfile::tempdir().unwrap();
    write(
        outside.path(),
        "fstab/x.toml",
        format!("id = \"{MARKER}\"\n{MARKER}\n").as_bytes(),
    );
    for dirs in ["[\"/etc\"]", "[\"policy\"]", "[\"ok\", \"policy/fstab\"]"] {
        let dir = repo();
        std::fs::create_dir(dir.path().join("ok")).unwrap();
        symlink(outside.path(), dir.path().join("policy")).unwrap();
        write(
            dir.path(),
            "art32.toml",
            format!("rule-dirs = {dirs}\n").as_bytes(),
        );
        refused(
            &lint(dir.path(), &[]),
            "`rule-dirs` leads out of the linted root",
        );
    }
}

/// `catalogue = "/dev/zero"` or a baseline symlinked to it read until allocation
/// failed: a device is never opened, whoever names it.
#[test]
fn devices_are_never_read() {
    let dir = repo();
    write(dir.path(), "art32.toml", b"catalogue = \"/dev/zero\"\n");
    refused(
        &lint(dir.path(), &[]),
        "`catalogue` leads out of the linted root (to `/dev/zero`)",
    );
    // A config of the user's own (outside the root) may name any file, but only a
    // regular one.
    let user = tempfile::tempdir().unwrap();
    write(user.path(), "art32.toml", b"catalogue = \"/dev/zero\"\n");
    let config = user.path().join("art32.toml");
    let run = lint(dir.path(), &["--config", config.to_str().unwrap()]);
    refused(&run, "it is not a regular file (a device)");
    let dir = repo();
    symlink("/dev/zero", dir.path().join("baseline.json")).unwrap();
    refused(
        &lint(dir.path(), &["--baseline", "baseline.json"]),
        "it is not a regular file (a device)",
    );
}

/// A FIFO where art32 reads instructions (a config, a catalogue, a rule file, a
/// baseline), or a FIFO named on the command line: refused or a note, never a hang.
#[test]
fn fifos_never_block() {
    let dir = repo();
    mkfifo(&dir.path().join("art32.toml"));
    refused(&lint(dir.path(), &[]), "cannot read config `art32.toml`");
    refused(
        &lint(dir.path(), &["--config", "art32.toml"]),
        "it is not a regular file (a FIFO)",
    );

    let dir = repo();
    mkfifo(&dir.path().join("policy/tom.toml"));
    write(
        dir.path(),
        "art32.toml",
        b"catalogue = \"policy/tom.toml\"\n",
    );
    refused(&lint(dir.path(), &[]), "it is not a regular file (a FIFO)");

    let dir = repo();
    mkfifo(&dir.path().join("base.json"));
    refused(
        &lint(dir.path(), &["--baseline", "base.json"]),
        "it is not a regular file (a FIFO)",
    );

    let dir = repo();
    mkfifo(&dir.path().join("etc/fstab.d/data.fstab"));
    let run = lint(dir.path(), &["etc/fstab.d/data.fstab", "--format", "json"]);
    assert_eq!(run.code, Some(0), "{}", run.out);
    assert!(run.out.contains("not a regular file"), "{}", run.out);
}

/// A file over its cap is refused by its size, before it is read.
#[test]
fn instructions_over_their_cap_are_refused() {
    let dir = repo();
    let big = format!("# {}\n", "x".repeat(1024 * 1024));
    write(dir.path(), "policy/tom.toml", big.as_bytes());
    write(
        dir.path(),
        "art32.toml",
        b"catalogue = \"policy/tom.toml\"\n",
    );
    refused(
        &lint(dir.path(), &[]),
        "is more than the limit of 1048576 bytes",
    );
}

/// A config of the user's own outside the root may name files outside it, but what
/// they hold is not printed: an error says where it is, not what is there. The same
/// for a baseline outside the root.
#[test]
fn files_outside_the_root_are_never_quoted() {
    let dir = repo();
    let user = tempfile::tempdir().unwrap();
    let config = user.path().join("art32.toml");
    let config = config.to_str().unwrap();
    // The config itself.
    write(
        user.path(),
        "art32.toml",
        format!("[kinds]\n\"{MARKER}\" = []\n").as_bytes(),
    );
    refused(
        &lint(dir.path(), &["--config", config]),
        "at line 2, column 1 (not shown: the file is outside the linted root)",
    );
    // What it names, relative to itself: a catalogue, a rule file, `/proc/self/environ`.
    write(
        user.path(),
        "tom.toml",
        format!("title = \"t\"\nitem = \"{MARKER}\"\n").as_bytes(),
    );
    write(user.path(), "art32.toml", b"catalogue = \"tom.toml\"\n");
    refused(
        &lint(dir.path(), &["--config", config]),
        "invalid TOM catalogue: at line 2, column 8 (not shown",
    );
    write(
        user.path(),
        "art32.toml",
        b"catalogue = \"/proc/self/environ\"\n",
    );
    refused(
        &lint(dir.path(), &["--config", config]),
        "(not shown: the file is outside the linted root)",
    );
    write(
        user.path(),
        "rules/fstab/x.toml",
        format!("id = \"{MARKER}\"\n").as_bytes(),
    );
    write(user.path(), "art32.toml", b"rule-dirs = [\"rules\"]\n");
    refused(
        &lint(dir.path(), &["--config", config]),
        "(not shown: the file is outside the linted root)",
    );
    // A baseline outside the root (serde's words quote the value).
    write(
        user.path(),
        "base.json",
        format!("{{\"version\": 1, \"findings\": [\"{MARKER}\"]}}").as_bytes(),
    );
    let base = user.path().join("base.json");
    refused(
        &lint(dir.path(), &["--baseline", base.to_str().unwrap()]),
        "(not shown: the file is outside the linted root)",
    );
    symlink(&base, dir.path().join("base.json")).unwrap();
    refused(
        &lint(dir.path(), &["--baseline", "base.json"]),
        "(not shown: the file is outside the linted root)",
    );
}

/// A file inside the root is quoted at its offending line, not the lines around it.
#[test]
fn a_diagnostic_quotes_only_the_offending_line() {
    let dir = repo();
    write(
        dir.path(),
        "art32.toml",
        format!("# {MARKER} above\nexlude = [\"a\"]\n# {MARKER} below\n").as_bytes(),
    );
    let run = lint(dir.path(), &[]);
    refused(&run, "unknown field `exlude`");
    assert!(run.out.contains("exlude = [\"a\"]"), "{}", run.out);
}

/// Symlinks that stay inside the root still work: `art32.toml` linked to a file of
/// the repository, a catalogue and a rule directory reached through links inside it.
#[test]
fn links_inside_the_root_are_followed() {
    let dir = repo();
    write(
        dir.path(),
        "conf/art32.toml",
        b"catalogue = \"policy/tom\"\nrule-dirs = [\"policy/rules\"]\n\
          [rules.\"fstab.mount-options\"]\nenabled = false\n",
    );
    symlink("conf/art32.toml", dir.path().join("art32.toml")).unwrap();
    write(
        dir.path(),
        "shared/tom.toml",
        art32::catalogue::BUILTIN.as_bytes(),
    );
    std::fs::create_dir_all(dir.path().join("shared/rules")).unwrap();
    std::fs::create_dir_all(dir.path().join("policy")).unwrap();
    symlink("../shared/tom.toml", dir.path().join("policy/tom")).unwrap();
    symlink("../shared/rules", dir.path().join("policy/rules")).unwrap();
    let run = lint(dir.path(), &["--format", "json"]);
    assert!(matches!(run.code, Some(0 | 1)), "{}", run.out);
    assert!(run.out.contains("\"files\": 1"), "{}", run.out);
}

/// A symlinked file named on the command line is linted only where it resolves inside
/// the root: a relative link out, an absolute one to this machine's files, and the
/// same named by an absolute path.
#[test]
fn named_symlinks_out_of_the_root_are_not_read() {
    let outside = tempfile::tempdir().unwrap();
    write(
        outside.path(),
        "fstab",
        format!("/dev/{MARKER} / ext4 defaults 0 1\n").as_bytes(),
    );
    let dir = repo();
    std::fs::create_dir_all(dir.path().join("etc/fstab.d")).unwrap();
    symlink(
        outside.path().join("fstab"),
        dir.path().join("etc/fstab.d/a.fstab"),
    )
    .unwrap();
    // Up to `/` from `etc/fstab.d`, then down to the file outside.
    let depth = dir.path().components().count() + 1;
    let up = Path::new(&"../".repeat(depth))
        .join(outside.path().strip_prefix("/").unwrap().join("fstab"));
    assert!(dir.path().join("etc/fstab.d").join(&up).exists());
    symlink(&up, dir.path().join("etc/fstab.d/b.fstab")).unwrap();
    symlink("/etc/passwd", dir.path().join("etc/fstab.d/c.fstab")).unwrap();
    let absolute = dir.path().join("etc/fstab.d/a.fstab");
    for named in [
        "etc/fstab.d/a.fstab",
        "etc/fstab.d/b.fstab",
        "etc/fstab.d/c.fstab",
        absolute.to_str().unwrap(),
    ] {
        let run = lint(dir.path(), &[named, "--format", "json"]);
        assert_eq!(run.code, Some(0), "{named}: {}", run.out);
        assert!(!run.out.contains(MARKER), "{named}: {}", run.out);
        assert!(!run.out.contains("root:x"), "{named}: {}", run.out);
        assert!(run.out.contains("\"files\": 0"), "{named}: {}", run.out);
        assert!(run.out.contains("skipped-file"), "{named}: {}", run.out);
    }
}

/// Ignore files are read as every file is: a `.gitignore` linked to `/dev/zero` (a
/// pull request can commit that link), a `.ignore` linked to the environment, and a
/// FIFO `.gitignore` (local) are not read, their patterns do not apply, and each is
/// named in a note. Before, the walker followed the link and read `/dev/zero` until
/// memory ran out, and blocked on the FIFO.
#[test]
fn ignore_files_that_are_not_regular_are_not_read() {
    let dir = repo();
    symlink("/dev/zero", dir.path().join(".gitignore")).unwrap();
    symlink("/proc/self/environ", dir.path().join("etc/.ignore")).unwrap();
    mkfifo(&dir.path().join("srv/.gitignore"));
    write(
        dir.path(),
        "srv/etc/fstab",
        b"/dev/sdb1 /srv ext4 defaults 0 2\n",
    );
    let run = lint(dir.path(), &["--format", "json", "."]);
    assert_eq!(run.code, Some(1), "{}", run.out);
    assert!(!run.out.contains(MARKER), "{}", run.out);
    let json: serde_json::Value = serde_json::from_str(&run.out).unwrap();
    let notes: Vec<(String, String)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "skipped-file")
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let paths: Vec<&str> = notes.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [".gitignore", "etc/.ignore", "srv/.gitignore"],
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .all(|(_, m)| m.contains("its patterns do not apply"))
    );
    // Both fstabs are linted.
    let linted: std::collections::BTreeSet<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"].as_str().unwrap().starts_with("fstab."))
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        linted.into_iter().collect::<Vec<_>>(),
        ["etc/fstab", "srv/etc/fstab"]
    );
}

/// A `.gitignore` that is a regular file still prunes untracked files (the walker's
/// own reading is off; art32 matches the patterns).
#[test]
fn regular_ignore_files_still_prune_untracked_files() {
    let dir = repo();
    write(dir.path(), ".gitignore", b"/build/\n!keep.conf\n*.conf\n");
    write(dir.path(), "etc/.ignore", b"fstab\n");
    write(
        dir.path(),
        "build/etc/fstab",
        b"/dev/sdb1 /srv ext4 defaults 0 2\n",
    );
    let run = lint(dir.path(), &["--format", "json", "."]);
    let json: serde_json::Value = serde_json::from_str(&run.out).unwrap();
    assert_eq!(json["summary"]["files"], 0, "{}", run.out);
    assert_eq!(json["summary"]["excluded"]["ignored"], 2, "{}", run.out);
}
