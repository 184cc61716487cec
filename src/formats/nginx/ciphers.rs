//! nginx: `tls12-ciphers` on every TLS server — the OpenSSL cipher string its TLS 1.2
//! (and older) handshakes use, as nginx hands it to OpenSSL:
//!
//! - `ssl_conf_command CipherString …` where the `ssl_conf_command`s in effect have one
//!   (the nearest level that has any; its last `CipherString`, command name in any
//!   case): nginx applies the commands after everything else, so it replaces
//!   `ssl_ciphers` (a live nginx 1.22.1 with `ssl_ciphers ECDHE-RSA-AES256-GCM-SHA384`
//!   and `CipherString ECDHE-RSA-AES128-GCM-SHA256` negotiates only the second);
//! - else the `ssl_ciphers` in effect (the server's, else the enclosing block's), else
//!   nginx's default for the target version;
//! - with `:!kDHE` appended where no `ssl_dhparam` is in effect from nginx 1.11.0 on:
//!   nginx then sets no DH parameters ("DHE ciphers will not be used",
//!   ngx_http_ssl_module), and OpenSSL offers no DHE suite (a live nginx 1.22.1 refuses
//!   DHE-RSA-AES128-GCM-SHA256 that its `ssl_ciphers` names, and accepts it once
//!   `ssl_dhparam` is set).
//!
//! Spanned at the value it comes from, or at the server where the default applies. Not
//! set on a server of a fragment whose enclosing block art32 cannot see (the implied
//! `http`) when the server sets neither itself.

use crate::model::{Node, Value};
use crate::source::Span;

/// `None` where a level has no `ssl_conf_command`s (it inherits them), else the last
/// value given to `command` there, if any.
pub fn conf_command(level: &Node, command: &str) -> Option<Option<(String, Span)>> {
    let mut declared = false;
    let mut found = None;
    for c in level
        .children
        .iter()
        .filter(|c| c.name.value == "ssl_conf_command")
    {
        declared = true;
        if let [cmd, value, ..] = c.args.as_slice()
            && cmd.value.eq_ignore_ascii_case(command)
        {
            found = Some((value.value.clone(), value.span));
        }
    }
    declared.then_some(found)
}

/// The last `name` directive of a level: its first argument, where it is.
fn own(level: &Node, name: &str) -> Option<(String, Span)> {
    level
        .children
        .iter()
        .rfind(|c| c.name.value == name)
        .and_then(|c| c.args.first())
        .map(|a| (a.value.clone(), a.span))
}

/// Sets `tls12-ciphers` on the TLS servers of `root` (module doc); `default` is nginx's
/// `ssl_ciphers` for the target version, `builtin_dh` whether that version has DH
/// parameters of its own (before 1.11.0).
pub fn annotate(root: &mut Node, default: Option<&str>, builtin_dh: bool) {
    for block in root.children.iter_mut() {
        if !matches!(block.name.value.as_str(), "http" | "stream" | "mail") {
            continue;
        }
        let unseen = block.kind == "context";
        let block_string = conf_command(block, "CipherString");
        let block_ciphers = own(block, "ssl_ciphers");
        let block_dh = own(block, "ssl_dhparam").is_some();
        for server in block.children.iter_mut() {
            let tls = server.name.value == "server"
                && server
                    .field("tls")
                    .is_some_and(|v| v.value == Value::Bool(true));
            if !tls {
                continue;
            }
            let from_commands = match conf_command(server, "CipherString") {
                Some(own) => own,
                None => block_string.clone().flatten(),
            };
            let chosen = from_commands
                .or_else(|| own(server, "ssl_ciphers"))
                .or_else(|| block_ciphers.clone());
            let (mut text, span) = match chosen {
                Some(c) => c,
                None if unseen => continue,
                None => match default {
                    Some(d) => (d.to_string(), server.name.span),
                    None => continue,
                },
            };
            let dh = builtin_dh || unseen || block_dh || own(server, "ssl_dhparam").is_some();
            if !dh {
                text.push_str(":!kDHE");
            }
            server.set("tls12-ciphers", Value::Str(text), span);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{SourceFile, SourceMap};

    fn linked(text: &str) -> Node {
        let mut sources = SourceMap::default();
        let file = sources.add(SourceFile::new("nginx/nginx.conf", text));
        let doc = crate::formats::nginx::parse::parse(file, text);
        let names = ["nginx/nginx.conf".to_string()].into_iter().collect();
        let mut out = super::super::link::link(
            &[&doc],
            &sources,
            &names,
            &Default::default(),
            Some(super::super::link::DEFAULT_PREFIX),
            false,
        );
        let mut root = out.docs.remove(0).root;
        annotate(&mut root, Some("HIGH:!aNULL:!MD5"), false);
        root
    }

    fn strings(root: &Node) -> Vec<Option<String>> {
        root.children
            .iter()
            .flat_map(|b| &b.children)
            .filter(|s| s.name.value == "server")
            .map(|s| s.field("tls12-ciphers").map(|v| v.value.text()))
            .collect()
    }

    #[test]
    fn the_string_nginx_hands_openssl() {
        let root = linked(
            "events {}\nhttp {\n\
             ssl_dhparam /etc/ssl/dh.pem;\n\
             ssl_ciphers ECDHE+AESGCM;\n\
             server { listen 443 ssl; }\n\
             server { listen 443 ssl; ssl_ciphers AES128-SHA; }\n\
             server { listen 443 ssl; ssl_conf_command ciphersstring X; ssl_conf_command cipherstring DHE-RSA-AES128-GCM-SHA256; }\n\
             server { listen 80; }\n}\n\
             stream {\n ssl_conf_command CipherString ECDHE+CHACHA20;\n\
             server { listen 993 ssl; }\n\
             server { listen 995 ssl; ssl_conf_command Options -SessionTicket; }\n}\n",
        );
        assert_eq!(
            strings(&root),
            [
                Some("ECDHE+AESGCM".to_string()),
                Some("AES128-SHA".to_string()),
                Some("DHE-RSA-AES128-GCM-SHA256".to_string()),
                None,
                // No `ssl_dhparam` in the stream block: DHE is off.
                Some("ECDHE+CHACHA20:!kDHE".to_string()),
                // A server's own commands replace the block's: `ssl_ciphers` is unset,
                // so the default applies.
                Some("HIGH:!aNULL:!MD5:!kDHE".to_string()),
            ]
        );
    }
}
