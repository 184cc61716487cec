//! A rule's `[example]`, compiled: the failing and the passing text, with the dates
//! they hold written relative to the day of the run. `{today}`, `{today-7d}` and
//! `{today+1y}` stand for that day, a week before it and a year after it (the units of
//! `not-older-than`: `y`, `mo`, `w`, `d`); so an example of a date rule passes and
//! fails as it says on any day, not only in the year it was written.
//!
//! `{today` starts a placeholder wherever it stands, except right after `$` or `{`:
//! there it is Postfix's or a shell's `${today}`, or Jinja's `{{today}}`. No other
//! syntax of the files art32 reads writes `{today`, so no escape is needed.

use std::collections::BTreeMap;
use std::ops::Range;

use jiff::civil::Date;

use super::def::ExampleDef;
use super::predicate::parse_age;

const OPEN: &str = "{today";
/// The longest placeholder read: `{today-` and an age such as `10 months}`.
const MAX_LEN: usize = 32;

/// A failing and a passing input, shown by `art32 explain` and checked by the tests.
#[derive(Debug, Clone)]
pub struct Example {
    pub fail: ExampleText,
    pub pass: ExampleText,
    /// Where `fail` and `pass` are written (default: where the family's files sit,
    /// `FileKind::example_path`).
    pub path: Option<String>,
    /// Other files the examples need, by path (a crypttab an fstab refers to).
    pub context: BTreeMap<String, ExampleText>,
}

impl Example {
    /// Does any text of the example hold a date placeholder?
    pub fn has_dates(&self) -> bool {
        [&self.fail, &self.pass]
            .into_iter()
            .chain(self.context.values())
            .any(|t| !t.dates.is_empty())
    }
}

/// The text of one example file, with its date placeholders.
#[derive(Debug, Clone)]
pub struct ExampleText {
    written: String,
    /// Each placeholder: where it is in `written`, and the offset from the day.
    dates: Vec<(Range<usize>, jiff::Span)>,
}

/// A malformed placeholder: where it is in the text (bytes), and what is wrong.
#[derive(Debug, PartialEq)]
pub struct PlaceholderError {
    pub at: Range<usize>,
    pub message: String,
}

impl ExampleText {
    /// Reads the placeholders of `text`.
    pub fn parse(text: String) -> Result<ExampleText, PlaceholderError> {
        let mut dates = Vec::new();
        for (start, _) in text.match_indices(OPEN) {
            if start > 0 && matches!(text.as_bytes().get(start - 1), Some(b'$' | b'{')) {
                continue;
            }
            let rest = &text[start + OPEN.len()..];
            // Up to the `}`, on the same line and within MAX_LEN.
            let close = rest
                .char_indices()
                .take_while(|(i, c)| *c != '\n' && OPEN.len() + i < MAX_LEN)
                .find(|(_, c)| *c == '}')
                .map(|(i, _)| i);
            let bad = |end: usize, what: &str| {
                let end = end.min(text.len());
                PlaceholderError {
                    at: start..end,
                    message: format!(
                        "malformed date placeholder `{}`: {what} (write `{{today}}`, \
                         `{{today-7d}}` or `{{today+1y}}`; units `y`, `mo`, `w`, `d`)",
                        text.get(start..end).unwrap_or(OPEN)
                    ),
                }
            };
            let Some(close) = close else {
                let line_end = rest.find('\n').unwrap_or(rest.len());
                let end = rest
                    .char_indices()
                    .map(|(i, c)| i + c.len_utf8())
                    .take_while(|e| *e <= line_end && OPEN.len() + e <= MAX_LEN)
                    .last()
                    .unwrap_or(0);
                return Err(bad(start + OPEN.len() + end, "no `}` closes it"));
            };
            let end = start + OPEN.len() + close + 1;
            let inner = &rest[..close];
            let span = match inner.chars().next() {
                None => jiff::Span::new(),
                Some(sign @ ('+' | '-')) => {
                    let Some(age) = parse_age(&inner[1..]).filter(|_| !inner[1..].starts_with(' '))
                    else {
                        return Err(bad(end, "not an age after the sign"));
                    };
                    if sign == '-' { age.negate() } else { age }
                }
                Some(_) => return Err(bad(end, "`{today` is followed by `}`, `+` or `-`")),
            };
            dates.push((start..end, span));
        }
        Ok(ExampleText {
            written: text,
            dates,
        })
    }

    /// The text as the rule file writes it, placeholders included (the rule docs show
    /// it so, as it does not go stale).
    pub fn as_written(&self) -> &str {
        &self.written
    }

    /// The text with each placeholder replaced by its date, counted from `today`
    /// (`YYYY-MM-DD`; a day past the calendar's end is its last day).
    pub fn on(&self, today: Date) -> String {
        let mut out = String::with_capacity(self.written.len());
        let mut from = 0;
        for (at, span) in &self.dates {
            out.push_str(&self.written[from..at.start]);
            let date = today.checked_add(*span).unwrap_or(if span.is_negative() {
                Date::MIN
            } else {
                Date::MAX
            });
            out.push_str(&date.to_string());
            from = at.end;
        }
        out.push_str(&self.written[from..]);
        out
    }
}

/// Compiles an `[example]`; `err` makes the error of a malformed placeholder from the
/// string it is in and its place there.
pub fn compile<E>(
    def: ExampleDef,
    err: impl Fn(&toml::Spanned<String>, PlaceholderError) -> E,
) -> Result<Example, E> {
    let text = |t: toml::Spanned<String>| match ExampleText::parse(t.get_ref().clone()) {
        Ok(parsed) => Ok(parsed),
        Err(e) => Err(err(&t, e)),
    };
    let mut context = BTreeMap::new();
    for (path, t) in def.context {
        context.insert(path, text(t)?);
    }
    Ok(Example {
        fail: text(def.fail)?,
        pass: text(def.pass)?,
        path: def.path,
        context,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(text: &str, today: Date) -> String {
        ExampleText::parse(text.into()).unwrap().on(today)
    }

    #[test]
    fn placeholders_become_dates_counted_from_the_day() {
        let d = jiff::civil::date(2026, 11, 26);
        assert_eq!(on("a={today-3d} b", d), "a=2026-11-23 b");
        assert_eq!(on("{today}", d), "2026-11-26");
        assert_eq!(
            on("x {today+1y}\n{today-2w}{today-6mo}", d),
            "x 2027-11-26\n2026-11-122026-05-26"
        );
        assert_eq!(on("{today-4 years}", d), "2022-11-26");
        // A leap day a year on is the last day of February.
        assert_eq!(
            on("{today+1y}", jiff::civil::date(2028, 2, 29)),
            "2029-02-28"
        );
        assert_eq!(on("{today+9999y}", d), Date::MAX.to_string());
        assert_eq!(on("no dates", d), "no dates");
    }

    #[test]
    fn expansions_of_other_languages_are_left_alone() {
        let d = jiff::civil::date(2026, 11, 26);
        let text = "a = ${today}\nb: \"{{today}}\"\n";
        assert_eq!(on(text, d), text);
        assert!(ExampleText::parse("${today-x".into()).is_ok());
    }

    #[test]
    fn malformed_placeholders_are_errors_at_their_place() {
        for (text, at, what) in [
            ("x={today-3x}", 2..12, "not an age"),
            ("x={today-}", 2..10, "not an age"),
            ("x={today- 3d}", 2..13, "not an age"),
            ("{today*3d}", 0..10, "followed by"),
            ("{todays}", 0..8, "followed by"),
            ("a {today-3d\nb}", 2..11, "no `}`"),
            ("a {today", 2..8, "no `}`"),
        ] {
            let e = ExampleText::parse(text.into()).unwrap_err();
            assert_eq!(e.at, at, "{text}");
            assert!(e.message.contains(what), "{text}: {}", e.message);
        }
        let long = format!("{{today-{}", "1".repeat(100));
        let e = ExampleText::parse(long).unwrap_err();
        assert_eq!(e.at, 0..MAX_LEN);
        // Multi-byte text after an open placeholder is cut at a character boundary.
        let e = ExampleText::parse("{today-é".repeat(5)).unwrap_err();
        assert!(e.message.contains("{today-é"), "{}", e.message);
    }
}
