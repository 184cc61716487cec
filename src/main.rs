//! The `art32` command line: parses arguments, runs a command, maps outcomes to exit
//! codes (0 clean, 1 findings at or above `--fail-on`, 2 usage/config/rule errors).

use std::io::{IsTerminal, Write};
use std::path::{Component, PathBuf};
use std::process::ExitCode;
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use clap::{ArgAction, Parser, Subcommand, ValueEnum};
use jiff::civil::Date;

use art32::error::Error;
use art32::finding::Severity;
use art32::lint::progress::{self, Progress, Stage};
use art32::lint::{self, Setup, Target};
use art32::output::{self, Destination, github};
use art32::rules::select::Selection;
use art32::{commands, config};

/// jemalloc rather than the system's allocator: see Cargo.toml and docs/performance.md.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[derive(Parser)]
#[command(
    name = "art32",
    version,
    about = "Check infrastructure repositories against the GDPR Art. 32 TOM they promise"
)]
struct Cli {
    /// Config file (default: `art32.toml` in the first PATH or its ancestors, up to the repository root)
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// When to use colours: auto honours FORCE_COLOR, CLICOLOR_FORCE, NO_COLOR and whether
    /// the stream is a terminal
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    color: Color,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Lint files and directories (default: the current directory)
    Lint(LintArgs),
    /// List every rule: id, severity, TOM items, title
    Rules {
        #[arg(long, value_enum, default_value_t = ListFormat::Human)]
        format: ListFormat,
    },
    /// Write a commented starter `art32.toml` listing every setting with its default
    Init {
        /// Directory to write it to
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Explain a rule: what it checks, why, how to fix, with examples
    Explain {
        rule: String,
        /// The date the examples' relative dates count from (default: `today` of
        /// art32.toml, else today)
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<Date>,
    },
    /// The evidence per TOM item for the data-protection officer: for every item of the
    /// catalogue its status (kept, broken, not verified, attested, attestation overdue),
    /// the rules mapped to it, the files they examined and their findings
    Report(ReportArgs),
    /// Record today's findings, so that `lint` with `--baseline=FILE` reports only new ones
    Baseline(BaselineArgs),
    /// Every suite an OpenSSL cipher string enables, as OpenSSL 3 expands it, against the
    /// TLS profile (without a string: the profile)
    Ciphers {
        /// An OpenSSL cipher string (TLS 1.2 and below), as `ssl_ciphers` takes it
        #[arg(value_name = "STRING")]
        string: Option<String>,
        /// A TLS 1.3 ciphersuites list, as nginx's `ssl_conf_command` takes it for `Ciphersuites`
        #[arg(long, value_name = "LIST")]
        tls13: Option<String>,
        /// The TLS profile (default: the `profile` in art32.toml's `[tls]`, else
        /// mozilla-intermediate)
        #[arg(long, value_name = "ID")]
        profile: Option<String>,
    },
    /// Print a shell completion script
    #[command(after_help = "Example:\n  art32 completions bash > /etc/bash_completion.d/art32")]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print a man page, roff: art32(1), or with a subcommand the art32-SUBCOMMAND(1) it
    /// refers to
    #[command(
        after_help = "Example:\n  art32 manpage lint > /usr/local/share/man/man1/art32-lint.1"
    )]
    Manpage {
        #[arg(value_name = "SUBCOMMAND")]
        subcommand: Option<String>,
    },
}

#[derive(clap::Args)]
struct BaselineArgs {
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// The baseline file to write (replaced atomically)
    #[arg(
        short,
        long,
        value_name = "FILE",
        default_value = ".art32-baseline.json"
    )]
    output: PathBuf,
    /// The date every date rule compares with (default: `today` of art32.toml, else
    /// today)
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<Date>,
}

#[derive(clap::Args)]
struct ReportArgs {
    /// The repository (default: the current directory)
    #[arg(value_name = "PATH")]
    path: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = ReportFormat::Markdown)]
    format: ReportFormat,
    /// Write the report to this file (replaced atomically) instead of stdout
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// The date every date rule and attestation is judged on (default: `today` of
    /// art32.toml, else today)
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<Date>,
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    /// Markdown, for a repository's wiki or a pull request
    Markdown,
    /// one self-contained HTML file that prints well (A4)
    Html,
    /// versioned JSON (`docs/report.schema.json`)
    Json,
}

#[derive(clap::Args)]
struct LintArgs {
    /// Files and directories to lint; `-` alone reads one file from stdin (with
    /// `--stdin-filename`)
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// The path of the file given on stdin (a PATH of `-`): its kind, context and the
    /// path in findings are those of a file there (relative to the current directory;
    /// it need not exist)
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<PathBuf>,
    /// Output format (default: human); repeat it to write several formats in one run
    #[arg(long, value_enum, action = ArgAction::Append, value_name = "FORMAT")]
    format: Vec<Format>,
    /// Where the `--format` at the same position is written: a file (replaced
    /// atomically) or `-`, stdout, which is also where a format without an `--output`
    /// goes (one format at most)
    #[arg(short, long, action = ArgAction::Append, value_name = "FILE")]
    output: Vec<PathBuf>,
    /// The date every date rule compares with (default: `today` of art32.toml, else
    /// today)
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<Date>,
    /// Exit 1 when a finding has at least this severity
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    fail_on: FailOn,
    /// Worker threads (default: one per core)
    #[arg(short, long, value_name = "N")]
    jobs: Option<usize>,
    /// Report only findings that this baseline (from the `baseline` command) does not have
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Exit 0 even when findings reach `--fail-on` (errors of usage, config and rules
    /// still exit 2)
    #[arg(long)]
    exit_zero: bool,
    /// Findings only: no summary line in the human and concise output, no progress line
    #[arg(short, long)]
    quiet: bool,
    /// After the run, print on stderr how long each stage took and what it went through
    /// (files, documents, findings); the output is unchanged
    #[arg(short, long, conflicts_with = "quiet")]
    verbose: bool,
    /// Count the findings per rule, most frequent first, instead of listing them (human
    /// and concise output; the other formats are unchanged)
    #[arg(long)]
    statistics: bool,
    /// Run only these rules: ids (`nginx.tls-ciphers`), prefixes (`nginx`, `postfix.tls`)
    /// or TOM items (`tom:2.a`, the rules mapped to it or an item below it);
    /// comma-separated, repeatable. Replaces the rules art32.toml enables
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    select: Option<Vec<String>>,
    /// Run these rules as well (rules disabled in art32.toml too); as `--select`
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    extend_select: Vec<String>,
    /// Do not run these rules (applied after `--select` and `--extend-select`); as
    /// `--select`
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    ignore: Vec<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// rustc-style reports
    Human,
    /// versioned JSON
    Json,
    /// SARIF 2.1.0 for GitHub code scanning
    Sarif,
    /// GitHub Actions annotations; the step summary and the step outputs (findings,
    /// sarif-file) when GITHUB_STEP_SUMMARY and GITHUB_OUTPUT are set
    Github,
    /// one line a finding: `path:line:col:` then `severity[rule]` and the message
    Concise,
}

impl From<Format> for output::Format {
    fn from(f: Format) -> Self {
        match f {
            Format::Human => output::Format::Human,
            Format::Json => output::Format::Json,
            Format::Sarif => output::Format::Sarif,
            Format::Github => output::Format::Github,
            Format::Concise => output::Format::Concise,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Human,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Note,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

impl Color {
    /// `auto`: `FORCE_COLOR` or `CLICOLOR_FORCE` set (and not `0`) turns colours on even
    /// off a terminal (a CI log that renders them), else `NO_COLOR` set turns them off,
    /// else the stream decides (the conventions of force-color.org, bixense.com/clicolors
    /// and no-color.org, in the order ruff's and cargo's terminal crates apply them).
    fn enabled(self, stream_is_tty: bool) -> bool {
        let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
        let forced = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
        match self {
            Color::Always => true,
            Color::Never => false,
            Color::Auto if forced("FORCE_COLOR") || forced("CLICOLOR_FORCE") => true,
            Color::Auto => stream_is_tty && !set("NO_COLOR"),
        }
    }
}

/// The width diagnostics are wrapped at: `COLUMNS` where it is a number, else the
/// terminal's (standard error's), else 200 (miette's own, for logs and pipes).
fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|w| *w > 0)
        .or_else(|| {
            terminal_size::terminal_size_of(std::io::stderr()).map(|(w, _)| usize::from(w.0))
        })
        .unwrap_or(200)
}

/// Where the `--format`s and `--output`s of `lint` stand among the arguments.
#[derive(Default)]
struct Positions {
    formats: Vec<usize>,
    outputs: Vec<usize>,
}

fn main() -> ExitCode {
    let matches = <Cli as clap::CommandFactory>::command().get_matches();
    let cli = match <Cli as clap::FromArgMatches>::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let positions = matches
        .subcommand_matches("lint")
        .map(|m| Positions {
            formats: m
                .indices_of("format")
                .map(Iterator::collect)
                .unwrap_or_default(),
            outputs: m
                .indices_of("output")
                .map(Iterator::collect)
                .unwrap_or_default(),
        })
        .unwrap_or_default();
    let color = cli.color;
    match run(cli, &positions) {
        Ok(code) => code,
        Err(e) => {
            let e = e.inert();
            let theme = if color.enabled(std::io::stderr().is_terminal()) {
                miette::GraphicalTheme::unicode()
            } else {
                miette::GraphicalTheme::unicode_nocolor()
            };
            let mut out = String::new();
            // Wrapped at the terminal's width, but only at blanks: a path, URL, date or code
            // span (`/etc/ssl/certs/ca-certificates.crt`) is never broken across lines.
            let handler = miette::GraphicalReportHandler::new_themed(theme)
                .with_links(false)
                .with_width(terminal_width())
                .with_break_words(false)
                .with_word_separator(textwrap::WordSeparator::AsciiSpace)
                .with_word_splitter(textwrap::WordSplitter::NoHyphenation);
            if handler.render_report(&mut out, &e).is_err() {
                out = format!("error: {e}\n");
            }
            eprint!("{out}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli, positions: &Positions) -> Result<ExitCode, Error> {
    let color = cli.color;
    match cli.command {
        Command::Lint(args) => lint_command(args, positions, cli.config, color),
        Command::Report(args) => report_command(args, cli.config),
        Command::Baseline(args) => {
            let paths = if args.paths.is_empty() {
                vec![PathBuf::from(".")]
            } else {
                args.paths
            };
            let setup = Setup::new(&Target {
                paths,
                config: cli.config,
            })?;
            let today = setup.config.today(args.today, clock);
            let report = lint::run(&setup, today)?;
            let baseline = art32::suppress::Baseline::of(&report.findings, &report.sources);
            let mut text = serde_json::to_string_pretty(&baseline).unwrap_or_default();
            text.push('\n');
            output::write_atomic(&args.output, text.as_bytes())
                .map_err(|e| Error::io(format!("cannot write `{}`", args.output.display()), e))?;
            println!(
                "recorded {} finding{} in {}",
                baseline.findings.len(),
                if baseline.findings.len() == 1 {
                    ""
                } else {
                    "s"
                },
                args.output.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Rules { format } => {
            let setup = Setup::new(&Target {
                paths: vec![PathBuf::from(".")],
                config: cli.config,
            })?;
            // Rules from the repository's `rule-dirs` are as untrusted as its files.
            let text = match format {
                ListFormat::Human => art32::inert::inert(&commands::rules_table(&setup.registry)),
                ListFormat::Json => commands::rules_json(&setup.registry),
            };
            print(&text)
        }
        Command::Explain { rule, today } => {
            let setup = Setup::new(&Target {
                paths: vec![PathBuf::from(".")],
                config: cli.config,
            })?;
            let today = setup.config.today(today, clock);
            let Some(r) = setup.registry.get(&rule) else {
                return Err(Error::Usage(format!(
                    "unknown rule `{rule}` (`art32 rules` lists them)"
                )));
            };
            print(&art32::inert::inert(&commands::explain(
                r,
                &setup.registry.catalogue,
                &setup.registry.profiles,
                &setup.defaults,
                today,
            )))
        }
        Command::Ciphers {
            string,
            tls13,
            profile,
        } => {
            let setup = Setup::new(&Target {
                paths: vec![PathBuf::from(".")],
                config: cli.config,
            })?;
            let profiles = &setup.registry.profiles;
            let chosen = match &profile {
                Some(id) => profiles.find(id).map_err(Error::Usage)?,
                None => profiles.selected(),
            };
            print(&art32::inert::inert(&commands::ciphers(
                chosen,
                string.as_deref(),
                tls13.as_deref(),
            )))
        }
        Command::Completions { shell } => {
            let mut text = Vec::new();
            clap_complete::generate(
                shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "art32",
                &mut text,
            );
            print(&String::from_utf8_lossy(&text))
        }
        Command::Manpage { subcommand } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            cmd.build();
            let page = match &subcommand {
                None => cmd,
                Some(name) => {
                    let Some(sub) = cmd.find_subcommand(name) else {
                        return Err(Error::Usage(format!(
                            "unknown subcommand `{}` (`art32 manpage` lists them)",
                            art32::inert::inert_line(name)
                        )));
                    };
                    // Built, a subcommand's display name is `art32-NAME`, the page's title.
                    sub.clone().version(env!("CARGO_PKG_VERSION"))
                }
            };
            let mut text = Vec::new();
            clap_mangen::Man::new(page)
                .render(&mut text)
                .map_err(|e| Error::io("cannot render the man page", e))?;
            print(&String::from_utf8_lossy(&text))
        }
        Command::Init { dir } => {
            let setup = Setup::new(&Target {
                paths: vec![dir.clone()],
                config: cli.config,
            })?;
            let path = dir.join(config::FILE_NAME);
            let text = commands::starter_config(&setup.registry);
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
                .map_err(|e| {
                    if e.kind() == std::io::ErrorKind::AlreadyExists {
                        Error::Usage(format!(
                            "`{}` already exists; not overwriting it",
                            path.display()
                        ))
                    } else {
                        Error::io(format!("cannot write `{}`", path.display()), e)
                    }
                })?;
            file.write_all(text.as_bytes())
                .map_err(|e| Error::io(format!("cannot write `{}`", path.display()), e))?;
            println!("wrote {}", path.display());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `art32 report`: one lint run, the report built from it, written whatever the
/// statuses (exit 0; usage and config errors exit 2).
fn report_command(args: ReportArgs, config: Option<PathBuf>) -> Result<ExitCode, Error> {
    let path = args.path.unwrap_or_else(|| PathBuf::from("."));
    if !art32::discover::named_exists(&path) {
        return Err(Error::Usage(format!("`{}` does not exist", path.display())));
    }
    let setup = Setup::new(&Target {
        paths: vec![path.clone()],
        config,
    })?;
    if let Some(out) = &args.output
        && let Ok(abs) = art32::discover::absolute(out)
        && art32::discover::through_link(&setup.root, &abs)
    {
        return Err(Error::Usage(format!(
            "`--output {}` leads through a symlinked directory of the repository: not written",
            out.display()
        )));
    }
    let today = setup.config.today(args.today, clock);
    let report = lint::run(&setup, today)?;
    // `.` or `..` names no repository: the directory's own name does.
    let relative_only = path
        .components()
        .all(|c| matches!(c, Component::CurDir | Component::ParentDir));
    let repository = match art32::discover::absolute(&path) {
        Ok(abs) if relative_only => abs.file_name().map_or_else(
            || abs.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        ),
        _ => path.display().to_string(),
    };
    let tom = art32::report::build(&setup, &report, today, &repository);
    let text = match args.format {
        ReportFormat::Markdown => art32::report::markdown(&tom),
        ReportFormat::Html => art32::report::html(&tom),
        ReportFormat::Json => art32::report::render_json(&tom),
    };
    match &args.output {
        None => print(&text),
        Some(out) => {
            output::write_atomic(out, text.as_bytes())
                .map_err(|e| Error::io(format!("cannot write `{}`", out.display()), e))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn lint_command(
    args: LintArgs,
    positions: &Positions,
    config: Option<PathBuf>,
    color: Color,
) -> Result<ExitCode, Error> {
    let from_stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    if from_stdin && args.paths.len() > 1 {
        return Err(Error::Usage(
            "`-` (a file on stdin) is linted alone: name no other PATH with it".into(),
        ));
    }
    let stdin_filename = match (from_stdin, args.stdin_filename) {
        (true, Some(name)) => Some(name),
        (true, None) => {
            return Err(Error::Usage(
                "`art32 lint -` reads a file from stdin and needs its path to know its kind: \
                 add `--stdin-filename PATH` (e.g. `--stdin-filename etc/nginx/nginx.conf`)"
                    .into(),
            ));
        }
        (false, Some(_)) => {
            return Err(Error::Usage(
                "`--stdin-filename` names the file given on stdin: use it with `art32 lint -`"
                    .into(),
            ));
        }
        (false, None) => None,
    };
    let paths = if args.paths.is_empty() || from_stdin {
        vec![PathBuf::from(".")]
    } else {
        args.paths
    };
    for p in &paths {
        // A symlink counts as it is: the repository resolves it (an absolute link to
        // `/etc/nginx/…` names a file of the repository, not of this machine).
        if !art32::discover::named_exists(p) {
            return Err(Error::Usage(format!("`{}` does not exist", p.display())));
        }
    }
    // Where each `--format` and `--output` stands, to pair them.
    let formats: Vec<(usize, output::Format)> = positions
        .formats
        .iter()
        .copied()
        .zip(args.format.iter().map(|&f| f.into()))
        .collect();
    let outputs: Vec<(usize, Destination)> = positions
        .outputs
        .iter()
        .copied()
        .zip(args.output.into_iter().map(Destination::from_arg))
        .collect();
    let plan = output::plan(&formats, &outputs).map_err(Error::Usage)?;
    let target = Target {
        paths: paths.clone(),
        config,
    };
    let trim = |list: Vec<String>| list.into_iter().map(|s| s.trim().to_string()).collect();
    let selection = Selection {
        select: args.select.map(trim),
        extend_select: trim(args.extend_select),
        ignore: trim(args.ignore),
    };
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(n) = args.jobs {
        pool = pool.num_threads(n.max(1));
    }
    let pool = pool
        .build()
        .map_err(|e| Error::Usage(format!("cannot start worker threads: {e}")))?;
    let progress = Progress::default();
    let shows_progress = progress::shows_progress(
        std::io::stderr().is_terminal(),
        std::env::var_os("CI").as_deref(),
        std::env::var_os("TERM").as_deref(),
        args.quiet,
    );
    let stop = Stop::default();
    let (setup, report) = std::thread::scope(|scope| {
        if shows_progress {
            scope.spawn(|| progress_line(&progress, &stop));
        }
        // Stops the line (and clears it) before anything is printed, also on an error.
        let _stopping = Stopping(&stop);
        pool.install(|| -> Result<_, Error> {
            let started = Instant::now();
            let mut setup = Setup::new(&target)?;
            setup.select(&selection)?;
            let today = setup.config.today(args.today, clock);
            let baseline = match &args.baseline {
                Some(path) => Some(read_baseline(path, &setup.root)?),
                None => None,
            };
            let stdin = match &stdin_filename {
                Some(name) => Some(read_stdin(name, &setup)?),
                None => None,
            };
            let rules = setup.registry.active().count();
            progress.record(Stage::Setup, started.elapsed(), &[(rules, "rules")]);
            let report = lint::run_with_progress(
                &setup,
                today,
                baseline.as_ref(),
                stdin.as_ref(),
                &progress,
            )?;
            Ok((setup, report))
        })
    })?;
    let rendering = Instant::now();
    // A report is not written through a symlinked directory of the repository, which
    // could lead anywhere.
    for o in &plan {
        if let Destination::File(path) = &o.to
            && let Ok(abs) = art32::discover::absolute(path)
            && art32::discover::through_link(&setup.root, &abs)
        {
            return Err(Error::Usage(format!(
                "`--output {}` leads through a symlinked directory of the repository: not \
                 written",
                path.display()
            )));
        }
    }
    let prefix = output::repository_prefix(&setup.root);
    let cx = output::Context {
        registry: &setup.registry,
        repo_prefix: &prefix,
    };
    for o in &plan {
        // Colour only on a terminal: never in a file.
        let colored = o.to == Destination::Stdout && color.enabled(std::io::stdout().is_terminal());
        let view = output::View {
            color: colored,
            quiet: args.quiet,
            statistics: args.statistics,
        };
        let rendered = output::render_view(o.format, &report, cx, view);
        for notice in &rendered.notices {
            eprintln!("warning: {notice}");
        }
        match &o.to {
            Destination::Stdout => {
                print(&rendered.text)?;
            }
            Destination::File(path) => output::write_atomic(path, rendered.text.as_bytes())
                .map_err(|e| Error::io(format!("cannot write `{}`", path.display()), e))?,
        }
    }
    if plan.iter().any(|o| o.format == output::Format::Github)
        && let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty())
    {
        let path = PathBuf::from(path);
        github::append_runner_file(&path, &github::step_summary(&report, cx)).map_err(|e| {
            Error::io(
                format!("cannot append the step summary to `{}`", path.display()),
                e,
            )
        })?;
    }
    if plan.iter().any(|o| o.format == output::Format::Github)
        && let Some(path) = std::env::var_os("GITHUB_OUTPUT").filter(|p| !p.is_empty())
    {
        let path = PathBuf::from(path);
        let sarif = plan.iter().find_map(|o| match (&o.format, &o.to) {
            (output::Format::Sarif, Destination::File(f)) => Some(f.as_path()),
            _ => None,
        });
        let text = github::outputs(report.findings.len(), sarif).map_err(Error::Usage)?;
        github::append_runner_file(&path, &text).map_err(|e| {
            Error::io(
                format!("cannot append the step outputs to `{}`", path.display()),
                e,
            )
        })?;
    }
    if args.verbose {
        progress.record(
            Stage::Render,
            rendering.elapsed(),
            &[(report.findings.len(), "findings")],
        );
        eprint!("{}", progress.report());
    }
    let threshold = match args.fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Note => Severity::Note,
    };
    Ok(if report.fails(threshold) && !args.exit_zero {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// How long a run goes before it shows a progress line, and how often the line is
/// redrawn (indicatif draws at most 20 times a second besides).
const PROGRESS_AFTER: Duration = Duration::from_secs(1);
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// Tells the progress line's thread that the run is over.
#[derive(Default)]
struct Stop {
    stopped: Mutex<bool>,
    wake: Condvar,
}

impl Stop {
    /// Waits up to `time` for the stop; whether it came.
    fn wait(&self, time: Duration) -> bool {
        let stopped = self.stopped.lock().unwrap_or_else(PoisonError::into_inner);
        let (stopped, _) = self
            .wake
            .wait_timeout_while(stopped, time, |s| !*s)
            .unwrap_or_else(PoisonError::into_inner);
        *stopped
    }

    fn stop(&self) {
        *self.stopped.lock().unwrap_or_else(PoisonError::into_inner) = true;
        self.wake.notify_all();
    }
}

/// Stops the line when dropped: when the run ends, returns an error or panics.
struct Stopping<'a>(&'a Stop);

impl Drop for Stopping<'_> {
    fn drop(&mut self) {
        self.0.stop();
    }
}

/// The progress line on stderr, for a run that has taken a second: the stage and how
/// many files or documents it has done of how many, read from the counters the run's
/// workers update. It is cleared when the run stops, before anything is printed.
fn progress_line(progress: &Progress, stop: &Stop) {
    if stop.wait(PROGRESS_AFTER) {
        return;
    }
    let line =
        indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
    if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} art32: {msg}") {
        line.set_style(style);
    }
    loop {
        let now = progress.snapshot();
        let stage = now.stage.name();
        line.set_message(match now.done {
            Some(done) => format!("{stage} {done}/{} {}", now.total, now.stage.unit()),
            None if now.total > 0 => format!("{stage} {} {}", now.total, now.stage.unit()),
            None => stage.to_string(),
        });
        line.tick();
        if stop.wait(PROGRESS_EVERY) {
            break;
        }
    }
    line.finish_and_clear();
}

/// The file on stdin, as the file `name` (relative to the current directory) of the
/// repository: read up to one byte over `max-file-size` (a larger one is not read, and
/// is an `unread-file` error as on disk).
fn read_stdin(name: &std::path::Path, setup: &Setup) -> Result<lint::Stdin, Error> {
    use std::io::Read;
    let abs = art32::discover::absolute(name)?;
    let rel = art32::discover::relative(&setup.root, &abs);
    if rel.is_empty() || rel == ".." || rel.starts_with("../") || rel.starts_with('/') {
        return Err(Error::Usage(format!(
            "`--stdin-filename {}` is not a file in the repository `{}` (the one the current \
             directory is in)",
            name.display(),
            setup.root.display()
        )));
    }
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(setup.config.max_file_size.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io("cannot read stdin".to_string(), e))?;
    Ok(lint::Stdin { rel, bytes })
}

/// The baseline at `path`: the user's argument, so anywhere, but a regular file within
/// the cap; why it is not a baseline is said in serde's words (which quote it) only
/// where it resolves inside the lint root.
fn read_baseline(
    path: &std::path::Path,
    root: &std::path::Path,
) -> Result<art32::suppress::Baseline, Error> {
    let shown = path.display().to_string();
    let text = art32::read::instructions(path, &shown, "baseline", art32::read::MAX_BASELINE_SIZE)?;
    serde_json::from_str(&text).map_err(|e| {
        Error::Usage(if art32::read::resolves_inside(root, path) {
            format!("`{shown}` is not an art32 baseline: {e}")
        } else {
            format!(
                "`{shown}` is not an art32 baseline: at line {}, column {} (not shown: the \
                 file is outside the linted root)",
                e.line(),
                e.column()
            )
        })
    })
}

/// The system's date, in its time zone: the day date rules compare with when neither
/// `--today` nor the config's `today` says otherwise.
fn clock() -> Date {
    jiff::ZonedDateTime::now().date()
}

fn print(text: &str) -> Result<ExitCode, Error> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        // A closed pipe (`art32 rules | head`) is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(Error::io("cannot write to stdout", e)),
    }
}
