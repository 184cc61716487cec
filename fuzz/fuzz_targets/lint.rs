//! The whole pipeline on one file of each kind: discover, parse, link (nginx includes,
//! Postfix expansion, inventory groups and vars), evaluate, suppress, and render every
//! output format.
#![no_main]

use std::sync::OnceLock;

use art32::lint::{self, Setup, Target};
use art32::model::FileKind;
use art32::output::{self, Format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile_dir() else { return };
    let mut paths: Vec<&str> = FileKind::ALL.iter().map(|k| k.example_path()).collect();
    paths.extend(["inventory/group_vars/all.yml", "etc/nginx/conf.d/site.conf"]);
    for rel in paths {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let _ = std::fs::write(&path, data);
    }
    // The rules are compiled once: the directory and its (absent) config stay the same.
    static SETUP: OnceLock<Option<Setup>> = OnceLock::new();
    let setup = SETUP.get_or_init(|| {
        Setup::new(&Target {
            paths: vec![dir.clone()],
            config: None,
        })
        .ok()
    });
    if let Some(setup) = setup
        && let Ok(report) = lint::run(setup, jiff::civil::date(2026, 11, 26))
    {
        let cx = output::Context {
            registry: &setup.registry,
            repo_prefix: "",
        };
        for format in [Format::Human, Format::Json, Format::Sarif, Format::Github] {
            let _ = output::render(format, &report, cx, false);
        }
        let _ = output::github::step_summary(&report, cx);
    }
});

fn tempfile_dir() -> std::io::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("art32-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
