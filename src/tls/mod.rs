//! TLS: OpenSSL's cipher strings as OpenSSL 3 reads them, and the profiles the cipher
//! rules judge them against. Below the formats and the rules, which both use it.

pub mod openssl;
pub mod profile;

/// Does the suite need a pre-shared key or an SRP verifier? OpenSSL offers such a suite
/// only where the server program sets up PSK or SRP (`ssl3_choose_cipher` skips them
/// without the callbacks), which nginx and Postfix never do: a live nginx 1.22.1 whose
/// `ssl_ciphers` names PSK-AES128-GCM-SHA256 refuses a client that offers only it. So the
/// cipher tests do not count them as enabled.
pub fn needs_psk_or_srp(suite: &openssl::Suite) -> bool {
    suite.kx.contains("PSK") || suite.kx == "SRP"
}
