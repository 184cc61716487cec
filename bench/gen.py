#!/usr/bin/env python3
"""bench/gen.py — seeded generator of benchmark inputs (issue 14).

Two things it writes:

  bench/gen.py repo SCALE OUT [--seed N]
      An infrastructure repository of about SCALE megabytes, shaped like a hosting
      company's: per megabyte 7 nginx hosts (Debian layout: nginx.conf, mime.types,
      snippets, conf.d, sites-available with sites-enabled symlinks), 2 Postfix
      directories, 15 fstabs, 10 crypttabs, and a share of a YAML inventory with
      group_vars and host_vars. About 117 files per megabyte; many files carry
      findings, as real ones do. The same SCALE and seed give the same bytes.

  bench/gen.py shape NAME N OUT [--seed N]
      One input shape at size N, for growth ratios per doubling of N (bench/shapes.sh).
      `bench/gen.py shapes` lists the names.

Only the standard library; no output outside OUT.
"""

import argparse
import os
import random
import sys

MB = 1_000_000


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return len(text.encode())


def ip(rng):
    return "10.%d.%d.%d" % (rng.randrange(256), rng.randrange(256), rng.randrange(1, 255))


MIME = "types {\n" + "".join(
    "    %s %s;\n" % (t, e)
    for t, e in [
        ("text/html", "html htm shtml"),
        ("text/css", "css"),
        ("text/xml", "xml"),
        ("image/gif", "gif"),
        ("image/jpeg", "jpeg jpg"),
        ("application/javascript", "js"),
        ("application/atom+xml", "atom"),
        ("application/rss+xml", "rss"),
        ("text/plain", "txt"),
        ("image/png", "png"),
        ("image/svg+xml", "svg svgz"),
        ("image/webp", "webp"),
        ("application/json", "json"),
        ("application/pdf", "pdf"),
        ("application/zip", "zip"),
        ("font/woff2", "woff2"),
        ("video/mp4", "mp4"),
    ]
) + "}\n"


FASTCGI = "".join(
    "fastcgi_param %-17s $%s;\n" % (p.upper(), v)
    for p, v in [
        ("query_string", "query_string"),
        ("request_method", "request_method"),
        ("content_type", "content_type"),
        ("content_length", "content_length"),
        ("script_name", "fastcgi_script_name"),
        ("request_uri", "request_uri"),
        ("document_uri", "document_uri"),
        ("document_root", "document_root"),
        ("server_protocol", "server_protocol"),
        ("remote_addr", "remote_addr"),
        ("remote_port", "remote_port"),
        ("server_addr", "server_addr"),
        ("server_port", "server_port"),
        ("server_name", "server_name"),
    ]
)


def nginx_host(rng, base, host, sites):
    """One nginx host's /etc/nginx; returns bytes written."""
    d = os.path.join(base, "etc", "nginx")
    n = 0
    old_tls = rng.random() < 0.3
    n += write(
        os.path.join(d, "nginx.conf"),
        f"""# {host}: nginx
user www-data;
worker_processes auto;
pid /run/nginx.pid;

events {{
    worker_connections 1024;
}}

http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    server_tokens {"on" if rng.random() < 0.2 else "off"};

    ssl_protocols {"TLSv1 TLSv1.1 TLSv1.2" if old_tls else "TLSv1.2 TLSv1.3"};
    ssl_prefer_server_ciphers on;
    ssl_session_cache shared:SSL:10m;

    map $remote_addr $remote_addr_masked {{
        ~^(?P<net>\\d+\\.\\d+\\.\\d+)\\.  $net.0;
        default                     0.0.0.0;
    }}
    log_format masked '$remote_addr_masked - [$time_local] "$request" $status $body_bytes_sent';
    log_format full '$remote_addr - $remote_user [$time_local] "$request" $status';
    access_log /var/log/nginx/access.log masked;
    error_log /var/log/nginx/error.log;

    gzip on;
    gzip_types text/plain text/css application/json application/javascript;

    include /etc/nginx/conf.d/*.conf;
    include /etc/nginx/sites-enabled/*;
}}
""",
    )
    n += write(os.path.join(d, "mime.types"), MIME)
    n += write(os.path.join(d, "fastcgi_params"), FASTCGI)
    n += write(
        os.path.join(d, "snippets", "ssl.conf"),
        """ssl_session_timeout 1d;
ssl_session_tickets off;
add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;
add_header X-Content-Type-Options nosniff;
""",
    )
    n += write(
        os.path.join(d, "conf.d", "upstreams.conf"),
        "".join(
            f"upstream app{i} {{\n    server {ip(rng)}:{8000 + i};\n    server {ip(rng)}:{8000 + i} backup;\n    keepalive 16;\n}}\n"
            for i in range(6)
        ),
    )
    for s in range(sites):
        name = f"site{s}.{host}"
        locs = []
        for l in range(rng.randrange(35, 60)):
            kind = rng.random()
            if kind < 0.5:
                locs.append(
                    f"""    location /app{l}/ {{
        proxy_pass http://app{l % 6};
        proxy_set_header Host $host;
        proxy_set_header X-Real-IP $remote_addr;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_read_timeout 60s;
    }}
"""
                )
            elif kind < 0.7:
                locs.append(
                    f"""    location /internal{l}/ {{
        proxy_pass http://{ip(rng)}:{8080 + l}/;
        allow 10.0.0.0/8;
        deny all;
    }}
"""
                )
            elif kind < 0.85:
                locs.append(
                    f"""    location /files{l}/ {{
        alias /srv/{name}/files{l}/;
        autoindex {"on" if rng.random() < 0.3 else "off"};
        expires 7d;
    }}
"""
                )
            else:
                locs.append(
                    f"""    location ~ \\.php$ {{
        include /etc/nginx/fastcgi_params;
        fastcgi_pass unix:/run/php/php8.2-fpm.sock;
        fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
    }}
"""
                )
        log = (
            f"    access_log /var/log/nginx/{name}.log full;\n"
            if rng.random() < 0.3
            else f"    access_log /var/log/nginx/{name}.log masked;\n"
        )
        text = f"""# {name}
server {{
    listen 80;
    listen [::]:80;
    server_name {name} www.{name};

    location /.well-known/acme-challenge/ {{
        root /var/www/acme;
    }}

    location / {{
        return 301 https://$host$request_uri;
    }}
}}

server {{
    listen 443 ssl;
    listen [::]:443 ssl;
    http2 on;
    server_name {name} www.{name};
    root /srv/{name}/public;
    index index.html index.php;

    ssl_certificate     /etc/letsencrypt/live/{name}/fullchain.pem;
    ssl_certificate_key /etc/letsencrypt/live/{name}/privkey.pem;
    include /etc/nginx/snippets/ssl.conf;
{log}
    client_max_body_size 20m;

{"".join(locs)}}}
"""
        n += write(os.path.join(d, "sites-available", name + ".conf"), text)
        link = os.path.join(d, "sites-enabled", name + ".conf")
        os.makedirs(os.path.dirname(link), exist_ok=True)
        os.symlink(os.path.join("..", "sites-available", name + ".conf"), link)
    return n


def postfix_dir(rng, base, host, services):
    d = os.path.join(base, "etc", "postfix")
    nets = " ".join(f"10.{rng.randrange(256)}.0.0/16" for _ in range(rng.randrange(20, 60)))
    main = f"""# {host}: mail relay
compatibility_level = 3.6
myhostname = {host}
mydomain = example.com
myorigin = $mydomain
mydestination = $myhostname, localhost.$mydomain, localhost
mynetworks = 127.0.0.0/8 [::1]/128 {nets}
relay_domains = $mydestination
inet_interfaces = all
inet_protocols = all

smtpd_tls_cert_file = /etc/letsencrypt/live/{host}/fullchain.pem
smtpd_tls_key_file = /etc/letsencrypt/live/{host}/privkey.pem
smtpd_tls_security_level = {rng.choice(["may", "may", "encrypt", "none"])}
smtpd_tls_auth_only = yes
smtpd_tls_protocols = {rng.choice(["!SSLv2, !SSLv3", ">=TLSv1.2", "!SSLv2, !SSLv3, !TLSv1, !TLSv1.1"])}
smtpd_tls_mandatory_protocols = >=TLSv1.2
smtp_tls_security_level = {rng.choice(["may", "encrypt", "dane"])}
smtp_tls_loglevel = 1

smtpd_sasl_type = dovecot
smtpd_sasl_path = private/auth
smtpd_sasl_auth_enable = yes

smtpd_restriction_classes = strict, relaxed
strict = reject_unknown_sender_domain, reject_unauth_destination
relaxed = permit
smtpd_helo_required = yes
smtpd_client_restrictions = permit_mynetworks, reject_unknown_client_hostname
smtpd_recipient_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination
smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination

virtual_alias_maps = hash:/etc/postfix/virtual
transport_maps = hash:/etc/postfix/transport
message_size_limit = 52428800
mailbox_size_limit = 0
recipient_delimiter = +
"""
    n = write(os.path.join(d, "main.cf"), main)
    master = """# service type  private unpriv  chroot  wakeup  maxproc command + args
smtp      inet  n       -       y       -       -       smtpd
submission inet n       -       y       -       -       smtpd
  -o syslog_name=postfix/submission
  -o smtpd_tls_security_level=encrypt
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_client_restrictions=permit_sasl_authenticated,reject
pickup    unix  n       -       y       60      1       pickup
cleanup   unix  n       -       y       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       y       1000?   1       tlsmgr
rewrite   unix  -       -       y       -       -       trivial-rewrite
bounce    unix  -       -       y       -       0       bounce
defer     unix  -       -       y       -       0       bounce
trace     unix  -       -       y       -       0       bounce
verify    unix  -       -       y       -       1       verify
flush     unix  n       -       y       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       y       -       -       smtp
relay     unix  -       -       y       -       -       smtp
showq     unix  n       -       y       -       -       showq
error     unix  -       -       y       -       -       error
retry     unix  -       -       y       -       -       error
discard   unix  -       -       y       -       -       discard
local     unix  -       n       n       -       -       local
virtual   unix  -       n       n       -       -       virtual
lmtp      unix  -       -       y       -       -       lmtp
anvil     unix  -       -       y       -       1       anvil
scache    unix  -       -       y       -       1       scache
"""
    for i in range(services):
        master += f"""10.1.{i // 250}.{i % 250}:2525 inet n - y - - smtpd
  -o syslog_name=postfix/relay{i}
  -o smtpd_tls_security_level={rng.choice(["may", "encrypt"])}
  -o mynetworks=10.{i % 256}.0.0/16
"""
    n += write(os.path.join(d, "master.cf"), master)
    return n


FS = [
    ("/", "ext4", "errors=remount-ro", "1"),
    ("/boot", "ext4", "defaults,nodev,nosuid", "2"),
    ("/home", "ext4", "defaults,nodev", "2"),
    ("/var", "xfs", "defaults", "2"),
    ("/var/log", "xfs", "defaults,nodev,nosuid,noexec", "2"),
    ("/tmp", "tmpfs", "defaults,nodev,nosuid", "0"),
    ("/srv", "xfs", "defaults,noatime", "2"),
    ("/backup", "ext4", "defaults,nofail", "2"),
]


def uuid(rng):
    h = "%032x" % rng.getrandbits(128)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-8{h[17:20]}-{h[20:]}"


def fstab(rng, base, host, crypt):
    lines = [f"# {host}: file systems"]
    ct = [f"# {host}: encrypted volumes"]
    for mnt, fs, opts, p in FS:
        if crypt and mnt in ("/srv", "/backup", "/home"):
            name = mnt.strip("/") + "_crypt"
            spec = "/dev/mapper/" + name
            ct.append(f"{name}  UUID={uuid(rng)}  /etc/luks/{name}.key  luks,discard")
        elif fs == "tmpfs":
            spec = "tmpfs"
        else:
            spec = "UUID=" + uuid(rng)
        lines.append(f"{spec:44} {mnt:12} {fs:6} {opts:32} 0 {p}")
    for i in range(rng.randrange(10, 30)):
        lines.append(f"{ip(rng)}:/export/share{i}  /mnt/share{i}  nfs  defaults,_netdev  0 0")
    n = write(os.path.join(base, "etc", "fstab"), "\n".join(lines) + "\n")
    if crypt:
        n += write(os.path.join(base, "etc", "crypttab"), "\n".join(ct) + "\n")
    return n


def date(rng, y0, y1):
    return "%04d-%02d-%02d" % (rng.randrange(y0, y1 + 1), rng.randrange(1, 13), rng.randrange(1, 29))


def inventory_part(rng, part, hosts):
    """One group of the YAML inventory (text indented under all.children)."""
    role = rng.choice(["internet", "data", "backup", "internal"])
    out = [f"    group{part}:", "      vars:", f"        tom_role: {role}", "      hosts:"]
    for h in hosts:
        out.append(f"        {h}:")
        out.append(f"          ansible_host: {ip(rng)}")
        out.append(f"          tom_commissioned: {date(rng, 2018, 2026)}")
        media = rng.choice(["[local-disk, offsite-s3]", "[local-disk]", "[offsite-s3, tape]"])
        out.append(f"          tom_backup_media: {media}")
        out.append(f"          tom_last_check: {date(rng, 2025, 2026)}")
        out.append(f"          rack: r{rng.randrange(40)}-u{rng.randrange(42)}")
    return "\n".join(out) + "\n"


def repo(scale, out, seed):
    rng = random.Random(seed)
    if os.path.exists(out) and os.listdir(out):
        sys.exit(f"gen.py: {out} exists and is not empty")
    os.makedirs(out, exist_ok=True)
    write(
        os.path.join(out, "art32.toml"),
        '# Generated by bench/gen.py (run art32 with --today 2026-12-01 for stable output).\n'
        'max-file-size = 1000000000\n',
    )
    total = 0
    groups = []
    hostnum = 0
    for unit in range(scale):
        for _ in range(7):
            host = f"web{hostnum}.example.com"
            hostnum += 1
            total += nginx_host(rng, os.path.join(out, "hosts", host), host, 7)
        for _ in range(2):
            host = f"mail{hostnum}.example.com"
            hostnum += 1
            total += postfix_dir(rng, os.path.join(out, "hosts", host), host, rng.randrange(200, 400))
        for i in range(15):
            host = f"srv{hostnum}.internal"
            hostnum += 1
            total += fstab(rng, os.path.join(out, "hosts", host), host, i < 10)
        names = [f"node{unit}-{i}.example.com" for i in range(1400)]
        groups.append(inventory_part(rng, unit, names))
        for name in names[:11]:
            total += write(
                os.path.join(out, "inventory", "host_vars", name + ".yml"),
                f"tom_last_check: {date(rng, 2025, 2026)}\nntp_servers: [{ip(rng)}, {ip(rng)}]\n",
            )
    for g in ("internet", "data", "backup", "internal"):
        total += write(
            os.path.join(out, "inventory", "group_vars", g + ".yml"),
            f"tom_role: {g}\nbackup_retention_days: {rng.randrange(7, 90)}\n",
        )
    total += write(
        os.path.join(out, "inventory", "hosts.yml"),
        "# Generated inventory\nall:\n  children:\n" + "".join(groups),
    )
    print(f"{out}: {total} bytes")


# ---------------------------------------------------------------------------------
# Shapes: one input that grows with N (each doubling of N should at most double the
# time).


def shape_nginx_servers(n, out, rng):
    body = "".join(
        f"    server {{\n        listen 443 ssl;\n        server_name s{i}.example.com;\n"
        f"        ssl_certificate /etc/ssl/s{i}.pem;\n        ssl_certificate_key /etc/ssl/s{i}.key;\n"
        f"        access_log /var/log/nginx/s{i}.log;\n"
        f"        location / {{ proxy_pass http://10.0.{i // 250 % 250}.{i % 250}:8080; }}\n    }}\n"
        for i in range(n)
    )
    write(os.path.join(out, "etc/nginx/nginx.conf"), "events {}\nhttp {\n" + body + "}\n")


def shape_nginx_map(n, out, rng):
    entries = "".join(f"        10.0.{i // 250 % 250}.{i % 250} host{i};\n" for i in range(n))
    body = "".join(
        f"    server {{\n        listen 80;\n        server_name s{i}.example.com;\n"
        f"        access_log /var/log/nginx/s{i}.log masked;\n    }}\n"
        for i in range(n)
    )
    write(
        os.path.join(out, "etc/nginx/nginx.conf"),
        "events {}\nhttp {\n    map $remote_addr $masked {\n" + entries
        + "        default 0.0.0.0;\n    }\n    log_format masked '$masked $request';\n"
        + body + "}\n",
    )


def shape_nginx_log_formats(n, out, rng):
    # Each format writes the client address (a finding for each access_log);
    # `$remote_addr{i}` would be an unknown variable, which nginx refuses.
    fmts = "".join(f"    log_format f{i} 'f{i} $remote_addr $request $status';\n" for i in range(n))
    logs = "".join(f"    access_log /var/log/nginx/a{i}.log f{i};\n" for i in range(n))
    # One server inherits the N access_logs (rules judge them per server).
    server = "    server {\n        listen 80;\n        server_name s.example.com;\n    }\n"
    write(
        os.path.join(out, "etc/nginx/nginx.conf"),
        "events {}\nhttp {\n" + fmts + logs + server + "}\n",
    )


def shape_nginx_includes(n, out, rng):
    write(
        os.path.join(out, "etc/nginx/nginx.conf"),
        "events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n",
    )
    for i in range(n):
        write(
            os.path.join(out, f"etc/nginx/conf.d/s{i}.conf"),
            f"server {{\n    listen 80;\n    server_name s{i}.example.com;\n    autoindex on;\n}}\n",
        )


CHAIN = 50


def shape_nginx_include_chain(n, out, rng):
    # Chains of CHAIN files each (c0 → c1 → … → c49, c50 → …), all included from
    # nginx.conf: nested includes N files in all, within art32's 64-deep limit.
    heads = "".join(f"    include /etc/nginx/chain/c{i}.conf;\n" for i in range(0, n, CHAIN))
    write(os.path.join(out, "etc/nginx/nginx.conf"), "events {}\nhttp {\n" + heads + "}\n")
    for i in range(n):
        nxt = f"include /etc/nginx/chain/c{i + 1}.conf;\n" if i + 1 < n and (i + 1) % CHAIN else ""
        write(
            os.path.join(out, f"etc/nginx/chain/c{i}.conf"),
            f"server {{ listen 80; server_name s{i}.example.com; autoindex on; }}\n{nxt}",
        )


def shape_nginx_one_line(n, out, rng):
    body = "".join(
        f"server {{ listen 443 ssl; server_name s{i}.example.com; autoindex on; }} " for i in range(n)
    )
    write(os.path.join(out, "etc/nginx/nginx.conf"), "events {} http { " + body + "}\n")


def shape_inventory_groups(n, out, rng):
    groups = max(1, n // 50)
    lines = []
    for g in range(groups):
        lines.append(f"[group{g}]")
        for i in range(g, n, groups):
            lines.append(f"host{i}.example.com tom_commissioned={date(rng, 2018, 2026)} tom_role=internet")
        lines.append("")
    lines.append("[all:children]")
    lines.extend(f"group{g}" for g in range(groups))
    write(os.path.join(out, "inventory/hosts"), "\n".join(lines) + "\n")


def shape_inventory_yaml_groups(n, out, rng):
    # N hosts in N/50 groups, each group with its vars and a child group of all.
    groups = max(1, n // 50)
    lines = ["all:", "  children:"]
    for g in range(groups):
        role = ("internet", "data", "backup", "internal")[g % 4]
        lines += [f"    group{g}:", "      vars:", f"        tom_role: {role}", "      hosts:"]
        for i in range(g, n, groups):
            lines += [
                f"        host{i}.example.com:",
                f"          ansible_host: 10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}",
                f"          tom_commissioned: {date(rng, 2018, 2026)}",
                "          tom_backup_media: [local-disk]",
            ]
    write(os.path.join(out, "inventory/hosts.yml"), "\n".join(lines) + "\n")


def shape_postfix_chains(n, out, rng):
    lines = ["compatibility_level = 3.6", "p0 = 10.0.0.0/8"]
    for i in range(1, n):
        lines.append(f"p{i} = $p{i - 1} 10.{i % 256}.0.0/16")
    lines.append(f"mynetworks = $p{n - 1}")
    lines.append("smtpd_tls_security_level = may")
    write(os.path.join(out, "etc/postfix/main.cf"), "\n".join(lines) + "\n")


def shape_postfix_master(n, out, rng):
    nets = " ".join(f"10.{i // 256 % 256}.{i % 256}.0/24" for i in range(n))
    write(
        os.path.join(out, "etc/postfix/main.cf"),
        f"compatibility_level = 3.6\nmynetworks = {nets}\nsmtpd_tls_security_level = may\n"
        "smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\n",
    )
    master = "".join(
        f"10.1.{i // 250 % 250}.{i % 250}:25 inet n - y - - smtpd\n  -o syslog_name=s{i}\n"
        for i in range(n)
    )
    write(os.path.join(out, "etc/postfix/master.cf"), master)


def shape_postfix_classes(n, out, rng):
    classes = ", ".join(f"c{i}" for i in range(n))
    defs = "".join(f"c{i} = permit_mynetworks, check_sender_access hash:/etc/postfix/s{i}\n" for i in range(n))
    write(
        os.path.join(out, "etc/postfix/main.cf"),
        f"compatibility_level = 3.6\nsmtpd_restriction_classes = {classes}\n{defs}"
        f"smtpd_relay_restrictions = {classes}, reject_unauth_destination\n",
    )
    master = "".join(f"10.2.{i // 250 % 250}.{i % 250}:25 inet n - y - - smtpd\n" for i in range(n))
    write(os.path.join(out, "etc/postfix/master.cf"), master)


def shape_fstab_lines(n, out, rng):
    lines = "".join(
        f"/dev/sdb{i}  /srv/data{i}  ext4  defaults,noatime  0  2\n" for i in range(n)
    )
    write(os.path.join(out, "etc/fstab"), lines)


def shape_fstab_options(n, out, rng):
    opts = ",".join(f"x-opt{i}" for i in range(n))
    write(os.path.join(out, "etc/fstab"), f"UUID={uuid(rng)} /tmp ext4 defaults,{opts} 0 2\n")


def shape_csv(n, out, rng):
    rows = ["hostname,tom_role,tom_commissioned,tom_backup_media"]
    rows.extend(f"h{i}.example.com,internet,{date(rng, 2018, 2026)},local-disk" for i in range(n))
    write(os.path.join(out, "inventory/assets.csv"), "\n".join(rows) + "\n")


SHAPES = {
    "nginx-servers": shape_nginx_servers,
    "nginx-map": shape_nginx_map,
    "nginx-log-formats": shape_nginx_log_formats,
    "nginx-includes": shape_nginx_includes,
    "nginx-include-chain": shape_nginx_include_chain,
    "nginx-one-line": shape_nginx_one_line,
    "inventory-groups": shape_inventory_groups,
    "inventory-yaml-groups": shape_inventory_yaml_groups,
    "postfix-chains": shape_postfix_chains,
    "postfix-master": shape_postfix_master,
    "postfix-classes": shape_postfix_classes,
    "fstab-lines": shape_fstab_lines,
    "fstab-options": shape_fstab_options,
    "inventory-csv": shape_csv,
}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("repo")
    r.add_argument("scale", type=int)
    r.add_argument("out")
    r.add_argument("--seed", type=int, default=14)
    s = sub.add_parser("shape")
    s.add_argument("name", choices=sorted(SHAPES))
    s.add_argument("n", type=int)
    s.add_argument("out")
    s.add_argument("--seed", type=int, default=14)
    sub.add_parser("shapes")
    a = p.parse_args()
    if a.cmd == "repo":
        repo(a.scale, a.out, a.seed)
    elif a.cmd == "shapes":
        print("\n".join(sorted(SHAPES)))
    else:
        os.makedirs(a.out, exist_ok=True)
        write(os.path.join(a.out, "art32.toml"), 'max-file-size = 1000000000\n')
        SHAPES[a.name](a.n, a.out, random.Random(a.seed))


if __name__ == "__main__":
    main()
