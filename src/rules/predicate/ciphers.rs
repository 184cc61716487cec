//! `ciphers-within-profile`, `ciphersuites-within-profile`: the subject is an OpenSSL
//! cipher string (TLS 1.2 and below: `HIGH:!aNULL:!MD5`) or a TLS 1.3 ciphersuites list
//! (`TLS_AES_256_GCM_SHA384:…`), expanded as OpenSSL 3 expands it (`tls::openssl`), and
//! every suite it enables must be one the TLS profile allows. The operand names the
//! profile: `"selected"` is the one `[tls] profile` in `art32.toml` selects.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};

use super::CompileContext;
use super::kind::{Site, Test, TestKind};
use super::operand::param;
use super::{Evidence, SubjectValue};
use crate::model::Node;
use crate::tls::openssl;
use crate::tls::profile::Profile;

/// The operand that stands for the profile the config selects.
pub const SELECTED: &str = "selected";

/// The profile an operand names, and whether it named it as `selected`.
#[derive(Debug)]
struct Named {
    profile: Arc<Profile>,
    selected: bool,
    /// What each distinct string came to: many servers and services share a handful of
    /// strings (a default, an `http`-level list), and expanding one walks the table
    /// for every rule of the string.
    memo: Mutex<HashMap<String, Arc<Judged>>>,
}

/// What a string comes to against the profile.
#[derive(Debug)]
enum Judged {
    /// OpenSSL refuses it; why.
    Refused(String),
    /// The IANA names of the suites it enables, in OpenSSL's order, outside the profile
    /// and inside it.
    Suites {
        outside: Vec<&'static str>,
        inside: Vec<&'static str>,
    },
}

impl Named {
    /// `judge` on a string not seen before, remembered.
    /// (The lock is not held while a string is expanded: two threads may expand the
    /// same string once each, never wait on each other's expansion.)
    fn judged(&self, text: &str, judge: impl FnOnce(&Profile) -> Judged) -> Arc<Judged> {
        let seen = |memo: &std::sync::MutexGuard<'_, HashMap<String, Arc<Judged>>>| {
            memo.get(text).cloned()
        };
        if let Some(j) = seen(&self.memo.lock().unwrap_or_else(|e| e.into_inner())) {
            return j;
        }
        let j = Arc::new(judge(&self.profile));
        let mut memo = self.memo.lock().unwrap_or_else(|e| e.into_inner());
        memo.entry(text.to_string()).or_insert(j).clone()
    }

    /// Judges the subject's text with `judge` (once per distinct text) and fills the
    /// evidence.
    fn evaluate(
        &self,
        s: &SubjectValue,
        ev: &mut Evidence,
        judge: fn(&str, &Profile) -> Judged,
    ) -> bool {
        let j = self.judged(&s.text, |profile| judge(&s.text, profile));
        self.verdict(&j, s, ev)
    }

    /// Fills the evidence (`judge`, `refused`) and says whether the string holds.
    fn verdict(&self, j: &Judged, s: &SubjectValue, ev: &mut Evidence) -> bool {
        match j {
            Judged::Refused(why) => refused(ev, s, self, why),
            Judged::Suites { outside, inside } => judge(ev, self, outside, inside),
        }
    }
}

fn compile_profile(v: &toml::Value, cx: &CompileContext) -> Result<Named, String> {
    let toml::Value::String(name) = param(v, cx)? else {
        return Err(format!(
            "expected the id of a TLS profile, or `\"{SELECTED}\"` for the one `[tls] profile` selects"
        ));
    };
    if name == SELECTED {
        return Ok(Named {
            profile: cx.profiles.selected().clone(),
            selected: true,
            memo: Mutex::default(),
        });
    }
    let profile = cx
        .profiles
        .find(name)
        .map_err(|e| format!("{e}; or `\"{SELECTED}\"`, the one `[tls] profile` selects"))?
        .clone();
    Ok(Named {
        profile,
        selected: false,
        memo: Mutex::default(),
    })
}

impl fmt::Display for Named {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the TLS profile `{}`", self.profile.id)?;
        if self.selected {
            f.write_str(" (the one `[tls] profile` in art32.toml selects)")?;
        }
        Ok(())
    }
}

/// How many suites outside the profile a message names one by one even where the
/// suites inside it are fewer.
const NAMED: usize = 8;

/// `` `a`, `b` ``.
fn names(list: &[&str]) -> String {
    list.iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Which suites outside the profile are enabled, said with the shorter list: the
/// suites outside it (every one where there are at most eight, or no more than inside
/// it), or "all … but" the few inside it; where none is inside and more than eight are
/// outside, how many (`every one it enables (71)`: `art32 ciphers` names them).
fn which(outside: &[&str], inside: &[&str]) -> String {
    if outside.len() <= inside.len().max(NAMED) {
        names(outside)
    } else if inside.is_empty() {
        format!("every one it enables ({})", outside.len())
    } else {
        format!(
            "all {} it enables but {}",
            outside.len() + inside.len(),
            names(inside)
        )
    }
}

/// `1 suite`, `3 suites`.
fn suites(n: usize) -> String {
    if n == 1 {
        "1 suite".to_string()
    } else {
        format!("{n} suites")
    }
}

/// Fills the evidence for suites outside the profile (`outside`, IANA names in
/// OpenSSL's order of preference; `inside`, the rest it enables) and says whether there
/// are none.
fn judge(ev: &mut Evidence, named: &Named, outside: &[&str], inside: &[&str]) -> bool {
    if outside.is_empty() {
        return true;
    }
    let id = &named.profile.id;
    ev.bind("count", || outside.len().to_string());
    ev.bind("profile", || id.clone());
    ev.bind("offending", || which(outside, inside));
    ev.bind("ciphers", || {
        format!(
            "enables {} outside the `{id}` profile: {}",
            suites(outside.len()),
            which(outside, inside)
        )
    });
    ev.say(|| {
        format!(
            "enables {} outside `{id}`: {}",
            suites(outside.len()),
            which(outside, inside)
        )
    });
    false
}

/// A string OpenSSL refuses: the daemon cannot set it (nginx does not start).
fn refused(ev: &mut Evidence, s: &SubjectValue, named: &Named, why: &str) -> bool {
    let id = &named.profile.id;
    ev.bind("count", || "0".to_string());
    ev.bind("profile", || id.clone());
    ev.bind("offending", || format!("nothing: OpenSSL refuses it ({why})"));
    ev.bind("ciphers", || format!("sets a list OpenSSL refuses: {why}"));
    ev.say(|| format!("OpenSSL refuses {}: {why}", s.quoted()));
    false
}

/// What an OpenSSL cipher string (TLS 1.2 and below) comes to against `profile`: the
/// suites a server offers of it (`tls::offered`: the security level the string sets,
/// no PSK or SRP suites), or why OpenSSL refuses it.
fn tls12(text: &str, profile: &Profile) -> Judged {
    match openssl::expand(text) {
        Ok(x) => {
            let (inside, outside) = crate::tls::offered(&x, profile);
            Judged::Suites { outside, inside }
        }
        Err(e) => Judged::Refused(e.to_string()),
    }
}

/// What a TLS 1.3 ciphersuites list comes to against `profile`.
fn tls13(text: &str, profile: &Profile) -> Judged {
    match openssl::expand_tls13(text) {
        Ok(suites) => {
            let (inside, outside) = suites
                .iter()
                .map(|s| s.iana)
                .partition(|iana| profile.allows_tls13(iana));
            Judged::Suites { outside, inside }
        }
        Err(e) => Judged::Refused(e.to_string()),
    }
}

/// `ciphers-within-profile = "…"`: an OpenSSL cipher string (TLS 1.2 and below).
#[derive(Debug)]
pub struct CiphersWithinProfile(Named);

impl TestKind for CiphersWithinProfile {
    const KEY: &'static str = "ciphers-within-profile";
    const BINDS: &'static [&'static str] = &["value", "offending", "count", "profile", "ciphers"];
    type Operand = toml::Value;

    fn compile(v: &toml::Value, cx: &CompileContext) -> Result<Self, String> {
        compile_profile(v, cx).map(CiphersWithinProfile)
    }
}

impl Test for CiphersWithinProfile {
    fn reads_site(&self) -> bool {
        false
    }

    fn evaluate(&self, s: &SubjectValue, _: &Site<'_>, ev: &mut Evidence) -> bool {
        self.0.evaluate(s, ev, tls12)
    }

    /// Nothing set enables nothing.
    fn absent(&self, _: &Node, _: &mut Evidence) -> bool {
        true
    }

    fn describe(&self, s: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "every TLS 1.2 (and older) suite the OpenSSL cipher string {s} enables, as OpenSSL 3 \
             expands it, is one {} allows",
            self.0
        )
    }
}

/// `ciphersuites-within-profile = "…"`: a TLS 1.3 ciphersuites list.
#[derive(Debug)]
pub struct CiphersuitesWithinProfile(Named);

impl TestKind for CiphersuitesWithinProfile {
    const KEY: &'static str = "ciphersuites-within-profile";
    const BINDS: &'static [&'static str] = &["value", "offending", "count", "profile", "ciphers"];
    type Operand = toml::Value;

    fn compile(v: &toml::Value, cx: &CompileContext) -> Result<Self, String> {
        compile_profile(v, cx).map(CiphersuitesWithinProfile)
    }
}

impl Test for CiphersuitesWithinProfile {
    fn reads_site(&self) -> bool {
        false
    }

    fn evaluate(&self, s: &SubjectValue, _: &Site<'_>, ev: &mut Evidence) -> bool {
        self.0.evaluate(s, ev, tls13)
    }

    fn absent(&self, _: &Node, _: &mut Evidence) -> bool {
        true
    }

    fn describe(&self, s: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "every TLS 1.3 suite the list {s} enables is one {} allows",
            self.0
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::table::*;
    use super::*;

    const INTERMEDIATE_12: &str = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:\
        ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:\
        ECDHE-RSA-CHACHA20-POLY1305";

    #[test]
    fn ciphers_within_profile() {
        let within = r#"ciphers-within-profile = "mozilla-intermediate""#;
        let selected = r#"ciphers-within-profile = "selected""#;
        let bsi = r#"ciphers-within-profile = "bsi-tr-02102-2""#;
        let modern = r#"ciphers-within-profile = "mozilla-modern""#;
        check(&[
            (s(INTERMEDIATE_12), within, true, ""),
            (s(INTERMEDIATE_12), selected, true, ""),
            // The profile's suites as an alias expression; an unknown word is ignored.
            (s("ECDHE+AESGCM:ECDHE+CHACHA20:!AESCCM:NOSUCH"), within, true, ""),
            (
                s("ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA"),
                within,
                false,
                "enables 1 suite outside `mozilla-intermediate`: `TLS_RSA_WITH_AES_128_CBC_SHA`",
            ),
            // ChaCha20 is not in BSI TR-02102-2.
            (
                s("ECDHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-GCM-SHA256"),
                bsi,
                false,
                "enables 1 suite outside `bsi-tr-02102-2`: `TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256`",
            ),
            // Modern allows no TLS 1.2 suite at all.
            (
                s("ECDHE-RSA-AES128-GCM-SHA256"),
                modern,
                false,
                "enables 1 suite outside `mozilla-modern`: `TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`",
            ),
            // Most outside: the few inside are named instead.
            (
                s("ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA:AES256-SHA:AES128-SHA256:AES256-SHA256:\
                   CAMELLIA128-SHA:CAMELLIA256-SHA:AES128-GCM-SHA256:AES256-GCM-SHA384:ARIA128-GCM-SHA256"),
                within,
                false,
                "enables 9 suites outside `mozilla-intermediate`: all 10 it enables but `TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`",
            ),
            // PSK and SRP suites are never offered by nginx or Postfix.
            (s("ECDHE-RSA-AES128-GCM-SHA256:PSK-AES128-GCM-SHA256:SRP-AES-128-CBC-SHA"), within, true, ""),
            // `@SECLEVEL=3` drops AES128-SHA (no forward secrecy).
            (s("ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA:@SECLEVEL=3"), within, true, ""),
            (
                s("RC4-MD5"),
                within,
                false,
                "OpenSSL refuses `RC4-MD5`: no cipher matches `RC4-MD5`",
            ),
            (None, within, true, "`v` is not set"),
        ]);
        check_vars(&[
            (s("AES128-SHA:ECDHE-RSA-AES128-GCM-SHA256"), within, "count", "1"),
            (s("AES128-SHA"), within, "profile", "mozilla-intermediate"),
            (s("AES128-SHA"), within, "offending", "`TLS_RSA_WITH_AES_128_CBC_SHA`"),
            (
                s("AES128-SHA:AES256-SHA"),
                within,
                "ciphers",
                "enables 2 suites outside the `mozilla-intermediate` profile: `TLS_RSA_WITH_AES_128_CBC_SHA`, `TLS_RSA_WITH_AES_256_CBC_SHA`",
            ),
            (
                s("NOSUCH"),
                within,
                "ciphers",
                "sets a list OpenSSL refuses: no cipher matches `NOSUCH`",
            ),
        ]);
        check_errors(&[
            (
                r#"ciphers-within-profile = "nope""#,
                "unknown TLS profile `nope` (known: `bsi-tr-02102-2`, `mozilla-intermediate`, `mozilla-modern`); or `\"selected\"`, the one `[tls] profile` selects",
            ),
            (
                "ciphers-within-profile = 3",
                "expected the id of a TLS profile, or `\"selected\"` for the one `[tls] profile` selects",
            ),
        ]);
    }

    #[test]
    fn ciphersuites_within_profile() {
        let within = r#"ciphersuites-within-profile = "mozilla-intermediate""#;
        let bsi = r#"ciphersuites-within-profile = "bsi-tr-02102-2""#;
        check(&[
            (s(crate::tls::openssl::DEFAULT_TLS13), within, true, ""),
            (
                s(crate::tls::openssl::DEFAULT_TLS13),
                bsi,
                false,
                "enables 1 suite outside `bsi-tr-02102-2`: `TLS_CHACHA20_POLY1305_SHA256`",
            ),
            (s("TLS_AES_128_CCM_SHA256:TLS_AES_256_GCM_SHA384"), bsi, true, ""),
            (s("TLS_NOSUCH:TLS_AES_256_GCM_SHA384"), within, true, ""),
            (
                s("TLS_NOSUCH"),
                within,
                false,
                "OpenSSL refuses `TLS_NOSUCH`: no TLS 1.3 cipher suite matches `TLS_NOSUCH`",
            ),
        ]);
    }

    #[test]
    fn the_shorter_list_names_the_suites() {
        assert_eq!(which(&["a", "b"], &[]), "`a`, `b`");
        assert_eq!(which(&["a"; 9], &[]), "every one it enables (9)");
        assert_eq!(which(&["a"; 9], &["x"]), "all 10 it enables but `x`");
        assert_eq!(which(&["a"; 9], &["x"; 9]).matches('`').count(), 18);
    }
}
