//! `art32::tls::openssl` against the machine's `openssl ciphers` (OpenSSL 3.0): every
//! string below is expanded by both, and the TLS 1.2-and-below suites must be the same,
//! in the same order, or both must refuse the string.
//!
//! `OPENSSL_CONF=/dev/null` keeps the machine's `openssl.cnf` (Debian raises the security
//! level there) out of the answer; `-ciphersuites ''` keeps TLS 1.3 suites out of the
//! list; `--` lets a string start with `-`. Where `openssl` is not on PATH the tests say
//! so and pass. All mismatches are collected and reported together.

use std::collections::BTreeSet;
use std::process::Command;

use art32::tls::openssl::{
    DEFAULT_TLS13, Expansion, alias_names, expand, expand_tls13, suite_by_name,
};

/// Strings as they occur in the shared corpus (`../shared/corpus`: nginx `ssl_ciphers`,
/// Postfix `*_cipherlist` and `*_exclude_ciphers`, the latter as Postfix feeds them to
/// OpenSSL: `DEFAULT`-less lists of `!name`).
const CORPUS: &[&str] = &[
    "ECDH+aRSA+AESGCM:ECDH+aRSA+SHA384:ECDH+aRSA+SHA256:ECDH:EDH+CAMELLIA:EDH+aRSA:+CAMELLIA256:+AES256:+CAMELLIA128:+AES128:+SSLv3:!aNULL:!eNULL:!LOW:!3DES:!MD5:!EXP:!PSK:!SRP:!DSS:!RC4:!SEED:!ECDSA:CAMELLIA256-SHA:AES256-SHA:CAMELLIA128-SHA:AES128-SHA",
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384",
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES256-SHA384:ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA384:ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES256-SHA:DHE-RSA-AES128-SHA256:DHE-RSA-AES128-SHA:DHE-RSA-AES256-SHA256:DHE-RSA-AES256-SHA:ECDHE-ECDSA-DES-CBC3-SHA:ECDHE-RSA-DES-CBC3-SHA:EDH-RSA-DES-CBC3-SHA:AES128-GCM-SHA256:AES256-GCM-SHA384:AES128-SHA256:AES256-SHA256:AES128-SHA:AES256-SHA:DES-CBC3-SHA:!DSS",
    "ECDHE-RSA-AES256-GCM-SHA512:DHE-RSA-AES256-GCM-SHA512:ECDHE-RSA-AES256-GCM-SHA384:DHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-SHA384",
    "EECDH+AESGCM:EDH+AESGCM:AES256+EECDH:AES256+EDH",
    "EECDH+CHACHA20:EECDH+AES",
    "EECDH+CHACHA20:EECDH+AESGCM",
    "EECDH:+AES256:-3DES:RSA+AES:!NULL:!RC4",
    "HIGH:!aNULL:!MD5 or HIGH:!aNULL:!MD5:!3DES",
    "PH_SSL_CIPHERS",
    "TLS13+AESGCM+AES128:TLS13+AESGCM+AES256:TLS13+CHACHA20:EECDH+AESGCM:EECDH+CHACHA20",
    "EDH+CAMELLIA:EDH+aRSA:EECDH+aRSA+AESGCM:EECDH+aRSA+SHA256:EECDH:+CAMELLIA128:+AES128:+SSLv3:!aNULL:!eNULL:!LOW:!3DES:!MD5:!EXP:!PSK:!DSS:!RC4:!SEED:!IDEA:!ECDSA:kEDH:CAMELLIA128-SHA:AES128-SHA",
    "aNULL:-aNULL:HIGH:@STRENGTH:!EXPORT:!LOW",
    "aNULL:-aNULL:HIGH:MEDIUM:+RC4:@STRENGTH:!MD5:!SRP:!PSK:!aDSS:!kECDH:!kDH:!SEED:!IDEA:!RC2:!RC5:!RC4",
    "aNULL:-aNULL:HIGH:MEDIUM:+RC4:@STRENGTH:!aNULL:!MD5:!SHA:!CAMELLIA:!AES+SHA256:!AES+SHA384",
    "aNULL:-aNULL:HIGH:MEDIUM:+RC4:@STRENGTH:!aNULL:!MD5:!SHA:!CAMELLIA:!RSA:!AES+SHA256:!AES+SHA384",
    "aNULL:-aNULL:HIGH:MEDIUM:+RC4:@STRENGTH:!aNULL:!eNULL:!EXPORT:!DES:!3DES:!RC2:!RC4:!MD5:!PSK:!SRP:!DSS:!AECDH:!ADH:!SEED",
    "aNULL:-aNULL:HIGH:MEDIUM:+RC4:@STRENGTH:!ECDHE-RSA-RC4-SHA:!RC4:!aNULL:!DES-CBC3-SHA:!ECDHE-RSA-DES-CBC3-SHA:!EDH-RSA-DES-CBC3-SHA",
    "aNULL:-aNULL:HIGH:MEDIUM:+RC4:@STRENGTH:!RC4",
    "aNULL:-aNULL:HIGH:MEDIUM:+RC4:@STRENGTH:!aNULL:!SEED:!CAMELLIA:!RSA+AES:!SHA1",
    "aNULL:-aNULL:HIGH:MEDIUM:+RC4:@STRENGTH:!aNULL:!eNULL:!EXPORT:!DES:!RC4:!MD5:!PSK:!aECDH:!EDH-DSS-DES-CBC3-SHA:!EDH-RSA-DES-CBC3-SHA:!KRB5-DES:!CBC3-SHA:!CAMELLIA:!SEED-SHA:!AES256-SHA:!AES256-SHA256:!AES256-GCM-SHA384:!AES128-SHA:!AES128-SHA256:!AES128-GCM-SHA256:!DHE-RSA-AES128-GCM-SHA256:!DHE-RSA-AES128-SHA:!DHE-RSA-AES128-SHA256:!DHE-RSA-AES256-GCM-SHA384:!DHE-RSA-AES256-SHA:!DHE-RSA-AES256-SHA256:!DHE-RSA-CHACHA20-POLY1305:!ECDHE-RSA-AES128-SHA:!ECDHE-RSA-AES256-SHA",
    "aNULL:-aNULL:HIGH:MEDIUM:+RC4:@STRENGTH:!eNULL:!aNULL:!LOW:!EXP:!MEDIUM:!ADH:!AECDH:!MD5:!DSS:!ECDSA:!CAMELLIA128:!CAMELLIA256:!3DES",
    // As the exclusions are written in main.cf (space- and comma-separated).
    "MD5,SRP,PSK,aDSS,kECDH,kDH,SEED,IDEA,RC2,RC5,RC4",
    "aNULL MD5 SHA CAMELLIA AES+SHA256 AES+SHA384",
    "ECDHE-RSA-RC4-SHA, RC4, aNULL, DES-CBC3-SHA, ECDHE-RSA-DES-CBC3-SHA, EDH-RSA-DES-CBC3-SHA",
];

/// Published recommendations and built-in defaults.
const PUBLISHED: &[&str] = &[
    // nginx's default `ssl_ciphers`.
    "HIGH:!aNULL:!MD5",
    // Postfix 3.7 defaults (`postconf -d`): tls_high/medium/low/export/null_cipherlist.
    "aNULL:-aNULL:HIGH:@STRENGTH",
    "aNULL:-aNULL:HIGH:MEDIUM:+RC4:@STRENGTH",
    "aNULL:-aNULL:HIGH:MEDIUM:LOW:+RC4:@STRENGTH",
    "aNULL:-aNULL:HIGH:MEDIUM:LOW:EXPORT:+RC4:@STRENGTH",
    "eNULL:!aNULL",
    // Mozilla Server Side TLS 5.7, intermediate (TLS 1.2 part).
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305",
    // Mozilla Server Side TLS 5.7, old.
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA384:ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES256-SHA:DHE-RSA-AES128-SHA256:DHE-RSA-AES256-SHA256:AES128-GCM-SHA256:AES256-GCM-SHA384:AES128-SHA256:AES256-SHA256:AES128-SHA:AES256-SHA:DES-CBC3-SHA",
    // BSI TR-02102-2 (2024), recommended TLS 1.2 suites with certificates, in its order.
    "ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES256-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-CCM:ECDHE-ECDSA-AES256-CCM:ECDHE-RSA-AES128-SHA256:ECDHE-RSA-AES256-SHA384:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:DHE-DSS-AES128-SHA256:DHE-DSS-AES256-SHA256:DHE-DSS-AES128-GCM-SHA256:DHE-DSS-AES256-GCM-SHA384:DHE-RSA-AES128-SHA256:DHE-RSA-AES256-SHA256:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-AES128-CCM:DHE-RSA-AES256-CCM",
    // The same by IANA name: OpenSSL does not take IANA names in a cipher string.
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256:TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    // Common hand-written strings.
    "EECDH+AESGCM:EDH+AESGCM",
    "ECDHE+AESGCM:ECDHE+CHACHA20:DHE+AESGCM:!aNULL:!MD5:!DSS",
    "kRSA+AES+SHA1",
    "DEFAULT:!EXPORT:!LOW:!MEDIUM",
    "DEFAULT:@SECLEVEL=2",
    "PROFILE=SYSTEM",
];

/// Grammar corners: separators, operators glued to names, `DEFAULT` and Suite B only at
/// the start, unknown words swallowing what is glued to them, invalid characters and
/// commands.
const GRAMMAR: &[&str] = &[
    "",
    ":",
    ":::,, ;",
    "HIGH",
    "HIGH;MEDIUM",
    "HIGH MEDIUM",
    "HIGH,MEDIUM",
    "  HIGH  ",
    "HIGH!aNULL",
    "HIGH!aNULL-MD5",
    "HIGH:!",
    "HIGH:-",
    "HIGH:+",
    "HIGH:@",
    "!ALL",
    "!ALL:HIGH",
    "-ALL:HIGH",
    "-ALL",
    "+ALL",
    "ALL:-ALL:HIGH",
    "ALL:!ALL:HIGH",
    "ALL:-HIGH:HIGH",
    "ALL:-HIGH:+HIGH",
    "HIGH_X",
    "HIGH:X_Y:MEDIUM",
    "HIGH:é",
    "FOO",
    "FOO:BAR",
    "FOO:HIGH",
    "FOO!HIGH:aNULL",
    "FOO+HIGH",
    "HIGH+FOO",
    "high",
    "All",
    "@FOO",
    "HIGH:@FOO",
    "HIGH:@STRENGTH",
    "@STRENGTH:HIGH",
    "HIGH:@STRENGTHX",
    "HIGH:@STRENGTH+MD5",
    "HIGH:@strength",
    "HIGH:@SECLEVEL=6",
    "HIGH:@SECLEVEL=",
    "HIGH:@SECLEVEL=10",
    "HIGH:@SECLEVEL=a",
    "HIGH:@SECLEVEL=-1",
    "DEFAULT",
    "DEFAULT:",
    "DEFAULT:!aNULL",
    "DEFAULT,HIGH",
    "DEFAULTHIGH",
    "DEFAULT+HIGH",
    "DEFAULT!RSA",
    "HIGH:DEFAULT",
    "HIGH:DEFAULT!aNULL:eNULL",
    ":DEFAULT",
    "default",
    "SUITEB128",
    "SUITEB128ONLY",
    "SUITEB128C2",
    "SUITEB192",
    "SUITEB192:ALL",
    "SUITEB128X",
    "HIGH:SUITEB128",
    "RC4!aNULL:eNULL",
    "3DES!aNULL:eNULL",
    "DES!aNULL:eNULL",
    "SEED!aNULL:eNULL",
    "GOST!aNULL:eNULL",
    "IDEA!aNULL:eNULL",
    "DES-CBC3-SHA!aNULL:eNULL",
    "EDH-RSA-DES-CBC3-SHA!aNULL:eNULL",
    "ECDHE-RSA-AES128-GCM-SHA256+FIPS",
    "FIPS+ECDHE-RSA-AES128-GCM-SHA256",
    "ECDHE-RSA-AES128-GCM-SHA256+AES",
    "ECDHE-RSA-AES128-GCM-SHA256+AES256",
    "AES256+ECDHE-RSA-AES128-GCM-SHA256",
    "ECDHE-RSA-AES128-SHA+TLSv1.2",
    "TLSv1.2+ECDHE-RSA-AES128-SHA",
    "TLSv1+TLSv1.2",
    "TLSv1+TLSv1.0",
    "HIGH+FIPS",
    "FIPS+HIGH",
    "COMPLEMENTOFDEFAULT+HIGH",
    "HIGH+COMPLEMENTOFDEFAULT",
    "COMPLEMENTOFDEFAULT+COMPLEMENTOFALL",
    "ALL+COMPLEMENTOFALL",
    "eNULL+HIGH",
    "NULL-SHA256",
    "NULL-SHA256:AES128-SHA:NULL-SHA256",
    "AES128-SHA:AES128-SHA",
    "AES128-SHA:-AES128-SHA",
    "AES128-SHA:!AES128-SHA:AES128-SHA",
    "AES128-SHA:-AES128-SHA:AES256-SHA:AES128-SHA",
    "ALL:COMPLEMENTOFALL",
    "ALL:COMPLEMENTOFALL:@STRENGTH",
    "ALL:+aNULL:+eNULL",
    "ALL:-aNULL:aNULL",
    "ALL:!aNULL:aNULL",
    "ECDHE:DHE:-ECDSA:ECDSA",
    "HIGH:-AES:+AES:AES",
    "kRSA:+AES128:@STRENGTH:+SHA1",
    "ECDHE-ECDSA-AES128-GCM-SHA256 ECDHE-RSA-AES128-GCM-SHA256",
    "TLS_AES_128_GCM_SHA256",
    "TLS_AES_128_GCM_SHA256:HIGH",
    "TLSv1.3",
];

/// Every alias name OpenSSL 3 has (and a few it does not), for the generated strings.
fn words() -> Vec<&'static str> {
    let mut names: Vec<&str> = alias_names().collect();
    names.extend([
        "DEFAULT", "EXP", "EXPORT", "kDH", "kECDH", "aECDH", "TLSv1.1", "SSLv2",
    ]);
    names
}

/// A few lines of xorshift, for strings the hand-written lists do not think of.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// The strings compared with `openssl ciphers -v`, deduplicated.
fn strings() -> Vec<String> {
    let aliases = words();
    let mut out: Vec<String> = Vec::new();
    out.extend(
        CORPUS
            .iter()
            .chain(PUBLISHED)
            .chain(GRAMMAR)
            .map(|s| s.to_string()),
    );
    for a in &aliases {
        out.push(a.to_string());
        out.push(format!("ALL:!{a}"));
        out.push(format!("ALL:COMPLEMENTOFALL:-{a}:{a}"));
        out.push(format!("ALL:+{a}"));
        out.push(format!("{a}:@STRENGTH"));
    }
    let pairs = [
        ("ECDHE", "AESGCM"),
        ("ECDHE", "CHACHA20"),
        ("kRSA", "AES"),
        ("aRSA", "SHA1"),
        ("DHE", "AES256"),
        ("ECDSA", "SHA384"),
        ("PSK", "AESCCM"),
        ("kECDHEPSK", "CAMELLIA"),
        ("SRP", "AES128"),
        ("HIGH", "TLSv1"),
        ("MEDIUM", "SEED"),
        ("aNULL", "ECDH"),
        ("ARIA", "DHE"),
        ("AES128", "AESCCM8"),
        ("SSLv3", "kRSA"),
        ("CBC", "SHA256"),
        ("eNULL", "PSK"),
        ("FIPS", "kDHE"),
        ("COMPLEMENTOFDEFAULT", "kRSA"),
        ("CAMELLIA128", "SHA256"),
    ];
    for (a, b) in pairs {
        out.push(format!("{a}+{b}"));
        out.push(format!("{b}+{a}"));
        out.push(format!("{a}:{b}"));
        out.push(format!("{b}:{a}"));
        out.push(format!("ALL:!{a}+{b}"));
        out.push(format!("ALL:+{a}+{b}"));
        out.push(format!("{a}:{b}:@STRENGTH"));
        out.push(format!("@STRENGTH:{a}:{b}"));
    }
    for level in 0..=5 {
        out.push(format!("ALL:COMPLEMENTOFALL:@SECLEVEL={level}"));
        out.push(format!("@SECLEVEL={level}:HIGH:!aNULL"));
        out.push(format!("DEFAULT:@SECLEVEL={level}"));
    }
    let ops = ["", "", "", "!", "-", "+"];
    let seps = [":", ":", ",", " ", ";"];
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    for _ in 0..250 {
        let mut s = String::new();
        let items = 1 + rng.next() % 6;
        for i in 0..items {
            if i > 0 {
                s.push_str(rng.pick(&seps));
            }
            s.push_str(rng.pick(&ops));
            s.push_str(rng.pick(&aliases));
            if rng.next().is_multiple_of(4) {
                s.push('+');
                s.push_str(rng.pick(&aliases));
            }
            if rng.next().is_multiple_of(16) {
                s.push_str(":@STRENGTH");
            }
        }
        out.push(s);
    }
    let mut seen = BTreeSet::new();
    out.retain(|s| seen.insert(s.clone()));
    out
}

/// What `openssl ciphers ARGS -- STRING` lists (names of the TLS ≤ 1.2 suites), or `None`
/// when it refuses the string.
fn oracle(args: &[&str], rule: &str) -> Option<Vec<String>> {
    let out = Command::new("openssl")
        .arg("ciphers")
        .args(args)
        .arg("--")
        .arg(rule)
        .env("OPENSSL_CONF", "/dev/null")
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&out.stdout);
    Some(
        text.lines()
            .filter(|l| l.split_whitespace().nth(1) != Some("TLSv1.3"))
            .filter_map(|l| l.split_whitespace().next())
            .map(str::to_string)
            .collect(),
    )
}

/// Whether an OpenSSL 3 `openssl` is on PATH: the evaluator is OpenSSL 3's, so another
/// library (OpenSSL 1.1, LibreSSL) is no oracle for it; the tests say so and skip.
fn have_openssl() -> bool {
    let version = Command::new("openssl")
        .arg("version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    match version {
        Some(v) if v.starts_with("OpenSSL 3.") => true,
        Some(v) => {
            eprintln!(
                "`openssl version` is `{v}`, not OpenSSL 3: skipping the differential cipher-string tests"
            );
            false
        }
        None => {
            eprintln!("openssl is not on PATH: skipping the differential cipher-string tests");
            false
        }
    }
}

fn names(e: &Result<Expansion, impl std::fmt::Display>, level: Option<u8>) -> Option<Vec<String>> {
    let e = e.as_ref().ok()?;
    let suites = match level {
        None => e.suites.clone(),
        Some(l) => e.at_seclevel(l),
    };
    Some(suites.iter().map(|s| s.name.to_string()).collect())
}

fn describe(v: &Option<Vec<String>>) -> String {
    match v {
        None => "refused".to_string(),
        Some(v) => format!("{} suites: {}", v.len(), v.join(":")),
    }
}

#[test]
fn cipher_strings_expand_as_openssl_does() {
    if !have_openssl() {
        return;
    }
    let strings = strings();
    assert!(
        strings.len() >= 300,
        "only {} distinct strings",
        strings.len()
    );
    let mut mismatches = Vec::new();
    let mut refused = 0;
    for s in &strings {
        let want = oracle(&["-v", "-ciphersuites", ""], s);
        refused += usize::from(want.is_none());
        let got = names(&expand(s), None);
        if got != want {
            mismatches.push(format!(
                "`{s}`\n    openssl: {}\n    art32:   {}",
                describe(&want),
                describe(&got)
            ));
        }
    }
    eprintln!(
        "compared {} strings ({refused} refused by openssl)",
        strings.len()
    );
    assert!(
        mismatches.is_empty(),
        "{} of {} differ:\n{}",
        mismatches.len(),
        strings.len(),
        mismatches.join("\n")
    );
}

#[test]
fn security_levels_filter_as_openssl_does() {
    if !have_openssl() {
        return;
    }
    let mut strings: Vec<String> = Vec::new();
    for level in 0..=5 {
        for base in [
            "ALL:COMPLEMENTOFALL",
            "HIGH:!aNULL:!MD5",
            "DEFAULT",
            "kRSA:SHA1:MD5:aNULL:CBC",
            "PSK:SRP:ADH",
        ] {
            strings.push(format!("{base}:@SECLEVEL={level}"));
        }
    }
    // No `@SECLEVEL`: OpenSSL's default level, 1.
    strings.extend(["ALL:COMPLEMENTOFALL".to_string(), "HIGH:!aNULL".to_string()]);
    let mut mismatches = Vec::new();
    for s in &strings {
        // `-psk -srp`: do not leave out the PSK and SRP suites for want of callbacks.
        let want = oracle(&["-v", "-s", "-psk", "-srp", "-ciphersuites", ""], s);
        let e = expand(s);
        let level = e.as_ref().ok().and_then(|e| e.seclevel).unwrap_or(1);
        let got = names(&e, Some(level));
        if got != want {
            mismatches.push(format!(
                "`{s}` -s\n    openssl: {}\n    art32:   {}",
                describe(&want),
                describe(&got)
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {} differ:\n{}",
        mismatches.len(),
        strings.len(),
        mismatches.join("\n")
    );
}

#[test]
fn tls13_ciphersuites_as_openssl_sets_them() {
    if !have_openssl() {
        return;
    }
    let strings = [
        DEFAULT_TLS13,
        "",
        "TLS_AES_128_GCM_SHA256",
        "TLS_AES_128_CCM_8_SHA256:TLS_AES_128_CCM_SHA256",
        "TLS_CHACHA20_POLY1305_SHA256:TLS_AES_256_GCM_SHA384",
        "FOO",
        "FOO:TLS_AES_128_GCM_SHA256",
        "TLS_AES_128_GCM_SHA256:TLS_AES_128_GCM_SHA256",
        " TLS_AES_256_GCM_SHA384 : TLS_AES_128_GCM_SHA256 ",
        "::",
        " ",
        "tls_aes_128_gcm_sha256",
        "TLS_AES_128_GCM_SHA256,TLS_AES_256_GCM_SHA384",
        "TLS_AES_128_GCM_SHA256;TLS_AES_256_GCM_SHA384",
        "ECDHE-RSA-AES128-GCM-SHA256",
        "TLS_RSA_WITH_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384",
        "HIGH",
    ];
    let mut mismatches = Vec::new();
    for s in strings {
        let want = Command::new("openssl")
            .args(["ciphers", "-v", "-ciphersuites", s, "NULL-MD5"])
            .env("OPENSSL_CONF", "/dev/null")
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| {
                String::from_utf8_lossy(&o.stdout)
                    .lines()
                    .filter(|l| l.split_whitespace().nth(1) == Some("TLSv1.3"))
                    .filter_map(|l| l.split_whitespace().next())
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            });
        let got = expand_tls13(s)
            .ok()
            .map(|v| v.iter().map(|s| s.iana.to_string()).collect());
        if got != want {
            mismatches.push(format!(
                "`{s}`\n    openssl: {}\n    art32:   {}",
                describe(&want),
                describe(&got)
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} differ:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

#[test]
fn the_table_agrees_with_openssl_on_every_usable_suite() {
    if !have_openssl() {
        return;
    }
    // With the legacy provider loaded (where it is installed), the SEED suites too.
    let mut text = String::new();
    for providers in [
        &[][..],
        &["-provider", "legacy", "-provider", "default"][..],
    ] {
        let out = Command::new("openssl")
            .arg("ciphers")
            .args(providers)
            .args(["-V", "-stdname", "-ciphersuites", "", "ALL:COMPLEMENTOFALL"])
            .env("OPENSSL_CONF", "/dev/null")
            .output()
            .expect("openssl ran");
        if out.status.success() {
            text.push_str(&String::from_utf8_lossy(&out.stdout));
        }
    }
    let mut mismatches = Vec::new();
    let mut count = 0;
    for line in text.lines() {
        // `0xC0,0x2F - TLS_… - ECDHE-… TLSv1.2 Kx=ECDH Au=RSA Enc=AESGCM(128) Mac=AEAD`
        let f: Vec<&str> = line.split_whitespace().collect();
        let [code, _, iana, _, name, proto, kx, au, enc, mac] = f[..] else {
            mismatches.push(format!("unreadable line `{line}`"));
            continue;
        };
        count += 1;
        let id = u16::from_str_radix(&code.replace("0x", "").replace(',', ""), 16).ok();
        let want = [name, iana, proto, kx, au, enc, mac].map(str::to_string);
        let got = suite_by_name(name).map(|s| {
            [
                s.name.to_string(),
                s.iana.to_string(),
                s.protocol.to_string(),
                format!("Kx={}", s.kx),
                format!("Au={}", s.au),
                format!("Enc={}", s.enc),
                format!("Mac={}", s.mac),
            ]
        });
        if got.as_ref() != Some(&want) || suite_by_name(name).map(|s| s.id) != id {
            mismatches.push(format!("{line}\n    art32: {got:?}"));
        }
    }
    assert!(count > 100, "openssl listed only {count} suites");
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}
