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
    suite.needs_psk_or_srp()
}

/// The suites a server offers of an expanded string, split by whether `profile`
/// allows them (IANA names, in OpenSSL's order): where the string sets `@SECLEVEL=n`,
/// those that level keeps (without, the level is the machine's, which a repository
/// does not say, and every suite counts); never those that need PSK or SRP.
pub fn offered(
    expansion: &openssl::Expansion,
    profile: &profile::Profile,
) -> (Vec<&'static str>, Vec<&'static str>) {
    let suites = match expansion.seclevel {
        Some(level) => expansion.at_seclevel(level),
        None => expansion.suites.clone(),
    };
    suites
        .iter()
        .filter(|s| !needs_psk_or_srp(s))
        .map(|s| s.iana)
        .partition(|iana| profile.allows_tls12(iana))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key-exchange bits and the `Kx=` column `openssl ciphers -v` prints agree on
    /// which suites need PSK or SRP (the column is checked against `openssl` by
    /// `tests/ciphers_openssl.rs`).
    #[test]
    fn psk_and_srp_suites_by_their_key_exchange() {
        let mut seen = 0;
        for s in &openssl::SUITES {
            let by_column = s.kx.contains("PSK") || s.kx == "SRP";
            assert_eq!(needs_psk_or_srp(s), by_column, "{}", s.name);
            seen += usize::from(by_column);
        }
        assert!(seen > 40, "{seen}");
    }
}
