//! `cidr-max-breadth`: no network in the subject's items is broader than allowed.

use std::fmt;
use std::net::IpAddr;

use super::kind::{Site, Test, TestKind};
use super::operand::param;
use super::{CompileContext, Evidence, SubjectValue, offending};
use crate::model::Node;

/// `cidr-max-breadth = { v4 = 24, v6 = 48, private-exempt = true }`.
#[derive(Debug)]
pub struct CidrMaxBreadth {
    v4: u8,
    v6: u8,
    private_exempt: bool,
}

impl TestKind for CidrMaxBreadth {
    const KEY: &'static str = "cidr-max-breadth";
    const BINDS: &'static [&'static str] = &["value", "offending"];
    type Operand = toml::Value;

    fn compile(v: &toml::Value, cx: &CompileContext) -> Result<Self, String> {
        let toml::Value::Table(t) = param(v, cx)? else {
            return Err(
                "`cidr-max-breadth` takes `{ v4 = 24, v6 = 48, private-exempt = true }`".into(),
            );
        };
        let mut v4 = 0u8;
        let mut v6 = 0u8;
        let mut private_exempt = false;
        for (k, val) in t {
            match (k.as_str(), val) {
                ("v4", toml::Value::Integer(i)) if (0..=32).contains(i) => v4 = *i as u8,
                ("v6", toml::Value::Integer(i)) if (0..=128).contains(i) => v6 = *i as u8,
                ("private-exempt", toml::Value::Boolean(b)) => private_exempt = *b,
                _ => {
                    return Err(format!(
                        "bad `{k}` in `cidr-max-breadth` (v4: 0–32, v6: 0–128, private-exempt: bool)"
                    ));
                }
            }
        }
        Ok(CidrMaxBreadth {
            v4,
            v6,
            private_exempt,
        })
    }
}

impl Test for CidrMaxBreadth {
    fn reads_site(&self) -> bool {
        false
    }

    fn evaluate(&self, s: &SubjectValue, _: &Site<'_>, ev: &mut Evidence) -> bool {
        offending(
            ev,
            s,
            |i| cidr_too_broad(i, self.v4, self.v6, self.private_exempt),
            "too broad a network",
        )
    }

    fn absent(&self, _: &Node, _: &mut Evidence) -> bool {
        true
    }

    fn describe(&self, s: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "no network in {s} is broader than /{} (IPv4) or /{} (IPv6){}",
            self.v4,
            self.v6,
            if self.private_exempt {
                ", private ranges excepted"
            } else {
                ""
            }
        )
    }
}

/// Is `item` a network (`a.b.c.d/n`, `[v6]/n`, `v6/n`) broader than allowed?
/// Items that are not networks (hostnames, lookup tables) are not judged.
fn cidr_too_broad(item: &str, v4: u8, v6: u8, private_exempt: bool) -> bool {
    let Some((addr, len)) = item.rsplit_once('/') else {
        return false;
    };
    let addr = addr.trim_start_matches('[').trim_end_matches(']');
    let (Ok(ip), Ok(len)) = (addr.parse::<IpAddr>(), len.parse::<u8>()) else {
        return false;
    };
    match ip {
        IpAddr::V4(a) => {
            let exempt = private_exempt
                && len >= 8
                && (a.is_private() || a.is_loopback() || a.is_link_local());
            len < v4 && !exempt
        }
        IpAddr::V6(a) => {
            let seg = a.segments()[0];
            let local = (seg & 0xfe00) == 0xfc00 || (seg & 0xffc0) == 0xfe80 || a.is_loopback();
            let exempt = private_exempt && len >= 7 && local;
            len < v6 && !exempt
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::table::*;
    use super::*;

    #[test]
    fn cidr_breadth() {
        assert!(cidr_too_broad("0.0.0.0/0", 24, 48, true));
        assert!(cidr_too_broad("[::]/0", 24, 48, true));
        assert!(cidr_too_broad("::/0", 24, 48, true));
        assert!(cidr_too_broad("203.0.113.0/16", 24, 48, true));
        assert!(!cidr_too_broad("203.0.113.0/24", 24, 48, true));
        assert!(!cidr_too_broad("10.0.0.0/8", 24, 48, true));
        assert!(cidr_too_broad("10.0.0.0/8", 24, 48, false));
        assert!(!cidr_too_broad("[fd00::]/8", 24, 48, true));
        assert!(!cidr_too_broad(
            "hash:/etc/postfix/network_table",
            24,
            48,
            true
        ));
    }


    #[test]
    fn cidr_max_breadth() {
        let limit = "cidr-max-breadth = { v4 = 24, v6 = 48, private-exempt = true }";
        check(&[
            (list(&["203.0.113.0/24", "10.0.0.0/8"]), limit, true, ""),
            (list(&["host", "0.0.0.0/0", "::/0"]), limit, false, "`0.0.0.0/0`, `::/0` too broad a network"),
            (None, limit, true, "`v` is not set"),
        ]);
        check_vars(&[(list(&["0.0.0.0/0"]), limit, "offending", "`0.0.0.0/0`")]);
        check_errors(&[
            ("cidr-max-breadth = { v4 = 33 }", "bad `v4` in `cidr-max-breadth` (v4: 0–32, v6: 0–128, private-exempt: bool)"),
            ("cidr-max-breadth = 24", "`cidr-max-breadth` takes `{ v4 = 24, v6 = 48, private-exempt = true }`"),
        ]);
    }

    /// How `explain` reads the tests.
    #[test]
    fn readings() {
        check_readings(&[
            (FileKind::Fstab, r#"cidr-max-breadth = { v4 = 24, v6 = 48, private-exempt = true }"#, "no network in `v` is broader than /24 (IPv4) or /48 (IPv6), private ranges excepted"),
            (FileKind::Fstab, r#"cidr-max-breadth = { v4 = 8 }"#, "no network in `v` is broader than /8 (IPv4) or /0 (IPv6)"),
        ]);
    }
}
