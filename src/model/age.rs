//! Ages and durations as rule files and `art32.toml` write them (`3y`, `6mo`, `2w`,
//! `7d`): a rule's `not-older-than`, an attestation's `valid-for`. Below the config and
//! the rules, which both read them.

/// An age such as `3y`, `6mo`, `2w`, `7d` (also `3 years`, `7 days`).
pub fn parse_age(s: &str) -> Option<jiff::Span> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit())?;
    let n: i64 = s[..split].parse().ok()?;
    let span = jiff::Span::new();
    match s[split..].trim() {
        "y" | "year" | "years" => span.try_years(n).ok(),
        "mo" | "month" | "months" => span.try_months(n).ok(),
        "w" | "week" | "weeks" => span.try_weeks(n).ok(),
        "d" | "day" | "days" => span.try_days(n).ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_in_years_months_weeks_days() {
        assert_eq!(parse_age("1y").map(|s| s.get_years()), Some(1));
        assert_eq!(parse_age("6mo").map(|s| s.get_months()), Some(6));
        assert_eq!(parse_age("2 weeks").map(|s| s.get_weeks()), Some(2));
        for bad in ["", "y", "3", "3x", "-1y", "99999999999999999999y", "1y2"] {
            assert!(parse_age(bad).is_none(), "{bad}");
        }
    }
}
