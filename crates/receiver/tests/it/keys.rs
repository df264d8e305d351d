//! The key that seals health data, as an operator meets it: a receiver started
//! without its key, with another one, or with a key file others may read refuses to
//! start and says why (naming keys, never showing one); `keys rotate` re-wraps the
//! data keys while a receiver keeps storing submissions, after which only the new key
//! opens the database. On either backend.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use candor_receiver::keys::{KeyProvider, KeySource};

use crate::{database, process, wire};

/// `serve` with `key`: the exit code and standard error when it refuses to start
/// (it must, within ten seconds).
fn refused_serve(dir: &Path, db: &str, key: &Path) -> (i32, String) {
    let port = process::free_port();
    let mut child = Command::new(process::binary())
        .args([
            "serve",
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--db",
            db,
        ])
        .arg("--dist")
        .arg(dir.join("dist"))
        .arg("--key-file")
        .arg(key)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let since = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
            return (status.code().unwrap_or(-1), err);
        }
        if since.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            panic!("the receiver started with {}", key.display());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn key_id(path: &Path) -> String {
    KeySource::File(path.to_owned()).load().unwrap().id()
}

#[test]
fn without_its_key_or_with_another_the_receiver_refuses_to_start_and_says_which_key() {
    let dir = tempfile::tempdir().unwrap();
    process::widget(dir.path());
    let database = database::fresh(dir.path(), "keyed.sqlite");
    let db = process::db_arg(&database);
    let ours = database::key_file(dir.path());
    let (code, _, err) =
        process::command(&["invite", "--db", &db, "--key-file", ours.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let sealed_under = key_id(&ours);

    let (code, err) = refused_serve(dir.path(), &db, &dir.path().join("missing.key"));
    assert_eq!(code, 2);
    assert!(
        err.contains("does not exist") && err.contains(&sealed_under),
        "{err}"
    );
    assert!(
        !dir.path().join("missing.key").exists(),
        "no key is made for a sealed database"
    );

    let other = dir.path().join("other.key");
    let (code, _, err) = process::command(&["keys", "new", other.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let (code, err) = refused_serve(dir.path(), &db, &other);
    assert_eq!(code, 2);
    assert!(
        err.contains(&key_id(&other)) && err.contains(&sealed_under),
        "{err}"
    );

    let loose = dir.path().join("loose.key");
    std::fs::copy(&ours, &loose).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&loose, std::fs::Permissions::from_mode(0o644)).unwrap();
        let (code, err) = refused_serve(dir.path(), &db, &loose);
        assert_eq!(code, 2);
        assert!(err.contains("chmod 600"), "{err}");
    }

    let garbled = dir.path().join("garbled.key");
    std::fs::write(&garbled, "not-a-key hunter2\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&garbled, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let (code, err) = refused_serve(dir.path(), &db, &garbled);
    assert_eq!(code, 2);
    assert!(
        err.contains("is not a Candor key") && !err.contains("hunter2"),
        "{err}"
    );
}

#[test]
fn a_new_database_gets_a_key_file_only_its_owner_may_read() {
    let dir = tempfile::tempdir().unwrap();
    let database = database::fresh(dir.path(), "new.sqlite");
    let key = dir.path().join("made.key");
    let (code, _, err) = process::command(&[
        "invite",
        "--db",
        &process::db_arg(&database),
        "--key-file",
        key.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("made a new key") && err.contains(&key_id(&key)),
        "{err}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
}

#[test]
fn keys_rotate_rewraps_while_a_receiver_keeps_storing_and_only_the_new_key_opens_after() {
    let dir = tempfile::tempdir().unwrap();
    process::widget(dir.path());
    let database = database::fresh(dir.path(), "rotated.sqlite");
    let db = process::db_arg(&database);
    let old = database::key_file(dir.path());
    let new = dir.path().join("new.key");
    let (code, _, err) = process::command(&["keys", "new", new.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");

    let port = process::free_port();
    let receiver = process::start(port, dir.path(), &database);
    const COUNT: usize = 300;
    let sender = std::thread::spawn(move || {
        (0..COUNT)
            .map(|n| {
                let id = format!("00000000-0000-4000-8000-{n:012}");
                process::send(port, &wire::submission(port, &id, 5, true))
            })
            .collect::<Vec<_>>()
    });
    // Rotate while submissions are arriving.
    std::thread::sleep(Duration::from_millis(300));
    let (code, _, err) = process::command(&[
        "keys",
        "rotate",
        "--db",
        &db,
        "--key-file",
        old.to_str().unwrap(),
        "--new-key-file",
        new.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains(&key_id(&new)), "{err}");
    let statuses = sender.join().unwrap();
    assert!(
        statuses.iter().all(|s| *s == Some(201)),
        "every submission stored during the rotation: {:?}",
        statuses
            .iter()
            .filter(|s| **s != Some(201))
            .take(5)
            .collect::<Vec<_>>()
    );
    drop(receiver);

    // The old key no longer opens the database; the new one opens every record.
    let (code, _, err) =
        process::command(&["export", "--db", &db, "--key-file", old.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains(&key_id(&new)), "{err}");
    let (code, out, err) =
        process::command(&["export", "--db", &db, "--key-file", new.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), COUNT);
    let id = out.lines().next().unwrap();
    let (code, jws, err) = process::command(&[
        "export",
        "--db",
        &db,
        "--key-file",
        new.to_str().unwrap(),
        id,
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(jws.trim().split('.').count(), 3, "the record opens whole");
    // Every record opens under the new key, as its chart reads it.
    let key = KeySource::File(new.clone()).load().unwrap();
    let store = candor_receiver::Store::connect(&database, &key).unwrap();
    for id in out.lines() {
        let stored = store.submission(id).unwrap().unwrap();
        candor_core::summary::Summary::from_json(stored.payload.as_bytes()).unwrap();
        assert_eq!(store.jws(id).unwrap().unwrap(), stored.jws);
    }
}
