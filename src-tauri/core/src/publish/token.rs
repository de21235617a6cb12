//! Tokens for HTTPS remotes, entered once by the writer and kept in the OS
//! keyring (Secret Service on Linux) — never in a file or a log.

use super::TokenStore;

const SERVICE: &str = "postdesk";

/// The keyring entry name for a remote: its scheme and host only, so one
/// token serves every repository on that host.
pub fn key_for(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(u) => format!(
            "git:{}://{}{}",
            u.scheme(),
            u.host_str().unwrap_or(""),
            u.port().map(|p| format!(":{p}")).unwrap_or_default()
        ),
        Err(_) => format!("git:{url}"),
    }
}

/// The OS keyring.
pub struct KeyringTokens;

impl TokenStore for KeyringTokens {
    fn get(&self, url: &str) -> Option<(String, String)> {
        let secret = keyring::Entry::new(SERVICE, &key_for(url))
            .ok()?
            .get_password()
            .ok()?;
        let (user, token) = secret.split_once('\n')?;
        Some((user.to_owned(), token.to_owned()))
    }
}

/// Keeps `user` and `token` for the remote at `url` in the OS keyring.
pub fn save(url: &str, user: &str, token: &str) -> Result<(), String> {
    if user.contains('\n') || token.trim().is_empty() {
        return Err("give a user name and a non-empty token".into());
    }
    keyring::Entry::new(SERVICE, &key_for(url))
        .and_then(|e| e.set_password(&format!("{user}\n{token}")))
        .map_err(|e| {
            format!("could not keep the token in the OS keyring ({e}); start your desktop's keyring (GNOME Keyring or KWallet), or use a git credential helper")
        })
}

/// Removes the token for `url` (nothing to remove is fine).
pub fn forget(url: &str) -> Result<(), String> {
    match keyring::Entry::new(SERVICE, &key_for(url)).and_then(|e| e.delete_credential()) {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(format!(
            "could not remove the token from the OS keyring ({e})"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_the_scheme_and_host_only() {
        assert_eq!(
            key_for("https://user@example.com:8443/a/b.git"),
            "git:https://example.com:8443"
        );
        assert_eq!(
            key_for("https://github.com/me/blog.git"),
            "git:https://github.com"
        );
    }

    #[test]
    fn an_empty_token_is_refused_before_the_keyring_is_touched() {
        let err = save("https://example.com/x.git", "me", " ").unwrap_err();
        assert_eq!(err, "give a user name and a non-empty token");
    }
}
