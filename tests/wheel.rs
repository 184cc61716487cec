//! The Python packaging: the art32 wheel (python/pyproject.toml, built by
//! `python/build-wheel.sh` into `target/wheels/`) installs into a fresh venv with no index
//! and its `art32` is this version and lints like the built binary; the pre-commit hook's
//! package (the root pyproject.toml, backend python/hook_package.py) requires exactly the
//! wheel of Cargo.toml's version. `.ci/run` builds the wheel before `cargo test`, so under
//! `CI=true` a missing wheel or Python fails; elsewhere these tests skip with a message.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod support;
use support::{TODAY, art32, stderr, stdout};

const VERSION: &str = env!("CARGO_PKG_VERSION");

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn in_ci() -> bool {
    std::env::var("CI").as_deref() == Ok("true")
}

/// Whether `python3` runs; outside CI, a missing one skips the test.
fn python3_available() -> bool {
    let ok = Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(!in_ci(), "CI=true but python3 is missing");
        eprintln!("skipped: python3 is not installed");
    }
    ok
}

/// Runs a Python script with `python/` on `sys.path` (so it can import the hook's build
/// backend), from the checkout's root.
fn python(script: &str, args: &[&str]) -> Output {
    Command::new("python3")
        .args(["-c", script])
        .args(args)
        .current_dir(manifest())
        .env("PYTHONPATH", manifest().join("python"))
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .unwrap()
}

/// The art32 wheels of this version in `target/wheels/`.
fn wheels() -> Vec<PathBuf> {
    let prefix = format!("art32-{VERSION}-");
    let Ok(entries) = std::fs::read_dir(manifest().join("target/wheels")) else {
        return Vec::new();
    };
    entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".whl"))
        })
        .collect()
}

/// The METADATA of the hook package's wheel, built by its backend as pip calls it, and
/// again from the sdist the backend builds (what `pip install <sdist>` does).
const BUILD_HOOK_PACKAGE: &str = r#"
import os, sys, tarfile, tempfile, zipfile
import hook_package

def metadata(wheel):
    with zipfile.ZipFile(wheel) as z:
        name = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
        return z.read(name).decode()

with tempfile.TemporaryDirectory() as out:
    wheel = os.path.join(out, hook_package.build_wheel(out))
    print(metadata(wheel), end="")
    print("====")
    sdist = os.path.join(out, hook_package.build_sdist(out))
    with tarfile.open(sdist) as tar:
        safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
        tar.extractall(os.path.join(out, "sdist"), **safe)
    (base,) = os.listdir(os.path.join(out, "sdist"))
    root = os.path.join(out, "sdist", base)
    sys.path.insert(0, os.path.join(root, "python"))
    del sys.modules["hook_package"]
    import hook_package as unpacked
    assert unpacked.ROOT == root, (unpacked.ROOT, root)
    os.mkdir(os.path.join(out, "again"))
    again = os.path.join(out, "again", unpacked.build_wheel(os.path.join(out, "again")))
    print(metadata(again), end="")
"#;

#[test]
fn hook_package_requires_the_wheel_of_the_cargo_version() {
    if !python3_available() {
        return;
    }
    let o = python(BUILD_HOOK_PACKAGE, &[]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    let (wheel, from_sdist) = out.split_once("====\n").unwrap();
    for metadata in [wheel, from_sdist] {
        let lines: Vec<&str> = metadata.lines().collect();
        assert!(lines.contains(&"Name: art32-pre-commit"), "{metadata}");
        assert!(
            lines.contains(&format!("Version: {VERSION}").as_str()),
            "{metadata}"
        );
        let requires: Vec<&&str> = lines
            .iter()
            .filter(|l| l.starts_with("Requires-Dist:"))
            .collect();
        assert_eq!(
            requires,
            [&format!("Requires-Dist: art32=={VERSION}").as_str()],
            "{metadata}"
        );
    }
}

#[test]
fn hook_package_reads_the_version_of_the_package_table_only() {
    if !python3_available() {
        return;
    }
    let script = r#"
import sys
from hook_package import cargo_version
try:
    print(cargo_version(sys.argv[1]))
except ValueError as e:
    print("error:", e)
"#;
    let cases = [
        (
            "[dependencies]\nfoo = { version = \"9\" }\n\n[package]\nname = \"x\"\nversion = \"1.2.3\"\n",
            "1.2.3",
        ),
        (
            "[package.metadata.x]\nversion = \"9\"\n[[bin]]\nversion = \"8\"\n[package] # p\nversion   =   \"1.0.0-rc.1\" # c\n",
            "1.0.0-rc.1",
        ),
        (
            "[package]\nname = \"x\"\n[dependencies.y]\nversion = \"9\"\n",
            "error: Cargo.toml: no `version = \"...\"` in [package]",
        ),
        (
            "[workspace.package]\nversion = \"9\"\n[package]\nversion.workspace = true\n",
            "error: Cargo.toml: no `version = \"...\"` in [package]",
        ),
    ];
    for (toml, expected) in cases {
        let o = python(script, &[toml]);
        assert!(o.status.success(), "{toml}: {}", stderr(&o));
        assert_eq!(stdout(&o).trim_end(), expected, "{toml}");
    }
}

#[test]
fn wheel_installs_in_a_fresh_venv_and_its_art32_runs() {
    let wheels = wheels();
    if wheels.is_empty() {
        assert!(
            !in_ci(),
            "CI=true but target/wheels/ has no art32-{VERSION} wheel: `.ci/run` builds it (python/build-wheel.sh)"
        );
        eprintln!(
            "skipped: no art32-{VERSION} wheel in target/wheels/ (run python/build-wheel.sh)"
        );
        return;
    }
    if !python3_available() {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let venv = work.path().join("venv");
    let o = Command::new("python3")
        .args(["-m", "venv"])
        .arg(&venv)
        .output()
        .unwrap();
    assert!(o.status.success(), "python3 -m venv: {}", stderr(&o));
    // By requirement, not by file name: pip picks the wheel whose tags fit this machine.
    let o = Command::new(venv.join("bin/pip"))
        .args(["install", "--no-index", "--disable-pip-version-check"])
        .arg("--find-links")
        .arg(manifest().join("target/wheels"))
        .arg(format!("art32=={VERSION}"))
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "pip install: {}{}",
        stdout(&o),
        stderr(&o)
    );

    let bin = venv.join("bin/art32");
    let o = Command::new(&bin).arg("--version").output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), format!("art32 {VERSION}\n"));

    // The wheel's binary finds the demo's findings (exit 1), exactly as the built one does.
    let args = [
        "lint",
        "--today",
        TODAY,
        "--format",
        "json",
        "examples/demo-infra",
    ];
    let o = Command::new(&bin)
        .args(args)
        .current_dir(manifest())
        .env_remove("GITHUB_STEP_SUMMARY")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stdout(&o).contains("\"rule\""), "{}", stdout(&o));
    let built = art32().args(args).current_dir(manifest()).output().unwrap();
    assert_eq!(stdout(&o), stdout(&built));
}
