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
    let help = stdout_of(&["--help"]);
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
