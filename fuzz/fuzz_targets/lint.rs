//! The whole pipeline on one file of each kind: parse, link, evaluate, render.
#![no_main]

use art32::lint::{self, Setup, Target};
use art32::model::FileKind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile_dir() else { return };
    for kind in FileKind::ALL {
        let path = dir.join(kind.example_path());
        if let Some(parent) = path.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let _ = std::fs::write(&path, data);
    }
    let target = Target { paths: vec![dir.clone()], config: None };
    if let Ok(setup) = Setup::new(&target)
        && let Ok(report) = lint::run(&setup, jiff::civil::date(2026, 11, 26))
    {
        let catalogue = &setup.registry.catalogue;
        let _ = art32::output::human::render(&report, catalogue, art32::output::human::Style { color: false, width: 100 });
        let _ = art32::output::json::render(&report);
    }
    let _ = std::fs::remove_dir_all(&dir);
});

fn tempfile_dir() -> std::io::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("art32-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
