//! PyYAML 6's YAML 1.1 typing, as Ansible's loader types YAML (`yaml/resolver.py`,
//! `yaml/constructor.py`): `yes`/`no`/`on`/`off` are booleans, `0777` is octal, `1_000`
//! and `10:30` (base 60) are integers, `1.10` is the float 1.1, `2024-01-02` is a date,
//! `09` and `1e5` are strings. `<<` merges mappings; of several, the first wins for keys of
//! one Latin-1 character and the last for others (PyYAML 6.0.4's `flatten_mapping` compares
//! key objects, and CPython shares one-character strings).

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use super::python::parse_py_float;
use super::text::excerpt;
use super::values::{Data, Item};

/// PyYAML's implicit types for plain scalars (`yaml/resolver.py`), YAML 1.1.
struct Resolver {
    int: Regex,
    float: Regex,
    /// What the resolver takes for a timestamp (a date alone needs two-digit fields)…
    timestamp: Regex,
    /// …and how the constructor splits it.
    timestamp_parts: Regex,
}

static RESOLVER: LazyLock<Option<Resolver>> = LazyLock::new(|| {
    Some(Resolver {
        int: Regex::new(
            r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$",
        )
        .ok()?,
        float: Regex::new(
            r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        )
        .ok()?,
        timestamp: Regex::new(
            r"^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$",
        )
        .ok()?,
        timestamp_parts: Regex::new(
            r"^(?P<year>[0-9][0-9][0-9][0-9])-(?P<month>[0-9][0-9]?)-(?P<day>[0-9][0-9]?)(?:(?:[Tt]|[ \t]+)(?P<hour>[0-9][0-9]?):(?P<minute>[0-9][0-9]):(?P<second>[0-9][0-9])(?:\.(?P<fraction>[0-9]*))?(?:[ \t]*(?P<tz>Z|(?P<tz_sign>[-+])(?P<tz_hour>[0-9][0-9]?)(?::(?P<tz_minute>[0-9][0-9]))?))?)?$",
        )
        .ok()?,
    })
});

/// What a YAML 1.1 tag makes of a scalar's text.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum ScalarTag {
    Implicit,
    Str,
    Int,
    Float,
    Bool,
    Null,
    Timestamp,
    Vault,
}

/// A plain scalar as PyYAML resolves it (the first implicit resolver that matches).
pub(super) fn resolve_plain(text: &str) -> Result<Data, String> {
    let Some(r) = RESOLVER.as_ref() else {
        return Ok(Data::Str(text.to_string()));
    };
    let first = text.chars().next();
    match first {
        None => return Ok(Data::Null),
        Some('y' | 'Y' | 'n' | 'N' | 't' | 'T' | 'f' | 'F' | 'o' | 'O') => {
            if let Some(b) = yaml_bool(text) {
                return Ok(Data::Bool(b));
            }
        }
        _ => {}
    }
    if first.is_some_and(|c| "-+0123456789.".contains(c)) && r.float.is_match(text) {
        return construct_float(text);
    }
    if first.is_some_and(|c| "-+0123456789".contains(c)) && r.int.is_match(text) {
        return construct_int(text);
    }
    if matches!(text, "~" | "null" | "Null" | "NULL") {
        return Ok(Data::Null);
    }
    if first.is_some_and(|c| c.is_ascii_digit()) && r.timestamp.is_match(text) {
        return construct_timestamp(text);
    }
    if text == "=" {
        return Err(
            "a plain `=` is YAML 1.1's value tag, which ansible cannot read: quote it".into(),
        );
    }
    Ok(Data::Str(text.to_string()))
}

fn yaml_bool(text: &str) -> Option<bool> {
    match text {
        "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => Some(true),
        "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => Some(false),
        _ => None,
    }
}

/// `construct_yaml_int`: underscores dropped, `0b`, `0x`, a leading `0` for octal, and
/// `:` for base 60.
pub(super) fn construct_int(text: &str) -> Result<Data, String> {
    let bad = || format!("`{}` is not an integer", excerpt(text));
    let value = text.replace('_', "");
    let (negative, digits) = match value.as_bytes().first() {
        Some(b'-') => (true, &value[1..]),
        Some(b'+') => (false, &value[1..]),
        _ => (false, value.as_str()),
    };
    let magnitude: i128 = if digits == "0" {
        0
    } else if let Some(b) = digits.strip_prefix("0b") {
        i128::from_str_radix(b, 2).map_err(|_| bad())?
    } else if let Some(h) = digits.strip_prefix("0x") {
        i128::from_str_radix(h, 16).map_err(|_| bad())?
    } else if digits.starts_with('0') {
        i128::from_str_radix(digits, 8).map_err(|_| bad())?
    } else if digits.contains(':') {
        let mut n: i128 = 0;
        for part in digits.split(':') {
            let p: i128 = part.parse().map_err(|_| bad())?;
            n = n
                .checked_mul(60)
                .and_then(|n| n.checked_add(p))
                .ok_or_else(bad)?;
        }
        n
    } else {
        digits.parse().map_err(|_| bad())?
    };
    let n = if negative { -magnitude } else { magnitude };
    Ok(i64::try_from(n).map_or_else(|_| Data::BigInt(n.to_string()), Data::Int))
}

/// `construct_yaml_float`: underscores dropped, `.inf`, `.nan`, and `:` for base 60.
pub(super) fn construct_float(text: &str) -> Result<Data, String> {
    let bad = || format!("`{}` is not a float", excerpt(text));
    let value = text.replace('_', "").to_lowercase();
    let (sign, body) = match value.as_bytes().first() {
        Some(b'-') => (-1.0, &value[1..]),
        Some(b'+') => (1.0, &value[1..]),
        _ => (1.0, value.as_str()),
    };
    let f = if body == ".inf" {
        f64::INFINITY
    } else if body == ".nan" {
        return Ok(Data::Float(f64::NAN));
    } else if body.contains(':') {
        let mut n = 0.0;
        for part in body.split(':') {
            n = n * 60.0 + parse_py_float(part).ok_or_else(bad)?;
        }
        n
    } else {
        parse_py_float(body).ok_or_else(bad)?
    };
    Ok(Data::Float(sign * f))
}

/// `construct_yaml_timestamp`, written as Python's `isoformat()` writes the date or time.
pub(super) fn construct_timestamp(text: &str) -> Result<Data, String> {
    let bad = || format!("`{}` is not a valid date", excerpt(text));
    let r = RESOLVER.as_ref().ok_or_else(bad)?;
    let c = r.timestamp_parts.captures(text).ok_or_else(bad)?;
    let num = |name: &str| -> Option<u32> { c.name(name).and_then(|m| m.as_str().parse().ok()) };
    let (year, month, day) = (
        num("year").ok_or_else(bad)?,
        num("month").ok_or_else(bad)?,
        num("day").ok_or_else(bad)?,
    );
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => return Err(bad()),
    };
    if year == 0 || day == 0 || day > days_in_month {
        return Err(bad());
    }
    let date = format!("{year:04}-{month:02}-{day:02}");
    let Some(hour) = num("hour") else {
        return Ok(Data::Date(date));
    };
    let (minute, second) = (
        num("minute").ok_or_else(bad)?,
        num("second").ok_or_else(bad)?,
    );
    if hour > 23 || minute > 59 || second > 59 {
        return Err(bad());
    }
    let mut out = format!("{date}T{hour:02}:{minute:02}:{second:02}");
    if let Some(f) = c.name("fraction").map(|m| m.as_str()) {
        let mut micro: String = f.chars().take(6).collect();
        while micro.len() < 6 {
            micro.push('0');
        }
        if micro != "000000" {
            out.push('.');
            out.push_str(&micro);
        }
    }
    if let Some(sign) = c.name("tz_sign").map(|m| m.as_str()) {
        let h = num("tz_hour").unwrap_or(0);
        let m = num("tz_minute").unwrap_or(0);
        if h > 23 || m > 59 {
            return Err(bad());
        }
        let sign = if sign == "-" && (h, m) != (0, 0) {
            '-'
        } else {
            '+'
        };
        out.push_str(&format!("{sign}{h:02}:{m:02}"));
    } else if c.name("tz").is_some() {
        out.push_str("+00:00");
    }
    Ok(Data::Date(out))
}

pub(super) fn yaml_bool_any_case(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "yes" | "true" | "on" => Some(true),
        "no" | "false" | "off" => Some(false),
        _ => None,
    }
}

/// The entries `<<` merges into a mapping, with what tells whether the next one is
/// the same key object as one of them.
#[derive(Default)]
pub(super) struct Merged {
    pub(super) items: Vec<(Item, Item)>,
    /// Where their keys are written.
    spans: BTreeSet<(usize, usize)>,
    /// Those with keys CPython shares.
    shared: Vec<usize>,
}

impl Merged {
    /// Adds a merged mapping's entries as PyYAML 6's `flatten_mapping` does: an entry is
    /// left out when an earlier merged one has the same key *object* — the same node (one
    /// anchor merged twice), or a key of at most one Latin-1 character, which CPython
    /// shares. So an earlier mapping wins for such keys and a later one for all others.
    pub(super) fn add(&mut self, entries: Vec<(Item, Item)>) {
        let shared = |d: &Data| {
            let t = d.key_text();
            let mut chars = t.chars();
            match (chars.next(), chars.next()) {
                (None, _) => true,
                (Some(c), None) => u32::from(c) < 256,
                _ => false,
            }
        };
        for (k, v) in entries {
            let is_shared = shared(&k.data);
            let same_object = self.spans.contains(&(k.span.start, k.span.end))
                || (is_shared && self.shared.iter().any(|&i| self.items[i].0.data == k.data));
            if !same_object {
                self.spans.insert((k.span.start, k.span.end));
                if is_shared {
                    self.shared.push(self.items.len());
                }
                self.items.push((k, v));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::formats::inventory::parse_vars;
    use crate::formats::inventory::test_support::{F, find, messages, s, value};
    use crate::model::Value;

    #[test]
    fn yaml_one_one_typing() {
        let text = "a: yes\nb: 'yes'\nc: 0777\nd: 1_000\ne: 10:30\nf: 1.10\ng: 2024-01-02\n\
                    h: 2001-12-14 21:59:43.10 -5\ni: 09\nj: 1e5\nk: ~\nl: !!str 12\nm: !vault |\n  \
                    $ANSIBLE_VAULT;1.1;AES256\n  3131\nn: [a, 1, {b: 2}]\no: .5\np: 2024-1-2\nq: 0x1F\n";
        let doc = parse_vars(F, text);
        assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
        assert_eq!(value(&doc, "a"), Value::Bool(true));
        assert_eq!(value(&doc, "b"), s("yes"));
        assert_eq!(value(&doc, "c"), Value::Int(511));
        assert_eq!(value(&doc, "d"), Value::Int(1000));
        assert_eq!(value(&doc, "e"), Value::Int(630));
        assert_eq!(value(&doc, "f"), s("1.1"));
        assert_eq!(value(&doc, "g"), s("2024-01-02"));
        assert_eq!(value(&doc, "h"), s("2001-12-14T21:59:43.100000-05:00"));
        assert_eq!(value(&doc, "i"), s("09"));
        assert_eq!(value(&doc, "j"), s("1e5"));
        assert_eq!(value(&doc, "k"), s(""));
        assert_eq!(value(&doc, "l"), s("12"));
        assert_eq!(
            value(&doc, "m"),
            Value::Opaque("{\"__ansible_vault\":\"$ANSIBLE_VAULT;1.1;AES256\\n3131\\n\"}".into())
        );
        assert_eq!(value(&doc, "n"), s("[\"a\",1,{\"b\":2}]"));
        assert_eq!(value(&doc, "o"), s("0.5"));
        assert_eq!(value(&doc, "p"), s("2024-1-2"));
        assert_eq!(value(&doc, "q"), Value::Int(31));
        // Each list item keeps its own span.
        let items = match value(&parse_vars(F, "l: [x, 'y']\n"), "l") {
            Value::List(items) => items
                .iter()
                .map(|i| (i.span.start, i.span.end))
                .collect::<Vec<_>>(),
            other => panic!("{other:?}"),
        };
        assert_eq!(items, [(4, 5), (7, 10)]);
        // JSON is read as JSON: `1e5` is a float there.
        assert_eq!(
            value(&parse_vars(F, "{\"j\": 1e5, \"k\": null}"), "j"),
            s("100000.0")
        );
    }

    #[test]
    fn yaml_merges_and_duplicate_keys() {
        let text = "base: &b {x: 1, y: 1, yy: 1}\nother: &o {y: 2, yy: 2, z: 2}\nm:\n  <<: [*b, *o]\n  x: own\nd: 1\nd: 2\n'q': 1\nq: 3\n";
        let doc = parse_vars(F, text);
        assert_eq!(
            messages(&doc),
            [
                "duplicate key `d`: ansible uses the last value, so the earlier one is not checked",
                "duplicate key `q`: ansible uses the last value, so the earlier one is not checked"
            ]
        );
        // Ansible warns and reads on: a note, no parse error.
        assert!(doc.diagnostics.iter().all(|d| d.rule == "not-checked"));
        // The first mapping wins for one-character keys, the last for others (PyYAML 6.0.4).
        assert_eq!(
            value(&doc, "m"),
            s("{\"x\":\"own\",\"y\":1,\"yy\":2,\"z\":2}")
        );
        assert_eq!(value(&doc, "d"), Value::Int(2));
        assert_eq!(value(&doc, "q"), Value::Int(3));
        let d = find(&doc.root, "var", "d").map(|n| &text[n.span.start..n.span.end]);
        assert_eq!(d, Some("d: 2"));
    }
}
