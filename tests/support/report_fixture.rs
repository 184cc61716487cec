//! A `TomReport` for the renderers' tests, built by hand (not by `report::build`): every
//! status, a remark, needed evidence, findings and suppressed ones, a current and an
//! overdue attestation, unread files, and hostile text from a repository (`|`, `<script>`,
//! backticks, `&`, a line break in a message, a very long path).

use art32::report::{
    AttestationRef, FindingRef, Header, ItemReport, RuleResult, SectionRef, Status, Summary,
    SuppressedRef, TomReport,
};

/// The id of every item the fixture holds, in its order.
pub const ITEM_IDS: [&str; 7] = ["2.a.i", "2.a.ii", "2.b.ii", "4.a", "6.a", "8.c", "9.d"];

/// The evidence URL of the current attestation (the only external link but rule pages).
pub const EVIDENCE_URL: &str = "https://intranet.example.org/tom/review-2026.pdf?a=1&b=2";

fn s(text: &str) -> String {
    text.to_string()
}

fn section(id: &str, de: &str, en: &str) -> SectionRef {
    SectionRef {
        id: s(id),
        de: s(de),
        en: s(en),
    }
}

fn finding(rule: &str, path: &str, line: usize, message: &str, source_line: &str) -> FindingRef {
    FindingRef {
        rule: s(rule),
        severity: s("error"),
        path: s(path),
        line,
        column: 5,
        message: s(message),
        source_line: s(source_line),
        doc_url: doc(rule),
    }
}

/// The page of a rule built into art32, as `report::build` gives it; none for the
/// fixture's repository rules.
fn doc(id: &str) -> Option<String> {
    let registry = art32::rules::Registry::load(&art32::config::Config::default_config())
        .expect("built-in rules compile");
    registry
        .get(id)
        .filter(|r| r.is_builtin())
        .map(|r| art32::rules::doc_url(&r.id))
}

fn rule(id: &str, title: &str, kind: &str, files: &[&str]) -> RuleResult {
    RuleResult {
        id: s(id),
        title: s(title),
        severity: s("error"),
        kind: s(kind),
        files: files.iter().map(|f| s(f)).collect(),
        doc_url: doc(id),
        findings: Vec::new(),
        suppressed: Vec::new(),
    }
}

fn item(id: &str, de: &str, en: &str, sections: Vec<SectionRef>, kind: &str) -> ItemReport {
    ItemReport {
        id: s(id),
        de: s(de),
        en: s(en),
        sections,
        kind: s(kind),
        status: Status::Kept,
        reason: String::new(),
        remark: None,
        needed: Vec::new(),
        rules: Vec::new(),
        attestation: None,
    }
}

/// A path of more than 300 characters, to show that it wraps instead of widening a page.
pub fn long_path() -> String {
    format!(
        "roles/webserver/files/{}/sites-enabled/shop.conf",
        "very-long-directory-name".repeat(12)
    )
}

pub fn report() -> TomReport {
    let encryption = section("2", "Verschlüsselung", "Encryption");
    let hosting = section("2.a", "Hosting", "Hosting");
    let internal = section(
        "2.b",
        "Interne Datenverarbeitung",
        "Internal data processing",
    );

    // broken, with hostile text from the repository and a suppressed finding.
    let mut web = item(
        "2.a.i",
        "Die Kommunikation mit Internetpräsenzen auf den von uns betriebenen Servern ist \
         grundsätzlich per SSL/TLS verschlüsselt. Jede Internetpräsenz ist standardmäßig mit \
         einem aktuellen Zertifikat einer anerkannten Ausgabestelle versehen.",
        "Web traffic to hosted sites is TLS-encrypted",
        vec![encryption.clone(), hosting.clone()],
        "technical",
    );
    web.status = Status::Broken;
    web.reason = s("2 findings of nginx.tls-protocols, nginx.hsts");
    let hostile_path = "sites/<script>alert(1)</script>|a*b*.conf";
    let mut protocols = rule(
        "nginx.tls-protocols",
        "Only TLS 1.2 and 1.3 are enabled",
        "nginx",
        &["etc/nginx/nginx.conf", hostile_path],
    );
    protocols.findings.push(finding(
        "nginx.tls-protocols",
        hostile_path,
        3,
        "server allows `TLSv1` | `TLSv1.1` & <b>more</b>\nsecond line *here*",
        "    ssl_protocols TLSv1 TLSv1.1; # ``` `x` <script>alert(2)</script>",
    ));
    protocols.suppressed.push(SuppressedRef {
        finding: finding(
            "nginx.tls-protocols",
            "etc/nginx/legacy.conf",
            12,
            "server allows `TLSv1`",
            "ssl_protocols TLSv1 TLSv1.2;",
        ),
        kind: s("inline"),
        justification: s("legacy POS terminals | until 2026-12 <see ticket #42>"),
    });
    let mut hsts = rule(
        "nginx.hsts",
        "HTTPS servers send Strict-Transport-Security",
        "nginx",
        &[&long_path()],
    );
    hsts.findings.push(finding(
        "nginx.hsts",
        &long_path(),
        1,
        "server `shop.example.org` sends no `Strict-Transport-Security` header",
        "server {",
    ));
    web.rules = vec![protocols, hsts];

    // kept.
    let mut mail = item(
        "2.a.ii",
        "Der ausgehende E-Mailverkehr über den SMTP-Server ist zwischen absendendem \
         E-Mailprogramm und unserem Server per SSL/TLS verschlüsselt.",
        "Mail submission from client to SMTP server is TLS-encrypted",
        vec![encryption.clone(), hosting],
        "technical",
    );
    mail.reason = s("every rule mapped to it ran on at least one file and found nothing");
    mail.rules = vec![
        rule(
            "postfix.submission-tls",
            "Submission requires TLS",
            "postfix",
            &["etc/postfix/main.cf", "etc/postfix/master.cf"],
        ),
        rule(
            "postfix.auth-tls-only",
            "Passwords are accepted only over TLS",
            "postfix",
            &["etc/postfix/main.cf"],
        ),
    ];

    // not verified: its rule read no file.
    let mut access = item(
        "2.b.ii",
        "Alle Datenverarbeitungsanlagen sind durch persönliche Zugangsdaten gesichert.",
        "Data-bearing systems secured by personal access credentials",
        vec![encryption, internal],
        "technical",
    );
    access.status = Status::NotVerified;
    access.reason = s("no fstab in the repository: the rule of this item reads fstab files");
    access.needed = vec![s("an fstab file (`etc/fstab`) for fstab.mount-options")];
    access.rules = vec![rule(
        "fstab.mount-options",
        "Mounts carry the options their data needs",
        "fstab",
        &[],
    )];

    // kept by the rules of its heading, with a remark: the sentence promises nothing.
    let mut integrity = item(
        "4.a",
        "Die Integrität unserer Mitarbeiter steht außer Frage!",
        "Integrity of staff is beyond question",
        vec![section(
            "4",
            "Gewährleistung der Integrität",
            "Ensuring integrity",
        )],
        "organisational",
    );
    integrity.reason = s("every rule mapped to its heading ran and found nothing");
    integrity.remark = Some(s(
        "The sentence speaks of staff; the rules under \"ensuring integrity\" check \
         configuration & files.",
    ));
    integrity.rules = vec![rule(
        "acme.config-checksums",
        "Configuration files carry a checksum",
        "nginx",
        &["etc/nginx/nginx.conf"],
    )];

    // not verified: technical, no rule exists.
    let mut capacity = item(
        "6.a",
        "Die Systeme sind bedarfsgerecht dimensioniert und verfügen über ausreichende \
         Reserven.",
        "Systems dimensioned for demand with sufficient reserves",
        vec![section(
            "6",
            "Gewährleistung der Belastbarkeit der Systeme",
            "Ensuring resilience of systems",
        )],
        "technical",
    );
    capacity.status = Status::NotVerified;
    capacity.reason = s("no rule checks this item yet");
    capacity.needed = vec![
        s("monitoring data on load and capacity"),
        s("an attestation in art32.toml ([[attest]] with tom = \"6.a\")"),
    ];

    let review = section(
        "8",
        "Verfahren regelmäßiger Überprüfung, Bewertung und Evaluierung der Wirksamkeit der \
         technischen und organisatorischen Maßnahmen",
        "Regular testing, assessment and evaluation of the effectiveness of the measures",
    );
    // attested, evidence a URL.
    let mut yearly = item(
        "8.c",
        "Organisatorische Abläufe werden mindestens einmal pro Jahr vollständig überprüft, \
         bewertet und falls erforderlich angepasst.",
        "Organisational processes reviewed at least annually",
        vec![review],
        "organisational",
    );
    yearly.status = Status::Attested;
    yearly.reason = s("attested by Erika Mustermann on 2026-03-01, valid until 2027-02-28");
    yearly.attestation = Some(AttestationRef {
        by: s("Erika Mustermann (DSB)"),
        date: s("2026-03-01"),
        evidence: s(EVIDENCE_URL),
        valid_for: s("1y"),
        valid_until: s("2027-02-28"),
        overdue: false,
    });

    // attestation overdue, evidence a path; a `javascript:` evidence is not linked.
    let mut restart = item(
        "9.d",
        "Wiederanlaufkonzept",
        "Recovery (restart) concept",
        vec![section(
            "9",
            "Interne schriftliche Anweisungen und Dokumentationen",
            "Internal written instructions and documentation",
        )],
        "organisational",
    );
    restart.status = Status::AttestationOverdue;
    restart.reason = s("the attestation of 2024-05-02 ran out on 2025-05-01");
    restart.needed = vec![s("a new attestation in art32.toml")];
    restart.attestation = Some(AttestationRef {
        by: s("Max <admin@example.org> & team"),
        date: s("2024-05-02"),
        evidence: s("docs/Wiederanlauf `v2`.pdf"),
        valid_for: s("1y"),
        valid_until: s("2025-05-01"),
        overdue: true,
    });
    let mut overdue = finding(
        "art32.attestation-overdue",
        "art32.toml",
        14,
        "attestation of `9.d` ran out on 2025-05-01",
        "[[attest]]",
    );
    overdue.severity = s("warning");
    let mut attest_rule = rule(
        "art32.attestation-overdue",
        "Attestations are renewed in time",
        "config",
        &["art32.toml"],
    );
    attest_rule.severity = s("warning");
    attest_rule.findings.push(overdue);
    restart.rules = vec![attest_rule];

    let items = vec![web, mail, access, integrity, capacity, yearly, restart];
    let count = |st: Status| items.iter().filter(|i| i.status == st).count();
    let summary = Summary {
        kept: count(Status::Kept),
        broken: count(Status::Broken),
        not_verified: count(Status::NotVerified),
        attested: count(Status::Attested),
        attestation_overdue: count(Status::AttestationOverdue),
        technical: 4,
        technical_with_rules: 3,
        technical_verified: 2,
    };
    let mut skipped = finding(
        "skipped-file",
        "etc/nginx/huge.conf",
        1,
        "file is larger than `max-file-size` (1048576 bytes): not checked",
        "",
    );
    skipped.severity = s("note");
    let unread = vec![
        finding(
            "parse-error",
            "etc/nginx/conf.d/<b>bad</b>.conf",
            7,
            "unexpected `}`",
            "}} `oops`",
        ),
        skipped,
    ];
    TomReport {
        report_version: 1,
        header: Header {
            repository: s("examples/demo-infra"),
            commit: Some(s("0123456789abcdef0123456789abcdef01234567")),
            today: s("2026-06-01"),
            art32_version: s("0.1.0"),
            catalogue: s("Technische und organisatorische Maßnahmen gem. Art. 32 Abs. 1 DSGVO"),
            catalogue_path: s("rules/tom.toml"),
            tls_profile: s("bsi-tr-02102-2 (BSI TR-02102-2)"),
            files_checked: 12,
        },
        summary,
        items,
        unread,
    }
}
