//! `is-date`, `not-in-future`, `not-older-than`: the subject as a date
//! (`YYYY-MM-DD` or `YYYY-MM`), judged against the run's `today`.

use std::fmt;

use jiff::civil::Date;

use super::kind::{Site, Test, TestKind};
use super::operand::resolve_string;
use super::{CompileContext, Evidence, SubjectValue};
use crate::model::age::parse_age;

const NOT_A_DATE: &str = "is not a date (`YYYY-MM-DD` or `YYYY-MM`)";

/// `is-date = true`.
#[derive(Debug)]
pub struct IsDate;

impl TestKind for IsDate {
    const KEY: &'static str = "is-date";
    type Operand = bool;

    fn compile(b: &bool, _: &CompileContext) -> Result<Self, String> {
        if !b {
            return Err("write `not = { …, is-date = true }` instead of `is-date = false`".into());
        }
        Ok(IsDate)
    }
}

impl Test for IsDate {
    fn evaluate(&self, s: &SubjectValue, _: &Site<'_>, ev: &mut Evidence) -> bool {
        let quoted = s.quoted();
        let ok = parse_date(&s.text).is_some();
        ev.say(|| if ok {
            format!("{quoted} is a date")
        } else {
            format!("{quoted} {NOT_A_DATE}")
        });
        ok
    }

    fn describe(&self, s: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{s} is a date")
    }
}

/// `not-in-future = true`.
#[derive(Debug)]
pub struct NotInFuture;

impl TestKind for NotInFuture {
    const KEY: &'static str = "not-in-future";
    type Operand = bool;

    fn compile(b: &bool, _: &CompileContext) -> Result<Self, String> {
        if !b {
            return Err("`not-in-future` can only be `true`".into());
        }
        Ok(NotInFuture)
    }
}

impl Test for NotInFuture {
    fn evaluate(&self, s: &SubjectValue, at: &Site<'_>, ev: &mut Evidence) -> bool {
        let quoted = s.quoted();
        match parse_date(&s.text) {
            Some(d) => {
                let ok = d <= at.cx.today;
                ev.say(|| if ok {
                    format!("{quoted} is not in the future")
                } else {
                    format!("{quoted} lies in the future")
                });
                ok
            }
            None => {
                ev.say(|| format!("{quoted} {NOT_A_DATE}"));
                false
            }
        }
    }

    fn describe(&self, s: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{s} is not in the future")
    }
}

/// `not-older-than = "3y"`: the age, and the text it was written as.
#[derive(Debug)]
pub struct NotOlderThan(jiff::Span, String);

impl TestKind for NotOlderThan {
    const KEY: &'static str = "not-older-than";
    const BINDS: &'static [&'static str] = &["value", "age", "due"];
    type Operand = toml::Value;

    fn compile(v: &toml::Value, cx: &CompileContext) -> Result<Self, String> {
        let s = resolve_string(v, cx)?;
        let age = parse_age(&s).ok_or_else(|| format!("bad age `{s}` (e.g. `3y`, `6mo`, `2w`, `7d`)"))?;
        Ok(NotOlderThan(age, s))
    }
}

impl Test for NotOlderThan {
    fn evaluate(&self, s: &SubjectValue, at: &Site<'_>, ev: &mut Evidence) -> bool {
        let NotOlderThan(age, written) = self;
        let quoted = s.quoted();
        match parse_date(&s.text) {
            Some(d) => {
                let due = d.checked_add(*age).unwrap_or(Date::MAX);
                ev.bind("due", || due.to_string());
                ev.bind("age", || describe_age(d, at.cx.today));
                let ok = due >= at.cx.today;
                ev.say(|| if ok {
                    format!("{quoted} is within {written}")
                } else {
                    format!("{quoted} is older than {written} (due {due})")
                });
                ok
            }
            None => {
                ev.say(|| format!("{quoted} {NOT_A_DATE}"));
                false
            }
        }
    }

    fn describe(&self, s: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{s} is not older than {}", self.1)
    }
}

/// A date as inventories write it: `YYYY-MM-DD`, or `YYYY-MM` (the first of the month).
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if let Ok(d) = s.parse::<Date>()
        && s.len() == 10
    {
        return Some(d);
    }
    let (y, m) = s.split_once('-')?;
    if y.len() != 4 || m.len() != 2 || !y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    Date::new(y.parse().ok()?, m.parse().ok()?, 1).ok()
}

fn describe_age(from: Date, today: Date) -> String {
    let Ok(span) = from.until((jiff::Unit::Year, today)) else {
        return "?".into();
    };
    let (y, m, d) = (span.get_years(), span.get_months(), span.get_days());
    let part = |n: i64, unit: &str| match n {
        0 => None,
        1 => Some(format!("1 {unit}")),
        n => Some(format!("{n} {unit}s")),
    };
    let parts: Vec<String> = if y > 0 {
        [part(y.into(), "year"), part(m.into(), "month")]
            .into_iter()
            .flatten()
            .collect()
    } else {
        [part(m.into(), "month"), part(d.into(), "day")]
            .into_iter()
            .flatten()
            .collect()
    };
    if parts.is_empty() {
        "0 days".into()
    } else {
        parts.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::super::table::*;
    use super::*;

    #[test]
    fn dates_and_ages() {
        assert_eq!(
            parse_date("2022-09-14"),
            Some(Date::new(2022, 9, 14).unwrap())
        );
        assert_eq!(parse_date("2022-09"), Some(Date::new(2022, 9, 1).unwrap()));
        assert_eq!(parse_date("2022-13-01"), None);
        assert_eq!(parse_date("14.09.2022"), None);
        assert_eq!(parse_date("2022-9-1"), None);
        assert!(parse_age("3y").is_some());
        assert!(parse_age("6mo").is_some());
        assert!(parse_age("3").is_none());
        let from = Date::new(2021, 9, 14).unwrap();
        assert_eq!(
            describe_age(from, Date::new(2026, 11, 26).unwrap()),
            "5 years 2 months"
        );
        assert_eq!(
            describe_age(from, Date::new(2021, 10, 1).unwrap()),
            "17 days"
        );
    }


    /// `today` is 2024-01-01 in the table tests.
    #[test]
    fn dates() {
        check(&[
            (s("2022-09-14"), "is-date = true", true, "`2022-09-14` is a date"),
            (s("2022-09"), "is-date = true", true, "`2022-09` is a date"),
            (s("2022-9-1"), "is-date = true", false, "`2022-9-1` is not a date (`YYYY-MM-DD` or `YYYY-MM`)"),
            (None, "is-date = true", false, "`v` is not set"),
            (s("2024-01-01"), "not-in-future = true", true, "`2024-01-01` is not in the future"),
            (s("2024-01-02"), "not-in-future = true", false, "`2024-01-02` lies in the future"),
            (s("soon"), "not-in-future = true", false, "`soon` is not a date (`YYYY-MM-DD` or `YYYY-MM`)"),
            (s("2021-01-01"), r#"not-older-than = "3y""#, true, "`2021-01-01` is within 3y"),
            (s("2020-12-31"), r#"not-older-than = "3y""#, false, "`2020-12-31` is older than 3y (due 2023-12-31)"),
            (s("x"), r#"not-older-than = "3y""#, false, "`x` is not a date (`YYYY-MM-DD` or `YYYY-MM`)"),
        ]);
        check_vars(&[
            (s("2020-12-31"), r#"not-older-than = "3y""#, "due", "2023-12-31"),
            (s("2020-12-31"), r#"not-older-than = "3y""#, "age", "3 years"),
        ]);
        check_errors(&[
            ("is-date = false", "write `not = { …, is-date = true }` instead of `is-date = false`"),
            ("not-in-future = false", "`not-in-future` can only be `true`"),
            (r#"not-older-than = "3q""#, "bad age `3q` (e.g. `3y`, `6mo`, `2w`, `7d`)"),
        ]);
    }

    /// How `explain` reads the tests.
    #[test]
    fn readings() {
        check_readings(&[
            (FileKind::Fstab, r#"is-date = true"#, "`v` is a date"),
            (FileKind::Fstab, r#"not-in-future = true"#, "`v` is not in the future"),
            (FileKind::Fstab, r#"not-older-than = "3y""#, "`v` is not older than 3y"),
        ]);
    }
}
