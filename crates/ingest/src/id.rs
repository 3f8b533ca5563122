//! Article ids: the first 16 bytes (hex) of the SHA-256 of the clean text.

use sha2::{Digest, Sha256};

/// The id of an article with this clean text: the same on every run and machine.
pub fn article_id(clean_text: &str) -> String {
    let digest = Sha256::digest(clean_text.as_bytes());
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn stable_id() {
        assert_eq!(super::article_id("abc"), "ba7816bf8f01cfea414140de5dae2223");
        assert_eq!(super::article_id(""), "e3b0c44298fc1c149afbf4c8996fb924");
    }
}
