//! Telling an nginx file no glob claims by its name and content.

use crate::source::FileId;

/// Directory names whose files may be nginx configuration without a `.conf` name.
const NGINX_DIRS: &[&str] = &[
    "sites-available",
    "sites-enabled",
    "conf.d",
    "vhosts.d",
    "snippets",
    "http.d",
    "servers",
];

/// Is a file of this name worth reading to see whether it is nginx?
pub fn names(name: &str) -> bool {
    let (dir, file) = name.rsplit_once('/').unwrap_or(("", name));
    let parent = dir.rsplit('/').next().unwrap_or("");
    file.ends_with(".conf") || NGINX_DIRS.contains(&parent)
}

/// Does nginx's grammar read the text without an error, and does it open, at its top
/// level, a block of a main or `http` context (`http`, `events`, `stream`, `mail`,
/// `server`, `upstream`)? Files with only directives (a `snippets/ssl.conf`) are nginx
/// when a configuration includes them.
pub fn content(text: &str, _named: bool) -> bool {
    let doc = super::parse::parse(FileId(0), text);
    let opens_block = doc.root.children.iter().any(|c| {
        c.field("block").is_some()
            && matches!(
                c.name.value.as_str(),
                "http" | "events" | "stream" | "mail" | "server" | "upstream"
            )
    });
    doc.diagnostics.is_empty() && opens_block
}
