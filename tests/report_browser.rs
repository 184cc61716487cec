//! The HTML report in a real browser: Debian's headless chromium renders the fixture
//! report (`support/report_fixture.rs`) to PNG and PDF and dumps its DOM, and the demo's
//! report as `art32 report --format html` writes it to PNG and DOM; each page
//! must have loaded without errors: no console message (the page has no script, so any
//! is an error), no file but the page itself read, no request to a host the page names.
//! chromium logs those with `--enable-logging=stderr --v=0` and two `--vmodule`s (a
//! failed load is not logged at all at `--v=0`: the request is, so every load is
//! caught); `the_load_check_catches_what_it_looks_for` proves the check fails on a page
//! that breaks each rule.
//!
//! The files stay in `target/tmp/report-browser/` to look at. Without chromium the tests
//! are skipped with a message, under `CI=true` they fail (`.ci/run` installs it).

#[path = "support/report_fixture.rs"]
mod report_fixture;

use std::path::{Path, PathBuf};
use std::process::Command;

const WIDTH: u32 = 1240;
const HEIGHT: u32 = 1754;

/// As the machine's notes say for a closed network, run as root: without the
/// background-networking flags chromium keeps trying to reach Google.
const FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
    // Each file the page reads, and each request chromium makes.
    "--vmodule=file_url_loader_factory=1,network_delegate=1",
];

fn chromium() -> Option<PathBuf> {
    let bin = std::env::var_os("ART32_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("chromium"));
    let found = Command::new(&bin)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but chromium is missing: `.ci/run` installs Debian's chromium"
        );
        eprintln!("chromium is not installed: skipped (apt-get install chromium)");
    }
    found.then_some(bin)
}

fn out_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-browser");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// Runs chromium on `page` with `args`, in a fresh profile; returns stdout and stderr.
fn run(bin: &Path, page: &Path, args: &[String]) -> (String, String) {
    let profile = tempfile::tempdir().unwrap();
    let o = Command::new(bin)
        .args(FLAGS)
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(file_url(page))
        .output()
        .expect("chromium runs");
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "chromium failed: {stderr}");
    (String::from_utf8_lossy(&o.stdout).into_owned(), stderr)
}

/// What in chromium's log says the page did not load cleanly: a console message, a
/// file read but the page, a request to a host the page's text names (chromium's own
/// requests to its update and account services name hosts no report holds).
fn load_problems(stderr: &str, page: &Path) -> Vec<String> {
    let html = std::fs::read_to_string(page).unwrap();
    let own = file_url(page);
    let mut problems = Vec::new();
    for line in stderr.lines() {
        if line.contains(":CONSOLE") {
            problems.push(line.to_string());
        } else if let Some((_, url)) = line.split_once("FileURLLoader::Start: ") {
            if url.trim() != own {
                problems.push(line.to_string());
            }
        } else if let Some((_, url)) = line.split_once("NotifyBeforeURLRequest: ") {
            let host = url
                .split_once("://")
                .map_or(url, |(_, rest)| rest)
                .split(['/', '?'])
                .next()
                .unwrap_or_default();
            if !host.is_empty() && html.contains(host) {
                problems.push(line.to_string());
            }
        }
    }
    problems
}

/// Width and height from a PNG's IHDR chunk, which comes first.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(png.get(..8), Some(&b"\x89PNG\r\n\x1a\n"[..]), "not a PNG");
    assert_eq!(png.get(12..16), Some(&b"IHDR"[..]), "no IHDR first");
    let be = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

fn screenshot(bin: &Path, page: &Path, png: &Path) -> Vec<String> {
    let _ = std::fs::remove_file(png);
    let (_, stderr) = run(
        bin,
        page,
        &[
            format!("--screenshot={}", png.display()),
            format!("--window-size={WIDTH},{HEIGHT}"),
        ],
    );
    load_problems(&stderr, page)
}

#[test]
fn html_report_renders_in_chromium_without_errors() {
    let Some(bin) = chromium() else { return };
    let dir = out_dir();
    let page = dir.join("report.html");
    std::fs::write(&page, art32::report::html(&report_fixture::report())).unwrap();

    // PNG: a real image of the window's size, and not blank: a blank page of the same
    // size compresses to a small fraction of the report's.
    let png = dir.join("report.png");
    let problems = screenshot(&bin, &page, &png);
    assert!(
        problems.is_empty(),
        "the page did not load cleanly: {problems:#?}"
    );
    let shot = std::fs::read(&png).expect("chromium wrote the screenshot");
    assert_eq!(png_size(&shot), (WIDTH, HEIGHT));
    let blank = dir.join("blank.html");
    std::fs::write(
        &blank,
        "<!doctype html><html lang=\"de\"><meta charset=\"utf-8\"><title>x</title></html>",
    )
    .unwrap();
    let blank_png = dir.join("blank.png");
    assert!(screenshot(&bin, &blank, &blank_png).is_empty());
    let blank_shot = std::fs::read(&blank_png).unwrap();
    assert_eq!(png_size(&blank_shot), (WIDTH, HEIGHT));
    assert!(
        shot.len() > 8 * blank_shot.len(),
        "the report's screenshot ({} bytes) is hardly larger than a blank page's ({} bytes)",
        shot.len(),
        blank_shot.len()
    );

    // The DOM after loading: every item's section, the summary and the status table.
    let (dom, stderr) = run(&bin, &page, &["--dump-dom".to_string()]);
    let problems = load_problems(&stderr, &page);
    assert!(
        problems.is_empty(),
        "the page did not load cleanly: {problems:#?}"
    );
    for id in report_fixture::ITEM_IDS {
        assert!(
            dom.contains(&format!("<section id=\"item-{id}\" class=\"item\">")),
            "no section for {id} in the DOM"
        );
    }
    assert!(dom.contains("<table class=\"status-table\">"));
    // Hostile text stayed text: chromium parsed no element out of it.
    assert!(!dom.to_ascii_lowercase().contains("<script"));

    // PDF (A4 by the page's print CSS): more than one page, the first holds the summary.
    let pdf = dir.join("report.pdf");
    let _ = std::fs::remove_file(&pdf);
    let (_, stderr) = run(
        &bin,
        &page,
        &[
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".to_string(),
        ],
    );
    let problems = load_problems(&stderr, &page);
    assert!(
        problems.is_empty(),
        "the page did not load cleanly: {problems:#?}"
    );
    let bytes = std::fs::read(&pdf).expect("chromium wrote the PDF");
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    let pages = bytes
        .windows(b"/Type /Page".len() + 1)
        .filter(|w| w.starts_with(b"/Type /Page") && !w.ends_with(b"s"))
        .count();
    assert!(pages >= 2, "the PDF has {pages} pages");
}

/// The report `art32 report --format html` writes for the demo (the real `build`, the
/// whole catalogue) loads as cleanly, with a section for each of the catalogue's items.
#[test]
fn the_demo_report_renders_in_chromium_without_errors() {
    let Some(bin) = chromium() else { return };
    let dir = out_dir();
    let page = dir.join("demo-report.html");
    let o = Command::new(env!("CARGO_BIN_EXE_art32"))
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo-infra"))
        .args(["report", "--format", "html", "--output"])
        .arg(&page)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let png = dir.join("demo-report.png");
    let problems = screenshot(&bin, &page, &png);
    assert!(
        problems.is_empty(),
        "the page did not load cleanly: {problems:#?}"
    );
    assert_eq!(png_size(&std::fs::read(&png).unwrap()), (WIDTH, HEIGHT));
    let (dom, stderr) = run(&bin, &page, &["--dump-dom".to_string()]);
    assert!(load_problems(&stderr, &page).is_empty());
    let catalogue = art32::catalogue::Catalogue::builtin();
    for item in &catalogue.item {
        assert!(
            dom.contains(&format!("<section id=\"item-{}\" class=\"item\">", item.id)),
            "no section for {} in the DOM",
            item.id
        );
    }
}

#[test]
fn the_load_check_catches_what_it_looks_for() {
    let Some(bin) = chromium() else { return };
    let dir = out_dir();
    let page = dir.join("broken.html");
    std::fs::write(
        &page,
        "<!doctype html><html lang=\"de\"><head><meta charset=\"utf-8\"><title>x</title>\
         <link rel=\"stylesheet\" href=\"missing.css\"></head><body><p>x</p>\
         <img src=\"http://127.0.0.1:9/x.png\" alt=\"\">\
         <script>console.error(\"boom\")</script></body></html>",
    )
    .unwrap();
    let problems = screenshot(&bin, &page, &dir.join("broken.png"));
    let has = |needle: &str| problems.iter().any(|p| p.contains(needle));
    assert!(has("\"boom\""), "{problems:#?}");
    assert!(has("missing.css"), "{problems:#?}");
    assert!(has("127.0.0.1:9/x.png"), "{problems:#?}");
}

#[test]
fn png_size_reads_the_ihdr() {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    png.extend_from_slice(&1240u32.to_be_bytes());
    png.extend_from_slice(&1754u32.to_be_bytes());
    assert_eq!(png_size(&png), (1240, 1754));
}
