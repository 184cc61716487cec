//! Throughput: does the time to lint a file grow linearly with its size (issue 7)?
//!
//! For every format art32 reads, generates a file of a small and a large size (5 and
//! 50 MB) in two shapes — many short lines, and one long line (nginx: the same
//! configuration with its newlines turned into spaces; the line formats: one entry with
//! a huge list; YAML: flow style; CSV: two long lines, header and row) — and times:
//!
//! - `parse`: the format's parser (`art32::formats::parse`) on the text;
//! - `lint`: the whole pipeline (`art32::lint::run`: read, parse, link, evaluate,
//!   suppress) on a directory holding the file and an `art32.toml` that raises
//!   `max-file-size`;
//! - `json`, `human`: rendering that run's report, as `art32 lint --format json` and
//!   `art32 lint` print it.
//!
//! One more case, `repo gen`, is the repository `bench/gen.py repo SCALE` writes (nginx,
//! Postfix, fstab, crypttab, a YAML inventory; `python3` runs the generator) at a scale
//! of each size in MB, rounded, at least 1 (so `--quick` measures scales 1 and 5): the
//! `lint`, `json` and `human` stages on the whole tree; it has no `parse` stage.
//!
//! Each time is the median of up to three runs (fewer once a stage has taken a few
//! seconds). It prints MB/s at both sizes and the ratio time(large)/time(small): about
//! 10 is linear, far above 10 super-linear (marked `!`); `~` when the small time is below
//! a millisecond, too short to tell. `peak` is the peak resident memory of the process
//! that ran the large case, up to the end of the stage (it includes the earlier stages).
//!
//! Every case runs in a child process, and a run that takes too long is killed rather
//! than waited for: at the small size after `ART32_BENCH_TIMEOUT` seconds (then the
//! large size is not tried), at the large size after 30 times the small size's median
//! (at least 5 s; so a ratio above 30 shows as `>30`). A stage that panics shows as
//! `panic`.
//!
//! ```text
//! cargo bench --bench throughput                     # 5 and 50 MB
//! cargo bench --bench throughput -- --quick          # 0.5 and 5 MB, one run each
//! cargo bench --bench throughput -- nginx postfix    # cases whose name has one of these
//! cargo bench --bench throughput -- --quick repo     # the generated repository, scales 1 and 5
//! ```
//!
//! Environment: `ART32_BENCH_QUICK=1` (as `--quick`), `ART32_BENCH_SIZES=1,10` (MB, small
//! and large), `ART32_BENCH_RUNS=5` (most runs a stage), `ART32_BENCH_TIMEOUT=60`
//! (seconds; default 30, 10 with `--quick`).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Write as _};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use art32::lint::{self, Setup, Target};
use art32::model::FileKind;
use art32::output::human::{self, Style};
use art32::source::FileId;

const MB: usize = 1_000_000;
const STAGES: [&str; 4] = ["parse", "lint", "json", "human"];
/// Set in a child: `kind:shape:bytes:runs:stages-to-skip`.
const CHILD: &str = "ART32_BENCH_CHILD";
/// A stage stops adding runs once its runs have taken this long.
const STAGE_BUDGET: Duration = Duration::from_secs(4);

#[derive(Clone, Copy, PartialEq)]
enum Shape {
    Short,
    Long,
}

impl Shape {
    fn name(self) -> &'static str {
        match self {
            Shape::Short => "short",
            Shape::Long => "long",
        }
    }
}

/// What a case lints: one file of a kind in a shape, or a generated repository.
#[derive(Clone, Copy)]
enum Case {
    File(FileKind, Shape),
    Repo,
}

/// The name `Case::Repo` has in the child's case string.
const REPO: &str = "repo";

impl Case {
    fn format(self) -> &'static str {
        match self {
            Case::File(kind, _) => kind.name(),
            Case::Repo => REPO,
        }
    }

    fn shape(self) -> &'static str {
        match self {
            Case::File(_, shape) => shape.name(),
            Case::Repo => "gen",
        }
    }

    /// The bytes a case of `size` lints: a repository's scale is `size` in MB, rounded,
    /// at least 1 (`bench/gen.py repo` writes about a megabyte a scale).
    fn bytes(self, size: usize) -> usize {
        match self {
            Case::File(..) => size,
            Case::Repo => repo_scale(size) * MB,
        }
    }
}

fn repo_scale(size: usize) -> usize {
    ((size as f64 / MB as f64).round() as usize).max(1)
}

/// Where each kind's file goes, so that the default globs claim it.
fn rel_path(kind: FileKind) -> &'static str {
    match kind {
        FileKind::InventoryVars => "inventory/group_vars/all.yml",
        other => other.example_path(),
    }
}

/// How a stage of one case ended.
#[derive(Clone, Copy)]
enum Outcome {
    Done {
        seconds: f64,
        peak_kib: u64,
    },
    Timeout(Duration),
    Panic,
    /// Not run: it needs a stage that did not finish, or the small size did not.
    Skipped,
    /// The case has no such stage (a repository has no single parser).
    None,
}

fn main() {
    if let Ok(case) = std::env::var(CHILD) {
        child(&case);
        return;
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let quick = args.iter().any(|a| a == "--quick") || env("ART32_BENCH_QUICK").is_some();
    let filters: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let sizes: Vec<usize> = match env("ART32_BENCH_SIZES") {
        Some(s) => s
            .split(',')
            .map(|n| {
                let mb: f64 = n
                    .trim()
                    .parse()
                    .expect("ART32_BENCH_SIZES: MB, comma-separated");
                (mb * MB as f64) as usize
            })
            .collect(),
        None if quick => vec![MB / 2, 5 * MB],
        None => vec![5 * MB, 50 * MB],
    };
    let runs: usize = env("ART32_BENCH_RUNS").map_or(if quick { 1 } else { 3 }, |r| {
        r.parse().expect("ART32_BENCH_RUNS: a number")
    });
    let cap = Duration::from_secs(
        env("ART32_BENCH_TIMEOUT").map_or(if quick { 10 } else { 30 }, |t| {
            t.parse().expect("ART32_BENCH_TIMEOUT: seconds")
        }),
    );
    let (small, large) = (sizes[0], *sizes.last().unwrap_or(&sizes[0]));
    println!(
        "art32 throughput: {} and {} MB, median of up to {runs} run(s); a stage is stopped after \
         {} s at {} MB and after 30x that time at {} MB",
        mb(small),
        mb(large),
        cap.as_secs(),
        mb(small),
        mb(large),
    );
    println!(
        "{:<15} {:<5} {:<5} {:>9} {:>7} {:>9} {:>7} {:>7} {:>8}",
        "format",
        "shape",
        "stage",
        format!("{}MB s", mb(small)),
        "MB/s",
        format!("{}MB s", mb(large)),
        "MB/s",
        "ratio",
        "peak MiB"
    );
    let started = Instant::now();
    let cases = FileKind::ALL
        .iter()
        .flat_map(|&kind| [Shape::Short, Shape::Long].map(|shape| Case::File(kind, shape)))
        .chain([Case::Repo]);
    for case in cases {
        let name = format!("{}-{}", case.format(), case.shape());
        if !filters.is_empty() && !filters.iter().any(|f| name.contains(f.as_str())) {
            continue;
        }
        let at_small = measure(case, small, runs, &|_| cap);
        let at_large = measure(case, large, runs, &|stage| match at_small[stage] {
            // The child's start (generating the input, and for the renderers the lint
            // run) is on top of the stage: leave room for it.
            Outcome::Done { seconds, .. } => {
                Duration::from_secs_f64(seconds * 30.0).max(Duration::from_secs(5))
            }
            _ => Duration::ZERO,
        });
        for stage in STAGES {
            let cell = |o: Outcome, size: usize| match o {
                Outcome::Done { seconds, .. } if seconds < 1e-4 => {
                    (format!("{seconds:.3}"), "-".into())
                }
                Outcome::Done { seconds, .. } => (
                    format!("{seconds:.3}"),
                    format!("{:.1}", size as f64 / MB as f64 / seconds),
                ),
                Outcome::Timeout(after) => (format!(">{:.1}", after.as_secs_f64()), "-".into()),
                Outcome::Panic => ("panic".into(), "-".into()),
                Outcome::Skipped | Outcome::None => ("-".into(), "-".into()),
            };
            let (s, l) = (at_small[stage], at_large[stage]);
            if matches!(s, Outcome::None) {
                continue;
            }
            let (small, large) = (case.bytes(small), case.bytes(large));
            let (ts, ms) = cell(s, small);
            let (tl, ml) = cell(l, large);
            let linear = large as f64 / small as f64;
            let ratio = match (s, l) {
                // Below a millisecond the ratio is mostly noise.
                (Outcome::Done { seconds: a, .. }, Outcome::Done { .. }) if a < 1e-3 => "~".into(),
                (Outcome::Done { seconds: a, .. }, Outcome::Done { seconds: b, .. }) => {
                    let r = b / a;
                    format!("{r:.1}{}", if r > 2.0 * linear { "!" } else { "" })
                }
                (Outcome::Done { seconds: a, .. }, Outcome::Timeout(after)) => {
                    format!(">{:.0}!", after.as_secs_f64() / a)
                }
                _ => "-".into(),
            };
            let peak = match l {
                Outcome::Done { peak_kib, .. } => format!("{}", peak_kib / 1024),
                _ => "-".into(),
            };
            println!(
                "{:<15} {:<5} {:<5} {ts:>9} {ms:>7} {tl:>9} {ml:>7} {ratio:>7} {peak:>8}",
                case.format(),
                case.shape(),
                stage,
            );
        }
    }
    println!("done in {:.0} s", started.elapsed().as_secs_f64());
}

fn mb(bytes: usize) -> String {
    format!("{}", bytes as f64 / MB as f64)
}

/// Runs the stages of one case in a child process (this executable, with
/// `ART32_BENCH_CHILD` set), killing it when a stage runs past `timeout(stage)` and
/// starting another for the stages left.
fn measure(
    case: Case,
    size: usize,
    runs: usize,
    timeout: &dyn Fn(&str) -> Duration,
) -> BTreeMap<&'static str, Outcome> {
    let mut outcomes: BTreeMap<&'static str, Outcome> = BTreeMap::new();
    for stage in STAGES {
        if timeout(stage).is_zero() {
            outcomes.insert(stage, Outcome::Skipped);
        }
    }
    if let Case::Repo = case {
        outcomes.insert("parse", Outcome::None);
    }
    while outcomes.len() < STAGES.len() {
        let skip: Vec<&str> = outcomes.keys().copied().collect();
        let exe = std::env::current_exe().expect("the bench's own path");
        let mut child = Command::new(exe)
            .env(
                CHILD,
                format!(
                    "{}:{}:{size}:{runs}:{}",
                    case.format(),
                    case.shape(),
                    skip.join(",")
                ),
            )
            .stdout(Stdio::piped())
            .spawn()
            .expect("start a child");
        let stdout = child.stdout.take().expect("piped stdout");
        let (send, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        let mut current: Option<(&'static str, Instant)> = None;
        loop {
            match lines.recv_timeout(Duration::from_millis(20)) {
                Ok(line) => {
                    let mut words = line.split_whitespace();
                    let (what, stage) = (words.next(), words.next());
                    let Some(stage) = STAGES.iter().copied().find(|s| Some(*s) == stage) else {
                        continue;
                    };
                    match what {
                        Some("start") => current = Some((stage, Instant::now())),
                        Some("done") => {
                            let seconds = words.next().and_then(|w| w.parse().ok()).unwrap_or(0.0);
                            let peak_kib = words.next().and_then(|w| w.parse().ok()).unwrap_or(0);
                            outcomes.insert(stage, Outcome::Done { seconds, peak_kib });
                            current = None;
                        }
                        _ => {}
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    if let Some((stage, since)) = current
                        && since.elapsed() > timeout(stage)
                    {
                        let _ = child.kill();
                        outcomes.insert(stage, Outcome::Timeout(timeout(stage)));
                        break;
                    }
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    if let Some((stage, _)) = current {
                        outcomes.insert(stage, Outcome::Panic);
                    }
                    break;
                }
            }
        }
        let _ = child.wait();
        // The pipeline includes the parser, and the renderers need a lint run: without
        // them the later stages cannot be measured, or only take as long.
        if !matches!(
            outcomes.get("parse"),
            None | Some(Outcome::Done { .. } | Outcome::None)
        ) {
            for stage in STAGES {
                outcomes.entry(stage).or_insert(Outcome::Skipped);
            }
        }
        if !matches!(outcomes.get("lint"), None | Some(Outcome::Done { .. })) {
            for stage in ["json", "human"] {
                outcomes.entry(stage).or_insert(Outcome::Skipped);
            }
        }
        if current.is_none() && outcomes.len() < STAGES.len() {
            // The child ended without starting a stage it should have run.
            for stage in STAGES {
                outcomes.entry(stage).or_insert(Outcome::Panic);
            }
        }
    }
    outcomes
}

/// The child: generates one input and runs each stage not skipped, printing
/// `start STAGE` before each run and `done STAGE MEDIAN-SECONDS PEAK-KIB` after the last.
fn child(case: &str) {
    let parts: Vec<&str> = case.split(':').collect();
    let size: usize = parts[2].parse().expect("a size");
    let runs: usize = parts[3].parse::<usize>().expect("a run count").max(1);
    let skip: Vec<&str> = parts[4].split(',').collect();
    let mut out = std::io::stdout();
    let mut stage = |name: &str, f: &mut dyn FnMut()| {
        if skip.contains(&name) {
            return;
        }
        // Runs until `runs` are done or they have taken `STAGE_BUDGET`; the parent's
        // clock for the timeout restarts at each `start`.
        let mut times = Vec::new();
        let started = Instant::now();
        while times.len() < runs && (times.is_empty() || started.elapsed() < STAGE_BUDGET) {
            let _ = writeln!(out, "start {name}");
            let _ = out.flush();
            let run = Instant::now();
            f();
            times.push(run.elapsed().as_secs_f64());
        }
        times.sort_by(f64::total_cmp);
        let median = times[times.len() / 2];
        let _ = writeln!(out, "done {name} {median:.6} {}", peak_kib());
        let _ = out.flush();
    };

    let dir = tempfile::tempdir().expect("a temporary directory");
    let kind = FileKind::ALL.iter().find(|k| k.name() == parts[0]).copied();
    let root = match kind {
        Some(kind) => {
            let shape = if parts[1] == "long" {
                Shape::Long
            } else {
                Shape::Short
            };
            let text = generate(kind, shape, size);
            stage("parse", &mut || {
                drop(std::hint::black_box(art32::formats::parse(
                    kind,
                    FileId(0),
                    &text,
                )));
            });
            write(dir.path(), "art32.toml", "max-file-size = 1000000000\n");
            write(dir.path(), rel_path(kind), &text);
            dir.path().to_path_buf()
        }
        None => {
            assert_eq!(parts[0], REPO, "a kind or the repository");
            let root = dir.path().join("repo");
            generate_repo(&root, repo_scale(size));
            root
        }
    };
    let target = Target {
        paths: vec![root],
        config: None,
    };
    let setup = Setup::new(&target).expect("a setup");
    if let Some(kind) = kind {
        assert_eq!(
            setup.config.classify(rel_path(kind)),
            Some(kind),
            "the generated file is not classified as {kind}"
        );
    }
    let today = jiff::civil::date(2026, 11, 26);
    let run = || lint::run(&setup, today).expect("a lint run");
    stage("lint", &mut || drop(std::hint::black_box(run())));
    if skip.contains(&"json") && skip.contains(&"human") {
        return;
    }
    let report = run();
    if kind.is_some() {
        assert_eq!(report.files_checked, 1, "the generated file was not linted");
    }
    stage("json", &mut || {
        drop(std::hint::black_box(art32::output::json::render(&report)));
    });
    let style = Style {
        color: false,
        width: 100,
    };
    let catalogue = &setup.registry.catalogue;
    stage("human", &mut || {
        drop(std::hint::black_box(human::render(
            &report, catalogue, style,
        )));
    });
}

/// `bench/gen.py repo SCALE ROOT` (seed 14): an infrastructure repository of about SCALE MB.
fn generate_repo(root: &Path, scale: usize) {
    let status = Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/gen.py"))
        .arg("repo")
        .arg(scale.to_string())
        .arg(root)
        .stdout(Stdio::null())
        .status()
        .expect("python3 runs bench/gen.py");
    assert!(status.success(), "bench/gen.py repo {scale} failed");
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create a directory");
    }
    std::fs::write(path, text).expect("write an input file");
}

/// Peak resident memory of this process so far (Linux; 0 elsewhere).
fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// Repeats `unit(i, out)` for i = 0, 1, … until `out` holds at least `size` bytes, then
/// appends `end`.
fn fill(
    mut out: String,
    size: usize,
    end: &str,
    mut unit: impl FnMut(usize, &mut String),
) -> String {
    let mut i = 0;
    while out.len() + end.len() < size {
        unit(i, &mut out);
        i += 1;
    }
    out.push_str(end);
    out
}

/// A file of about `size` bytes of the kind and shape: realistic entries, many of them
/// with findings, as a hostile or merely huge repository would have.
fn generate(kind: FileKind, shape: Shape, size: usize) -> String {
    let mut text = match (kind, shape) {
        (FileKind::Fstab, Shape::Short) => fill(String::new(), size, "", |i, s| {
            if i % 10 == 0 {
                let _ = writeln!(s, "# data disk {i}");
            }
            let _ = writeln!(s, "/dev/sdb{i}  /srv/data{i}  ext4  defaults,noatime  0  2");
        }),
        (FileKind::Fstab, Shape::Long) => fill(
            "UUID=9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d /tmp ext4 defaults".into(),
            size,
            " 0 2\n",
            |i, s| {
                let _ = write!(s, ",x-opt{i}");
            },
        ),
        (FileKind::Crypttab, Shape::Short) => fill(String::new(), size, "", |i, s| {
            let _ = writeln!(
                s,
                "data{i}_crypt  UUID=6a5b4c3d-2e1f-4a0b-9c8d-{i:012x}  /etc/luks/data{i}.key  luks,discard"
            );
        }),
        (FileKind::Crypttab, Shape::Long) => fill(
            "data_crypt UUID=6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d /etc/luks/data.key luks".into(),
            size,
            "\n",
            |i, s| {
                let _ = write!(s, ",x-opt{i}");
            },
        ),
        (FileKind::Nginx, _) => fill(
            "http {\n    ssl_protocols TLSv1 TLSv1.1 TLSv1.2;\n    server_tokens on;\n".into(),
            size,
            "}\n",
            |i, s| {
                let _ = write!(
                    s,
                    "    server {{\n        listen 443 ssl;\n        server_name s{i}.example.com;\n        \
                     ssl_certificate /etc/ssl/s{i}.pem;\n        ssl_certificate_key /etc/ssl/s{i}.key;\n        \
                     location /app/ {{\n            proxy_pass http://10.0.{}.{}:8080;\n            \
                     autoindex on;\n        }}\n    }}\n",
                    i / 250 % 250,
                    i % 250
                );
            },
        ),
        (FileKind::PostfixMain, Shape::Short) => fill(
            "compatibility_level = 3.6\nmyhostname = mail.example.com\n\
             smtpd_tls_security_level = may\nsmtpd_relay_restrictions = permit_mynetworks, \
             permit_sasl_authenticated, defer_unauth_destination\n"
                .into(),
            size,
            "",
            |i, s| {
                let _ = writeln!(s, "custom_{i} = value{i}, $myhostname\n    more{i}");
                if i % 100 == 0 {
                    let _ = writeln!(s, "mynetworks = 10.{}.{}.0/24", i / 25_600 % 256, i / 100 % 256);
                }
            },
        ),
        (FileKind::PostfixMain, Shape::Long) => {
            fill("mynetworks = 127.0.0.0/8".into(), size, "\n", |i, s| {
                let _ = write!(s, " 10.{}.{}.{}/32", i >> 16 & 255, i >> 8 & 255, i & 255);
            })
        }
        (FileKind::PostfixMaster, Shape::Short) => fill(String::new(), size, "", |i, s| {
            if i % 10 == 0 {
                let _ = writeln!(
                    s,
                    "10.{}.{}.{}:25 inet n - y - - smtpd\n  -o smtpd_tls_security_level=none",
                    i >> 16 & 255,
                    i >> 8 & 255,
                    i & 255
                );
            }
            let _ = writeln!(
                s,
                "relay{i}    unix  -       -       y       -       -       smtp\n  -o smtp_tls_security_level=none"
            );
        }),
        (FileKind::PostfixMaster, Shape::Long) => fill(
            "submission inet n - y - - smtpd -o smtpd_tls_security_level=none".into(),
            size,
            "\n",
            |i, s| {
                let _ = write!(s, " -o custom_{i}=value{i}");
            },
        ),
        (FileKind::InventoryIni, Shape::Short) => fill(String::new(), size, "", |i, s| {
            if i % 100 == 0 {
                let g = i / 100;
                let _ = writeln!(s, "[g{g}:vars]\ntom_role=internet\n\n[g{g}]");
            }
            let _ = writeln!(
                s,
                "h{i}.example.com ansible_host=10.{}.{}.{} tom_commissioned=2019-05-06 tom_backup_media=disk,tape",
                i >> 16 & 255,
                i >> 8 & 255,
                i & 255
            );
        }),
        (FileKind::InventoryIni, Shape::Long) => fill(
            "h0.example.com tom_commissioned=2019-05-06".into(),
            size,
            "\n",
            |i, s| {
                let _ = write!(s, " v{i}=x{i}");
            },
        ),
        (FileKind::InventoryYaml, Shape::Short) => {
            fill("all:\n  children:\n".into(), size, "", |i, s| {
                if i % 100 == 0 {
                    let _ = writeln!(
                        s,
                        "    g{}:\n      vars:\n        tom_role: internet\n      hosts:",
                        i / 100
                    );
                }
                let _ = writeln!(
                    s,
                    "        h{i}.example.com:\n          tom_commissioned: 2019-05-06\n          \
                     tom_backup_media: [local-disk, offsite-s3]\n          tom_last_check: 2026-11-20"
                );
            })
        }
        (FileKind::InventoryYaml, Shape::Long) => fill(
            "{all: {vars: {tom_role: internet}, hosts: {h.example.com: {tom_commissioned: 2019-05-06}"
                .into(),
            size,
            "}}}\n",
            |i, s| {
                let _ = write!(
                    s,
                    ", h{i}.example.com: {{tom_commissioned: 2019-05-06, tom_backup_media: [local-disk, s3]}}"
                );
            },
        ),
        (FileKind::InventoryCsv, Shape::Short) => fill(
            "hostname,tom_role,tom_commissioned,tom_backup_media,tom_last_check\n".into(),
            size,
            "",
            |i, s| {
                let _ = writeln!(s, "h{i}.example.com,internet,2019-05-06,\"disk, tape\",2026-11-20");
            },
        ),
        (FileKind::InventoryCsv, Shape::Long) => {
            let header = fill("hostname".into(), size / 2, "\n", |i, s| {
                let _ = write!(s, ",c{i}");
            });
            let columns = header.matches(',').count();
            let mut row = String::from("h0.example.com");
            for i in 0..columns {
                let _ = write!(row, ",v{i}");
            }
            header + &row + "\n"
        }
        (FileKind::InventoryVars, Shape::Short) => fill(String::new(), size, "", |i, s| {
            let _ = match i % 3 {
                0 => writeln!(s, "var_{i}: value {i}"),
                1 => writeln!(s, "list_{i}: [a, b, {i}]"),
                _ => writeln!(s, "map_{i}:\n  key: v{i}\n  other: [1, 2]"),
            };
        }),
        (FileKind::InventoryVars, Shape::Long) => fill("{tom_role: internet".into(), size, "}\n", |i, s| {
            let _ = write!(s, ", var_{i}: [value, {i}]");
        }),
    };
    if shape == Shape::Long && kind == FileKind::Nginx {
        text = text.lines().map(str::trim).collect::<Vec<_>>().join(" ") + "\n";
    }
    text
}
