//! `art32 completions SHELL` and `art32 manpage [SUBCOMMAND]`: generated from the
//! command-line definition, so they name every subcommand and option there is.

use assert_cmd::Command;

fn art32() -> Command {
    Command::cargo_bin("art32").unwrap()
}

fn stdout_of(args: &[&str]) -> String {
    let o = art32().args(args).output().unwrap();
    assert!(
        o.status.success(),
        "art32 {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

/// The subcommands as `art32 --help` lists them (without `help`).
fn subcommands() -> Vec<String> {
    let o = art32()
        .env("COLUMNS", "1000")
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8(o.stdout).unwrap();
    let names: Vec<String> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|n| *n != "help")
        .map(str::to_string)
        .collect();
    assert!(names.len() >= 8, "{names:?}");
    names
}

#[test]
fn bash_completion_knows_lint_and_its_options() {
    let text = stdout_of(&["completions", "bash"]);
    assert!(text.contains("complete "), "not a bash completion script");
    assert!(text.contains("lint"));
    assert!(text.contains("--format"));
    assert!(text.contains("--fail-on"));
    for name in subcommands() {
        assert!(text.contains(&name), "bash: {name}");
    }
}

#[test]
fn zsh_and_fish_completions_run() {
    let zsh = stdout_of(&["completions", "zsh"]);
    assert!(
        zsh.starts_with("#compdef art32"),
        "{}",
        &zsh[..zsh.len().min(80)]
    );
    let fish = stdout_of(&["completions", "fish"]);
    assert!(fish.contains("complete -c art32"));
    for name in subcommands() {
        assert!(zsh.contains(&name), "zsh: {name}");
        assert!(fish.contains(&name), "fish: {name}");
    }
    assert!(zsh.contains("--format") && fish.contains("format"));
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let o = art32().args(["completions", "cmd.exe"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
}

#[test]
fn the_man_page_names_every_subcommand() {
    let page = stdout_of(&["manpage"]);
    assert!(page.contains(".TH art32 1"), "not roff");
    assert!(page.contains(".SH SUBCOMMANDS"));
    for name in subcommands() {
        // roff escapes `-`: the page refers to art32\-NAME(1).
        assert!(page.contains(&format!("art32\\-{name}(1)")), "{name}");
    }
}

/// The pages the main page refers to exist: `art32 manpage NAME` prints art32-NAME(1)
/// with that subcommand's options.
#[test]
fn each_subcommand_has_its_page() {
    for name in subcommands() {
        let page = stdout_of(&["manpage", &name]);
        assert!(page.contains(&format!(".TH art32-{name} 1")), "{name}");
        assert!(page.contains(".SH SYNOPSIS"), "{name}");
    }
    let lint = stdout_of(&["manpage", "lint"]);
    assert!(lint.contains("\\-\\-format") && lint.contains("\\-\\-baseline"));
    let o = art32().args(["manpage", "nope"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown subcommand `nope`"));
}

/// `--help` of every command at a given width (`COLUMNS`, which clap's `wrap_help`
/// reads before asking the terminal).
fn help_at(sub: Option<&str>, width: usize, long: bool) -> String {
    let mut cmd = art32();
    cmd.env("COLUMNS", width.to_string());
    if let Some(sub) = sub {
        cmd.arg(sub);
    }
    let o = cmd
        .arg(if long { "--help" } else { "-h" })
        .output()
        .unwrap();
    assert!(o.status.success(), "{sub:?} --help");
    String::from_utf8(o.stdout).unwrap()
}

/// Help wraps at the terminal's width and only at blanks: every word of the unwrapped
/// text comes out whole (a path such as `/etc/bash_completion.d/art32` or a date is
/// never split at a hyphen or slash, as a terminal's hard wrap of a 185-column line
/// did), no line is wider than the width unless it is one word, and a `code span` is
/// never split across two lines.
#[test]
fn help_wraps_at_columns_and_never_inside_a_word_or_code_span() {
    let mut subs: Vec<Option<String>> = vec![None];
    subs.extend(subcommands().into_iter().map(Some));
    for sub in &subs {
        for long in [false, true] {
            let wide = help_at(sub.as_deref(), 1000, long);
            let words: Vec<&str> = wide.split_whitespace().collect();
            for width in [50, 60, 80, 100] {
                let text = help_at(sub.as_deref(), width, long);
                let got: Vec<&str> = text.split_whitespace().collect();
                assert_eq!(got, words, "{sub:?} at {width} columns changed a word");
                for line in text.lines() {
                    let width_of = line.chars().count();
                    assert!(
                        width_of <= width || line.split_whitespace().count() == 1,
                        "{sub:?} at {width} columns: {width_of} wide: {line:?}"
                    );
                    if width >= 60 {
                        assert!(
                            line.matches('`').count() % 2 == 0,
                            "{sub:?} at {width} columns splits a code span: {line:?}"
                        );
                    }
                }
            }
        }
    }
}
