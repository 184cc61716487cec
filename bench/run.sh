#!/bin/sh
# bench/run.sh — times the release binary on huge inputs (issue 7: run time must grow
# linearly with input size).
#
# Builds target/release/art32, writes for each format asked for a file of SIZE_MB
# megabytes in two shapes — `short` (many short lines) and `long` (one long line) —
# each in its own directory with an art32.toml that raises `max-file-size`, and times
# `art32 lint` on it: with the default human output and with `--format json`, both to
# /dev/null. With hyperfine installed it reports hyperfine's mean of RUNS runs; with
# GNU time (/usr/bin/time) the peak memory too, in MiB and in bytes per input byte
# (the figure docs/security.md states); else the shell's `time`. A run is
# stopped after TIMEOUT seconds (shown as `timeout`).
#
# Usage (from anywhere in the repository):
#
#   bench/run.sh                       # fstab, nginx, postfix-main, inventory-ini at 50 MB
#   bench/run.sh nginx fstab           # only these formats
#   SIZE_MB=5 bench/run.sh             # smaller files (run it at 5 and 50 to see the ratio)
#
# Formats: fstab crypttab nginx postfix-main postfix-master inventory-ini inventory-csv.
# Environment: SIZE_MB (50), TIMEOUT (seconds a run may take, 300), RUNS (hyperfine runs,
# 3), KEEP=1 keeps the generated files (their directory is printed).
#
# `cargo bench --bench throughput` measures every format and stage in-process, with
# 5→50 MB ratios; this script checks what a user runs, end to end.
set -eu

cd "$(dirname "$0")/.."
SIZE_MB=${SIZE_MB:-50}
TIMEOUT=${TIMEOUT:-300}
RUNS=${RUNS:-3}
if [ "$#" -gt 0 ]; then
    FORMATS="$*"
else
    FORMATS="fstab nginx postfix-main inventory-ini"
fi

cargo build --release --locked --quiet
BIN="$PWD/target/release/art32"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/art32-bench.XXXXXX")
if [ "${KEEP:-}" = 1 ]; then
    echo "inputs kept in $TMP"
else
    trap 'rm -rf "$TMP"' EXIT INT TERM
fi
BYTES=$((SIZE_MB * 1000000))

# gen FORMAT SHAPE: prints about BYTES bytes of FORMAT in SHAPE on stdout; many lines
# carry a finding, as a hostile or merely huge repository would.
gen() {
    awk -v fmt="$1" -v shape="$2" -v bytes="$BYTES" 'BEGIN {
        n = 0
        if (fmt == "fstab" && shape == "short") {
            for (i = 0; n < bytes; i++) {
                s = sprintf("/dev/sdb%d  /srv/data%d  ext4  defaults,noatime  0  2\n", i, i)
                printf "%s", s; n += length(s)
            }
        } else if (fmt == "fstab") {
            s = "UUID=9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d /tmp ext4 defaults"
            printf "%s", s; n += length(s)
            for (i = 0; n < bytes; i++) { s = sprintf(",x-opt%d", i); printf "%s", s; n += length(s) }
            print " 0 2"
        } else if (fmt == "crypttab" && shape == "short") {
            for (i = 0; n < bytes; i++) {
                s = sprintf("data%d_crypt  UUID=6a5b4c3d-2e1f-4a0b-9c8d-%012x  /etc/luks/data%d.key  luks,discard\n", i, i, i)
                printf "%s", s; n += length(s)
            }
        } else if (fmt == "crypttab") {
            s = "data_crypt UUID=6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d /etc/luks/data.key luks"
            printf "%s", s; n += length(s)
            for (i = 0; n < bytes; i++) { s = sprintf(",x-opt%d", i); printf "%s", s; n += length(s) }
            print ""
        } else if (fmt == "nginx") {
            nl = (shape == "short") ? "\n" : " "
            printf "http {%s ssl_protocols TLSv1 TLSv1.1 TLSv1.2;%s server_tokens on;%s", nl, nl, nl
            for (i = 0; n < bytes; i++) {
                s = sprintf("server {%s listen 443 ssl;%s server_name s%d.example.com;%s ssl_certificate /etc/ssl/s%d.pem;%s ssl_certificate_key /etc/ssl/s%d.key;%s location /app/ {%s proxy_pass http://10.0.%d.%d:8080;%s autoindex on;%s }%s}%s", nl, nl, i, nl, i, nl, i, nl, nl, int(i / 250) % 250, i % 250, nl, nl, nl, nl, nl)
                printf "%s", s; n += length(s)
            }
            print "}"
        } else if (fmt == "postfix-main" && shape == "short") {
            print "compatibility_level = 3.6\nmyhostname = mail.example.com"
            for (i = 0; n < bytes; i++) {
                s = sprintf("custom_%d = value%d, $myhostname\n    more%d\n", i, i, i)
                if (i % 100 == 0) s = s sprintf("mynetworks = 10.%d.%d.0/24\n", int(i / 25600) % 256, int(i / 100) % 256)
                printf "%s", s; n += length(s)
            }
        } else if (fmt == "postfix-main") {
            s = "mynetworks = 127.0.0.0/8"
            printf "%s", s; n += length(s)
            for (i = 0; n < bytes; i++) {
                s = sprintf(" 10.%d.%d.%d/32", int(i / 65536) % 256, int(i / 256) % 256, i % 256)
                printf "%s", s; n += length(s)
            }
            print ""
        } else if (fmt == "postfix-master" && shape == "short") {
            for (i = 0; n < bytes; i++) {
                s = sprintf("relay%d    unix  -       -       y       -       -       smtp\n  -o smtp_tls_security_level=none\n", i)
                printf "%s", s; n += length(s)
            }
        } else if (fmt == "postfix-master") {
            s = "submission inet n - y - - smtpd -o smtpd_tls_security_level=none"
            printf "%s", s; n += length(s)
            for (i = 0; n < bytes; i++) { s = sprintf(" -o custom_%d=value%d", i, i); printf "%s", s; n += length(s) }
            print ""
        } else if (fmt == "inventory-ini" && shape == "short") {
            for (i = 0; n < bytes; i++) {
                s = ""
                if (i % 100 == 0) s = sprintf("[g%d:vars]\ntom_role=internet\n\n[g%d]\n", i / 100, i / 100)
                s = s sprintf("h%d.example.com ansible_host=10.%d.%d.%d tom_commissioned=2019-05-06 tom_backup_media=disk,tape\n", i, int(i / 65536) % 256, int(i / 256) % 256, i % 256)
                printf "%s", s; n += length(s)
            }
        } else if (fmt == "inventory-ini") {
            s = "h0.example.com tom_commissioned=2019-05-06"
            printf "%s", s; n += length(s)
            for (i = 0; n < bytes; i++) { s = sprintf(" v%d=x%d", i, i); printf "%s", s; n += length(s) }
            print ""
        } else if (fmt == "inventory-csv" && shape == "short") {
            print "hostname,tom_role,tom_commissioned,tom_backup_media,tom_last_check"
            for (i = 0; n < bytes; i++) {
                s = sprintf("h%d.example.com,internet,2019-05-06,\"disk, tape\",2026-11-20\n", i)
                printf "%s", s; n += length(s)
            }
        } else if (fmt == "inventory-csv") {
            # Two long lines: the header and one row.
            printf "hostname"; n = 8
            for (i = 0; n < bytes / 2; i++) { s = sprintf(",c%d", i); printf "%s", s; n += length(s) }
            printf "\nh0.example.com"
            for (j = 0; j < i; j++) printf ",v%d", j
            print ""
        } else {
            print "unknown format " fmt > "/dev/stderr"; exit 2
        }
    }'
}

# Where each format's file goes, so that the default globs claim it.
path_of() {
    case "$1" in
    fstab) echo etc/fstab ;;
    crypttab) echo etc/crypttab ;;
    nginx) echo etc/nginx/nginx.conf ;;
    postfix-main) echo etc/postfix/main.cf ;;
    postfix-master) echo etc/postfix/master.cf ;;
    inventory-ini) echo inventory/hosts.ini ;;
    inventory-csv) echo inventory/assets.csv ;;
    *) echo "unknown format $1" >&2; exit 2 ;;
    esac
}

# measure LABEL DIR ARGS...: times `art32 lint DIR ARGS...`.
measure() {
    label=$1
    dir=$2
    shift 2
    if command -v hyperfine >/dev/null 2>&1; then
        hyperfine --runs "$RUNS" --ignore-failure --style basic --export-json "$TMP/h.json" \
            "timeout $TIMEOUT $BIN lint --today 2026-11-26 $dir $*" >/dev/null 2>&1 || true
        mean=$(sed -n 's/.*"mean": *\([0-9.]*\).*/\1/p' "$TMP/h.json" | head -n 1)
        printf '%-28s %8.2f s mean of %s\n' "$label" "$mean" "$RUNS"
    fi
    if [ -x /usr/bin/time ] && /usr/bin/time -f %e true >/dev/null 2>&1; then
        status=0
        /usr/bin/time -f '%e %M' -o "$TMP/time" \
            timeout "$TIMEOUT" "$BIN" lint --today 2026-11-26 "$dir" "$@" >/dev/null 2>"$TMP/err" || status=$?
        # GNU time puts "Command exited with non-zero status N" first when it is not 0.
        read -r secs kib <<EOF_
$(tail -n 1 "$TMP/time")
EOF_
        # Peak memory per input byte: the figure docs/security.md states.
        per_byte=$(awk -v k="$kib" -v b="$BYTES" 'BEGIN { printf "%.1f", k * 1024 / b }')
        report "$label" "$status" "$secs" "$((kib / 1024)) MiB peak, $per_byte bytes per input byte"
    else
        start=$(date +%s.%N)
        status=0
        timeout "$TIMEOUT" "$BIN" lint --today 2026-11-26 "$dir" "$@" >/dev/null 2>"$TMP/err" || status=$?
        end=$(date +%s.%N)
        report "$label" "$status" "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')" ""
    fi
}

# report LABEL STATUS SECONDS EXTRA: exit status 0 or 1 is a finished lint.
report() {
    mbps=$(awk -v b="$BYTES" -v s="$3" 'BEGIN { if (s > 0) printf "%.1f", b / 1e6 / s; else print "-" }')
    case "$2" in
    0 | 1) printf '%-28s %8s s %7s MB/s  %s\n' "$1" "$3" "$mbps" "$4" ;;
    124 | 137) printf '%-28s  timeout after %s s\n' "$1" "$TIMEOUT" ;;
    *) printf '%-28s  failed (exit %s): %s\n' "$1" "$2" "$(tail -n 1 "$TMP/err")" ;;
    esac
}

echo "art32 lint on $SIZE_MB MB inputs ($BIN)"
for fmt in $FORMATS; do
    for shape in short long; do
        dir="$TMP/$fmt-$shape"
        file="$dir/$(path_of "$fmt")"
        mkdir -p "$(dirname "$file")"
        echo "max-file-size = 1000000000" >"$dir/art32.toml"
        gen "$fmt" "$shape" >"$file"
        lines=$(wc -l <"$file")
        echo "== $fmt, $shape: $(wc -c <"$file") bytes, $lines newlines"
        measure "$fmt $shape human" "$dir"
        measure "$fmt $shape json" "$dir" --format json
        [ "${KEEP:-}" = 1 ] || rm -f "$file"
    done
done
