//! The receiver's binary as a process on loopback, for the tests that kill it or run
//! two at once: start it on a database, send it raw requests, kill it.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use candor_receiver::store::Database;

/// The status of one request on a fresh connection, or `None` when the connection
/// died (the receiver was killed).
pub fn send(port: u16, bytes: &[u8]) -> Option<u16> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    stream.write_all(bytes).ok()?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).ok()?;
    std::str::from_utf8(answer.get(9..12)?).ok()?.parse().ok()
}

/// A free port on loopback.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A minimal built widget in `dir/dist` (the receiver refuses to serve without one).
pub fn widget(dir: &std::path::Path) {
    std::fs::create_dir_all(dir.join("dist")).unwrap();
    std::fs::write(
        dir.join("dist/index.html"),
        "<!doctype html><title>t</title>",
    )
    .unwrap();
}

/// The receiver process, killed when dropped (also when a test assertion fails).
pub struct Running(Child);

impl Running {
    /// Kills it without warning (`SIGKILL`) and waits for it to be gone.
    pub fn kill(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Starts `candor-receiver serve` on `port` over `database`, serving `dir/dist`, with
/// rate limits out of the way, and waits until it listens.
pub fn start(port: u16, dir: &std::path::Path, database: &Database) -> Running {
    start_logging(port, dir, database, Stdio::null())
}

/// The same, with the receiver's standard error (its log) going to `log`.
pub fn start_logging(
    port: u16,
    dir: &std::path::Path,
    database: &Database,
    log: impl Into<Stdio>,
) -> Running {
    start_keyed(port, dir, database, &crate::database::key_file(dir), log)
}

/// The same, with the key that seals health data read from `key`.
pub fn start_keyed(
    port: u16,
    dir: &std::path::Path,
    database: &Database,
    key: &std::path::Path,
    log: impl Into<Stdio>,
) -> Running {
    let db = match database {
        Database::Sqlite(path) => path.display().to_string(),
        Database::Postgres(url) => url.clone(),
    };
    let child = Command::new(binary())
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .arg("--dist")
        .arg(dir.join("dist"))
        .args(["--db", &db])
        .arg("--key-file")
        .arg(key)
        .args(["--rate-per-key", "1000000", "--rate-per-address", "1000000"])
        .stderr(log)
        .spawn()
        .unwrap();
    let since = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            since.elapsed() < Duration::from_secs(10),
            "the receiver did not start"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    Running(child)
}

/// The receiver's binary. `CANDOR_RECEIVER_BIN` runs these tests against another
/// build (an older receiver, to show a test fails where the defect it guards against
/// is).
pub fn binary() -> String {
    std::env::var("CANDOR_RECEIVER_BIN")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_candor-receiver").to_owned())
}

/// What `--db` is given for `database`.
pub fn db_arg(database: &Database) -> String {
    match database {
        Database::Sqlite(path) => path.display().to_string(),
        Database::Postgres(url) => url.clone(),
    }
}

/// Runs a `candor-receiver` command to its end: its exit code, standard output and
/// standard error.
pub fn command(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(binary()).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
