//! `flow-dsl keygen`: make the business RSA key pair for a Flows endpoint (§H.6 of the spec).
//!
//! Writes `private_key.pem` (mode 0600; `ENCRYPTED PRIVATE KEY` when `--passphrase-env` is
//! given, else `PRIVATE KEY`) and `public_key.pem` (`PUBLIC KEY`, to upload). Each file is
//! written to a temporary file in the target directory and renamed into place; existing files
//! are kept unless `--force`.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::endpoint::FlowPrivateKey;

use super::target::{note, out};
use super::{EXIT_ERROR, EXIT_OK};

/// File name of the private key.
pub const PRIVATE_KEY_FILE: &str = "private_key.pem";
/// File name of the public key.
pub const PUBLIC_KEY_FILE: &str = "public_key.pem";
/// PBKDF2-HMAC-SHA256 rounds for an encrypted private key.
pub const PBKDF2_ITERATIONS: u32 = 100_000;

/// Generate a 2048-bit RSA key pair for a data_exchange endpoint.
#[derive(Debug, Clone, clap::Args)]
pub struct KeygenArgs {
    /// Directory to write private_key.pem and public_key.pem into (created if missing).
    #[arg(long, default_value = ".")]
    pub out_dir: PathBuf,
    /// Name of an environment variable holding a passphrase to encrypt the private key with
    /// (PKCS#8, PBKDF2-SHA256 + AES-256-CBC).
    #[arg(long, value_name = "VAR")]
    pub passphrase_env: Option<String>,
    /// Replace existing key files.
    #[arg(long)]
    pub force: bool,
}

/// Runs `flow-dsl keygen`.
pub fn run(args: KeygenArgs) -> ExitCode {
    match generate(&args) {
        Ok((private, public)) => {
            out(&format!("wrote {}", private.display()));
            out(&format!("wrote {}", public.display()));
            out("upload the public key with `flow-dsl upload-public-key`");
            ExitCode::from(EXIT_OK)
        }
        Err(message) => {
            note(&format!("error: {message}"));
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// Generates and writes the key pair; returns the two paths written.
///
/// # Errors
/// A message for the user (never containing key material).
pub fn generate(args: &KeygenArgs) -> Result<(PathBuf, PathBuf), String> {
    let private_path = args.out_dir.join(PRIVATE_KEY_FILE);
    let public_path = args.out_dir.join(PUBLIC_KEY_FILE);
    if !args.force {
        for path in [&private_path, &public_path] {
            if path.exists() {
                return Err(format!(
                    "{} already exists; pass --force to replace it",
                    path.display()
                ));
            }
        }
    }
    let passphrase = match &args.passphrase_env {
        None => None,
        Some(var) => match std::env::var(var) {
            Ok(p) if !p.is_empty() => Some(zeroize::Zeroizing::new(p)),
            Ok(_) => return Err(format!("environment variable {var} is empty")),
            Err(_) => return Err(format!("environment variable {var} is not set")),
        },
    };
    std::fs::create_dir_all(&args.out_dir)
        .map_err(|e| format!("cannot create {}: {e}", args.out_dir.display()))?;
    let key = FlowPrivateKey::generate().map_err(|e| e.to_string())?;
    let private_pem = match &passphrase {
        Some(p) => key.to_encrypted_pkcs8_pem(p.as_bytes(), PBKDF2_ITERATIONS),
        None => key.to_pkcs8_pem(),
    }
    .map_err(|e| e.to_string())?;
    let public_pem = key.public_key_pem().map_err(|e| e.to_string())?;
    // Both files are fully written before either is put in place, so a full disk or a bad
    // directory cannot leave a new private key beside the old public key.
    let private_tmp = stage(&private_path, private_pem.as_bytes(), true)?;
    let public_tmp = stage(&public_path, public_pem.as_bytes(), false)?;
    put_in_place(public_tmp, &public_path, args.force)?;
    put_in_place(private_tmp, &private_path, args.force)?;
    Ok((private_path, public_path))
}

/// Writes `contents` to a synced temporary file beside `path`, with the final permissions.
fn stage(path: &Path, contents: &[u8], private: bool) -> Result<tempfile::NamedTempFile, String> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    let err = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
    // tempfile creates the file with mode 0600 on Unix; widen it only for the public key.
    let mut tmp = tempfile::Builder::new()
        .prefix(".flow-dsl-keygen")
        .tempfile_in(dir)
        .map_err(err)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = if private { 0o600 } else { 0o644 };
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(mode)).map_err(err)?;
    }
    #[cfg(not(unix))]
    let _ = private;
    tmp.write_all(contents).map_err(err)?;
    tmp.as_file().sync_all().map_err(err)?;
    Ok(tmp)
}

/// Renames a staged file to `path`; without `force` an existing file is kept.
fn put_in_place(tmp: tempfile::NamedTempFile, path: &Path, force: bool) -> Result<(), String> {
    let err = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
    if force {
        tmp.persist(path).map_err(|e| err(e.error))?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| err(e.error))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::PublicKeyPem;

    fn args(dir: &Path) -> KeygenArgs {
        KeygenArgs {
            out_dir: dir.to_path_buf(),
            passphrase_env: None,
            force: false,
        }
    }

    #[test]
    fn writes_a_usable_pair_and_refuses_to_overwrite() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (private, public) = generate(&args(dir.path())).expect("keygen");
        let key = FlowPrivateKey::from_pem(&std::fs::read_to_string(&private).expect("read"))
            .expect("private key parses");
        let checked = PublicKeyPem::read(&public).expect("public key checks");
        assert_eq!(checked.as_pem(), key.public_key_pem().expect("pem"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&private)
                .expect("meta")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let before = std::fs::read(&private).expect("read");
        let err = generate(&args(dir.path())).unwrap_err();
        assert!(err.contains("--force"), "{err}");
        assert_eq!(std::fs::read(&private).expect("read"), before);
        let forced = KeygenArgs {
            force: true,
            ..args(dir.path())
        };
        generate(&forced).expect("forced keygen");
        assert_ne!(std::fs::read(&private).expect("read"), before);
        // No temporary files are left behind.
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn encrypts_with_the_passphrase_from_the_environment() {
        let dir = tempfile::tempdir().expect("tempdir");
        let missing = KeygenArgs {
            passphrase_env: Some("FLOW_DSL_KEYGEN_TEST_UNSET_VAR".into()),
            ..args(dir.path())
        };
        assert!(generate(&missing).unwrap_err().contains("not set"));
        // `std::env::set_var` needs `unsafe` (forbidden here); cargo sets CARGO_PKG_NAME.
        let with_pass = KeygenArgs {
            passphrase_env: Some("CARGO_PKG_NAME".into()),
            ..args(dir.path())
        };
        let (private, _) = generate(&with_pass).expect("keygen");
        let pem = std::fs::read_to_string(&private).expect("read");
        assert!(pem.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        assert!(FlowPrivateKey::from_pem(&pem).is_err());
        let passphrase = std::env::var("CARGO_PKG_NAME").expect("set by cargo");
        FlowPrivateKey::from_pem_with_passphrase(&pem, passphrase).expect("decrypts");
    }

    #[test]
    fn a_failed_replacement_keeps_the_old_private_key() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (private, public) = generate(&args(dir.path())).expect("keygen");
        let old = std::fs::read_to_string(&private).expect("read");
        // A directory where the public key goes: its rename fails, for root too.
        std::fs::remove_file(&public).expect("rm");
        std::fs::create_dir(&public).expect("mkdir");
        std::fs::write(public.join("x"), "").expect("fill");
        let forced = KeygenArgs {
            force: true,
            ..args(dir.path())
        };
        let e = generate(&forced).expect_err("public key cannot be placed");
        assert!(e.contains("public_key.pem"), "{e}");
        assert_eq!(std::fs::read_to_string(&private).expect("read"), old);
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .expect("ls")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(left.len(), 2, "no temporary file left: {left:?}");
    }
}
