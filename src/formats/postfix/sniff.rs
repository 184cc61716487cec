//! Telling a `main.cf` or `master.cf` named on the command line (and claimed by no
//! glob) by its content.

/// Postfix parameters that only a `main.cf` sets (with any name starting `smtpd_`,
/// `smtp_`, `virtual_`, `postscreen_` or `lmtp_`).
const POSTFIX_PARAMETERS: &[&str] = &[
    "alias_database",
    "alias_maps",
    "compatibility_level",
    "home_mailbox",
    "inet_interfaces",
    "inet_protocols",
    "mailbox_command",
    "mailbox_size_limit",
    "message_size_limit",
    "mydestination",
    "mydomain",
    "myhostname",
    "mynetworks",
    "myorigin",
    "recipient_delimiter",
    "relay_domains",
    "relayhost",
    "transport_maps",
];

/// The lines that are neither blank, comments nor continuations.
fn logical(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| {
            let t = l.trim_start();
            !t.is_empty() && !t.starts_with('#') && !l.starts_with([' ', '\t'])
        })
        .collect()
}

/// A `main.cf`: lines of `name = value` (with comments and indented continuations) of
/// which at least one names a parameter only `main.cf` sets. Only for a named file.
pub fn main(text: &str, named: bool) -> bool {
    let lines = logical(text);
    if !named || lines.is_empty() {
        return false;
    }
    let param = |l: &str| -> Option<String> {
        let (name, _) = l.split_once('=')?;
        let name = name.trim();
        (!name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
            .then(|| name.to_string())
    };
    let names: Option<Vec<String>> = lines.iter().map(|l| param(l)).collect();
    names.is_some_and(|names| {
        names.iter().any(|n| {
            POSTFIX_PARAMETERS.contains(&n.as_str())
                || ["smtpd_", "smtp_", "virtual_", "postscreen_", "lmtp_"]
                    .iter()
                    .any(|p| n.starts_with(p))
        })
    })
}

/// A `master.cf`: service lines of eight or more fields with a service type (`inet`,
/// `unix`, `unix-dgram`, `fifo`, `pass`). Only for a named file.
pub fn master(text: &str, named: bool) -> bool {
    let lines = logical(text);
    if !named || lines.is_empty() {
        return false;
    }
    let service = |l: &str| {
        let fields: Vec<&str> = l.split_whitespace().collect();
        fields.len() >= 8 && matches!(fields[1], "inet" | "unix" | "unix-dgram" | "fifo" | "pass")
    };
    lines.iter().all(|l| service(l))
}
