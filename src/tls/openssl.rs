//! OpenSSL 3 cipher strings, evaluated as `SSL_CTX_set_cipher_list` and
//! `SSL_CTX_set_ciphersuites` evaluate them: which TLS 1.2-and-below suites a string such
//! as `HIGH:!aNULL:!MD5` enables, in which order, and which TLS 1.3 suites a
//! `Ciphersuites` value enables.
//!
//! The facts (suite table, alias table, the preference order built before a string is
//! read, the grammar) are OpenSSL's: `ssl/s3_lib.c` (`ssl3_ciphers`), `ssl/ssl_ciph.c`
//! (`cipher_aliases`, `ssl_create_cipher_list`, `ssl_cipher_process_rulestr`,
//! `ssl_cipher_apply_rule`, `ssl_cipher_strength_sort`, `set_ciphersuites`),
//! `ssl/t1_lib.c` (`ssl_security_default_callback`), `doc/man1/openssl-ciphers.pod`.
//! The oracle is OpenSSL 3.0 as Debian builds it (no `enable-weak-ssl-ciphers`), with
//! only the default provider loaded (`OPENSSL_CONF=/dev/null`): `tests/ciphers_openssl.rs`
//! compares this module with `openssl ciphers -v` on several hundred strings.

use std::fmt;

/// Where OpenSSL 3 can use a suite. Only [`Availability::Default`] suites take part in an
/// expansion; the others are in the table so that a configuration naming them can be
/// recognised (`suite_by_name`) and judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Availability {
    /// Compiled in, and its algorithms are in the default provider.
    Default,
    /// Compiled in, but its cipher (SEED) is only in the legacy provider, which a default
    /// configuration does not load: `ssl_load_ciphers` disables it.
    LegacyProvider,
    /// Compiled only with `enable-weak-ssl-ciphers` (3DES and RC4 suites), which neither
    /// OpenSSL's default build nor the distributions use.
    WeakCiphersBuild,
    /// Known to OpenSSL before 1.1.0 (export, single DES, IDEA); gone since.
    Removed,
    /// GOST suites: need a GOST engine or provider.
    GostEngine,
}

use Availability as Avail;

/// A TLS 1.2-and-below cipher suite, with the columns `openssl ciphers -v` prints.
#[derive(Debug, PartialEq, Eq)]
pub struct Suite {
    /// The 2-byte code point (`0xC02F`).
    pub id: u16,
    /// OpenSSL's name (`ECDHE-RSA-AES128-GCM-SHA256`).
    pub name: &'static str,
    /// The IANA (RFC) name (`TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`).
    pub iana: &'static str,
    /// The lowest protocol the suite can be used with, as `openssl ciphers -v` prints it:
    /// `SSLv3`, `TLSv1`, `TLSv1.2`.
    pub protocol: &'static str,
    /// Key exchange, as the `Kx=` column: `RSA`, `DH`, `ECDH`, `PSK`, `DHEPSK`, …
    pub kx: &'static str,
    /// Authentication, as the `Au=` column: `RSA`, `ECDSA`, `DSS`, `PSK`, `None`, …
    pub au: &'static str,
    /// Encryption, as the `Enc=` column: `AESGCM(128)`, `CHACHA20/POLY1305(256)`, `None`, …
    pub enc: &'static str,
    /// MAC, as the `Mac=` column: `AEAD`, `SHA1`, `SHA256`, `SHA384`, `MD5`, …
    pub mac: &'static str,
    /// Effective symmetric strength (112 for 3DES).
    pub strength_bits: u16,
    /// Key size of the symmetric cipher (168 for 3DES).
    pub alg_bits: u16,
    mkey: u32,
    auth: u32,
    cipher: u32,
    digest: u32,
    min_tls: u16,
    strength: u32,
    availability: Availability,
}

impl Suite {
    /// Where OpenSSL 3 can use this suite.
    pub fn availability(&self) -> Availability {
        self.availability
    }

    /// Does its key exchange need a pre-shared key or an SRP verifier (`kPSK`, `kRSAPSK`,
    /// `kECDHEPSK`, `kDHEPSK`, `kSRP`)?
    pub fn needs_psk_or_srp(&self) -> bool {
        self.mkey & (K_ANY_PSK | K_SRP.bit) != 0
    }
}

/// A TLS 1.3 cipher suite.
#[derive(Debug, PartialEq, Eq)]
pub struct Suite13 {
    pub id: u16,
    pub iana: &'static str,
    /// As the `Enc=` column of `openssl ciphers -v`.
    pub enc: &'static str,
    pub strength_bits: u16,
}

/// OpenSSL 3's TLS 1.3 suites, in the order of `tls13_ciphers` in `ssl/s3_lib.c`.
pub static TLS13_SUITES: [Suite13; 5] = [
    Suite13 {
        id: 0x1301,
        iana: "TLS_AES_128_GCM_SHA256",
        enc: "AESGCM(128)",
        strength_bits: 128,
    },
    Suite13 {
        id: 0x1302,
        iana: "TLS_AES_256_GCM_SHA384",
        enc: "AESGCM(256)",
        strength_bits: 256,
    },
    Suite13 {
        id: 0x1303,
        iana: "TLS_CHACHA20_POLY1305_SHA256",
        enc: "CHACHA20/POLY1305(256)",
        strength_bits: 256,
    },
    Suite13 {
        id: 0x1304,
        iana: "TLS_AES_128_CCM_SHA256",
        enc: "AESCCM(128)",
        strength_bits: 128,
    },
    Suite13 {
        id: 0x1305,
        iana: "TLS_AES_128_CCM_8_SHA256",
        enc: "AESCCM8(128)",
        strength_bits: 128,
    },
];

/// OpenSSL 3's TLS 1.3 suites when nothing sets them (`TLS_DEFAULT_CIPHERSUITES`,
/// `include/openssl/ssl.h.in`).
pub const DEFAULT_TLS13: &str =
    "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256";

/// What `DEFAULT` stands for at the start of a string (`OSSL_default_cipher_list`,
/// `ssl/ssl_ciph.c`).
pub const DEFAULT_CIPHER_LIST: &str = "ALL:!COMPLEMENTOFDEFAULT:!eNULL";

/// The TLS 1.2-and-below suites a cipher string enables, in OpenSSL's order, and the
/// security level the string sets with `@SECLEVEL=n`, if it does (the last one wins).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expansion {
    pub suites: Vec<&'static Suite>,
    pub seclevel: Option<u8>,
}

impl Expansion {
    /// The suites that survive security level `level` (levels above 5 count as 5), as
    /// `openssl ciphers -s -psk -srp` keeps them: the cipher part of
    /// `ssl_security_default_callback` (`ssl/t1_lib.c`). Level 0 keeps everything; from 1
    /// on no suite below 80/112/128/192/256 bits, none without authentication (`aNULL`)
    /// and none with an MD5 MAC; from 3 on only forward-secret key exchange; at 4 and 5
    /// no SHA1 MAC (a SHA1 HMAC counts as 160 bits). Not modelled: what the signature
    /// algorithms and certificates allow, which `ssl_set_client_disabled` adds.
    pub fn at_seclevel(&self, level: u8) -> Vec<&'static Suite> {
        let level = level.min(5);
        if level == 0 {
            return self.suites.clone();
        }
        let min_bits: u16 = [0, 80, 112, 128, 192, 256][usize::from(level)];
        let pfs = K_DHE.bit | K_ECDHE.bit | K_DHEPSK.bit | K_ECDHEPSK.bit;
        self.suites
            .iter()
            .copied()
            .filter(|s| {
                s.strength_bits >= min_bits
                    && s.auth & A_NULL.bit == 0
                    && s.digest & M_MD5.bit == 0
                    && !(min_bits > 160 && s.digest & M_SHA1.bit != 0)
                    && !(level >= 3 && s.mkey & pfs == 0)
            })
            .collect()
    }
}

/// Why OpenSSL would reject a cipher string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CipherErrorKind {
    /// The string is valid but enables no TLS 1.2-and-below suite (`no cipher match`).
    NoCipherMatch,
    /// A character that is neither a separator, an operator nor part of a name, or an
    /// `@` command other than `@STRENGTH` and `@SECLEVEL=0`…`5` (`invalid command`).
    /// `offset` is the byte offset of the first one in the string.
    InvalidCommand { offset: usize },
    /// A `Ciphersuites` value that names no suite OpenSSL knows (`no cipher match`).
    NoTls13CipherMatch,
}

/// A cipher string OpenSSL would refuse; the string is kept (shortened past 80 bytes) for
/// the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CipherError {
    pub kind: CipherErrorKind,
    pub rule: String,
}

impl CipherError {
    fn new(kind: CipherErrorKind, rule: &str) -> Self {
        const KEEP: usize = 80;
        let rule = if rule.len() > KEEP {
            let mut end = KEEP;
            while !rule.is_char_boundary(end) {
                end -= 1;
            }
            format!("{}…", &rule[..end])
        } else {
            rule.to_string()
        };
        CipherError { kind, rule }
    }
}

impl fmt::Display for CipherError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            CipherErrorKind::NoCipherMatch => {
                write!(f, "no cipher matches `{}`", self.rule)
            }
            CipherErrorKind::InvalidCommand { offset } => {
                write!(
                    f,
                    "invalid command at byte {offset} of cipher string `{}`",
                    self.rule
                )
            }
            CipherErrorKind::NoTls13CipherMatch => {
                write!(f, "no TLS 1.3 cipher suite matches `{}`", self.rule)
            }
        }
    }
}

impl std::error::Error for CipherError {}

// Algorithm bits, as `ssl/ssl_local.h` numbers them; the labels are the columns of
// `SSL_CIPHER_description`.
struct Alg {
    bit: u32,
    label: &'static str,
}

const fn alg(bit: u32, label: &'static str) -> Alg {
    Alg { bit, label }
}

const K_RSA: Alg = alg(0x1, "RSA");
const K_DHE: Alg = alg(0x2, "DH");
const K_ECDHE: Alg = alg(0x4, "ECDH");
const K_PSK: Alg = alg(0x8, "PSK");
const K_GOST: Alg = alg(0x10, "GOST");
const K_SRP: Alg = alg(0x20, "SRP");
const K_RSAPSK: Alg = alg(0x40, "RSAPSK");
const K_ECDHEPSK: Alg = alg(0x80, "ECDHEPSK");
const K_DHEPSK: Alg = alg(0x100, "DHEPSK");
const K_GOST18: Alg = alg(0x200, "GOST18");
const K_ANY_PSK: u32 = K_PSK.bit | K_RSAPSK.bit | K_ECDHEPSK.bit | K_DHEPSK.bit;

const A_RSA: Alg = alg(0x1, "RSA");
const A_DSS: Alg = alg(0x2, "DSS");
const A_NULL: Alg = alg(0x4, "None");
const A_ECDSA: Alg = alg(0x8, "ECDSA");
const A_PSK: Alg = alg(0x10, "PSK");
const A_GOST01: Alg = alg(0x20, "GOST01");
const A_SRP: Alg = alg(0x40, "SRP");
// The GOST 2012 suites carry both GOST bits (`SSL_aGOST12 | SSL_aGOST01`).
const A_GOST12: Alg = alg(0x80 | 0x20, "GOST12");
const A_GOST12_BIT: u32 = 0x80;

const E_DES: Alg = alg(0x1, "DES(56)");
const E_DES_40: Alg = alg(0x1, "DES(40)");
const E_3DES: Alg = alg(0x2, "3DES(168)");
const E_RC4: Alg = alg(0x4, "RC4(128)");
const E_RC4_40: Alg = alg(0x4, "RC4(40)");
const E_RC2_40: Alg = alg(0x8, "RC2(40)");
const E_IDEA: Alg = alg(0x10, "IDEA(128)");
const E_NULL: Alg = alg(0x20, "None");
const E_AES128: Alg = alg(0x40, "AES(128)");
const E_AES256: Alg = alg(0x80, "AES(256)");
const E_CAMELLIA128: Alg = alg(0x100, "Camellia(128)");
const E_CAMELLIA256: Alg = alg(0x200, "Camellia(256)");
const E_GOST89: Alg = alg(0x400, "GOST89(256)");
const E_SEED: Alg = alg(0x800, "SEED(128)");
const E_AES128GCM: Alg = alg(0x1000, "AESGCM(128)");
const E_AES256GCM: Alg = alg(0x2000, "AESGCM(256)");
const E_AES128CCM: Alg = alg(0x4000, "AESCCM(128)");
const E_AES256CCM: Alg = alg(0x8000, "AESCCM(256)");
const E_AES128CCM8: Alg = alg(0x10000, "AESCCM8(128)");
const E_AES256CCM8: Alg = alg(0x20000, "AESCCM8(256)");
const E_GOST8912: Alg = alg(0x40000, "GOST89(256)");
const E_CHACHA20POLY1305: Alg = alg(0x80000, "CHACHA20/POLY1305(256)");
const E_ARIA128GCM: Alg = alg(0x100000, "ARIAGCM(128)");
const E_ARIA256GCM: Alg = alg(0x200000, "ARIAGCM(256)");
const E_MAGMA: Alg = alg(0x400000, "MAGMA");
const E_KUZNYECHIK: Alg = alg(0x800000, "KUZNYECHIK");
const E_RC2: u32 = 0x8;
const E_AESGCM: u32 = E_AES128GCM.bit | E_AES256GCM.bit;
const E_AESCCM: u32 = E_AES128CCM.bit | E_AES256CCM.bit | E_AES128CCM8.bit | E_AES256CCM8.bit;
const E_AES: u32 = E_AES128.bit | E_AES256.bit | E_AESGCM | E_AESCCM;
const E_CAMELLIA: u32 = E_CAMELLIA128.bit | E_CAMELLIA256.bit;
const E_ARIA: u32 = E_ARIA128GCM.bit | E_ARIA256GCM.bit;
const E_CBC: u32 = E_DES.bit
    | E_3DES.bit
    | E_RC2
    | E_IDEA.bit
    | E_AES128.bit
    | E_AES256.bit
    | E_CAMELLIA
    | E_SEED.bit;

const M_MD5: Alg = alg(0x1, "MD5");
const M_SHA1: Alg = alg(0x2, "SHA1");
const M_GOST94: Alg = alg(0x4, "GOST94");
const M_GOST89MAC: Alg = alg(0x8, "GOST89");
const M_SHA256: Alg = alg(0x10, "SHA256");
const M_SHA384: Alg = alg(0x20, "SHA384");
const M_AEAD: Alg = alg(0x40, "AEAD");
const M_GOST12_256: Alg = alg(0x80, "GOST2012");
const M_GOST89MAC12: Alg = alg(0x100, "GOST89");
const M_GOST12_512: u32 = 0x200;
const M_MAGMAOMAC: Alg = alg(0x400, "MAGMAOMAC");
const M_KUZNYECHIKOMAC: Alg = alg(0x800, "KUZNYECHIKOMAC");

// What OpenSSL 3 with only the default provider cannot do (`ssl_load_ciphers`): these
// bits are missing from every suite it collects, and an alias made only of them is not
// in its alias list (so it is an unknown word, which matters for what follows it).
const DISABLED_ENC: u32 = E_DES.bit
    | E_RC4.bit
    | E_RC2
    | E_IDEA.bit
    | E_SEED.bit
    | E_GOST89.bit
    | E_GOST8912.bit
    | E_MAGMA.bit
    | E_KUZNYECHIK.bit;
const DISABLED_MAC: u32 = M_GOST94.bit
    | M_GOST89MAC.bit
    | M_GOST12_256.bit
    | M_GOST89MAC12.bit
    | M_GOST12_512
    | M_MAGMAOMAC.bit
    | M_KUZNYECHIKOMAC.bit;
const DISABLED_MKEY: u32 = K_GOST.bit | K_GOST18.bit;
const DISABLED_AUTH: u32 = A_GOST01.bit | A_GOST12_BIT;

// Protocol versions (`min_tls`).
struct Proto {
    version: u16,
    label: &'static str,
}
const SSL3: Proto = Proto {
    version: 0x0300,
    label: "SSLv3",
};
const TLS1: Proto = Proto {
    version: 0x0301,
    label: "TLSv1",
};
const TLS1_2: Proto = Proto {
    version: 0x0303,
    label: "TLSv1.2",
};

// Strength classes (`algo_strength`); the first five bits are `SSL_STRONG_MASK`, the
// sixth `SSL_DEFAULT_MASK`.
const S_NONE: u32 = 0x1;
const S_LOW: u32 = 0x2;
const S_MEDIUM: u32 = 0x4;
const S_HIGH: u32 = 0x8;
const S_FIPS: u32 = 0x10;
const S_NOT_DEFAULT: u32 = 0x20;
const STRONG_MASK: u32 = 0x1F;
const DEFAULT_MASK: u32 = 0x20;

#[allow(clippy::too_many_arguments)]
const fn suite(
    id: u16,
    name: &'static str,
    iana: &'static str,
    proto: Proto,
    kx: Alg,
    au: Alg,
    enc: Alg,
    mac: Alg,
    strength: u32,
    strength_bits: u16,
    alg_bits: u16,
    availability: Availability,
) -> Suite {
    Suite {
        id,
        name,
        iana,
        protocol: proto.label,
        kx: kx.label,
        au: au.label,
        enc: enc.label,
        mac: mac.label,
        strength_bits,
        alg_bits,
        mkey: kx.bit,
        auth: au.bit,
        cipher: enc.bit,
        digest: mac.bit,
        min_tls: proto.version,
        strength,
        availability,
    }
}

/// Every TLS 1.2-and-below suite OpenSSL 3 knows (and the ones it knew before 1.1.0), in
/// code-point order: `ssl_sort_cipher_list` sorts `ssl3_ciphers` by id, and
/// `ssl3_get_cipher` hands them out from the highest id down, so the list
/// `ssl_create_cipher_list` starts from is this table reversed — which decides every tie.
/// The strength classes (HIGH, MEDIUM, FIPS, not in DEFAULT) of the usable suites are the
/// ones `openssl ciphers` 3.0 shows for those aliases.
#[rustfmt::skip]
pub static SUITES: [Suite; 201] = [
    suite(0x0001, "NULL-MD5", "TLS_RSA_WITH_NULL_MD5", SSL3, K_RSA, A_RSA, E_NULL, M_MD5, S_NONE, 0, 0, Avail::Default),
    suite(0x0002, "NULL-SHA", "TLS_RSA_WITH_NULL_SHA", SSL3, K_RSA, A_RSA, E_NULL, M_SHA1, S_NONE, 0, 0, Avail::Default),
    suite(0x0003, "EXP-RC4-MD5", "TLS_RSA_EXPORT_WITH_RC4_40_MD5", SSL3, K_RSA, A_RSA, E_RC4_40, M_MD5, S_NOT_DEFAULT, 40, 128, Avail::Removed),
    suite(0x0004, "RC4-MD5", "TLS_RSA_WITH_RC4_128_MD5", SSL3, K_RSA, A_RSA, E_RC4, M_MD5, S_NOT_DEFAULT|S_MEDIUM, 128, 128, Avail::WeakCiphersBuild),
    suite(0x0005, "RC4-SHA", "TLS_RSA_WITH_RC4_128_SHA", SSL3, K_RSA, A_RSA, E_RC4, M_SHA1, S_NOT_DEFAULT|S_MEDIUM, 128, 128, Avail::WeakCiphersBuild),
    suite(0x0006, "EXP-RC2-CBC-MD5", "TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5", SSL3, K_RSA, A_RSA, E_RC2_40, M_MD5, S_NOT_DEFAULT, 40, 128, Avail::Removed),
    suite(0x0007, "IDEA-CBC-SHA", "TLS_RSA_WITH_IDEA_CBC_SHA", SSL3, K_RSA, A_RSA, E_IDEA, M_SHA1, S_MEDIUM, 128, 128, Avail::Removed),
    suite(0x0008, "EXP-DES-CBC-SHA", "TLS_RSA_EXPORT_WITH_DES40_CBC_SHA", SSL3, K_RSA, A_RSA, E_DES_40, M_SHA1, S_NOT_DEFAULT, 40, 56, Avail::Removed),
    suite(0x0009, "DES-CBC-SHA", "TLS_RSA_WITH_DES_CBC_SHA", SSL3, K_RSA, A_RSA, E_DES, M_SHA1, S_NOT_DEFAULT|S_LOW, 56, 56, Avail::Removed),
    suite(0x000A, "DES-CBC3-SHA", "TLS_RSA_WITH_3DES_EDE_CBC_SHA", SSL3, K_RSA, A_RSA, E_3DES, M_SHA1, S_NOT_DEFAULT|S_MEDIUM|S_FIPS, 112, 168, Avail::WeakCiphersBuild),
    suite(0x0011, "EXP-EDH-DSS-DES-CBC-SHA", "TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA", SSL3, K_DHE, A_DSS, E_DES_40, M_SHA1, S_NOT_DEFAULT, 40, 56, Avail::Removed),
    suite(0x0012, "EDH-DSS-DES-CBC-SHA", "TLS_DHE_DSS_WITH_DES_CBC_SHA", SSL3, K_DHE, A_DSS, E_DES, M_SHA1, S_NOT_DEFAULT|S_LOW, 56, 56, Avail::Removed),
    suite(0x0013, "DHE-DSS-DES-CBC3-SHA", "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA", SSL3, K_DHE, A_DSS, E_3DES, M_SHA1, S_NOT_DEFAULT|S_MEDIUM|S_FIPS, 112, 168, Avail::WeakCiphersBuild),
    suite(0x0014, "EXP-EDH-RSA-DES-CBC-SHA", "TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA", SSL3, K_DHE, A_RSA, E_DES_40, M_SHA1, S_NOT_DEFAULT, 40, 56, Avail::Removed),
    suite(0x0015, "EDH-RSA-DES-CBC-SHA", "TLS_DHE_RSA_WITH_DES_CBC_SHA", SSL3, K_DHE, A_RSA, E_DES, M_SHA1, S_NOT_DEFAULT|S_LOW, 56, 56, Avail::Removed),
    suite(0x0016, "DHE-RSA-DES-CBC3-SHA", "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA", SSL3, K_DHE, A_RSA, E_3DES, M_SHA1, S_NOT_DEFAULT|S_MEDIUM|S_FIPS, 112, 168, Avail::WeakCiphersBuild),
    suite(0x0017, "EXP-ADH-RC4-MD5", "TLS_DH_anon_EXPORT_WITH_RC4_40_MD5", SSL3, K_DHE, A_NULL, E_RC4_40, M_MD5, S_NOT_DEFAULT, 40, 128, Avail::Removed),
    suite(0x0018, "ADH-RC4-MD5", "TLS_DH_anon_WITH_RC4_128_MD5", SSL3, K_DHE, A_NULL, E_RC4, M_MD5, S_NOT_DEFAULT|S_MEDIUM, 128, 128, Avail::WeakCiphersBuild),
    suite(0x0019, "EXP-ADH-DES-CBC-SHA", "TLS_DH_anon_EXPORT_WITH_DES40_CBC_SHA", SSL3, K_DHE, A_NULL, E_DES_40, M_SHA1, S_NOT_DEFAULT, 40, 56, Avail::Removed),
    suite(0x001A, "ADH-DES-CBC-SHA", "TLS_DH_anon_WITH_DES_CBC_SHA", SSL3, K_DHE, A_NULL, E_DES, M_SHA1, S_NOT_DEFAULT|S_LOW, 56, 56, Avail::Removed),
    suite(0x001B, "ADH-DES-CBC3-SHA", "TLS_DH_anon_WITH_3DES_EDE_CBC_SHA", SSL3, K_DHE, A_NULL, E_3DES, M_SHA1, S_NOT_DEFAULT|S_MEDIUM, 112, 168, Avail::WeakCiphersBuild),
    suite(0x002C, "PSK-NULL-SHA", "TLS_PSK_WITH_NULL_SHA", SSL3, K_PSK, A_PSK, E_NULL, M_SHA1, S_NONE, 0, 0, Avail::Default),
    suite(0x002D, "DHE-PSK-NULL-SHA", "TLS_DHE_PSK_WITH_NULL_SHA", SSL3, K_DHEPSK, A_PSK, E_NULL, M_SHA1, S_NONE, 0, 0, Avail::Default),
    suite(0x002E, "RSA-PSK-NULL-SHA", "TLS_RSA_PSK_WITH_NULL_SHA", SSL3, K_RSAPSK, A_RSA, E_NULL, M_SHA1, S_NONE, 0, 0, Avail::Default),
    suite(0x002F, "AES128-SHA", "TLS_RSA_WITH_AES_128_CBC_SHA", SSL3, K_RSA, A_RSA, E_AES128, M_SHA1, S_HIGH|S_FIPS, 128, 128, Avail::Default),
    suite(0x0032, "DHE-DSS-AES128-SHA", "TLS_DHE_DSS_WITH_AES_128_CBC_SHA", SSL3, K_DHE, A_DSS, E_AES128, M_SHA1, S_HIGH|S_FIPS|S_NOT_DEFAULT, 128, 128, Avail::Default),
    suite(0x0033, "DHE-RSA-AES128-SHA", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", SSL3, K_DHE, A_RSA, E_AES128, M_SHA1, S_HIGH|S_FIPS, 128, 128, Avail::Default),
    suite(0x0034, "ADH-AES128-SHA", "TLS_DH_anon_WITH_AES_128_CBC_SHA", SSL3, K_DHE, A_NULL, E_AES128, M_SHA1, S_HIGH|S_FIPS|S_NOT_DEFAULT, 128, 128, Avail::Default),
    suite(0x0035, "AES256-SHA", "TLS_RSA_WITH_AES_256_CBC_SHA", SSL3, K_RSA, A_RSA, E_AES256, M_SHA1, S_HIGH|S_FIPS, 256, 256, Avail::Default),
    suite(0x0038, "DHE-DSS-AES256-SHA", "TLS_DHE_DSS_WITH_AES_256_CBC_SHA", SSL3, K_DHE, A_DSS, E_AES256, M_SHA1, S_HIGH|S_FIPS|S_NOT_DEFAULT, 256, 256, Avail::Default),
    suite(0x0039, "DHE-RSA-AES256-SHA", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", SSL3, K_DHE, A_RSA, E_AES256, M_SHA1, S_HIGH|S_FIPS, 256, 256, Avail::Default),
    suite(0x003A, "ADH-AES256-SHA", "TLS_DH_anon_WITH_AES_256_CBC_SHA", SSL3, K_DHE, A_NULL, E_AES256, M_SHA1, S_HIGH|S_FIPS|S_NOT_DEFAULT, 256, 256, Avail::Default),
    suite(0x003B, "NULL-SHA256", "TLS_RSA_WITH_NULL_SHA256", TLS1_2, K_RSA, A_RSA, E_NULL, M_SHA256, S_NONE, 0, 0, Avail::Default),
    suite(0x003C, "AES128-SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA256", TLS1_2, K_RSA, A_RSA, E_AES128, M_SHA256, S_HIGH|S_FIPS, 128, 128, Avail::Default),
    suite(0x003D, "AES256-SHA256", "TLS_RSA_WITH_AES_256_CBC_SHA256", TLS1_2, K_RSA, A_RSA, E_AES256, M_SHA256, S_HIGH|S_FIPS, 256, 256, Avail::Default),
    suite(0x0040, "DHE-DSS-AES128-SHA256", "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256", TLS1_2, K_DHE, A_DSS, E_AES128, M_SHA256, S_HIGH|S_FIPS|S_NOT_DEFAULT, 128, 128, Avail::Default),
    suite(0x0041, "CAMELLIA128-SHA", "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA", SSL3, K_RSA, A_RSA, E_CAMELLIA128, M_SHA1, S_HIGH|S_NOT_DEFAULT, 128, 128, Avail::Default),
    suite(0x0044, "DHE-DSS-CAMELLIA128-SHA", "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA", SSL3, K_DHE, A_DSS, E_CAMELLIA128, M_SHA1, S_HIGH|S_NOT_DEFAULT, 128, 128, Avail::Default),
    suite(0x0045, "DHE-RSA-CAMELLIA128-SHA", "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA", SSL3, K_DHE, A_RSA, E_CAMELLIA128, M_SHA1, S_HIGH|S_NOT_DEFAULT, 128, 128, Avail::Default),
    suite(0x0046, "ADH-CAMELLIA128-SHA", "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA", SSL3, K_DHE, A_NULL, E_CAMELLIA128, M_SHA1, S_HIGH|S_NOT_DEFAULT, 128, 128, Avail::Default),
    suite(0x0067, "DHE-RSA-AES128-SHA256", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", TLS1_2, K_DHE, A_RSA, E_AES128, M_SHA256, S_HIGH|S_FIPS, 128, 128, Avail::Default),
    suite(0x006A, "DHE-DSS-AES256-SHA256", "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256", TLS1_2, K_DHE, A_DSS, E_AES256, M_SHA256, S_HIGH|S_FIPS|S_NOT_DEFAULT, 256, 256, Avail::Default),
    suite(0x006B, "DHE-RSA-AES256-SHA256", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", TLS1_2, K_DHE, A_RSA, E_AES256, M_SHA256, S_HIGH|S_FIPS, 256, 256, Avail::Default),
    suite(0x006C, "ADH-AES128-SHA256", "TLS_DH_anon_WITH_AES_128_CBC_SHA256", TLS1_2, K_DHE, A_NULL, E_AES128, M_SHA256, S_HIGH|S_FIPS|S_NOT_DEFAULT, 128, 128, Avail::Default),
    suite(0x006D, "ADH-AES256-SHA256", "TLS_DH_anon_WITH_AES_256_CBC_SHA256", TLS1_2, K_DHE, A_NULL, E_AES256, M_SHA256, S_HIGH|S_FIPS|S_NOT_DEFAULT, 256, 256, Avail::Default),
    suite(0x0081, "GOST2001-GOST89-GOST89", "TLS_GOSTR341001_WITH_28147_CNT_IMIT", TLS1, K_GOST, A_GOST01, E_GOST89, M_GOST89MAC, S_NOT_DEFAULT|S_HIGH, 256, 256, Avail::GostEngine),
    suite(0x0083, "GOST2001-NULL-GOST94", "TLS_GOSTR341001_WITH_NULL_GOSTR3411", TLS1, K_GOST, A_GOST01, E_NULL, M_GOST94, S_NOT_DEFAULT|S_NONE, 0, 0, Avail::GostEngine),
    suite(0x0084, "CAMELLIA256-SHA", "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA", SSL3, K_RSA, A_RSA, E_CAMELLIA256, M_SHA1, S_HIGH|S_NOT_DEFAULT, 256, 256, Avail::Default),
    suite(0x0087, "DHE-DSS-CAMELLIA256-SHA", "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA", SSL3, K_DHE, A_DSS, E_CAMELLIA256, M_SHA1, S_HIGH|S_NOT_DEFAULT, 256, 256, Avail::Default),
    suite(0x0088, "DHE-RSA-CAMELLIA256-SHA", "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA", SSL3, K_DHE, A_RSA, E_CAMELLIA256, M_SHA1, S_HIGH|S_NOT_DEFAULT, 256, 256, Avail::Default),
    suite(0x0089, "ADH-CAMELLIA256-SHA", "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA", SSL3, K_DHE, A_NULL, E_CAMELLIA256, M_SHA1, S_HIGH|S_NOT_DEFAULT, 256, 256, Avail::Default),
    suite(0x008A, "PSK-RC4-SHA", "TLS_PSK_WITH_RC4_128_SHA", SSL3, K_PSK, A_PSK, E_RC4, M_SHA1, S_NOT_DEFAULT|S_MEDIUM, 128, 128, Avail::WeakCiphersBuild),
    suite(0x008B, "PSK-3DES-EDE-CBC-SHA", "TLS_PSK_WITH_3DES_EDE_CBC_SHA", SSL3, K_PSK, A_PSK, E_3DES, M_SHA1, S_NOT_DEFAULT|S_MEDIUM|S_FIPS, 112, 168, Avail::WeakCiphersBuild),
    suite(0x008C, "PSK-AES128-CBC-SHA", "TLS_PSK_WITH_AES_128_CBC_SHA", SSL3, K_PSK, A_PSK, E_AES128, M_SHA1, S_HIGH|S_FIPS, 128, 128, Avail::Default),
    suite(0x008D, "PSK-AES256-CBC-SHA", "TLS_PSK_WITH_AES_256_CBC_SHA", SSL3, K_PSK, A_PSK, E_AES256, M_SHA1, S_HIGH|S_FIPS, 256, 256, Avail::Default),
    suite(0x008E, "DHE-PSK-RC4-SHA", "TLS_DHE_PSK_WITH_RC4_128_SHA", SSL3, K_DHEPSK, A_PSK, E_RC4, M_SHA1, S_NOT_DEFAULT|S_MEDIUM, 128, 128, Avail::WeakCiphersBuild),
    suite(0x008F, "DHE-PSK-3DES-EDE-CBC-SHA", "TLS_DHE_PSK_WITH_3DES_EDE_CBC_SHA", SSL3, K_DHEPSK, A_PSK, E_3DES, M_SHA1, S_NOT_DEFAULT|S_MEDIUM|S_FIPS, 112, 168, Avail::WeakCiphersBuild),
    suite(0x0090, "DHE-PSK-AES128-CBC-SHA", "TLS_DHE_PSK_WITH_AES_128_CBC_SHA", SSL3, K_DHEPSK, A_PSK, E_AES128, M_SHA1, S_HIGH|S_FIPS, 128, 128, Avail::Default),
    suite(0x0091, "DHE-PSK-AES256-CBC-SHA", "TLS_DHE_PSK_WITH_AES_256_CBC_SHA", SSL3, K_DHEPSK, A_PSK, E_AES256, M_SHA1, S_HIGH|S_FIPS, 256, 256, Avail::Default),
    suite(0x0092, "RSA-PSK-RC4-SHA", "TLS_RSA_PSK_WITH_RC4_128_SHA", SSL3, K_RSAPSK, A_RSA, E_RC4, M_SHA1, S_NOT_DEFAULT|S_MEDIUM, 128, 128, Avail::WeakCiphersBuild),
    suite(0x0093, "RSA-PSK-3DES-EDE-CBC-SHA", "TLS_RSA_PSK_WITH_3DES_EDE_CBC_SHA", SSL3, K_RSAPSK, A_RSA, E_3DES, M_SHA1, S_NOT_DEFAULT|S_MEDIUM|S_FIPS, 112, 168, Avail::WeakCiphersBuild),
    suite(0x0094, "RSA-PSK-AES128-CBC-SHA", "TLS_RSA_PSK_WITH_AES_128_CBC_SHA", SSL3, K_RSAPSK, A_RSA, E_AES128, M_SHA1, S_HIGH|S_FIPS, 128, 128, Avail::Default),
    suite(0x0095, "RSA-PSK-AES256-CBC-SHA", "TLS_RSA_PSK_WITH_AES_256_CBC_SHA", SSL3, K_RSAPSK, A_RSA, E_AES256, M_SHA1, S_HIGH|S_FIPS, 256, 256, Avail::Default),
    suite(0x0096, "SEED-SHA", "TLS_RSA_WITH_SEED_CBC_SHA", SSL3, K_RSA, A_RSA, E_SEED, M_SHA1, S_MEDIUM|S_NOT_DEFAULT, 128, 128, Avail::LegacyProvider),
    suite(0x0099, "DHE-DSS-SEED-SHA", "TLS_DHE_DSS_WITH_SEED_CBC_SHA", SSL3, K_DHE, A_DSS, E_SEED, M_SHA1, S_MEDIUM|S_NOT_DEFAULT, 128, 128, Avail::LegacyProvider),
    suite(0x009A, "DHE-RSA-SEED-SHA", "TLS_DHE_RSA_WITH_SEED_CBC_SHA", SSL3, K_DHE, A_RSA, E_SEED, M_SHA1, S_MEDIUM|S_NOT_DEFAULT, 128, 128, Avail::LegacyProvider),
    suite(0x009B, "ADH-SEED-SHA", "TLS_DH_anon_WITH_SEED_CBC_SHA", SSL3, K_DHE, A_NULL, E_SEED, M_SHA1, S_MEDIUM|S_NOT_DEFAULT, 128, 128, Avail::LegacyProvider),
    suite(0x009C, "AES128-GCM-SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256", TLS1_2, K_RSA, A_RSA, E_AES128GCM, M_AEAD, S_HIGH|S_FIPS, 128, 128, Avail::Default),
    suite(0x009D, "AES256-GCM-SHA384", "TLS_RSA_WITH_AES_256_GCM_SHA384", TLS1_2, K_RSA, A_RSA, E_AES256GCM, M_AEAD, S_HIGH|S_FIPS, 256, 256, Avail::Default),
    suite(0x009E, "DHE-RSA-AES128-GCM-SHA256", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", TLS1_2, K_DHE, A_RSA, E_AES128GCM, M_AEAD, S_HIGH|S_FIPS, 128, 128, Avail::Default),
    suite(0x009F, "DHE-RSA-AES256-GCM-SHA384", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", TLS1_2, K_DHE, A_RSA, E_AES256GCM, M_AEAD, S_HIGH|S_FIPS, 256, 256, Avail::Default),
    suite(0x00A2, "DHE-DSS-AES128-GCM-SHA256", "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256", TLS1_2, K_DHE, A_DSS, E_AES128GCM, M_AEAD, S_HIGH|S_FIPS|S_NOT_DEFAULT, 128, 128, Avail::Default),
    suite(0x00A3, "DHE-DSS-AES256-GCM-SHA384", "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384", TLS1_2, K_DHE, A_DSS, E_AES256GCM, M_AEAD, S_HIGH|S_FIPS|S_NOT_DEFAULT, 256, 256, Avail::Default),
    suite(0x00A6, "ADH-AES128-GCM-SHA256", "TLS_DH_anon_WITH_AES_128_GCM_SHA256", TLS1_2, K_DHE, A_NULL, E_AES128GCM, M_AEAD, S_HIGH|S_FIPS|S_NOT_DEFAULT, 128, 128, Avail::Default),
    suite(0x00A7, "ADH-AES256-GCM-SHA384", "TLS_DH_anon_WITH_AES_256_GCM_SHA384", TLS1_2, K_DHE, A_NULL, E_AES256GCM, M_AEAD, S_HIGH|S_FIPS|S_NOT_DEFAULT, 256, 256, Avail::Default),
    suite(0x00A8, "PSK-AES128-GCM-SHA256", "TLS_PSK_WITH_AES_128_GCM_SHA256", TLS1_2, K_PSK, A_PSK, E_AES128GCM, M_AEAD, S_HIGH|S_FIPS, 128, 128, Avail::Default),
    suite(0x00A9, "PSK-AES256-GCM-SHA384", "TLS_PSK_WITH_AES_256_GCM_SHA384", TLS1_2, K_PSK, A_PSK, E_AES256GCM, M_AEAD, S_HIGH|S_FIPS, 256, 256, Avail::Default),
    suite(0x00AA, "DHE-PSK-AES128-GCM-SHA256", "TLS_DHE_PSK_WITH_AES_128_GCM_SHA256", TLS1_2, K_DHEPSK, A_PSK, E_AES128GCM, M_AEAD, S_HIGH|S_FIPS, 128, 128, Avail::Default),
    suite(0x00AB, "DHE-PSK-AES256-GCM-SHA384", "TLS_DHE_PSK_WITH_AES_256_GCM_SHA384", TLS1_2, K_DHEPSK, A_PSK, E_AES256GCM, M_AEAD, S_HIGH|S_FIPS, 256, 256, Avail::Default),
    suite(0x00AC, "RSA-PSK-AES128-GCM-SHA256", "TLS_RSA_PSK_WITH_AES_128_GCM_SHA256", TLS1_2, K_RSAPSK, A_RSA, E_AES128GCM, M_AEAD, S_HIGH|S_FIPS, 128, 128, Avail::Default),
    suite(0x00AD, "RSA-PSK-AES256-GCM-SHA384", "TLS_RSA_PSK_WITH_AES_256_GCM_SHA384", TLS1_2, K_RSAPSK, A_RSA, E_AES256GCM, M_AEAD, S_HIGH|S_FIPS, 256, 256, Avail::Default),
    suite(0x00AE, "PSK-AES128-CBC-SHA256", "TLS_PSK_WITH_AES_128_CBC_SHA256", TLS1, K_PSK, A_PSK, E_AES128, M_SHA256, S_HIGH|S_FIPS, 128, 128, Avail::Default),
    suite(0x00AF, "PSK-AES256-CBC-SHA384", "TLS_PSK_WITH_AES_256_CBC_SHA384", TLS1, K_PSK, A_PSK, E_AES256, M_SHA384, S_HIGH|S_FIPS, 256, 256, Avail::Default),
    suite(0x00B0, "PSK-NULL-SHA256", "TLS_PSK_WITH_NULL_SHA256", TLS1, K_PSK, A_PSK, E_NULL, M_SHA256, S_NONE, 0, 0, Avail::Default),
    suite(0x00B1, "PSK-NULL-SHA384", "TLS_PSK_WITH_NULL_SHA384", TLS1, K_PSK, A_PSK, E_NULL, M_SHA384, S_NONE, 0, 0, Avail::Default),
    suite(0x00B2, "DHE-PSK-AES128-CBC-SHA256", "TLS_DHE_PSK_WITH_AES_128_CBC_SHA256", TLS1, K_DHEPSK, A_PSK, E_AES128, M_SHA256, S_HIGH|S_FIPS, 128, 128, Avail::Default),
    suite(0x00B3, "DHE-PSK-AES256-CBC-SHA384", "TLS_DHE_PSK_WITH_AES_256_CBC_SHA384", TLS1, K_DHEPSK, A_PSK, E_AES256, M_SHA384, S_HIGH|S_FIPS, 256, 256, Avail::Default),
    suite(0x00B4, "DHE-PSK-NULL-SHA256", "TLS_DHE_PSK_WITH_NULL_SHA256", TLS1, K_DHEPSK, A_PSK, E_NULL, M_SHA256, S_NONE, 0, 0, Avail::Default),
    suite(0x00B5, "DHE-PSK-NULL-SHA384", "TLS_DHE_PSK_WITH_NULL_SHA384", TLS1, K_DHEPSK, A_PSK, E_NULL, M_SHA384, S_NONE, 0, 0, Avail::Default),
    suite(0x00B6, "RSA-PSK-AES128-CBC-SHA256", "TLS_RSA_PSK_WITH_AES_128_CBC_SHA256", TLS1, K_RSAPSK, A_RSA, E_AES128, M_SHA256, S_HIGH|S_FIPS, 128, 128, Avail::Default),
    suite(0x00B7, "RSA-PSK-AES256-CBC-SHA384", "TLS_RSA_PSK_WITH_AES_256_CBC_SHA384", TLS1, K_RSAPSK, A_RSA, E_AES256, M_SHA384, S_HIGH|S_FIPS, 256, 256, Avail::Default),
    suite(0x00B8, "RSA-PSK-NULL-SHA256", "TLS_RSA_PSK_WITH_NULL_SHA256", TLS1, K_RSAPSK, A_RSA, E_NULL, M_SHA256, S_NONE, 0, 0, Avail::Default),
    suite(0x00B9, "RSA-PSK-NULL-SHA384", "TLS_RSA_PSK_WITH_NULL_SHA384", TLS1, K_RSAPSK, A_RSA, E_NULL, M_SHA384, S_NONE, 0, 0, Avail::Default),
    suite(0x00BA, "CAMELLIA128-SHA256", "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256", TLS1_2, K_RSA, A_RSA, E_CAMELLIA128, M_SHA256, S_HIGH|S_NOT_DEFAULT, 128, 128, Avail::Default),
    suite(0x00BD, "DHE-DSS-CAMELLIA128-SHA256", "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA256", TLS1_2, K_DHE, A_DSS, E_CAMELLIA128, M_SHA256, S_HIGH|S_NOT_DEFAULT, 128, 128, Avail::Default),
    suite(0x00BE, "DHE-RSA-CAMELLIA128-SHA256", "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256", TLS1_2, K_DHE, A_RSA, E_CAMELLIA128, M_SHA256, S_HIGH|S_NOT_DEFAULT, 128, 128, Avail::Default),
    suite(0x00BF, "ADH-CAMELLIA128-SHA256", "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA256", TLS1_2, K_DHE, A_NULL, E_CAMELLIA128, M_SHA256, S_HIGH|S_NOT_DEFAULT, 128, 128, Avail::Default),
    suite(0x00C0, "CAMELLIA256-SHA256", "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256", TLS1_2, K_RSA, A_RSA, E_CAMELLIA256, M_SHA256, S_HIGH|S_NOT_DEFAULT, 256, 256, Avail::Default),
    suite(0x00C3, "DHE-DSS-CAMELLIA256-SHA256", "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA256", TLS1_2, K_DHE, A_DSS, E_CAMELLIA256, M_SHA256, S_HIGH|S_NOT_DEFAULT, 256, 256, Avail::Default),
    suite(0x00C4, "DHE-RSA-CAMELLIA256-SHA256", "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256", TLS1_2, K_DHE, A_RSA, E_CAMELLIA256, M_SHA256, S_HIGH|S_NOT_DEFAULT, 256, 256, Avail::Default),
    suite(0x00C5, "ADH-CAMELLIA256-SHA256", "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA256", TLS1_2, K_DHE, A_NULL, E_CAMELLIA256, M_SHA256, S_HIGH|S_NOT_DEFAULT, 256, 256, Avail::Default),
    suite(0xC006, "ECDHE-ECDSA-NULL-SHA", "TLS_ECDHE_ECDSA_WITH_NULL_SHA", TLS1, K_ECDHE, A_ECDSA, E_NULL, M_SHA1, S_NONE, 0, 0, Avail::Default),
    suite(0xC007, "ECDHE-ECDSA-RC4-SHA", "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA", TLS1, K_ECDHE, A_ECDSA, E_RC4, M_SHA1, S_NOT_DEFAULT|S_MEDIUM, 128, 128, Avail::WeakCiphersBuild),
    suite(0xC008, "ECDHE-ECDSA-DES-CBC3-SHA", "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA", TLS1, K_ECDHE, A_ECDSA, E_3DES, M_SHA1, S_NOT_DEFAULT|S_MEDIUM|S_FIPS, 112, 168, Avail::WeakCiphersBuild),
    suite(0xC009, "ECDHE-ECDSA-AES128-SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", TLS1, K_ECDHE, A_ECDSA, E_AES128, M_SHA1, S_HIGH|S_FIPS, 128, 128, Avail::Default),
    suite(0xC00A, "ECDHE-ECDSA-AES256-SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", TLS1, K_ECDHE, A_ECDSA, E_AES256, M_SHA1, S_HIGH|S_FIPS, 256, 256, Avail::Default),
    suite(0xC010, "ECDHE-RSA-NULL-SHA", "TLS_ECDHE_RSA_WITH_NULL_SHA", TLS1, K_ECDHE, A_RSA, E_NULL, M_SHA1, S_NONE, 0, 0, Avail::Default),
    suite(0xC011, "ECDHE-RSA-RC4-SHA", "TLS_ECDHE_RSA_WITH_RC4_128_SHA", TLS1, K_ECDHE, A_RSA, E_RC4, M_SHA1, S_NOT_DEFAULT|S_MEDIUM, 128, 128, Avail::WeakCiphersBuild),
    suite(0xC012, "ECDHE-RSA-DES-CBC3-SHA", "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", TLS1, K_ECDHE, A_RSA, E_3DES, M_SHA1, S_NOT_DEFAULT|S_MEDIUM|S_FIPS, 112, 168, Avail::WeakCiphersBuild),
    suite(0xC013, "ECDHE-RSA-AES128-SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", TLS1, K_ECDHE, A_RSA, E_AES128, M_SHA1, S_HIGH|S_FIPS, 128, 128, Avail::Default),
    suite(0xC014, "ECDHE-RSA-AES256-SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", TLS1, K_ECDHE, A_RSA, E_AES256, M_SHA1, S_HIGH|S_FIPS, 256, 256, Avail::Default),
    suite(0xC015, "AECDH-NULL-SHA", "TLS_ECDH_anon_WITH_NULL_SHA", TLS1, K_ECDHE, A_NULL, E_NULL, M_SHA1, S_NONE, 0, 0, Avail::Default),
    suite(0xC016, "AECDH-RC4-SHA", "TLS_ECDH_anon_WITH_RC4_128_SHA", TLS1, K_ECDHE, A_NULL, E_RC4, M_SHA1, S_NOT_DEFAULT|S_MEDIUM, 128, 128, Avail::WeakCiphersBuild),
    suite(0xC017, "AECDH-DES-CBC3-SHA", "TLS_ECDH_anon_WITH_3DES_EDE_CBC_SHA", TLS1, K_ECDHE, A_NULL, E_3DES, M_SHA1, S_NOT_DEFAULT|S_MEDIUM, 112, 168, Avail::WeakCiphersBuild),
    suite(0xC018, "AECDH-AES128-SHA", "TLS_ECDH_anon_WITH_AES_128_CBC_SHA", TLS1, K_ECDHE, A_NULL, E_AES128, M_SHA1, S_HIGH|S_FIPS|S_NOT_DEFAULT, 128, 128, Avail::Default),
    suite(0xC019, "AECDH-AES256-SHA", "TLS_ECDH_anon_WITH_AES_256_CBC_SHA", TLS1, K_ECDHE, A_NULL, E_AES256, M_SHA1, S_HIGH|S_FIPS|S_NOT_DEFAULT, 256, 256, Avail::Default),
    suite(0xC01A, "SRP-3DES-EDE-CBC-SHA", "TLS_SRP_SHA_WITH_3DES_EDE_CBC_SHA", SSL3, K_SRP, A_SRP, E_3DES, M_SHA1, S_NOT_DEFAULT|S_MEDIUM, 112, 168, Avail::WeakCiphersBuild),
    suite(0xC01B, "SRP-RSA-3DES-EDE-CBC-SHA", "TLS_SRP_SHA_RSA_WITH_3DES_EDE_CBC_SHA", SSL3, K_SRP, A_RSA, E_3DES, M_SHA1, S_NOT_DEFAULT|S_MEDIUM, 112, 168, Avail::WeakCiphersBuild),
    suite(0xC01C, "SRP-DSS-3DES-EDE-CBC-SHA", "TLS_SRP_SHA_DSS_WITH_3DES_EDE_CBC_SHA", SSL3, K_SRP, A_DSS, E_3DES, M_SHA1, S_NOT_DEFAULT|S_MEDIUM, 112, 168, Avail::WeakCiphersBuild),
    suite(0xC01D, "SRP-AES-128-CBC-SHA", "TLS_SRP_SHA_WITH_AES_128_CBC_SHA", SSL3, K_SRP, A_SRP, E_AES128, M_SHA1, S_HIGH, 128, 128, Avail::Default),
    suite(0xC01E, "SRP-RSA-AES-128-CBC-SHA", "TLS_SRP_SHA_RSA_WITH_AES_128_CBC_SHA", SSL3, K_SRP, A_RSA, E_AES128, M_SHA1, S_HIGH, 128, 128, Avail::Default),
    suite(0xC01F, "SRP-DSS-AES-128-CBC-SHA", "TLS_SRP_SHA_DSS_WITH_AES_128_CBC_SHA", SSL3, K_SRP, A_DSS, E_AES128, M_SHA1, S_HIGH|S_NOT_DEFAULT, 128, 128, Avail::Default),
    suite(0xC020, "SRP-AES-256-CBC-SHA", "TLS_SRP_SHA_WITH_AES_256_CBC_SHA", SSL3, K_SRP, A_SRP, E_AES256, M_SHA1, S_HIGH, 256, 256, Avail::Default),
    suite(0xC021, "SRP-RSA-AES-256-CBC-SHA", "TLS_SRP_SHA_RSA_WITH_AES_256_CBC_SHA", SSL3, K_SRP, A_RSA, E_AES256, M_SHA1, S_HIGH, 256, 256, Avail::Default),
    suite(0xC022, "SRP-DSS-AES-256-CBC-SHA", "TLS_SRP_SHA_DSS_WITH_AES_256_CBC_SHA", SSL3, K_SRP, A_DSS, E_AES256, M_SHA1, S_HIGH|S_NOT_DEFAULT, 256, 256, Avail::Default),
    suite(0xC023, "ECDHE-ECDSA-AES128-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", TLS1_2, K_ECDHE, A_ECDSA, E_AES128, M_SHA256, S_HIGH|S_FIPS, 128, 128, Avail::Default),
    suite(0xC024, "ECDHE-ECDSA-AES256-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", TLS1_2, K_ECDHE, A_ECDSA, E_AES256, M_SHA384, S_HIGH|S_FIPS, 256, 256, Avail::Default),
    suite(0xC027, "ECDHE-RSA-AES128-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", TLS1_2, K_ECDHE, A_RSA, E_AES128, M_SHA256, S_HIGH|S_FIPS, 128, 128, Avail::Default),
    suite(0xC028, "ECDHE-RSA-AES256-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", TLS1_2, K_ECDHE, A_RSA, E_AES256, M_SHA384, S_HIGH|S_FIPS, 256, 256, Avail::Default),
    suite(0xC02B, "ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", TLS1_2, K_ECDHE, A_ECDSA, E_AES128GCM, M_AEAD, S_HIGH|S_FIPS, 128, 128, Avail::Default),
    suite(0xC02C, "ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", TLS1_2, K_ECDHE, A_ECDSA, E_AES256GCM, M_AEAD, S_HIGH|S_FIPS, 256, 256, Avail::Default),
    suite(0xC02F, "ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", TLS1_2, K_ECDHE, A_RSA, E_AES128GCM, M_AEAD, S_HIGH|S_FIPS, 128, 128, Avail::Default),
    suite(0xC030, "ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", TLS1_2, K_ECDHE, A_RSA, E_AES256GCM, M_AEAD, S_HIGH|S_FIPS, 256, 256, Avail::Default),
    suite(0xC033, "ECDHE-PSK-RC4-SHA", "TLS_ECDHE_PSK_WITH_RC4_128_SHA", TLS1, K_ECDHEPSK, A_PSK, E_RC4, M_SHA1, S_NOT_DEFAULT|S_MEDIUM, 128, 128, Avail::WeakCiphersBuild),
    suite(0xC034, "ECDHE-PSK-3DES-EDE-CBC-SHA", "TLS_ECDHE_PSK_WITH_3DES_EDE_CBC_SHA", TLS1, K_ECDHEPSK, A_PSK, E_3DES, M_SHA1, S_NOT_DEFAULT|S_MEDIUM|S_FIPS, 112, 168, Avail::WeakCiphersBuild),
    suite(0xC035, "ECDHE-PSK-AES128-CBC-SHA", "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA", TLS1, K_ECDHEPSK, A_PSK, E_AES128, M_SHA1, S_HIGH|S_FIPS, 128, 128, Avail::Default),
    suite(0xC036, "ECDHE-PSK-AES256-CBC-SHA", "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA", TLS1, K_ECDHEPSK, A_PSK, E_AES256, M_SHA1, S_HIGH|S_FIPS, 256, 256, Avail::Default),
    suite(0xC037, "ECDHE-PSK-AES128-CBC-SHA256", "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256", TLS1, K_ECDHEPSK, A_PSK, E_AES128, M_SHA256, S_HIGH|S_FIPS, 128, 128, Avail::Default),
    suite(0xC038, "ECDHE-PSK-AES256-CBC-SHA384", "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA384", TLS1, K_ECDHEPSK, A_PSK, E_AES256, M_SHA384, S_HIGH|S_FIPS, 256, 256, Avail::Default),
    suite(0xC039, "ECDHE-PSK-NULL-SHA", "TLS_ECDHE_PSK_WITH_NULL_SHA", TLS1, K_ECDHEPSK, A_PSK, E_NULL, M_SHA1, S_NONE, 0, 0, Avail::Default),
    suite(0xC03A, "ECDHE-PSK-NULL-SHA256", "TLS_ECDHE_PSK_WITH_NULL_SHA256", TLS1, K_ECDHEPSK, A_PSK, E_NULL, M_SHA256, S_NONE, 0, 0, Avail::Default),
    suite(0xC03B, "ECDHE-PSK-NULL-SHA384", "TLS_ECDHE_PSK_WITH_NULL_SHA384", TLS1, K_ECDHEPSK, A_PSK, E_NULL, M_SHA384, S_NONE, 0, 0, Avail::Default),
    suite(0xC050, "ARIA128-GCM-SHA256", "TLS_RSA_WITH_ARIA_128_GCM_SHA256", TLS1_2, K_RSA, A_RSA, E_ARIA128GCM, M_AEAD, S_HIGH|S_NOT_DEFAULT, 128, 128, Avail::Default),
    suite(0xC051, "ARIA256-GCM-SHA384", "TLS_RSA_WITH_ARIA_256_GCM_SHA384", TLS1_2, K_RSA, A_RSA, E_ARIA256GCM, M_AEAD, S_HIGH|S_NOT_DEFAULT, 256, 256, Avail::Default),
    suite(0xC052, "DHE-RSA-ARIA128-GCM-SHA256", "TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256", TLS1_2, K_DHE, A_RSA, E_ARIA128GCM, M_AEAD, S_HIGH|S_NOT_DEFAULT, 128, 128, Avail::Default),
    suite(0xC053, "DHE-RSA-ARIA256-GCM-SHA384", "TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384", TLS1_2, K_DHE, A_RSA, E_ARIA256GCM, M_AEAD, S_HIGH|S_NOT_DEFAULT, 256, 256, Avail::Default),
    suite(0xC056, "DHE-DSS-ARIA128-GCM-SHA256", "TLS_DHE_DSS_WITH_ARIA_128_GCM_SHA256", TLS1_2, K_DHE, A_DSS, E_ARIA128GCM, M_AEAD, S_HIGH|S_NOT_DEFAULT, 128, 128, Avail::Default),
    suite(0xC057, "DHE-DSS-ARIA256-GCM-SHA384", "TLS_DHE_DSS_WITH_ARIA_256_GCM_SHA384", TLS1_2, K_DHE, A_DSS, E_ARIA256GCM, M_AEAD, S_HIGH|S_NOT_DEFAULT, 256, 256, Avail::Default),
    suite(0xC05C, "ECDHE-ECDSA-ARIA128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256", TLS1_2, K_ECDHE, A_ECDSA, E_ARIA128GCM, M_AEAD, S_HIGH|S_NOT_DEFAULT, 128, 128, Avail::Default),
    suite(0xC05D, "ECDHE-ECDSA-ARIA256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384", TLS1_2, K_ECDHE, A_ECDSA, E_ARIA256GCM, M_AEAD, S_HIGH|S_NOT_DEFAULT, 256, 256, Avail::Default),
    suite(0xC060, "ECDHE-ARIA128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256", TLS1_2, K_ECDHE, A_RSA, E_ARIA128GCM, M_AEAD, S_HIGH|S_NOT_DEFAULT, 128, 128, Avail::Default),
    suite(0xC061, "ECDHE-ARIA256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384", TLS1_2, K_ECDHE, A_RSA, E_ARIA256GCM, M_AEAD, S_HIGH|S_NOT_DEFAULT, 256, 256, Avail::Default),
    suite(0xC06A, "PSK-ARIA128-GCM-SHA256", "TLS_PSK_WITH_ARIA_128_GCM_SHA256", TLS1_2, K_PSK, A_PSK, E_ARIA128GCM, M_AEAD, S_HIGH|S_NOT_DEFAULT, 128, 128, Avail::Default),
    suite(0xC06B, "PSK-ARIA256-GCM-SHA384", "TLS_PSK_WITH_ARIA_256_GCM_SHA384", TLS1_2, K_PSK, A_PSK, E_ARIA256GCM, M_AEAD, S_HIGH|S_NOT_DEFAULT, 256, 256, Avail::Default),
    suite(0xC06C, "DHE-PSK-ARIA128-GCM-SHA256", "TLS_DHE_PSK_WITH_ARIA_128_GCM_SHA256", TLS1_2, K_DHEPSK, A_PSK, E_ARIA128GCM, M_AEAD, S_HIGH|S_NOT_DEFAULT, 128, 128, Avail::Default),
    suite(0xC06D, "DHE-PSK-ARIA256-GCM-SHA384", "TLS_DHE_PSK_WITH_ARIA_256_GCM_SHA384", TLS1_2, K_DHEPSK, A_PSK, E_ARIA256GCM, M_AEAD, S_HIGH|S_NOT_DEFAULT, 256, 256, Avail::Default),
    suite(0xC06E, "RSA-PSK-ARIA128-GCM-SHA256", "TLS_RSA_PSK_WITH_ARIA_128_GCM_SHA256", TLS1_2, K_RSAPSK, A_RSA, E_ARIA128GCM, M_AEAD, S_HIGH|S_NOT_DEFAULT, 128, 128, Avail::Default),
    suite(0xC06F, "RSA-PSK-ARIA256-GCM-SHA384", "TLS_RSA_PSK_WITH_ARIA_256_GCM_SHA384", TLS1_2, K_RSAPSK, A_RSA, E_ARIA256GCM, M_AEAD, S_HIGH|S_NOT_DEFAULT, 256, 256, Avail::Default),
    suite(0xC072, "ECDHE-ECDSA-CAMELLIA128-SHA256", "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256", TLS1_2, K_ECDHE, A_ECDSA, E_CAMELLIA128, M_SHA256, S_HIGH|S_NOT_DEFAULT, 128, 128, Avail::Default),
    suite(0xC073, "ECDHE-ECDSA-CAMELLIA256-SHA384", "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384", TLS1_2, K_ECDHE, A_ECDSA, E_CAMELLIA256, M_SHA384, S_HIGH|S_NOT_DEFAULT, 256, 256, Avail::Default),
    suite(0xC076, "ECDHE-RSA-CAMELLIA128-SHA256", "TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256", TLS1_2, K_ECDHE, A_RSA, E_CAMELLIA128, M_SHA256, S_HIGH|S_NOT_DEFAULT, 128, 128, Avail::Default),
    suite(0xC077, "ECDHE-RSA-CAMELLIA256-SHA384", "TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384", TLS1_2, K_ECDHE, A_RSA, E_CAMELLIA256, M_SHA384, S_HIGH|S_NOT_DEFAULT, 256, 256, Avail::Default),
    suite(0xC094, "PSK-CAMELLIA128-SHA256", "TLS_PSK_WITH_CAMELLIA_128_CBC_SHA256", TLS1, K_PSK, A_PSK, E_CAMELLIA128, M_SHA256, S_HIGH|S_NOT_DEFAULT, 128, 128, Avail::Default),
    suite(0xC095, "PSK-CAMELLIA256-SHA384", "TLS_PSK_WITH_CAMELLIA_256_CBC_SHA384", TLS1, K_PSK, A_PSK, E_CAMELLIA256, M_SHA384, S_HIGH|S_NOT_DEFAULT, 256, 256, Avail::Default),
    suite(0xC096, "DHE-PSK-CAMELLIA128-SHA256", "TLS_DHE_PSK_WITH_CAMELLIA_128_CBC_SHA256", TLS1, K_DHEPSK, A_PSK, E_CAMELLIA128, M_SHA256, S_HIGH|S_NOT_DEFAULT, 128, 128, Avail::Default),
    suite(0xC097, "DHE-PSK-CAMELLIA256-SHA384", "TLS_DHE_PSK_WITH_CAMELLIA_256_CBC_SHA384", TLS1, K_DHEPSK, A_PSK, E_CAMELLIA256, M_SHA384, S_HIGH|S_NOT_DEFAULT, 256, 256, Avail::Default),
    suite(0xC098, "RSA-PSK-CAMELLIA128-SHA256", "TLS_RSA_PSK_WITH_CAMELLIA_128_CBC_SHA256", TLS1, K_RSAPSK, A_RSA, E_CAMELLIA128, M_SHA256, S_HIGH|S_NOT_DEFAULT, 128, 128, Avail::Default),
    suite(0xC099, "RSA-PSK-CAMELLIA256-SHA384", "TLS_RSA_PSK_WITH_CAMELLIA_256_CBC_SHA384", TLS1, K_RSAPSK, A_RSA, E_CAMELLIA256, M_SHA384, S_HIGH|S_NOT_DEFAULT, 256, 256, Avail::Default),
    suite(0xC09A, "ECDHE-PSK-CAMELLIA128-SHA256", "TLS_ECDHE_PSK_WITH_CAMELLIA_128_CBC_SHA256", TLS1, K_ECDHEPSK, A_PSK, E_CAMELLIA128, M_SHA256, S_HIGH|S_NOT_DEFAULT, 128, 128, Avail::Default),
    suite(0xC09B, "ECDHE-PSK-CAMELLIA256-SHA384", "TLS_ECDHE_PSK_WITH_CAMELLIA_256_CBC_SHA384", TLS1, K_ECDHEPSK, A_PSK, E_CAMELLIA256, M_SHA384, S_HIGH|S_NOT_DEFAULT, 256, 256, Avail::Default),
    suite(0xC09C, "AES128-CCM", "TLS_RSA_WITH_AES_128_CCM", TLS1_2, K_RSA, A_RSA, E_AES128CCM, M_AEAD, S_HIGH|S_NOT_DEFAULT, 128, 128, Avail::Default),
    suite(0xC09D, "AES256-CCM", "TLS_RSA_WITH_AES_256_CCM", TLS1_2, K_RSA, A_RSA, E_AES256CCM, M_AEAD, S_HIGH|S_NOT_DEFAULT, 256, 256, Avail::Default),
    suite(0xC09E, "DHE-RSA-AES128-CCM", "TLS_DHE_RSA_WITH_AES_128_CCM", TLS1_2, K_DHE, A_RSA, E_AES128CCM, M_AEAD, S_HIGH|S_NOT_DEFAULT, 128, 128, Avail::Default),
    suite(0xC09F, "DHE-RSA-AES256-CCM", "TLS_DHE_RSA_WITH_AES_256_CCM", TLS1_2, K_DHE, A_RSA, E_AES256CCM, M_AEAD, S_HIGH|S_NOT_DEFAULT, 256, 256, Avail::Default),
    suite(0xC0A0, "AES128-CCM8", "TLS_RSA_WITH_AES_128_CCM_8", TLS1_2, K_RSA, A_RSA, E_AES128CCM8, M_AEAD, S_HIGH|S_NOT_DEFAULT, 128, 128, Avail::Default),
    suite(0xC0A1, "AES256-CCM8", "TLS_RSA_WITH_AES_256_CCM_8", TLS1_2, K_RSA, A_RSA, E_AES256CCM8, M_AEAD, S_HIGH|S_NOT_DEFAULT, 256, 256, Avail::Default),
    suite(0xC0A2, "DHE-RSA-AES128-CCM8", "TLS_DHE_RSA_WITH_AES_128_CCM_8", TLS1_2, K_DHE, A_RSA, E_AES128CCM8, M_AEAD, S_HIGH|S_NOT_DEFAULT, 128, 128, Avail::Default),
    suite(0xC0A3, "DHE-RSA-AES256-CCM8", "TLS_DHE_RSA_WITH_AES_256_CCM_8", TLS1_2, K_DHE, A_RSA, E_AES256CCM8, M_AEAD, S_HIGH|S_NOT_DEFAULT, 256, 256, Avail::Default),
    suite(0xC0A4, "PSK-AES128-CCM", "TLS_PSK_WITH_AES_128_CCM", TLS1_2, K_PSK, A_PSK, E_AES128CCM, M_AEAD, S_HIGH|S_NOT_DEFAULT, 128, 128, Avail::Default),
    suite(0xC0A5, "PSK-AES256-CCM", "TLS_PSK_WITH_AES_256_CCM", TLS1_2, K_PSK, A_PSK, E_AES256CCM, M_AEAD, S_HIGH|S_NOT_DEFAULT, 256, 256, Avail::Default),
    suite(0xC0A6, "DHE-PSK-AES128-CCM", "TLS_DHE_PSK_WITH_AES_128_CCM", TLS1_2, K_DHEPSK, A_PSK, E_AES128CCM, M_AEAD, S_HIGH|S_NOT_DEFAULT, 128, 128, Avail::Default),
    suite(0xC0A7, "DHE-PSK-AES256-CCM", "TLS_DHE_PSK_WITH_AES_256_CCM", TLS1_2, K_DHEPSK, A_PSK, E_AES256CCM, M_AEAD, S_HIGH|S_NOT_DEFAULT, 256, 256, Avail::Default),
    suite(0xC0A8, "PSK-AES128-CCM8", "TLS_PSK_WITH_AES_128_CCM_8", TLS1_2, K_PSK, A_PSK, E_AES128CCM8, M_AEAD, S_HIGH|S_NOT_DEFAULT, 128, 128, Avail::Default),
    suite(0xC0A9, "PSK-AES256-CCM8", "TLS_PSK_WITH_AES_256_CCM_8", TLS1_2, K_PSK, A_PSK, E_AES256CCM8, M_AEAD, S_HIGH|S_NOT_DEFAULT, 256, 256, Avail::Default),
    suite(0xC0AA, "DHE-PSK-AES128-CCM8", "TLS_PSK_DHE_WITH_AES_128_CCM_8", TLS1_2, K_DHEPSK, A_PSK, E_AES128CCM8, M_AEAD, S_HIGH|S_NOT_DEFAULT, 128, 128, Avail::Default),
    suite(0xC0AB, "DHE-PSK-AES256-CCM8", "TLS_PSK_DHE_WITH_AES_256_CCM_8", TLS1_2, K_DHEPSK, A_PSK, E_AES256CCM8, M_AEAD, S_HIGH|S_NOT_DEFAULT, 256, 256, Avail::Default),
    suite(0xC0AC, "ECDHE-ECDSA-AES128-CCM", "TLS_ECDHE_ECDSA_WITH_AES_128_CCM", TLS1_2, K_ECDHE, A_ECDSA, E_AES128CCM, M_AEAD, S_HIGH|S_NOT_DEFAULT, 128, 128, Avail::Default),
    suite(0xC0AD, "ECDHE-ECDSA-AES256-CCM", "TLS_ECDHE_ECDSA_WITH_AES_256_CCM", TLS1_2, K_ECDHE, A_ECDSA, E_AES256CCM, M_AEAD, S_HIGH|S_NOT_DEFAULT, 256, 256, Avail::Default),
    suite(0xC0AE, "ECDHE-ECDSA-AES128-CCM8", "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", TLS1_2, K_ECDHE, A_ECDSA, E_AES128CCM8, M_AEAD, S_HIGH|S_NOT_DEFAULT, 128, 128, Avail::Default),
    suite(0xC0AF, "ECDHE-ECDSA-AES256-CCM8", "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8", TLS1_2, K_ECDHE, A_ECDSA, E_AES256CCM8, M_AEAD, S_HIGH|S_NOT_DEFAULT, 256, 256, Avail::Default),
    suite(0xC100, "GOST2012-KUZNYECHIK-KUZNYECHIKOMAC", "TLS_GOSTR341112_256_WITH_KUZNYECHIK_CTR_OMAC", TLS1_2, K_GOST18, A_GOST12, E_KUZNYECHIK, M_KUZNYECHIKOMAC, S_NOT_DEFAULT|S_HIGH, 256, 256, Avail::GostEngine),
    suite(0xC101, "GOST2012-MAGMA-MAGMAOMAC", "TLS_GOSTR341112_256_WITH_MAGMA_CTR_OMAC", TLS1_2, K_GOST18, A_GOST12, E_MAGMA, M_MAGMAOMAC, S_NOT_DEFAULT|S_HIGH, 256, 256, Avail::GostEngine),
    suite(0xCCA8, "ECDHE-RSA-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", TLS1_2, K_ECDHE, A_RSA, E_CHACHA20POLY1305, M_AEAD, S_HIGH, 256, 256, Avail::Default),
    suite(0xCCA9, "ECDHE-ECDSA-CHACHA20-POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", TLS1_2, K_ECDHE, A_ECDSA, E_CHACHA20POLY1305, M_AEAD, S_HIGH, 256, 256, Avail::Default),
    suite(0xCCAA, "DHE-RSA-CHACHA20-POLY1305", "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", TLS1_2, K_DHE, A_RSA, E_CHACHA20POLY1305, M_AEAD, S_HIGH, 256, 256, Avail::Default),
    suite(0xCCAB, "PSK-CHACHA20-POLY1305", "TLS_PSK_WITH_CHACHA20_POLY1305_SHA256", TLS1_2, K_PSK, A_PSK, E_CHACHA20POLY1305, M_AEAD, S_HIGH, 256, 256, Avail::Default),
    suite(0xCCAC, "ECDHE-PSK-CHACHA20-POLY1305", "TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256", TLS1_2, K_ECDHEPSK, A_PSK, E_CHACHA20POLY1305, M_AEAD, S_HIGH, 256, 256, Avail::Default),
    suite(0xCCAD, "DHE-PSK-CHACHA20-POLY1305", "TLS_DHE_PSK_WITH_CHACHA20_POLY1305_SHA256", TLS1_2, K_DHEPSK, A_PSK, E_CHACHA20POLY1305, M_AEAD, S_HIGH, 256, 256, Avail::Default),
    suite(0xCCAE, "RSA-PSK-CHACHA20-POLY1305", "TLS_RSA_PSK_WITH_CHACHA20_POLY1305_SHA256", TLS1_2, K_RSAPSK, A_RSA, E_CHACHA20POLY1305, M_AEAD, S_HIGH, 256, 256, Avail::Default),
    suite(0xFF85, "GOST2012-GOST8912-GOST8912", "TLS_GOSTR341112_256_WITH_28147_CNT_IMIT", TLS1, K_GOST, A_GOST12, E_GOST8912, M_GOST89MAC12, S_NOT_DEFAULT|S_HIGH, 256, 256, Avail::GostEngine),
    suite(0xFF87, "GOST2012-NULL-GOST12", "TLS_GOSTR341112_256_WITH_NULL_GOSTR3411", TLS1, K_GOST, A_GOST12, E_NULL, M_GOST12_256, S_NOT_DEFAULT|S_NONE, 0, 0, Avail::GostEngine),
];

/// A name in a cipher string that stands for a set of suites (`cipher_aliases`,
/// `ssl/ssl_ciph.c`, in its order). A zero field does not restrict.
struct Alias {
    name: &'static str,
    mkey: u32,
    auth: u32,
    cipher: u32,
    digest: u32,
    min_tls: u16,
    strength: u32,
}

const fn by_kx(name: &'static str, mkey: u32, auth: u32) -> Alias {
    Alias {
        name,
        mkey,
        auth,
        cipher: 0,
        digest: 0,
        min_tls: 0,
        strength: 0,
    }
}
const fn by_enc(name: &'static str, cipher: u32) -> Alias {
    Alias {
        name,
        mkey: 0,
        auth: 0,
        cipher,
        digest: 0,
        min_tls: 0,
        strength: 0,
    }
}
const fn by_mac(name: &'static str, digest: u32) -> Alias {
    Alias {
        name,
        mkey: 0,
        auth: 0,
        cipher: 0,
        digest,
        min_tls: 0,
        strength: 0,
    }
}
const fn by_version(name: &'static str, min_tls: u16) -> Alias {
    Alias {
        name,
        mkey: 0,
        auth: 0,
        cipher: 0,
        digest: 0,
        min_tls,
        strength: 0,
    }
}
const fn by_strength(name: &'static str, cipher: u32, strength: u32) -> Alias {
    Alias {
        name,
        mkey: 0,
        auth: 0,
        cipher,
        digest: 0,
        min_tls: 0,
        strength,
    }
}

static ALIASES: &[Alias] = &[
    // `ALL` leaves out eNULL, which must be asked for by name.
    by_enc("ALL", !E_NULL.bit),
    by_enc("COMPLEMENTOFALL", E_NULL.bit),
    // Only the suites flagged "not default" (anonymous, PSK, SRP, …), not what ALL lacks.
    by_strength("COMPLEMENTOFDEFAULT", 0, S_NOT_DEFAULT),
    by_kx("kRSA", K_RSA.bit, 0),
    by_kx("kEDH", K_DHE.bit, 0),
    by_kx("kDHE", K_DHE.bit, 0),
    by_kx("DH", K_DHE.bit, 0),
    by_kx("kEECDH", K_ECDHE.bit, 0),
    by_kx("kECDHE", K_ECDHE.bit, 0),
    by_kx("ECDH", K_ECDHE.bit, 0),
    by_kx("kPSK", K_PSK.bit, 0),
    by_kx("kRSAPSK", K_RSAPSK.bit, 0),
    by_kx("kECDHEPSK", K_ECDHEPSK.bit, 0),
    by_kx("kDHEPSK", K_DHEPSK.bit, 0),
    by_kx("kSRP", K_SRP.bit, 0),
    by_kx("kGOST", K_GOST.bit, 0),
    by_kx("kGOST18", K_GOST18.bit, 0),
    by_kx("aRSA", 0, A_RSA.bit),
    by_kx("aDSS", 0, A_DSS.bit),
    by_kx("DSS", 0, A_DSS.bit),
    by_kx("aNULL", 0, A_NULL.bit),
    by_kx("aECDSA", 0, A_ECDSA.bit),
    by_kx("ECDSA", 0, A_ECDSA.bit),
    by_kx("aPSK", 0, A_PSK.bit),
    by_kx("aGOST01", 0, A_GOST01.bit),
    by_kx("aGOST12", 0, A_GOST12_BIT),
    by_kx("aGOST", 0, A_GOST01.bit | A_GOST12_BIT),
    by_kx("aSRP", 0, A_SRP.bit),
    // Ephemeral key exchange with authentication: `DHE` and `ECDHE` leave out the
    // anonymous suites, which `kDHE`/`kECDHE` include.
    by_kx("EDH", K_DHE.bit, !A_NULL.bit),
    by_kx("DHE", K_DHE.bit, !A_NULL.bit),
    by_kx("EECDH", K_ECDHE.bit, !A_NULL.bit),
    by_kx("ECDHE", K_ECDHE.bit, !A_NULL.bit),
    by_enc("NULL", E_NULL.bit),
    by_kx("RSA", K_RSA.bit, A_RSA.bit),
    by_kx("ADH", K_DHE.bit, A_NULL.bit),
    by_kx("AECDH", K_ECDHE.bit, A_NULL.bit),
    by_kx("PSK", K_ANY_PSK, 0),
    by_kx("SRP", K_SRP.bit, 0),
    by_enc("3DES", E_3DES.bit),
    by_enc("RC4", E_RC4.bit),
    by_enc("RC2", E_RC2),
    by_enc("IDEA", E_IDEA.bit),
    by_enc("SEED", E_SEED.bit),
    by_enc("eNULL", E_NULL.bit),
    by_enc("GOST", E_GOST89.bit | E_GOST8912.bit),
    by_enc(
        "AES128",
        E_AES128.bit | E_AES128GCM.bit | E_AES128CCM.bit | E_AES128CCM8.bit,
    ),
    by_enc(
        "AES256",
        E_AES256.bit | E_AES256GCM.bit | E_AES256CCM.bit | E_AES256CCM8.bit,
    ),
    by_enc("AES", E_AES),
    by_enc("AESGCM", E_AESGCM),
    by_enc("AESCCM", E_AESCCM),
    by_enc("AESCCM8", E_AES128CCM8.bit | E_AES256CCM8.bit),
    by_enc("CAMELLIA128", E_CAMELLIA128.bit),
    by_enc("CAMELLIA256", E_CAMELLIA256.bit),
    by_enc("CAMELLIA", E_CAMELLIA),
    by_enc("CHACHA20", E_CHACHA20POLY1305.bit),
    by_enc("ARIA", E_ARIA),
    by_enc("ARIAGCM", E_ARIA),
    by_enc("ARIA128", E_ARIA128GCM.bit),
    by_enc("ARIA256", E_ARIA256GCM.bit),
    by_enc("CBC", E_CBC),
    by_mac("MD5", M_MD5.bit),
    by_mac("SHA1", M_SHA1.bit),
    by_mac("SHA", M_SHA1.bit),
    by_mac("GOST94", M_GOST94.bit),
    by_mac("GOST89MAC", M_GOST89MAC.bit | M_GOST89MAC12.bit),
    by_mac("SHA256", M_SHA256.bit),
    by_mac("SHA384", M_SHA384.bit),
    by_mac("GOST12", M_GOST12_256.bit),
    // A version alias selects the suites whose *minimum* version is exactly that one:
    // `TLSv1` does not take in the SSLv3 suites, although TLS 1.0 can use them.
    by_version("SSLv3", SSL3.version),
    by_version("TLSv1", TLS1.version),
    by_version("TLSv1.0", TLS1.version),
    by_version("TLSv1.2", TLS1_2.version),
    by_strength("LOW", 0, S_LOW),
    by_strength("MEDIUM", 0, S_MEDIUM),
    by_strength("HIGH", 0, S_HIGH),
    // The class bits narrow each other, FIPS among them: `HIGH+FIPS` and `FIPS+HIGH`
    // select nothing, since no suite's class is both.
    by_strength("FIPS", !E_NULL.bit, S_FIPS),
    // The pre-1.1.0 names of two suites, kept as aliases by OpenSSL.
    Alias {
        name: "EDH-DSS-DES-CBC3-SHA",
        mkey: K_DHE.bit,
        auth: A_DSS.bit,
        cipher: E_3DES.bit,
        digest: M_SHA1.bit,
        min_tls: 0,
        strength: S_HIGH | S_FIPS,
    },
    Alias {
        name: "EDH-RSA-DES-CBC3-SHA",
        mkey: K_DHE.bit,
        auth: A_RSA.bit,
        cipher: E_3DES.bit,
        digest: M_SHA1.bit,
        min_tls: 0,
        strength: S_HIGH | S_FIPS,
    },
];

impl Alias {
    /// `ssl_cipher_collect_aliases`: an alias whose every algorithm in some field is
    /// disabled is left out of the list, so it reads as an unknown word.
    fn usable(&self) -> bool {
        (self.mkey == 0 || self.mkey & !DISABLED_MKEY != 0)
            && (self.auth == 0 || self.auth & !DISABLED_AUTH != 0)
            && (self.cipher == 0 || self.cipher & !DISABLED_ENC != 0)
            && (self.digest == 0 || self.digest & !DISABLED_MAC != 0)
    }
}

/// What a rule does to the suites it selects (`CIPHER_ADD` … `CIPHER_BUMP`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    /// No prefix: enable, at the end of the list, the ones not yet enabled.
    Add,
    /// `!`: remove for good; nothing later brings them back.
    Kill,
    /// `-`: disable, keeping their place at the front for a later add.
    Del,
    /// `+`: move the enabled ones to the end.
    Ord,
    /// Move the enabled ones to the front (only in the built-in preference order).
    Bump,
}

/// Which suites a rule selects: a suite matches when every non-zero field shares a bit
/// with it (`ssl_cipher_apply_rule`), or by strength bits alone (`@STRENGTH`).
#[derive(Clone, Copy, Default)]
struct Pattern {
    id: Option<u16>,
    mkey: u32,
    auth: u32,
    cipher: u32,
    digest: u32,
    min_tls: u16,
    strength: u32,
    strength_bits: Option<u16>,
}

impl Pattern {
    fn matches(&self, s: &Suite) -> bool {
        if let Some(bits) = self.strength_bits {
            return s.strength_bits == bits;
        }
        (self.id.is_none() || self.id == Some(s.id))
            && (self.mkey == 0 || self.mkey & s.mkey != 0)
            && (self.auth == 0 || self.auth & s.auth != 0)
            && (self.cipher == 0 || self.cipher & s.cipher != 0)
            && (self.digest == 0 || self.digest & s.digest != 0)
            && (self.min_tls == 0 || self.min_tls == s.min_tls)
            && (self.strength & STRONG_MASK == 0 || self.strength & STRONG_MASK & s.strength != 0)
            && (self.strength & DEFAULT_MASK == 0 || self.strength & DEFAULT_MASK & s.strength != 0)
    }
}

const NIL: usize = usize::MAX;

/// OpenSSL's working list (`CIPHER_ORDER`): every usable suite, linked in preference
/// order, each enabled or not; a killed suite is unlinked.
struct Order {
    suites: Vec<&'static Suite>,
    next: Vec<usize>,
    prev: Vec<usize>,
    active: Vec<bool>,
    head: usize,
    tail: usize,
}

impl Order {
    fn new() -> Order {
        let suites: Vec<&'static Suite> = SUITES
            .iter()
            .rev()
            .filter(|s| s.availability == Avail::Default)
            .collect();
        let n = suites.len();
        let next = (0..n)
            .map(|i| if i + 1 < n { i + 1 } else { NIL })
            .collect();
        let prev = (0..n).map(|i| if i == 0 { NIL } else { i - 1 }).collect();
        Order {
            suites,
            next,
            prev,
            active: vec![false; n],
            head: if n == 0 { NIL } else { 0 },
            tail: if n == 0 { NIL } else { n - 1 },
        }
    }

    fn unlink(&mut self, i: usize) {
        let (p, n) = (self.prev[i], self.next[i]);
        if p == NIL {
            self.head = n;
        } else {
            self.next[p] = n;
        }
        if n == NIL {
            self.tail = p;
        } else {
            self.prev[n] = p;
        }
        self.next[i] = NIL;
        self.prev[i] = NIL;
    }

    fn move_to_tail(&mut self, i: usize) {
        if i == self.tail {
            return;
        }
        self.unlink(i);
        self.prev[i] = self.tail;
        if self.tail == NIL {
            self.head = i;
        } else {
            self.next[self.tail] = i;
        }
        self.tail = i;
    }

    fn move_to_head(&mut self, i: usize) {
        if i == self.head {
            return;
        }
        self.unlink(i);
        self.next[i] = self.head;
        if self.head == NIL {
            self.tail = i;
        } else {
            self.prev[self.head] = i;
        }
        self.head = i;
    }

    /// `ssl_cipher_apply_rule`: one pass over the list as it stands when the rule starts
    /// (suites a rule moves behind the old end are not visited again). `-` and bump walk
    /// from the end so that the suites they move keep their relative order.
    fn apply(&mut self, pat: &Pattern, op: Op) {
        let reverse = matches!(op, Op::Del | Op::Bump);
        let (mut next, last) = if reverse {
            (self.tail, self.head)
        } else {
            (self.head, self.tail)
        };
        let mut curr = NIL;
        loop {
            if curr == last {
                break;
            }
            curr = next;
            if curr == NIL {
                break;
            }
            next = if reverse {
                self.prev[curr]
            } else {
                self.next[curr]
            };
            if !pat.matches(self.suites[curr]) {
                continue;
            }
            match op {
                Op::Add => {
                    if !self.active[curr] {
                        self.move_to_tail(curr);
                        self.active[curr] = true;
                    }
                }
                Op::Ord => {
                    if self.active[curr] {
                        self.move_to_tail(curr);
                    }
                }
                Op::Del => {
                    if self.active[curr] {
                        self.move_to_head(curr);
                        self.active[curr] = false;
                    }
                }
                Op::Bump => {
                    if self.active[curr] {
                        self.move_to_head(curr);
                    }
                }
                Op::Kill => {
                    self.active[curr] = false;
                    self.unlink(curr);
                }
            }
        }
    }

    /// `@STRENGTH` (`ssl_cipher_strength_sort`): a stable sort of the enabled suites by
    /// strength bits, strongest first, done as one `+` per strength present.
    fn strength_sort(&mut self) {
        let mut bits: Vec<u16> = self
            .iter()
            .filter(|&i| self.active[i])
            .map(|i| self.suites[i].strength_bits)
            .collect();
        bits.sort_unstable_by(|a, b| b.cmp(a));
        bits.dedup();
        for b in bits {
            self.apply(
                &Pattern {
                    strength_bits: Some(b),
                    ..Pattern::default()
                },
                Op::Ord,
            );
        }
    }

    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        let mut i = self.head;
        std::iter::from_fn(move || {
            if i == NIL {
                return None;
            }
            let here = i;
            i = self.next[i];
            Some(here)
        })
    }

    /// The preference order `ssl_create_cipher_list` builds before it reads the string:
    /// ECDHE (ECDSA before RSA) first, then AES-GCM, ChaCha20, the other AES, the rest;
    /// MD5, anonymous, plain RSA and plain PSK key exchange, RC4 to the end; a strength
    /// sort; then TLS 1.2-only suites, AEADs, forward secrecy and forward secrecy with
    /// AEAD bumped to the front in turn; finally everything disabled, order kept.
    fn preferred() -> Order {
        let mut o = Order::new();
        let p = Pattern::default;
        o.apply(
            &Pattern {
                mkey: K_ECDHE.bit,
                auth: A_ECDSA.bit,
                ..p()
            },
            Op::Add,
        );
        o.apply(
            &Pattern {
                mkey: K_ECDHE.bit,
                ..p()
            },
            Op::Add,
        );
        o.apply(
            &Pattern {
                mkey: K_ECDHE.bit,
                ..p()
            },
            Op::Del,
        );
        o.apply(
            &Pattern {
                cipher: E_AESGCM,
                ..p()
            },
            Op::Add,
        );
        o.apply(
            &Pattern {
                cipher: E_CHACHA20POLY1305.bit,
                ..p()
            },
            Op::Add,
        );
        o.apply(
            &Pattern {
                cipher: E_AES ^ E_AESGCM,
                ..p()
            },
            Op::Add,
        );
        o.apply(&p(), Op::Add);
        o.apply(
            &Pattern {
                digest: M_MD5.bit,
                ..p()
            },
            Op::Ord,
        );
        o.apply(
            &Pattern {
                auth: A_NULL.bit,
                ..p()
            },
            Op::Ord,
        );
        o.apply(
            &Pattern {
                mkey: K_RSA.bit,
                ..p()
            },
            Op::Ord,
        );
        o.apply(
            &Pattern {
                mkey: K_PSK.bit,
                ..p()
            },
            Op::Ord,
        );
        o.apply(
            &Pattern {
                cipher: E_RC4.bit,
                ..p()
            },
            Op::Ord,
        );
        o.strength_sort();
        o.apply(
            &Pattern {
                min_tls: TLS1_2.version,
                ..p()
            },
            Op::Bump,
        );
        o.apply(
            &Pattern {
                digest: M_AEAD.bit,
                ..p()
            },
            Op::Bump,
        );
        o.apply(
            &Pattern {
                mkey: K_DHE.bit | K_ECDHE.bit,
                ..p()
            },
            Op::Bump,
        );
        o.apply(
            &Pattern {
                mkey: K_DHE.bit | K_ECDHE.bit,
                digest: M_AEAD.bit,
                ..p()
            },
            Op::Bump,
        );
        o.apply(&p(), Op::Del);
        o
    }
}

/// A word of a cipher string looked up as OpenSSL looks it up: the usable suites first
/// (by OpenSSL name), then the usable aliases. Case matters.
enum Word {
    Suite(&'static Suite),
    Alias(&'static Alias),
}

fn lookup(word: &[u8]) -> Option<Word> {
    SUITES
        .iter()
        .find(|s| s.availability == Avail::Default && s.name.as_bytes() == word)
        .map(Word::Suite)
        .or_else(|| {
            ALIASES
                .iter()
                .find(|a| a.name.as_bytes() == word && a.usable())
                .map(Word::Alias)
        })
}

/// Narrows `acc` by `new` as `ssl_cipher_process_rulestr` does for `A+B`: a field set by
/// both keeps the common bits, and an empty intersection makes the whole item match
/// nothing (it is skipped).
fn narrow(acc: &mut u32, new: u32) -> bool {
    if new != 0 {
        if *acc != 0 {
            *acc &= new;
            if *acc == 0 {
                return false;
            }
        } else {
            *acc = new;
        }
    }
    true
}

fn is_sep(b: u8) -> bool {
    matches!(b, b':' | b' ' | b';' | b',')
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'=')
}

/// `ssl_cipher_process_rulestr` over `rule` (bytes from `base` on in the caller's
/// string, for error offsets). Returns the offset of the first invalid command, if any;
/// OpenSSL reads on after one, and so does this.
fn process(
    rule: &[u8],
    base: usize,
    order: &mut Order,
    seclevel: &mut Option<u8>,
) -> Option<usize> {
    let mut invalid = None;
    let at = |i: usize| rule.get(i).copied().unwrap_or(0);
    let mut l = 0;
    loop {
        let ch = at(l);
        if ch == 0 {
            break;
        }
        let op = match ch {
            b'-' => Some(Op::Del),
            b'+' => Some(Op::Ord),
            b'!' => Some(Op::Kill),
            b'@' => None,
            _ => Some(Op::Add),
        };
        if matches!(ch, b'-' | b'+' | b'!' | b'@') {
            l += 1;
        }
        if is_sep(ch) {
            l += 1;
            continue;
        }
        let mut pat = Pattern::default();
        let mut found = false;
        let mut word: &[u8];
        loop {
            let start = l;
            while is_word(at(l)) {
                l += 1;
            }
            word = &rule[start..l];
            if word.is_empty() {
                invalid.get_or_insert(base + l);
                found = false;
                l += 1;
                break;
            }
            if op.is_none() {
                break;
            }
            let multi = at(l) == b'+';
            if multi {
                l += 1;
            }
            // Each word forgets the suite an earlier word named: after
            // `ECDHE-RSA-AES128-GCM-SHA256+AES` only that suite's algorithms remain (which,
            // in OpenSSL 3's table, still single it out).
            pat.id = None;
            found = match lookup(word) {
                None => false,
                Some(Word::Suite(s)) => {
                    let ok = narrow(&mut pat.mkey, s.mkey)
                        && narrow(&mut pat.auth, s.auth)
                        && narrow(&mut pat.cipher, s.cipher)
                        && narrow(&mut pat.digest, s.digest)
                        && narrow_strength(&mut pat.strength, s.strength);
                    // An explicit suite selects itself; its version is not a condition.
                    pat.id = Some(s.id);
                    ok
                }
                Some(Word::Alias(a)) => {
                    narrow(&mut pat.mkey, a.mkey)
                        && narrow(&mut pat.auth, a.auth)
                        && narrow(&mut pat.cipher, a.cipher)
                        && narrow(&mut pat.digest, a.digest)
                        && narrow_strength(&mut pat.strength, a.strength)
                        && narrow_version(&mut pat.min_tls, a.min_tls)
                }
            };
            if !found || !multi {
                break;
            }
        }
        match op {
            None => {
                let level = match word {
                    [
                        b'S',
                        b'E',
                        b'C',
                        b'L',
                        b'E',
                        b'V',
                        b'E',
                        b'L',
                        b'=',
                        d @ b'0'..=b'5',
                    ] => Some(d - b'0'),
                    _ => None,
                };
                if word == b"STRENGTH" {
                    order.strength_sort();
                } else if let Some(level) = level {
                    *seclevel = Some(level);
                } else {
                    invalid.get_or_insert(base + l - word.len());
                }
                while at(l) != 0 && !is_sep(at(l)) {
                    l += 1;
                }
            }
            Some(op) if found => order.apply(&pat, op),
            Some(_) => {
                while at(l) != 0 && !is_sep(at(l)) {
                    l += 1;
                }
            }
        }
        if at(l) == 0 {
            break;
        }
    }
    invalid
}

/// The strength part of `narrow`: the class bits (`SSL_STRONG_MASK`) and the
/// not-default bit (`SSL_DEFAULT_MASK`) narrow separately.
fn narrow_strength(acc: &mut u32, new: u32) -> bool {
    for mask in [STRONG_MASK, DEFAULT_MASK] {
        if new & mask != 0 {
            if *acc & mask != 0 {
                *acc &= (new & mask) | !mask;
                if *acc & mask == 0 {
                    return false;
                }
            } else if mask == STRONG_MASK {
                // OpenSSL assigns here, dropping a not-default bit set by an earlier word
                // (`COMPLEMENTOFDEFAULT+HIGH` is plain `HIGH`).
                *acc = new & mask;
            } else {
                *acc |= new & mask;
            }
        }
    }
    true
}

/// Two different version aliases in one `A+B` item match nothing.
fn narrow_version(acc: &mut u16, new: u16) -> bool {
    if new != 0 {
        if *acc != 0 && *acc != new {
            return false;
        }
        *acc = new;
    }
    true
}

/// The Suite B strings (RFC 6460): a string that *starts* with one of these names is
/// replaced whole by the suites it stands for, whatever follows (`check_suiteb_cipher_list`).
const SUITE_B: [(&str, &str); 4] = [
    ("SUITEB128ONLY", "ECDHE-ECDSA-AES128-GCM-SHA256"),
    ("SUITEB128C2", "ECDHE-ECDSA-AES256-GCM-SHA384"),
    (
        "SUITEB128",
        "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384",
    ),
    ("SUITEB192", "ECDHE-ECDSA-AES256-GCM-SHA384"),
];

/// The TLS 1.2-and-below suites `rule` enables, as `SSL_CTX_set_cipher_list` computes
/// them (`ssl_create_cipher_list`).
///
/// OpenSSL's ways, which this keeps: `DEFAULT` counts only at the very start (a later
/// `DEFAULT` is an unknown word); an unknown word is ignored together with anything
/// glued to it up to the next separator (`RC4!aNULL` ignores `!aNULL` too, as RC4 is
/// unknown to OpenSSL 3's default provider); `A+B` selects what both select, and nothing
/// when they share nothing; a name followed by an operator needs no separator
/// (`HIGH!aNULL` is `HIGH:!aNULL`); `;` separates like `:`, `,` and space; `!` removes for
/// good, `-` only until a later rule adds back. Errors: any other character or an `@`
/// command other than `@STRENGTH`/`@SECLEVEL=0`…`5` (the rest is still read, but the
/// string is refused), and a string that enables nothing.
pub fn expand(rule: &str) -> Result<Expansion, CipherError> {
    let bytes = rule.as_bytes();
    let mut order = Order::preferred();
    let mut seclevel = None;
    let suite_b = SUITE_B
        .iter()
        .find(|(name, _)| bytes.starts_with(name.as_bytes()));
    let invalid = if let Some((_, replacement)) = suite_b {
        process(replacement.as_bytes(), 0, &mut order, &mut seclevel)
    } else {
        let mut start = 0;
        let mut invalid = None;
        if bytes.starts_with(b"DEFAULT") {
            invalid = process(DEFAULT_CIPHER_LIST.as_bytes(), 0, &mut order, &mut seclevel);
            start = 7 + usize::from(bytes.get(7) == Some(&b':'));
        }
        let rest = bytes.get(start..).unwrap_or_default();
        invalid.or(process(rest, start, &mut order, &mut seclevel))
    };
    if let Some(offset) = invalid {
        return Err(CipherError::new(
            CipherErrorKind::InvalidCommand { offset },
            rule,
        ));
    }
    let suites: Vec<&'static Suite> = order
        .iter()
        .filter(|&i| order.active[i])
        .map(|i| order.suites[i])
        .collect();
    if suites.is_empty() {
        return Err(CipherError::new(CipherErrorKind::NoCipherMatch, rule));
    }
    Ok(Expansion { suites, seclevel })
}

/// The TLS 1.3 suites a `Ciphersuites` value enables, in its order, as
/// `SSL_CTX_set_ciphersuites` reads it (`set_ciphersuites`, `ciphersuite_cb`): IANA
/// names separated by `:`, blanks around a name ignored, case kept; an unknown name is
/// skipped; a name given twice is listed twice. The empty string is valid and enables
/// no TLS 1.3 suite; a non-empty string in which OpenSSL finds nothing is an error.
///
/// OpenSSL looks names up among all its suites, so the IANA name of a TLS 1.2 suite (or
/// `TLS_FALLBACK_SCSV`) is taken, and sits in the TLS 1.3 list where it does nothing
/// useful: here such a name counts as found (no error) but is left out of the result.
pub fn expand_tls13(ciphersuites: &str) -> Result<Vec<&'static Suite13>, CipherError> {
    if ciphersuites.is_empty() {
        return Ok(Vec::new());
    }
    const SCSV: [&str; 2] = ["TLS_EMPTY_RENEGOTIATION_INFO_SCSV", "TLS_FALLBACK_SCSV"];
    let mut found = false;
    let mut out = Vec::new();
    for name in ciphersuites.split(':') {
        let name = name.trim_matches(|c: char| c.is_ascii_whitespace() || c == '\u{b}');
        if let Some(s) = TLS13_SUITES.iter().find(|s| s.iana == name) {
            out.push(s);
            found = true;
        } else if SCSV.contains(&name)
            || SUITES.iter().any(|s| {
                s.iana == name && matches!(s.availability, Avail::Default | Avail::LegacyProvider)
            })
        {
            found = true;
        }
    }
    if !found {
        return Err(CipherError::new(
            CipherErrorKind::NoTls13CipherMatch,
            ciphersuites,
        ));
    }
    Ok(out)
}

/// The suite with this OpenSSL or IANA name, whether or not OpenSSL 3 can use it.
pub fn suite_by_name(name: &str) -> Option<&'static Suite> {
    SUITES.iter().find(|s| s.name == name || s.iana == name)
}

/// The alias names OpenSSL 3 knows (`HIGH`, `aNULL`, `ECDHE`, …), including those this
/// OpenSSL leaves out for want of the algorithms (`RC4`, `SEED`, `GOST`…); `DEFAULT` and
/// the Suite B names are prefixes of a whole string, not aliases.
pub fn alias_names() -> impl Iterator<Item = &'static str> {
    ALIASES.iter().map(|a| a.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(rule: &str) -> Vec<&'static str> {
        expand(rule)
            .map(|e| e.suites.iter().map(|s| s.name).collect())
            .unwrap_or_default()
    }

    fn kind(rule: &str) -> Option<CipherErrorKind> {
        expand(rule).err().map(|e| e.kind)
    }

    #[test]
    fn empty_and_separator_only_strings_match_nothing() {
        for rule in ["", ":", ", ;: ", "::::"] {
            assert_eq!(kind(rule), Some(CipherErrorKind::NoCipherMatch), "{rule:?}");
        }
    }

    #[test]
    fn removing_everything_matches_nothing_and_kill_is_for_good() {
        assert_eq!(kind("!ALL"), Some(CipherErrorKind::NoCipherMatch));
        assert_eq!(kind("ALL:!ALL"), Some(CipherErrorKind::NoCipherMatch));
        // `!` removes for good: nothing later brings the suites back.
        assert_eq!(kind("!ALL:HIGH"), Some(CipherErrorKind::NoCipherMatch));
        // `-` only disables: a later rule adds back.
        assert_eq!(names("-ALL:HIGH"), names("HIGH"));
        assert!(names("HIGH").contains(&"ECDHE-RSA-AES128-GCM-SHA256"));
    }

    #[test]
    fn unknown_words_are_ignored_with_what_is_glued_to_them() {
        assert_eq!(kind("FOO"), Some(CipherErrorKind::NoCipherMatch));
        assert_eq!(names("FOO:HIGH"), names("HIGH"));
        // `FOO!aNULL` is one unknown item: `!aNULL` goes with it.
        assert_eq!(names("ALL:FOO!aNULL"), names("ALL"));
        assert_eq!(names("ALL:HIGH!aNULL"), names("ALL:!aNULL"));
        // RC4 is unknown to OpenSSL 3 without the legacy provider; 3DES is known but
        // matches no suite it can use.
        assert!(
            names("RC4!aNULL:aNULL")
                .iter()
                .any(|n| n.starts_with("ADH-"))
        );
        assert_eq!(
            kind("3DES!aNULL:aNULL"),
            Some(CipherErrorKind::NoCipherMatch)
        );
        // Case matters, and `DEFAULT` counts only at the start.
        assert_eq!(kind("high"), Some(CipherErrorKind::NoCipherMatch));
        assert_eq!(names("HIGH:DEFAULT"), names("HIGH"));
        assert_eq!(names("DEFAULT"), names(DEFAULT_CIPHER_LIST));
    }

    #[test]
    fn combined_aliases_select_what_all_parts_select() {
        let got = expand("ECDHE+AESGCM").map(|e| e.suites).unwrap_or_default();
        assert_eq!(got.len(), 4);
        assert!(
            got.iter()
                .all(|s| s.kx == "ECDH" && s.enc.starts_with("AESGCM"))
        );
        assert!(
            names("kRSA+AES+SHA1")
                .iter()
                .all(|n| ["AES128-SHA", "AES256-SHA"].contains(n))
        );
        // Parts that share nothing make the item match nothing.
        assert_eq!(kind("AES+CHACHA20"), Some(CipherErrorKind::NoCipherMatch));
    }

    #[test]
    fn at_commands() {
        assert_eq!(
            kind("HIGH:@FOO"),
            Some(CipherErrorKind::InvalidCommand { offset: 6 })
        );
        assert_eq!(
            kind("@STRENGTHS:HIGH"),
            Some(CipherErrorKind::InvalidCommand { offset: 1 })
        );
        assert_eq!(
            kind("HIGH:@SECLEVEL=6"),
            Some(CipherErrorKind::InvalidCommand { offset: 6 })
        );
        assert_eq!(
            expand("HIGH:@SECLEVEL=3:@SECLEVEL=2").map(|e| e.seclevel),
            Ok(Some(2))
        );
        assert_eq!(expand("HIGH").map(|e| e.seclevel), Ok(None));
        let sorted = expand("ALL:@STRENGTH")
            .map(|e| e.suites)
            .unwrap_or_default();
        assert!(
            sorted
                .windows(2)
                .all(|w| w[0].strength_bits >= w[1].strength_bits)
        );
    }

    #[test]
    fn characters_outside_the_grammar_are_invalid_commands() {
        assert_eq!(
            kind("HIGH_X"),
            Some(CipherErrorKind::InvalidCommand { offset: 4 })
        );
        assert_eq!(
            kind("HIGH:é"),
            Some(CipherErrorKind::InvalidCommand { offset: 5 })
        );
        assert_eq!(
            kind("HIGH:!"),
            Some(CipherErrorKind::InvalidCommand { offset: 6 })
        );
        // After `DEFAULT:` offsets still count from the start of the string.
        assert_eq!(
            kind("DEFAULT:HIGH/"),
            Some(CipherErrorKind::InvalidCommand { offset: 12 })
        );
        // A NUL ends the string, as it does for OpenSSL.
        assert_eq!(names("HIGH\0_garbage"), names("HIGH"));
    }

    #[test]
    fn errors_say_what_openssl_says() {
        let err = expand("FOO:BAR").err().map(|e| e.to_string());
        assert_eq!(err.as_deref(), Some("no cipher matches `FOO:BAR`"));
        let err = expand("HIGH:@FOO").err().map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("invalid command at byte 6 of cipher string `HIGH:@FOO`")
        );
        let long = format!("{}é", "X".repeat(79));
        let err = expand(&long).err().map(|e| e.rule);
        assert_eq!(err, Some(format!("{}…", "X".repeat(79))));
    }

    #[test]
    fn seclevels_filter_by_strength_authentication_and_forward_secrecy() {
        let all = expand("ALL:COMPLEMENTOFALL").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(all.at_seclevel(0).len(), all.suites.len());
        let l1 = all.at_seclevel(1);
        assert!(
            l1.iter()
                .all(|s| s.au != "None" && s.mac != "MD5" && s.strength_bits >= 80)
        );
        assert!(
            all.at_seclevel(3)
                .iter()
                .all(|s| ["ECDH", "DH", "ECDHEPSK", "DHEPSK"].contains(&s.kx))
        );
        assert!(
            all.at_seclevel(4)
                .iter()
                .all(|s| s.mac != "SHA1" && s.strength_bits >= 192)
        );
        assert_eq!(all.at_seclevel(9), all.at_seclevel(5));
    }

    #[test]
    fn tls13_lists() {
        let names = |s: &str| expand_tls13(s).map(|v| v.iter().map(|s| s.iana).collect::<Vec<_>>());
        assert_eq!(
            names(DEFAULT_TLS13),
            Ok(vec![
                "TLS_AES_256_GCM_SHA384",
                "TLS_CHACHA20_POLY1305_SHA256",
                "TLS_AES_128_GCM_SHA256"
            ])
        );
        assert_eq!(names(""), Ok(vec![]));
        assert_eq!(
            names("FOO: TLS_AES_128_CCM_SHA256 "),
            Ok(vec!["TLS_AES_128_CCM_SHA256"])
        );
        assert!(expand_tls13("FOO").is_err());
        assert!(expand_tls13(" ").is_err());
        assert_eq!(names("TLS_RSA_WITH_AES_128_GCM_SHA256"), Ok(vec![]));
    }

    #[test]
    fn suites_are_found_by_either_name_and_carry_their_availability() {
        let by_iana = suite_by_name("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        assert_eq!(by_iana.map(|s| s.name), Some("ECDHE-RSA-AES128-GCM-SHA256"));
        assert_eq!(
            suite_by_name("RC4-SHA").map(Suite::availability),
            Some(Availability::WeakCiphersBuild)
        );
        assert_eq!(
            suite_by_name("SEED-SHA").map(Suite::availability),
            Some(Availability::LegacyProvider)
        );
        assert_eq!(suite_by_name("EXP-RC4-MD5").map(|s| s.enc), Some("RC4(40)"));
        assert_eq!(suite_by_name("rc4-sha"), None);
        // The table is in code-point order, without duplicates.
        assert!(SUITES.windows(2).all(|w| w[0].id < w[1].id));
        // No suite OpenSSL 3 cannot use ever shows in an expansion.
        assert!(
            names("ALL:COMPLEMENTOFALL").iter().all(|n| {
                suite_by_name(n).map(Suite::availability) == Some(Availability::Default)
            })
        );
    }

    #[test]
    fn a_megabyte_of_aliases_is_read_in_one_pass() {
        let rule = "HIGH:!aNULL:-MD5:+ECDHE+AESGCM:@STRENGTH:FOO:".repeat(1 << 20 >> 6);
        assert!(rule.len() > 700_000);
        assert_eq!(names(&rule), names("HIGH:!aNULL:+ECDHE+AESGCM:@STRENGTH"));
        let glued = "ALL+".repeat(1 << 18);
        assert!(expand(&glued).is_err());
        let bad = "_".repeat(1 << 20);
        assert_eq!(
            kind(&bad),
            Some(CipherErrorKind::InvalidCommand { offset: 0 })
        );
    }
}
