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
