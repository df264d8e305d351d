//! Where the key-encryption key comes from, chosen when the receiver starts: a file
//! readable by its owner only (`--key-file`), or an environment variable
//! (`--key-env`, for a secret manager that injects one). Either holds one line,
//! `candor-kek-v1:` and 32 random bytes in unpadded base64url (`keys new` makes it).

use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use zeroize::Zeroizing;

use super::{KeyError, LocalKey};

/// What a key line starts with.
const PREFIX: &str = "candor-kek-v1:";

/// Where the KEK is read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeySource {
    /// A file (mode 0600).
    File(PathBuf),
    /// An environment variable, by name.
    Env(String),
}

impl std::fmt::Display for KeySource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeySource::File(path) => write!(f, "the key file {}", path.display()),
            KeySource::Env(name) => write!(f, "the environment variable {name}"),
        }
    }
}

impl KeySource {
    /// Whether the key is not there at all (no file, or the variable unset or empty).
    pub fn is_missing(&self) -> bool {
        match self {
            KeySource::File(path) => !path.exists(),
            KeySource::Env(name) => std::env::var_os(name).is_none_or(|v| v.is_empty()),
        }
    }

    /// The KEK.
    ///
    /// # Errors
    /// When the key is missing, unreadable, readable by others than its owner (a
    /// file), or not a key line.
    pub fn load(&self) -> Result<LocalKey, KeyError> {
        let line =
            match self {
                KeySource::File(path) => read_owner_only(path)?,
                KeySource::Env(name) => Zeroizing::new(std::env::var(name).map_err(|_| {
                    KeyError(format!("the environment variable {name} holds no key"))
                })?),
            };
        parse(line.trim()).map_err(|why| KeyError(format!("{self} {why}")))
    }

    /// Writes a new random key to the file (mode 0600), never over an existing one.
    ///
    /// # Errors
    /// When the source is a variable, the file exists, or it cannot be written.
    pub fn create(&self) -> Result<LocalKey, KeyError> {
        let KeySource::File(path) = self else {
            return Err(KeyError(format!(
                "{self} holds no key: set it to the line `candor-receiver keys new` prints"
            )));
        };
        let line = new_key_line()?;
        write_new(path, &line)?;
        parse(&line).map_err(KeyError)
    }
}

/// A new key line (`candor-kek-v1:…`), from the system's randomness.
///
/// # Errors
/// When the system has no randomness to give.
pub fn new_key_line() -> Result<Zeroizing<String>, KeyError> {
    let mut bytes = Zeroizing::new([0u8; 32]);
    getrandom::fill(bytes.as_mut()).map_err(|e| KeyError(format!("no randomness: {e}")))?;
    Ok(Zeroizing::new(format!("{PREFIX}{}", B64.encode(*bytes))))
}

fn parse(line: &str) -> Result<LocalKey, String> {
    let encoded = line
        .strip_prefix(PREFIX)
        .ok_or("is not a Candor key (a line starting candor-kek-v1:)")?;
    let bytes = Zeroizing::new(
        B64.decode(encoded)
            .map_err(|_| "is not a Candor key (its key is not base64url)")?,
    );
    let key: [u8; 32] = bytes
        .as_slice()
        .try_into()
        .map_err(|_| "is not a Candor key (a key is 32 bytes)")?;
    Ok(LocalKey::new(key))
}

fn read_owner_only(path: &Path) -> Result<Zeroizing<String>, KeyError> {
    let shown = path.display();
    let metadata = std::fs::metadata(path)
        .map_err(|e| KeyError(format!("the key file {shown} cannot be read: {e}")))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if metadata.permissions().mode() & 0o077 != 0 {
            return Err(KeyError(format!(
                "the key file {shown} may be read by others than its owner: chmod 600 {shown}"
            )));
        }
    }
    #[cfg(not(unix))]
    let _ = metadata;
    std::fs::read_to_string(path)
        .map(Zeroizing::new)
        .map_err(|e| KeyError(format!("the key file {shown} cannot be read: {e}")))
}

fn write_new(path: &Path, line: &str) -> Result<(), KeyError> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let shown = path.display();
    let mut file = options
        .open(path)
        .map_err(|e| KeyError(format!("the key file {shown} cannot be created: {e}")))?;
    file.write_all(format!("{line}\n").as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| KeyError(format!("the key file {shown} cannot be written: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::KeyProvider;

    #[test]
    fn a_new_key_file_is_owner_only_and_reads_back_as_the_same_key() {
        let dir = std::env::temp_dir().join(format!("candor-key-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let source = KeySource::File(dir.join("k"));
        let made = source.create().unwrap();
        assert_eq!(source.load().unwrap().id(), made.id());
        assert!(
            source.create().is_err(),
            "an existing key is never overwritten"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let path = dir.join("k");
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
            let refused = source.load().unwrap_err().0;
            assert!(refused.contains("chmod 600"), "{refused}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_line_that_is_not_a_key_is_refused_without_repeating_it() {
        let err = parse("hunter2-secret").unwrap_err();
        assert!(!err.contains("hunter2"));
        assert!(parse("candor-kek-v1:AAAA").is_err());
    }
}
