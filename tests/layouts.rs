//! Which files are read, in what context, whatever the layout, the lint root or the
//! encoding (issue 10): Debian's symlinked `sites-enabled`, lint roots inside
//! `etc/nginx`, files passed one by one, nginx trees under any name, files no
//! configuration reaches, non-UTF-8 bytes, templates and encrypted files.

use std::collections::BTreeSet;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

mod support;
use support::{json_findings, lint_json, write};

/// A finding as (path, rule, line).
type Found = BTreeSet<(String, String, u64)>;

fn findings(v: &serde_json::Value) -> Found {
    json_findings(v)
        .into_iter()
        .map(|f| (f.path, f.rule, f.line))
        .collect()
}

fn debian12() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/debian12")
}

/// The `skipped-file` notes of a JSON report, as (path, message).
fn skipped_notes(v: &serde_json::Value) -> BTreeSet<(String, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "skipped-file")
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn lint(cwd: &Path, args: &[&str]) -> Found {
    findings(&lint_json(cwd, args))
}

/// Findings of `found` in files whose path starts with `prefix`.
fn under(found: &Found, prefix: &str) -> Found {
    found
        .iter()
        .filter(|f| f.0.starts_with(prefix))
        .cloned()
        .collect()
}

fn rules_at(found: &Found, path: &str) -> BTreeSet<String> {
    found
        .iter()
        .filter(|f| f.0 == path)
        .map(|f| f.1.clone())
        .collect()
}

const NGINX_CONF: &str = "events {}\nhttp {\n    ssl_protocols TLSv1.2 TLSv1.3;\n    \
    access_log off;\n    include /etc/nginx/conf.d/*.conf;\n    include /etc/nginx/sites-enabled/*;\n}\n";

/// A TLS site with neither `server_tokens` nor HSTS: in the context of an `http` that
/// sets neither, nginx announces its version (default `on`) and sends no HSTS.
const SITE: &str = "server {\n    listen 443 ssl;\n    server_name shop.example.com;\n    \
    ssl_certificate /etc/letsencrypt/live/shop/fullchain.pem;\n    \
    ssl_certificate_key /etc/letsencrypt/live/shop/privkey.pem;\n    root /srv/shop;\n}\n";

/// `etc/nginx` with the site in `sites-available/shop` and `sites-enabled/shop` made by
/// `link`.
fn site_repo(link: impl Fn(&Path)) -> tempfile::TempDir {
    let dir = support::empty_repo();
    write(dir.path(), "etc/nginx/nginx.conf", NGINX_CONF.as_bytes());
    write(
        dir.path(),
        "etc/nginx/sites-available/shop",
        SITE.as_bytes(),
    );
    std::fs::create_dir_all(dir.path().join("etc/nginx/sites-enabled")).unwrap();
    link(dir.path());
    dir
}

/// Debian's `sites-enabled/x -> ../sites-available/x` (relative) and
/// `-> /etc/nginx/sites-available/x` (absolute, mapped into the repository): the site
/// is what `include /etc/nginx/sites-enabled/*;` reads, judged in `nginx.conf`'s
/// context, reported once in the file that holds the text.
#[test]
fn sites_enabled_symlinks_are_judged_in_context() {
    let relative = site_repo(|d| {
        symlink(
            "../sites-available/shop",
            d.join("etc/nginx/sites-enabled/shop"),
        )
        .unwrap()
    });
    let absolute = site_repo(|d| {
        symlink(
            "/etc/nginx/sites-available/shop",
            d.join("etc/nginx/sites-enabled/shop"),
        )
        .unwrap()
    });
    for dir in [&relative, &absolute] {
        let found = lint(dir.path(), &[]);
        // Inherited from nginx.conf's http (nothing sets them): the version is
        // announced and no HSTS is sent. A fragment judged alone would say neither.
        // The version is reported where `server_tokens off;` goes, nginx.conf's `http`
        // (issue 11), which only has a server to leak through the site.
        let rules = rules_at(&found, "etc/nginx/sites-available/shop");
        assert!(
            rules_at(&found, "etc/nginx/nginx.conf").contains("nginx.server-tokens"),
            "{found:?}"
        );
        assert!(rules.contains("nginx.hsts"), "{found:?}");
        assert!(
            under(&found, "etc/nginx/sites-enabled").is_empty(),
            "{found:?}"
        );
        // Once: one finding of each rule on the site.
        let hsts: Vec<_> = found.iter().filter(|f| f.1 == "nginx.hsts").collect();
        assert_eq!(hsts.len(), 1, "{found:?}");
        // The context decides: set in nginx.conf, both are gone.
        write(
            dir.path(),
            "etc/nginx/nginx.conf",
            NGINX_CONF
                .replace(
                    "access_log off;",
                    "access_log off;\n    server_tokens off;\n    add_header \
                     Strict-Transport-Security \"max-age=31536000\" always;",
                )
                .as_bytes(),
        );
        let found = lint(dir.path(), &[]);
        let rules = rules_at(&found, "etc/nginx/sites-available/shop");
        assert!(
            !found.iter().any(|f| f.1 == "nginx.server-tokens"),
            "{found:?}"
        );
        assert!(!rules.contains("nginx.hsts"), "{found:?}");
    }
}

/// A symlinked directory (`conf.d -> ../../shared/conf.d`): its files are what the
/// include reads, reported where their text is.
#[test]
fn symlinked_directories_are_read_through() {
    let dir = support::empty_repo();
    write(dir.path(), "etc/nginx/nginx.conf", NGINX_CONF.as_bytes());
    write(dir.path(), "shared/conf.d/shop.conf", SITE.as_bytes());
    symlink("../../shared/conf.d", dir.path().join("etc/nginx/conf.d")).unwrap();
    let found = lint(dir.path(), &[]);
    let rules = rules_at(&found, "shared/conf.d/shop.conf");
    assert!(
        rules_at(&found, "etc/nginx/nginx.conf").contains("nginx.server-tokens"),
        "{found:?}"
    );
    assert!(rules.contains("nginx.hsts"), "{found:?}");
    assert!(under(&found, "etc/nginx/conf.d").is_empty(), "{found:?}");
    // Linting the directory through its link name judges the same files.
    assert_eq!(lint(dir.path(), &["etc/nginx"]), found);

    // A linked directory outside the repository is a note, not silence.
    std::fs::remove_file(dir.path().join("etc/nginx/conf.d")).unwrap();
    symlink("/srv/outside/conf.d", dir.path().join("etc/nginx/conf.d")).unwrap();
    let found = lint(dir.path(), &[]);
    assert!(
        found.contains(&("etc/nginx/conf.d".into(), "skipped-file".into(), 1)),
        "{found:?}"
    );
}

/// `art32 lint etc/nginx`, `cd etc/nginx && art32 lint`, a site passed alone (by its
/// name or by its link's), and a repository whose root is the nginx directory all
/// judge what `art32 lint .` judges.
#[test]
fn every_lint_root_judges_the_same_files() {
    let dir = site_repo(|d| {
        symlink(
            "/etc/nginx/sites-available/shop",
            d.join("etc/nginx/sites-enabled/shop"),
        )
        .unwrap()
    });
    write(
        dir.path(),
        "etc/nginx/conf.d/status.conf",
        b"server {\n    listen 80;\n    location / { autoindex on; }\n}\n",
    );
    let all = lint(dir.path(), &[]);
    assert!(!all.is_empty());
    assert_eq!(lint(dir.path(), &["etc/nginx"]), all);
    assert_eq!(lint(&dir.path().join("etc/nginx"), &[]), all);
    assert_eq!(lint(&dir.path().join("etc/nginx"), &["."]), all);
    let shop = under(&all, "etc/nginx/sites-available/shop");
    assert!(!shop.is_empty());
    assert_eq!(lint(dir.path(), &["etc/nginx/sites-available/shop"]), shop);
    assert_eq!(lint(dir.path(), &["etc/nginx/sites-enabled/shop"]), shop);
    assert_eq!(
        lint(
            &dir.path().join("etc/nginx/sites-available"),
            &["shop", "../conf.d/status.conf"]
        ),
        all.iter()
            .filter(|f| f.0 == "etc/nginx/sites-available/shop"
                || f.0 == "etc/nginx/conf.d/status.conf")
            .cloned()
            .collect()
    );
    // `--config` does not change which files the globs match.
    write(dir.path(), "elsewhere/art32.toml", b"");
    assert_eq!(
        lint(
            dir.path(),
            &["--config", "elsewhere/art32.toml", "etc/nginx"]
        ),
        all
    );

    // The repository is the nginx directory itself.
    let nginx = support::empty_repo();
    write(nginx.path(), "nginx.conf", NGINX_CONF.as_bytes());
    write(nginx.path(), "sites-available/shop", SITE.as_bytes());
    std::fs::create_dir_all(nginx.path().join("sites-enabled")).unwrap();
    symlink(
        "/etc/nginx/sites-available/shop",
        nginx.path().join("sites-enabled/shop"),
    )
    .unwrap();
    let strip = |found: &Found| -> Found {
        found
            .iter()
            .filter(|f| !f.0.starts_with("etc/nginx/conf.d/"))
            .map(|(p, r, l)| {
                (
                    p.trim_start_matches("etc/nginx/").to_string(),
                    r.clone(),
                    *l,
                )
            })
            .collect()
    };
    assert_eq!(lint(nginx.path(), &[]), strip(&all));
    assert_eq!(lint(nginx.path(), &["sites-available/shop"]), strip(&shop));
}

/// Files an nginx configuration includes are nginx whatever their directory is called,
/// and a repository of `conf.d/` and `snippets/` without `nginx.conf` resolves the
/// includes between them (relative and absolute).
#[test]
fn nginx_trees_anywhere() {
    let dir = support::empty_repo();
    write(
        dir.path(),
        "proxy/nginx.conf",
        b"events {}\nhttp {\n    server_tokens off;\n    include conf.d/*.conf;\n}\n",
    );
    write(
        dir.path(),
        "proxy/conf.d/app.conf",
        b"server {\n    listen 80;\n    location / { autoindex on; }\n}\n",
    );
    let found = lint(dir.path(), &[]);
    assert!(
        found.contains(&("proxy/conf.d/app.conf".into(), "nginx.autoindex".into(), 3)),
        "{found:?}"
    );

    // Only conf.d and snippets: the snippet sets HSTS for the site that includes it.
    for include in ["snippets/hsts.conf", "/etc/nginx/snippets/hsts.conf"] {
        let dir = support::empty_repo();
        write(
            dir.path(),
            "conf.d/shop.conf",
            SITE.replace(
                "root /srv/shop;",
                &format!("root /srv/shop;\n    include {include};"),
            )
            .as_bytes(),
        );
        write(
            dir.path(),
            "snippets/hsts.conf",
            b"add_header Strict-Transport-Security \"max-age=31536000\" always;\n",
        );
        let found = lint(dir.path(), &[]);
        let rules = rules_at(&found, "conf.d/shop.conf");
        assert!(!rules.contains("nginx.hsts"), "{include}: {found:?}");
        assert!(
            !rules.contains("unresolved-include"),
            "{include}: {found:?}"
        );
        assert!(
            !found.iter().any(|f| f.1 == "unresolved-include"),
            "{include}: {found:?}"
        );
    }
}

/// Stock Debian 12 (`apt-get install nginx postfix`): the enabled site is judged in
/// `nginx.conf`'s context, the unused `snippets/snakeoil.conf` gives nothing, and the
/// summary names the files no configuration reaches.
#[test]
fn stock_debian_gives_no_finding_from_unused_files() {
    let dir = support::empty_repo();
    support::copy_dir(&debian12(), dir.path());
    std::fs::create_dir(dir.path().join("etc/nginx/sites-enabled")).unwrap();
    symlink(
        "/etc/nginx/sites-available/default",
        dir.path().join("etc/nginx/sites-enabled/default"),
    )
    .unwrap();
    let v = lint_json(dir.path(), &[]);
    let found = findings(&v);
    let expected: Found = [
        ("etc/nginx/nginx.conf", "nginx.access-log-ip", 40),
        // Nothing sets server_tokens: one finding at nginx.conf's `http`, where
        // `server_tokens off;` goes, with the enabled site as a label (issue 11).
        ("etc/nginx/nginx.conf", "nginx.server-tokens", 12),
        // At the `listen 80 default_server` that makes the server plain HTTP, where the
        // fix goes, no longer at its `location /` (issue 11).
        (
            "etc/nginx/sites-available/default",
            "nginx.http-redirects-to-https",
            22,
        ),
        (
            "etc/postfix/main.cf",
            "postfix.tls-certificate-snakeoil",
            27,
        ),
        (
            "etc/postfix/main.cf",
            "postfix.tls-certificate-snakeoil",
            28,
        ),
    ]
    .iter()
    .map(|(p, r, l)| (p.to_string(), r.to_string(), *l))
    .collect();
    assert_eq!(found, expected);
    assert_eq!(
        v["summary"]["unreached"],
        serde_json::json!([
            "etc/nginx/fastcgi.conf",
            "etc/nginx/snippets/fastcgi-php.conf",
            "etc/nginx/snippets/snakeoil.conf"
        ])
    );
    // Passed alone, the unused snippet is still not judged, and the summary says why.
    let v = lint_json(dir.path(), &["etc/nginx/snippets/snakeoil.conf"]);
    assert!(findings(&v).is_empty(), "{v}");
    assert_eq!(
        v["summary"]["unreached"],
        serde_json::json!(["etc/nginx/snippets/snakeoil.conf"])
    );
    let o = support::lint(dir.path(), &[]);
    let human = String::from_utf8_lossy(&o.stdout);
    assert!(
        human.contains(
            "not checked: 3 files that no nginx configuration includes (nginx does not read \
             them): etc/nginx/fastcgi.conf, etc/nginx/snippets/fastcgi-php.conf, \
             etc/nginx/snippets/snakeoil.conf"
        ),
        "{human}"
    );
}

/// nginx, Postfix and util-linux read bytes: Latin-1 and EUC-KR in comments and
/// values are not parse errors (`nginx -t`, `postconf -n` and `findmnt --verify`
/// accept them), and columns after them stay right.
#[test]
fn bytes_that_are_not_utf8_are_read_as_the_daemons_read_them() {
    let dir = support::empty_repo();
    write(
        dir.path(),
        "etc/nginx/nginx.conf",
        b"# Stadt M\xf6lln \xc7\xd1\xb1\xb9\nevents {}\nhttp {\n    server_tokens off;\n    \
          server {\n        listen 80;\n        server_name m\xf6lln.example;\n        \
          add_header X-City \"M\xf6lln\"; autoindex on;\n        return 301 https://$host$request_uri;\n    }\n}\n",
    );
    write(
        dir.path(),
        "etc/postfix/main.cf",
        b"# Gr\xfc\xdfe aus M\xf6lln\nsmtpd_banner = $myhostname ESMTP M\xf6lln\n",
    );
    write(
        dir.path(),
        "etc/fstab",
        b"# Platte f\xfcr M\xf6lln\nUUID=ab12 /srv/m\xf6lln ext4 defaults 0 2\n",
    );
    let v = lint_json(dir.path(), &[]);
    let all = v["findings"].as_array().unwrap();
    assert!(!all.iter().any(|f| f["rule"] == "parse-error"), "{v}");
    // `autoindex on` underlines `on`, byte 46 of its line with `ö` one byte: one
    // column, as the daemon's byte is one character on screen.
    let autoindex = all
        .iter()
        .find(|f| f["rule"] == "nginx.autoindex")
        .unwrap_or_else(|| panic!("{v}"));
    assert_eq!(
        (autoindex["line"].as_u64(), autoindex["column"].as_u64()),
        (Some(8), Some(46))
    );
}

/// A Jinja2 template (`*.j2`, or markup in a file of a daemon's kind) is skipped with
/// exactly one note that says why — no cascade of parse errors, no duplicate-parameter
/// notes for `{% if %}`/`{% else %}` branches. Inventory values with `{{ … }}` are
/// Ansible's own and are read.
#[test]
fn templates_get_one_note_each() {
    let dir = support::empty_repo();
    write(
        dir.path(),
        "etc/nginx/nginx.conf",
        b"events {}\nhttp {\n    server_tokens off;\n    include conf.d/*.conf;\n}\n",
    );
    write(
        dir.path(),
        "etc/nginx/conf.d/app.conf",
        b"server {\n    listen {{ port }};\n{% if tls %}\n    listen 443 ssl;\n{% else %}\n    \
          listen 80;\n{% endif %}\n}\n",
    );
    write(
        dir.path(),
        "etc/nginx/sites-available/shop.j2",
        SITE.as_bytes(),
    );
    write(
        dir.path(),
        "etc/postfix/main.cf",
        b"myhostname = {{ inventory_hostname }}\n{% if relay %}\nrelayhost = [{{ relay }}]\n\
          {% else %}\nrelayhost =\n{% endif %}\n",
    );
    write(
        dir.path(),
        "inventory/hosts.yml",
        b"all:\n  hosts:\n    web1:\n      ansible_host: \"{{ lookup('env', 'WEB1') }}\"\n      \
          tom_role: internet\n",
    );
    let v = lint_json(dir.path(), &[]);
    let found = findings(&v);
    for path in [
        "etc/nginx/conf.d/app.conf",
        "etc/nginx/sites-available/shop.j2",
        "etc/postfix/main.cf",
    ] {
        let of: Vec<_> = found.iter().filter(|f| f.0 == path).collect();
        assert_eq!(of.len(), 1, "{path}: {found:?}");
        assert_eq!(of[0].1, "skipped-file", "{path}: {found:?}");
    }
    assert!(!found.iter().any(|f| f.1 == "parse-error"), "{found:?}");
    assert!(
        !found
            .iter()
            .any(|f| f.0 == "inventory/hosts.yml" && f.1 == "skipped-file"),
        "{found:?}"
    );
    let messages: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "skipped-file")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("Jinja2 template (`{{ … }}` on line 2)")),
        "{messages:?}"
    );
}

/// Files encrypted with ansible-vault or git-crypt are not parse errors: one note each.
#[test]
fn encrypted_files_are_skipped_with_a_note() {
    let dir = support::empty_repo();
    write(
        dir.path(),
        "inventory/prod/hosts",
        b"[web]\nweb1 tom_role=internet tom_commissioned=2025-01-01\n",
    );
    write(
        dir.path(),
        "inventory/prod/group_vars/all/vault.yml",
        b"$ANSIBLE_VAULT;1.1;AES256\n62313365396662343061393464336163383764373764613633653634306231386433626436623361\n",
    );
    write(
        dir.path(),
        "etc/postfix/main.cf",
        b"\0GITCRYPT\0\x8a\x13\x02\x00\x01",
    );
    // Its master.cf is judged on what it sets itself, with one note that main.cf is
    // not there to read: no open-relay or TLS errors from defaults main.cf may override.
    write(
        dir.path(),
        "etc/postfix/master.cf",
        b"smtp      inet  n       -       y       -       -       smtpd
          submission inet n       -       y       -       -       smtpd
            -o smtpd_tls_security_level=encrypt
  -o smtpd_sasl_auth_enable=yes
          smtp      unix  -       -       y       -       -       smtp
",
    );
    let v = lint_json(dir.path(), &[]);
    let postfix: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"] == "etc/postfix/master.cf")
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(postfix, ["not-checked"], "{v}");
    let notes = skipped_notes(&v);
    assert!(
        notes.contains(&(
            "inventory/prod/group_vars/all/vault.yml".into(),
            "file skipped: it is encrypted with ansible-vault".into()
        )),
        "{v}"
    );
    assert!(
        notes.contains(&(
            "etc/postfix/main.cf".into(),
            "file skipped: it is encrypted with git-crypt".into()
        )),
        "{v}"
    );
    assert!(
        !v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "parse-error"),
        "{v}"
    );
}

/// A path on the command line that no kind claims is a note that says how to claim
/// it; `etc/hosts` is never an inventory; a named file is claimed by its content.
#[test]
fn named_files_are_claimed_or_named() {
    let dir = support::empty_repo();
    write(
        dir.path(),
        "etc/hosts",
        b"127.0.0.1 localhost\n::1 localhost\n",
    );
    write(dir.path(), "README.md", b"# infra\n");
    write(
        dir.path(),
        "web/shop-site",
        b"server {\n    listen 80;\n    location / { autoindex on; }\n}\n",
    );
    write(
        dir.path(),
        "mail/main.cf.prod",
        b"myhostname = mx.example.com\nsmtpd_tls_security_level = none\n",
    );
    let v = lint_json(
        dir.path(),
        &[
            "etc/hosts",
            "README.md",
            "web/shop-site",
            "mail/main.cf.prod",
        ],
    );
    let notes: BTreeSet<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "skipped-file")
        .map(|f| {
            assert!(f["message"].as_str().unwrap().contains("[kinds]"), "{f}");
            f["path"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(
        notes,
        BTreeSet::from(["README.md".to_string(), "etc/hosts".to_string()])
    );
    let found = findings(&v);
    assert!(
        found.contains(&("web/shop-site".into(), "nginx.autoindex".into(), 3)),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|f| f.0 == "mail/main.cf.prod" && f.1.starts_with("postfix.")),
        "{found:?}"
    );
    // Walked, not named: neither `etc/hosts` nor the README is claimed or noted.
    assert!(
        !lint(dir.path(), &[])
            .iter()
            .any(|f| f.0 == "etc/hosts" || f.0 == "README.md"),
    );
}

/// Links that multiply names (a cycle of directory links with long names, a thousand
/// links to one large directory) cost time and memory in proportion to the repository,
/// and where names are cut off a note says so — never at the expense of the nginx tree.
#[test]
fn symlinked_directories_cannot_multiply_the_work() {
    let dir = support::empty_repo();
    write(dir.path(), "a/f.conf", b"server { listen 80; }\n");
    std::fs::create_dir_all(dir.path().join("b")).unwrap();
    let (l1, l2) = ("x".repeat(200), "y".repeat(200));
    for (from, to) in [("a", "../b"), ("b", "../a")] {
        for name in [&l1, &l2] {
            symlink(to, dir.path().join(from).join(name)).unwrap();
        }
    }
    let started = std::time::Instant::now();
    lint(dir.path(), &[]);
    assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());

    // A thousand links to a directory of a thousand files spend the names budget; the
    // nginx tree's linked directory is given its names first.
    let dir = support::empty_repo();
    write(dir.path(), "etc/nginx/nginx.conf", NGINX_CONF.as_bytes());
    write(dir.path(), "shared/conf.d/shop.conf", SITE.as_bytes());
    symlink("../../shared/conf.d", dir.path().join("etc/nginx/conf.d")).unwrap();
    for i in 0..1001 {
        write(dir.path(), &format!("big/f{i}"), b"");
    }
    std::fs::create_dir_all(dir.path().join("aaa")).unwrap();
    for i in 0..1001 {
        symlink("../big", dir.path().join(format!("aaa/l{i}"))).unwrap();
    }
    let v = lint_json(dir.path(), &[]);
    let found = findings(&v);
    assert!(
        rules_at(&found, "shared/conf.d/shop.conf").contains("nginx.hsts"),
        "{found:?}"
    );
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "skipped-file"
                && f["path"].as_str().unwrap().starts_with("aaa/l")
                && f["message"]
                    .as_str()
                    .unwrap()
                    .contains("symlinked directory not followed in full")),
        "{v}"
    );
}

/// A chain of includes ends at nginx's nesting limit here (64) with a note, in time
/// proportional to the repository (files are read a level a round, at most 64 rounds);
/// what the limit cut off is neither judged out of context as a fragment of its own
/// (issue 12: a budget must never turn into false findings) nor called unreached.
#[test]
fn include_chains_end_with_a_note() {
    let dir = support::empty_repo();
    write(
        dir.path(),
        "etc/nginx/nginx.conf",
        b"events {}\nhttp {\n    server_tokens off;\n    include x/f1;\n}\n",
    );
    for i in 1..=2000 {
        // Past the limit: a server that, judged out of context, would give findings.
        let server = if i == 100 {
            "server { listen 80; location / { autoindex on; } }\n"
        } else {
            ""
        };
        write(
            dir.path(),
            &format!("etc/nginx/x/f{i}"),
            format!("{server}include x/f{};\n", i + 1).as_bytes(),
        );
    }
    let started = std::time::Instant::now();
    let v = lint_json(dir.path(), &[]);
    assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
    let messages: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        ["includes nested more than 64 deep; not followed"],
        "{messages:?}"
    );
    // The files past the nesting limit are included by a file nginx reads: not
    // "unreached".
    assert!(v["summary"]["unreached"].is_null(), "{}", v["summary"]);
}

/// A path named through a symlinked directory of the repository is resolved in the
/// repository, never on this machine: a link to a directory outside is a note, and
/// nothing outside is read (with or without a trailing `/`).
#[test]
fn named_paths_through_links_never_read_the_machine() {
    let outside = tempfile::tempdir().unwrap();
    write(
        outside.path(),
        "default",
        b"server {\n    listen 80;\n    location / { autoindex on; }\n}\n",
    );
    let dir = support::empty_repo();
    write(dir.path(), "nginx/nginx.conf", b"events {}\nhttp {}\n");
    symlink(outside.path(), dir.path().join("nginx/sites")).unwrap();
    for named in ["nginx/sites/default", "nginx/sites/", "nginx/sites"] {
        let v = lint_json(dir.path(), &[named]);
        let all = v["findings"].as_array().unwrap();
        assert!(
            !all.iter().any(|f| f["rule"] == "nginx.autoindex"),
            "{named}: {v}"
        );
        assert!(
            all.iter()
                .all(|f| f["path"].as_str().unwrap().starts_with("nginx/sites")),
            "{named}: {v}"
        );
        assert!(
            !all.is_empty(),
            "{named}: a note says why nothing was read: {v}"
        );
    }
}

/// Ignore files above the repository do not apply; a named directory that the
/// repository's own `.gitignore` hides is still linted.
#[test]
fn only_the_repositorys_own_ignore_files_count() {
    let parent = tempfile::tempdir().unwrap();
    std::fs::write(parent.path().join(".ignore"), "*\n").unwrap();
    let root = parent.path().join("repo");
    std::fs::create_dir_all(root.join(".git")).unwrap();
    write(&root, "etc/fstab", b"/dev/sda1 / ext4 defaults 0 1\n");
    write(&root, ".gitignore", b"rendered/\n");
    write(
        &root,
        "rendered/etc/fstab",
        b"/dev/sdb1 /srv ext4 defaults 0 2\n",
    );
    let all = lint(&root, &[]);
    assert!(all.iter().any(|f| f.0 == "etc/fstab"), "{all:?}");
    assert!(!all.iter().any(|f| f.0.starts_with("rendered/")), "{all:?}");
    let rendered = lint(&root, &["rendered"]);
    assert!(
        rendered.iter().any(|f| f.0 == "rendered/etc/fstab"),
        "{rendered:?}"
    );
}

/// File names that are not UTF-8 stay distinct files, shown with `\xNN`.
#[test]
fn file_names_that_are_not_utf8_stay_apart() {
    use std::os::unix::ffi::OsStrExt;
    let dir = support::empty_repo();
    write(dir.path(), "etc/nginx/nginx.conf", NGINX_CONF.as_bytes());
    let confd = dir.path().join("etc/nginx/conf.d");
    std::fs::create_dir_all(&confd).unwrap();
    for name in [&b"a\xff.conf"[..], &b"a\xfe.conf"[..]] {
        std::fs::write(
            confd.join(std::ffi::OsStr::from_bytes(name)),
            b"server {\n    listen 80;\n    location / { autoindex on; }\n}\n",
        )
        .unwrap();
    }
    let found = lint(dir.path(), &[]);
    let autoindex: BTreeSet<&str> = found
        .iter()
        .filter(|f| f.1 == "nginx.autoindex")
        .map(|f| f.0.as_str())
        .collect();
    assert_eq!(
        autoindex,
        BTreeSet::from([
            "etc/nginx/conf.d/a\\xfe.conf",
            "etc/nginx/conf.d/a\\xff.conf"
        ]),
        "{found:?}"
    );
}

/// A symlink a kind claims by its name that leads to a directory or a FIFO in the
/// repository is a note, not dropped in silence (issue 12).
#[test]
fn claimed_links_to_directories_and_fifos_are_notes() {
    let dir = support::empty_repo();
    write(
        dir.path(),
        "real/etc/fstab",
        b"UUID=0a3407de-014b-458b-b5c1-848e92a327a3 / ext4 defaults 0 1\n",
    );
    std::fs::create_dir_all(dir.path().join("a/etc")).unwrap();
    symlink("../../real/etc", dir.path().join("a/etc/fstab")).unwrap();
    std::fs::create_dir_all(dir.path().join("b/etc")).unwrap();
    assert!(
        std::process::Command::new("mkfifo")
            .arg(dir.path().join("b/pipe"))
            .status()
            .unwrap()
            .success()
    );
    symlink("../pipe", dir.path().join("b/etc/fstab")).unwrap();
    let v = lint_json(dir.path(), &[]);
    let notes = skipped_notes(&v);
    assert!(
        notes.contains(&(
            "a/etc/fstab".into(),
            "file skipped: it is a symlink to a directory".into()
        )),
        "{v}"
    );
    assert!(notes.iter().any(|(p, _)| p == "b/etc/fstab"), "{v}");
}
