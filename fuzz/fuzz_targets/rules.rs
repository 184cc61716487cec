//! Rule and config TOML: compiled or diagnosed, never a panic.
#![no_main]

use std::path::Path;

use art32::config::Config;
use art32::rules::{Registry, RuleSource};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let sources = vec![RuleSource {
        path: "fuzz/x.toml".into(),
        text: text.clone(),
        builtin: false,
    }];
    let _ = Registry::compile(
        &sources,
        art32::catalogue::Catalogue::builtin(),
        &Config::default_config(),
    );
    if let Ok(config) = Config::parse(Some("art32.toml"), &text, Path::new(".")) {
        let _ = Registry::load(&config);
    }
});
