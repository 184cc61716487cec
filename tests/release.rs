//! The release assets: `.github/release/package.sh` (which the release workflow, .ci/run
//! and the Action's tests share) names and lays out the archives that cargo-binstall's
//! metadata in Cargo.toml and the Action's install.sh expect, for every target the
//! release workflow builds.
#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap()
}

fn manifest() -> toml::Table {
    read("Cargo.toml").parse().unwrap()
}

fn package_field(key: &str) -> String {
    manifest()["package"][key].as_str().unwrap().to_owned()
}

/// The targets of the release workflow's build matrix (`- target: …` lines).
fn release_targets() -> Vec<String> {
    read(".github/workflows/release.yml")
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("- target: "))
        .map(|t| t.trim().to_owned())
        .collect()
}

/// cargo-binstall's template syntax: `{ var }`, spaces inside the braces optional.
fn render(template: &str, vars: &[(&str, &str)]) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}').expect("unclosed { in template") + open;
        let name = rest[open + 1..close].trim();
        let value = vars
            .iter()
            .find(|(k, _)| *k == name)
            .unwrap_or_else(|| panic!("unknown template variable {name}"))
            .1;
        out.push_str(value);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// The binstall metadata for `target`: (pkg-url, bin-dir, pkg-fmt), overrides applied.
fn binstall(target: &str) -> (String, String, String) {
    let m = manifest();
    let meta = m["package"]["metadata"]["binstall"].as_table().unwrap();
    let over = meta
        .get("overrides")
        .and_then(|o| o.get(target))
        .and_then(|o| o.as_table());
    let get = |key: &str| {
        over.and_then(|o| o.get(key))
            .or_else(|| meta.get(key))
            .and_then(|v| v.as_str())
            .unwrap_or_else(|| panic!("no {key} for {target}"))
            .to_owned()
    };
    (get("pkg-url"), get("bin-dir"), get("pkg-fmt"))
}

fn run(cmd: &mut Command) -> String {
    let o = cmd.output().unwrap();
    assert!(
        o.status.success(),
        "{cmd:?}: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

/// The entries of an archive, as paths.
fn entries(archive: &Path) -> Vec<String> {
    if archive.extension().is_some_and(|e| e == "zip") {
        run(Command::new("unzip").arg("-Z1").arg(archive))
            .lines()
            .map(str::to_owned)
            .collect()
    } else {
        run(Command::new("tar").arg("-tzf").arg(archive))
            .lines()
            .map(str::to_owned)
            .collect()
    }
}

#[test]
fn the_release_matrix_builds_the_five_platforms() {
    let mut targets = release_targets();
    targets.sort();
    assert_eq!(
        targets,
        [
            "aarch64-apple-darwin",
            "aarch64-unknown-linux-musl",
            "x86_64-apple-darwin",
            "x86_64-pc-windows-msvc",
            "x86_64-unknown-linux-musl",
        ]
    );
    // The Action downloads an asset for exactly these targets.
    let install = read(".github/action/install.sh");
    for t in &targets {
        assert!(install.contains(&format!(") echo {t} ;;")), "{t}");
    }
}

#[test]
fn version_script_reads_the_package_version() {
    let out = run(Command::new("bash").arg(root().join(".github/release/version.sh")));
    assert_eq!(out.trim(), package_field("version"));
    // Only the [package] table counts, whatever follows it.
    let dir = tempfile::tempdir().unwrap();
    let toml = dir.path().join("Cargo.toml");
    std::fs::write(
        &toml,
        "[workspace]\nversion = \"9.9.9\"\n[package]\nname = \"x\"\nversion = \"1.2.3\"\n[dependencies]\nversion = \"0.0.1\"\n",
    )
    .unwrap();
    let out = run(Command::new("bash")
        .arg(root().join(".github/release/version.sh"))
        .arg(&toml));
    assert_eq!(out, "1.2.3\n");
}

/// Packages a stand-in binary for every release target and checks each archive against
/// what `cargo binstall art32` would download and unpack.
#[test]
fn binstall_metadata_matches_the_packaged_assets() {
    let version = package_field("version");
    let repo = package_field("repository");
    let name = package_field("name");
    let work = tempfile::tempdir().unwrap();
    let binary = work.path().join("stand-in");
    std::fs::write(&binary, b"#!/bin/sh\necho stand-in\n").unwrap();
    let dist = work.path().join("dist");
    let targets = release_targets();
    assert!(!targets.is_empty());

    for target in &targets {
        let printed = run(Command::new("bash")
            .arg(root().join(".github/release/package.sh"))
            .arg(target)
            .arg(&binary)
            .arg(&dist));
        let archive = PathBuf::from(printed.trim());
        let file = archive.file_name().unwrap().to_str().unwrap().to_owned();

        let windows = target.contains("-windows-");
        let exe = if windows { ".exe" } else { "" };
        let (url, bin_dir, fmt) = binstall(target);
        let vars = [
            ("name", name.as_str()),
            ("version", version.as_str()),
            ("repo", repo.as_str()),
            ("target", target.as_str()),
            ("bin", "art32"),
            ("binary-ext", exe),
        ];
        let url = render(&url, &vars);
        assert_eq!(
            url,
            format!("{repo}/releases/download/v{version}/{file}"),
            "{target}"
        );
        assert_eq!(
            file,
            format!(
                "art32-{version}-{target}.{}",
                if windows { "zip" } else { "tar.gz" }
            )
        );
        assert_eq!(fmt, if windows { "zip" } else { "tgz" }, "{target}");

        let inside = entries(&archive);
        let bin_path = render(&bin_dir, &vars);
        assert_eq!(bin_path, format!("art32-{version}-{target}/art32{exe}"));
        assert!(inside.contains(&bin_path), "{target}: {inside:?}");
        assert!(
            inside.contains(&format!("art32-{version}-{target}/README.md")),
            "{target}: {inside:?}"
        );
        // Everything lies in the one top directory.
        let top = format!("art32-{version}-{target}/");
        assert!(inside.iter().all(|e| e.starts_with(&top)), "{inside:?}");

        // `<archive>.sha256` is what sha256sum prints, run beside the archive.
        let sum = std::fs::read_to_string(dist.join(format!("{file}.sha256"))).unwrap();
        let expected = run(Command::new("sha256sum").arg(&file).current_dir(&dist));
        assert_eq!(sum, expected);
    }

    // The binary in the archive is the one given, executable.
    let linux = dist.join(format!("art32-{version}-x86_64-unknown-linux-musl.tar.gz"));
    let out = work.path().join("out");
    std::fs::create_dir(&out).unwrap();
    run(Command::new("tar")
        .arg("-xzf")
        .arg(&linux)
        .arg("-C")
        .arg(&out));
    let unpacked = out.join(format!("art32-{version}-x86_64-unknown-linux-musl/art32"));
    assert_eq!(
        run(&mut Command::new(&unpacked)),
        "stand-in\n",
        "{unpacked:?}"
    );

    // SHA256SUMS lists every archive and checks with `sha256sum -c`.
    run(Command::new("bash")
        .arg(root().join(".github/release/checksums.sh"))
        .arg(&dist));
    let sums = std::fs::read_to_string(dist.join("SHA256SUMS")).unwrap();
    assert_eq!(sums.lines().count(), targets.len(), "{sums}");
    run(Command::new("sha256sum")
        .args(["-c", "--strict", "SHA256SUMS"])
        .current_dir(&dist));

    // An archive changed after packaging: checksums.sh refuses to list it.
    let mut bytes = std::fs::read(&linux).unwrap();
    bytes.push(0);
    std::fs::write(&linux, bytes).unwrap();
    let o = Command::new("bash")
        .arg(root().join(".github/release/checksums.sh"))
        .arg(&dist)
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("does not match"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// The workflow follows the rules that the Action's own definition does: third-party
/// actions pinned by commit SHA, no token left in `.git/config`, least privilege
/// (nothing by default, `contents: write` only for the job that publishes), and no
/// `${{ }}` in `run:` scripts.
#[test]
fn the_release_workflow_is_pinned_and_least_privilege() {
    let wf = read(".github/workflows/release.yml");
    let mut checkouts = 0;
    for line in wf.lines() {
        let Some((_, used)) = line.split_once("uses: ") else {
            continue;
        };
        let (_, rest) = used.split_once('@').unwrap();
        let sha = rest.split_whitespace().next().unwrap();
        assert!(
            sha.len() == 40 && sha.bytes().all(|b| b.is_ascii_hexdigit()),
            "not pinned by SHA: {line}"
        );
        assert!(rest.contains("# v"), "no version comment: {line}");
        if used.starts_with("actions/checkout@") {
            checkouts += 1;
        }
    }
    assert!(checkouts > 0);
    assert_eq!(wf.matches("persist-credentials: false").count(), checkouts);
    assert!(wf.contains("\npermissions: {}\n"));
    assert_eq!(wf.matches("contents: write").count(), 1);
    // Both builders build with the lock file; the workflow builds through build.sh.
    assert_eq!(
        read(".github/release/build.sh")
            .matches("build --release --locked --target")
            .count(),
        2
    );
    assert!(wf.contains(".github/release/build.sh \"$TARGET\""));
    let mut in_run = false;
    for line in wf.lines() {
        let t = line.trim_start();
        if let Some(rest) = t.strip_prefix("run:") {
            assert!(!rest.contains("${{"), "interpolation in run: {line}");
            in_run = rest.trim() == "|";
            continue;
        }
        if in_run && !t.is_empty() && (t.starts_with("- ") || t.ends_with(':')) {
            in_run = false;
        }
        if in_run {
            assert!(!t.contains("${{"), "interpolation in run: {line}");
        }
    }
}
