//! The database a test runs on: a SQLite file in the test's folder, or, when
//! `CANDOR_TEST_POSTGRES` names a PostgreSQL server (`postgres://user@host:port`, as
//! `./test` sets for its second run of the receiver suite), a fresh database on it.

use std::path::Path;

use candor_receiver::store::Database;

/// The PostgreSQL server the suite runs against, if any.
pub fn postgres_server() -> Option<String> {
    std::env::var("CANDOR_TEST_POSTGRES")
        .ok()
        .filter(|url| !url.is_empty())
        .map(|url| url.trim_end_matches('/').to_owned())
}

/// A new, empty database for one test: `file` in `dir` on SQLite, or a database of
/// its own on the PostgreSQL server.
pub fn fresh(dir: &Path, file: &str) -> Database {
    match postgres_server() {
        None => Database::Sqlite(dir.join(file)),
        Some(server) => {
            let name = format!(
                "candor_test_{}",
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos()
                    .to_string()
                    + &format!("{:08x}", std::process::id())
            );
            let admin = format!("{server}/postgres");
            let create = format!("CREATE DATABASE {name}");
            // The synchronous client runs its own runtime: off any async test's thread.
            std::thread::spawn(move || {
                let mut client = postgres::Client::connect(&admin, postgres::NoTls)
                    .expect("the test PostgreSQL server answers");
                client.batch_execute(&create).expect("a fresh database");
            })
            .join()
            .unwrap();
            Database::Postgres(format!("{server}/{name}"))
        }
    }
}

/// Runs `sql` on `database` directly, outside the receiver (PostgreSQL only), on a
/// thread of its own; returns the open client so a transaction can be held.
pub fn postgres_client(database: &Database) -> postgres::Client {
    let Database::Postgres(url) = database else {
        panic!("not a PostgreSQL database");
    };
    let url = url.clone();
    std::thread::spawn(move || postgres::Client::connect(&url, postgres::NoTls).unwrap())
        .join()
        .unwrap()
}

/// The key-encryption key every test's database is sealed under (the same bytes the
/// receivers the tests start read from [`key_file`]).
pub fn key() -> candor_receiver::keys::LocalKey {
    candor_receiver::keys::LocalKey::new(TEST_KEY)
}

const TEST_KEY: [u8; 32] = [0x5a; 32];

/// [`key`] written as a key file in `dir` (mode 0600), for a receiver started as a
/// process; its path.
pub fn key_file(dir: &Path) -> std::path::PathBuf {
    use base64::Engine as _;
    let path = dir.join("receiver.key");
    if !path.exists() {
        let line = format!(
            "candor-kek-v1:{}\n",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(TEST_KEY)
        );
        std::fs::write(&path, line).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
    }
    path
}
