//! TLS: what a cipher configuration enables, evaluated as the TLS library would.
pub mod openssl;
