//! `duration-at-least`, `duration-at-most`: the subject as a configuration duration.

use std::fmt;

use super::kind::{Site, Test, TestKind};
use super::operand::resolve_string;
use super::{CompileContext, Evidence, SubjectValue};

/// `duration-at-least = "1h"`, in seconds.
#[derive(Debug)]
pub struct DurationAtLeast(u64);

/// `duration-at-most = "1d"`, in seconds.
#[derive(Debug)]
pub struct DurationAtMost(u64);

impl TestKind for DurationAtLeast {
    const KEY: &'static str = "duration-at-least";
    type Operand = toml::Value;

    fn compile(v: &toml::Value, cx: &CompileContext) -> Result<Self, String> {
        seconds(v, cx).map(DurationAtLeast)
    }
}

impl TestKind for DurationAtMost {
    const KEY: &'static str = "duration-at-most";
    type Operand = toml::Value;

    fn compile(v: &toml::Value, cx: &CompileContext) -> Result<Self, String> {
        seconds(v, cx).map(DurationAtMost)
    }
}

fn seconds(v: &toml::Value, cx: &CompileContext) -> Result<u64, String> {
    let s = resolve_string(v, cx)?;
    parse_duration(&s).ok_or_else(|| format!("bad duration `{s}` (e.g. `30s`, `5m`, `1h`, `1d`)"))
}

impl Test for DurationAtLeast {
    fn reads_site(&self) -> bool {
        false
    }

    fn evaluate(&self, s: &SubjectValue, _: &Site<'_>, ev: &mut Evidence) -> bool {
        compare(s, ev, |v| v >= self.0, "shorter")
    }

    fn describe(&self, s: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{s} is at least {} seconds", self.0)
    }
}

impl Test for DurationAtMost {
    fn reads_site(&self) -> bool {
        false
    }

    fn evaluate(&self, s: &SubjectValue, _: &Site<'_>, ev: &mut Evidence) -> bool {
        compare(s, ev, |v| v <= self.0, "longer")
    }

    fn describe(&self, s: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{s} is at most {} seconds", self.0)
    }
}

fn compare(s: &SubjectValue, ev: &mut Evidence, holds: impl Fn(u64) -> bool, rel: &str) -> bool {
    let quoted = s.quoted();
    match parse_duration(&s.text) {
        Some(v) => {
            let ok = holds(v);
            ev.say(|| if ok {
                format!("{quoted} is set here")
            } else {
                format!("{quoted} is {rel} than allowed")
            });
            ok
        }
        None => {
            ev.say(|| format!("{quoted} is not a duration"));
            false
        }
    }
}


/// A configuration duration in seconds, nginx/Postfix style: a number with an optional
/// unit (`ms` rounds down; `s`, `m`, `h`, `d`, `w`, `M` = 30 days, `y` = 365 days).
/// Several parts add up (`1h30m`). A bare number is seconds.
pub fn parse_duration(s: &str) -> Option<u64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let mut total: u64 = 0;
    let mut rest = s;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if digits == 0 {
            return None;
        }
        let n: u64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(rest.len());
        let secs = match rest[..unit_len].trim() {
            "" | "s" => n,
            "ms" => n / 1000,
            "m" => n.checked_mul(60)?,
            "h" => n.checked_mul(3600)?,
            "d" => n.checked_mul(86_400)?,
            "w" => n.checked_mul(7 * 86_400)?,
            "M" => n.checked_mul(30 * 86_400)?,
            "y" => n.checked_mul(365 * 86_400)?,
            _ => return None,
        };
        total = total.checked_add(secs)?;
        rest = &rest[unit_len..];
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::super::table::*;
    use super::*;

    #[test]
    fn durations_in_seconds() {
        assert_eq!(parse_duration("30"), Some(30));
        assert_eq!(parse_duration("5m"), Some(300));
        assert_eq!(parse_duration("1h30m"), Some(5400));
        assert_eq!(parse_duration("1d"), Some(86_400));
        assert_eq!(parse_duration("1500ms"), Some(1));
        assert_eq!(parse_duration("x"), None);
        assert_eq!(parse_duration("5q"), None);
        assert_eq!(parse_duration("99999999999999999999y"), None);
    }

    #[test]
    fn duration_at_least() {
        check(&[
            (
                s("2h"),
                r#"duration-at-least = "1h""#,
                true,
                "`2h` is set here",
            ),
            (
                s("59m"),
                r#"duration-at-least = "1h""#,
                false,
                "`59m` is shorter than allowed",
            ),
            (
                s("1h"),
                r#"duration-at-least = "1h""#,
                true,
                "`1h` is set here",
            ),
            (
                s("60m"),
                r#"duration-at-least = "1h""#,
                true,
                "`60m` is set here",
            ),
            // Each unit, at the boundary (equal) and just under it.
            (
                s("30"),
                r#"duration-at-least = "30s""#,
                true,
                "`30` is set here",
            ),
            (
                s("29"),
                r#"duration-at-least = "30s""#,
                false,
                "`29` is shorter than allowed",
            ),
            (
                s("1000ms"),
                r#"duration-at-least = "1s""#,
                true,
                "`1000ms` is set here",
            ),
            (
                s("1999ms"),
                r#"duration-at-least = "2s""#,
                false,
                "`1999ms` is shorter than allowed",
            ),
            (
                s("60s"),
                r#"duration-at-least = "1m""#,
                true,
                "`60s` is set here",
            ),
            (
                s("3600s"),
                r#"duration-at-least = "1h""#,
                true,
                "`3600s` is set here",
            ),
            (
                s("24h"),
                r#"duration-at-least = "1d""#,
                true,
                "`24h` is set here",
            ),
            (
                s("7d"),
                r#"duration-at-least = "1w""#,
                true,
                "`7d` is set here",
            ),
            (
                s("30d"),
                r#"duration-at-least = "1M""#,
                true,
                "`30d` is set here",
            ),
            (
                s("29d"),
                r#"duration-at-least = "1M""#,
                false,
                "`29d` is shorter than allowed",
            ),
            (
                s("365d"),
                r#"duration-at-least = "1y""#,
                true,
                "`365d` is set here",
            ),
            (
                s("364d"),
                r#"duration-at-least = "1y""#,
                false,
                "`364d` is shorter than allowed",
            ),
            (
                s("1h30m"),
                r#"duration-at-least = "90m""#,
                true,
                "`1h30m` is set here",
            ),
            // Parts need not be in order, and may be spaced.
            (
                s("30m1h"),
                r#"duration-at-least = "90m""#,
                true,
                "`30m1h` is set here",
            ),
            (
                s("1h 30m"),
                r#"duration-at-least = "90m""#,
                true,
                "`1h 30m` is set here",
            ),
            (
                Some(Value::Int(60)),
                r#"duration-at-least = "1m""#,
                true,
                "`60` is set here",
            ),
            (None, r#"duration-at-least = "1m""#, false, "`v` is not set"),
            (
                s(""),
                r#"duration-at-least = "1m""#,
                false,
                "empty is not a duration",
            ),
            (
                s("1.5h"),
                r#"duration-at-least = "1m""#,
                false,
                "`1.5h` is not a duration",
            ),
            (
                s("1H"),
                r#"duration-at-least = "1m""#,
                false,
                "`1H` is not a duration",
            ),
            (
                s("-1h"),
                r#"duration-at-least = "1m""#,
                false,
                "`-1h` is not a duration",
            ),
            (
                s("h"),
                r#"duration-at-least = "1m""#,
                false,
                "`h` is not a duration",
            ),
            (
                list(&["1h", "2h"]),
                r#"duration-at-least = "1m""#,
                false,
                "`1h,2h` is not a duration",
            ),
            (
                Some(Value::Bool(true)),
                r#"duration-at-least = "1m""#,
                false,
                "`true` is not a duration",
            ),
            (
                s("99999999999999999999y"),
                r#"duration-at-least = "1m""#,
                false,
                "`99999999999999999999y` is not a duration",
            ),
            (
                Some(Value::Opaque("{}".into())),
                r#"duration-at-least = "1m""#,
                true,
                "",
            ),
        ]);
    }

    #[test]
    fn duration_at_most() {
        check(&[
            (
                s("1h"),
                r#"duration-at-most = "1d""#,
                true,
                "`1h` is set here",
            ),
            (
                s("25h"),
                r#"duration-at-most = "1d""#,
                false,
                "`25h` is longer than allowed",
            ),
            (
                s("1d"),
                r#"duration-at-most = "1d""#,
                true,
                "`1d` is set here",
            ),
            (
                s("86400"),
                r#"duration-at-most = "1d""#,
                true,
                "`86400` is set here",
            ),
            // Each unit, at the boundary (equal) and just over it.
            (
                s("30s"),
                r#"duration-at-most = "30""#,
                true,
                "`30s` is set here",
            ),
            (
                s("31s"),
                r#"duration-at-most = "30""#,
                false,
                "`31s` is longer than allowed",
            ),
            // `ms` rounds down: 1999ms is 1s.
            (
                s("1999ms"),
                r#"duration-at-most = "1s""#,
                true,
                "`1999ms` is set here",
            ),
            (
                s("2000ms"),
                r#"duration-at-most = "1s""#,
                false,
                "`2000ms` is longer than allowed",
            ),
            (
                s("1m"),
                r#"duration-at-most = "60s""#,
                true,
                "`1m` is set here",
            ),
            (
                s("61s"),
                r#"duration-at-most = "1m""#,
                false,
                "`61s` is longer than allowed",
            ),
            (
                s("1h"),
                r#"duration-at-most = "60m""#,
                true,
                "`1h` is set here",
            ),
            (
                s("1w"),
                r#"duration-at-most = "7d""#,
                true,
                "`1w` is set here",
            ),
            (
                s("8d"),
                r#"duration-at-most = "1w""#,
                false,
                "`8d` is longer than allowed",
            ),
            (
                s("1M"),
                r#"duration-at-most = "30d""#,
                true,
                "`1M` is set here",
            ),
            // `M` is a month, `m` a minute.
            (
                s("1M"),
                r#"duration-at-most = "1m""#,
                false,
                "`1M` is longer than allowed",
            ),
            (
                s("1y"),
                r#"duration-at-most = "365d""#,
                true,
                "`1y` is set here",
            ),
            (
                s("1y"),
                r#"duration-at-most = "364d""#,
                false,
                "`1y` is longer than allowed",
            ),
            (
                s("1d1s"),
                r#"duration-at-most = "1d""#,
                false,
                "`1d1s` is longer than allowed",
            ),
            (
                Some(Value::Int(60)),
                r#"duration-at-most = "1m""#,
                true,
                "`60` is set here",
            ),
            (None, r#"duration-at-most = "1d""#, false, "`v` is not set"),
            (
                s(""),
                r#"duration-at-most = "1d""#,
                false,
                "empty is not a duration",
            ),
            (
                s("off"),
                r#"duration-at-most = "1d""#,
                false,
                "`off` is not a duration",
            ),
            (
                s("5q"),
                r#"duration-at-most = "1d""#,
                false,
                "`5q` is not a duration",
            ),
            (
                list(&["1h", "2h"]),
                r#"duration-at-most = "1d""#,
                false,
                "`1h,2h` is not a duration",
            ),
            (
                Some(Value::Bool(false)),
                r#"duration-at-most = "1d""#,
                false,
                "`false` is not a duration",
            ),
            (
                Some(Value::Opaque("{}".into())),
                r#"duration-at-most = "1d""#,
                true,
                "",
            ),
        ]);
    }

    /// Operands the tests refuse when the rule is compiled.
    #[test]
    fn bad_operands() {
        check_errors(&[
            ("duration-at-least = 60", "expected a string"),
            ("duration-at-most = 3600", "expected a string"),
            (
                r#"duration-at-most = "1x""#,
                "bad duration `1x` (e.g. `30s`, `5m`, `1h`, `1d`)",
            ),
            (
                r#"duration-at-least = """#,
                "bad duration `` (e.g. `30s`, `5m`, `1h`, `1d`)",
            ),
        ]);
    }

    /// How `explain` reads the tests.
    #[test]
    fn readings() {
        check_readings(&[
            (FileKind::Fstab, r#"duration-at-least = "1h""#, "`v` is at least 3600 seconds"),
            (FileKind::Fstab, r#"duration-at-most = "1m30s""#, "`v` is at most 90 seconds"),
        ]);
    }
}
