//! Where a run is, and how long each of its stages took: the counters a progress line
//! reads from another thread, and the timings `lint --verbose` prints.
//!
//! The stages update plain atomics, once a file or a document (never a line), from
//! whichever rayon worker does the work; the line is drawn by the command line from a
//! thread of its own, so nothing here writes to a terminal.

use std::ffi::OsStr;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::time::Duration;

/// A stage of a run, in the order they run. `Setup` (config and rules) and `Render`
/// (the output formats) are timed by the command line, the others by `lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Setup,
    Discover,
    Read,
    Parse,
    Link,
    Evaluate,
    Suppress,
    Render,
}

impl Stage {
    pub const ALL: [Stage; 8] = [
        Stage::Setup,
        Stage::Discover,
        Stage::Read,
        Stage::Parse,
        Stage::Link,
        Stage::Evaluate,
        Stage::Suppress,
        Stage::Render,
    ];

    /// The stage's name as `--verbose` and the progress line print it.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Setup => "setup",
            Stage::Discover => "discover",
            Stage::Read => "read",
            Stage::Parse => "parse",
            Stage::Link => "link",
            Stage::Evaluate => "evaluate",
            Stage::Suppress => "suppress",
            Stage::Render => "render",
        }
    }

    /// What the stage counts in the progress line (`files`, `documents`).
    pub fn unit(self) -> &'static str {
        match self {
            Stage::Setup | Stage::Discover | Stage::Read => "files",
            Stage::Parse | Stage::Link | Stage::Evaluate => "documents",
            Stage::Suppress | Stage::Render => "findings",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// How long one stage took and what it went through: `(count, what)` pairs such as
/// `(1170, "files")`. A stage that runs more than once (reading the files nginx includes
/// name, round by round) adds up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timing {
    pub stage: Stage,
    pub elapsed: Duration,
    pub counts: Vec<(usize, &'static str)>,
}

/// The live state of a run and the timings of the stages done. Shared by reference
/// between the run (its rayon workers) and a thread that draws a progress line.
#[derive(Debug, Default)]
pub struct Progress {
    stage: AtomicU8,
    done: AtomicUsize,
    total: AtomicUsize,
    timings: Mutex<Vec<Timing>>,
}

/// What a progress line shows: the stage, and how many of its items are done of how
/// many (`done` is `None` for a stage that does not count them one by one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Snapshot {
    pub stage: Stage,
    pub done: Option<usize>,
    pub total: usize,
}

impl Progress {
    /// Enters `stage`, which goes through `total` items (0 done).
    pub fn enter(&self, stage: Stage, total: usize) {
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
        self.stage.store(stage as u8, Ordering::Relaxed);
    }

    /// One more item of the stage is done (a file read, a document parsed or evaluated).
    pub fn advance(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    /// Where the run is now. The three fields are read one after another, so a line
    /// drawn at a stage's start may show the last stage's count once; it is redrawn.
    pub fn snapshot(&self) -> Snapshot {
        let stage = Stage::ALL
            .get(usize::from(self.stage.load(Ordering::Relaxed)))
            .copied()
            .unwrap_or(Stage::Setup);
        let total = self.total.load(Ordering::Relaxed);
        let done = self.done.load(Ordering::Relaxed).min(total);
        let counted = matches!(stage, Stage::Read | Stage::Parse | Stage::Evaluate);
        Snapshot {
            stage,
            done: counted.then_some(done),
            total,
        }
    }

    /// Records that `stage` took `elapsed` and went through `counts`; added to what it
    /// took before if it ran already.
    pub fn record(&self, stage: Stage, elapsed: Duration, counts: &[(usize, &'static str)]) {
        let mut timings = match self.timings.lock() {
            Ok(t) => t,
            Err(poisoned) => poisoned.into_inner(),
        };
        match timings.iter_mut().find(|t| t.stage == stage) {
            Some(t) => {
                t.elapsed += elapsed;
                for &(n, what) in counts {
                    match t.counts.iter_mut().find(|(_, w)| *w == what) {
                        Some((m, _)) => *m += n,
                        None => t.counts.push((n, what)),
                    }
                }
            }
            None => timings.push(Timing {
                stage,
                elapsed,
                counts: counts.to_vec(),
            }),
        }
    }

    /// The stages recorded, in the order they run.
    pub fn timings(&self) -> Vec<Timing> {
        let mut timings = match self.timings.lock() {
            Ok(t) => t.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        };
        timings.sort_by_key(|t| t.stage.index());
        timings
    }

    /// `lint --verbose`'s lines: one a stage, `timing: read 12.3 ms 1170 files`, and the
    /// total of the stages.
    pub fn report(&self) -> String {
        let timings = self.timings();
        let mut out = String::new();
        let mut total = Duration::ZERO;
        for t in &timings {
            total += t.elapsed;
            let counts: Vec<String> = t
                .counts
                .iter()
                .map(|(n, what)| format!("{n} {what}"))
                .collect();
            let _ = writeln!(
                out,
                "timing: {:<9} {:>10}  {}",
                t.stage.name(),
                millis(t.elapsed),
                counts.join(", ")
            );
        }
        let _ = writeln!(out, "timing: {:<9} {:>10}", "total", millis(total));
        out
    }
}

fn millis(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// Whether a run draws a progress line on standard error: only when it is a terminal,
/// not in CI (`CI` set to anything: GitHub Actions, GitLab and most others set it, and a
/// CI log may be a terminal), not on a `TERM=dumb` terminal (which cannot move the
/// cursor back), and not with `--quiet` (findings only). It is still drawn only once a
/// run has taken a second.
pub fn shows_progress(
    stderr_is_terminal: bool,
    ci: Option<&OsStr>,
    term: Option<&OsStr>,
    quiet: bool,
) -> bool {
    stderr_is_terminal && ci.is_none() && term.is_none_or(|t| t != "dumb") && !quiet
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Standard error a terminal, `CI`, `TERM`, `--quiet`; and whether the line shows.
    type Case = (
        bool,
        Option<&'static OsStr>,
        Option<&'static OsStr>,
        bool,
        bool,
    );

    #[test]
    fn progress_only_on_a_terminal_outside_ci_not_dumb_not_quiet() {
        let os = |s: &'static str| Some(OsStr::new(s));
        let cases: &[Case] = &[
            (true, None, os("xterm-256color"), false, true),
            (true, None, None, false, true),
            (false, None, os("xterm-256color"), false, false),
            (true, os("true"), os("xterm"), false, false),
            (true, os("1"), os("xterm"), false, false),
            (true, os(""), os("xterm"), false, false),
            (true, os("false"), os("xterm"), false, false),
            (true, None, os("dumb"), false, false),
            (true, None, os("xterm"), true, false),
            (false, os("true"), os("dumb"), true, false),
        ];
        for &(terminal, ci, term, quiet, shown) in cases {
            assert_eq!(
                shows_progress(terminal, ci, term, quiet),
                shown,
                "terminal {terminal}, CI {ci:?}, TERM {term:?}, quiet {quiet}"
            );
        }
    }

    #[test]
    fn a_stage_run_twice_adds_up_and_stages_come_in_order() {
        let p = Progress::default();
        p.record(Stage::Link, Duration::from_millis(3), &[(2, "documents")]);
        p.record(Stage::Read, Duration::from_millis(1), &[(5, "files")]);
        p.record(
            Stage::Read,
            Duration::from_millis(2),
            &[(1, "files"), (1, "bytes")],
        );
        let t = p.timings();
        assert_eq!(
            t.iter().map(|t| t.stage).collect::<Vec<_>>(),
            [Stage::Read, Stage::Link]
        );
        assert_eq!(t[0].elapsed, Duration::from_millis(3));
        assert_eq!(t[0].counts, [(6, "files"), (1, "bytes")]);
        let report = p.report();
        assert!(report.contains("timing: read"), "{report}");
        assert!(report.contains("6 files, 1 bytes"), "{report}");
        assert!(report.contains("timing: total"), "{report}");
        assert_eq!(report.lines().count(), 3);
    }

    #[test]
    fn snapshot_counts_files_and_documents_but_not_what_it_cannot_count() {
        let p = Progress::default();
        assert_eq!(p.snapshot().stage, Stage::Setup);
        p.enter(Stage::Read, 3);
        p.advance();
        p.advance();
        assert_eq!(
            p.snapshot(),
            Snapshot {
                stage: Stage::Read,
                done: Some(2),
                total: 3
            }
        );
        // More advances than the total (a stage's total under-counted) never show more.
        for _ in 0..5 {
            p.advance();
        }
        assert_eq!(p.snapshot().done, Some(3));
        p.enter(Stage::Evaluate, 7);
        p.advance();
        assert_eq!(p.snapshot().done, Some(1));
        assert_eq!(p.snapshot().total, 7);
        // Link goes through the documents in one pass that counts none of them.
        p.enter(Stage::Link, 4);
        assert_eq!(p.snapshot().done, None);
    }

    /// Workers of a rayon pool advance the same counter: every advance counts.
    #[test]
    fn advances_from_many_threads_all_count() {
        use rayon::prelude::*;
        let p = Progress::default();
        p.enter(Stage::Parse, 10_000);
        (0..10_000).into_par_iter().for_each(|_| p.advance());
        assert_eq!(p.snapshot().done, Some(10_000));
    }
}
