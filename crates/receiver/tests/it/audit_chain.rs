//! The console's audit log is a hash chain: after the database owner drops the
//! triggers that refuse changes, an edited, a removed, a moved and an added event are
//! each named at their place by `audit verify` (the store's and the command's), and a
//! log cut short with its head rewritten is caught by a head kept elsewhere. The head
//! is on the director's staff page and at the end of every audit export. On either
//! backend.

use candor_receiver::Store;
use candor_receiver::domain::chain::{Break, Head};
use candor_receiver::store::Database;
use candor_receiver::store::staff::{ConsoleEvent, Role};

use crate::console_http::{call, get, signed_in};
use crate::{common, database, process};

/// A store with `count` console events, each with a note.
fn logged(count: usize) -> (common::Receiver, Database) {
    let r = common::receiver();
    for n in 1..=count {
        r.state
            .store
            .record_console_event(&ConsoleEvent {
                at: format!("2026-12-06T09:{n:02}:00Z"),
                staff_id: Some("staff-1".into()),
                role: Some("provider".into()),
                action: "reviewed".into(),
                submission_id: Some(format!("sub-{n}")),
                submission_kid: Some("kid".into()),
                detail: Some(format!("note {n}: discussed warfarin")),
            })
            .unwrap();
    }
    let database = r.state.config.database.clone();
    (r, database)
}

/// Runs `sql` as the database's owner would, outside the receiver.
fn as_owner(database: &Database, sql: &str) {
    match database {
        Database::Sqlite(path) => rusqlite::Connection::open(path)
            .unwrap()
            .execute_batch(sql)
            .unwrap(),
        database => {
            let mut client = database::postgres_client(database);
            let sql = sql.to_owned();
            std::thread::spawn(move || client.batch_execute(&sql).unwrap())
                .join()
                .unwrap();
        }
    }
}

/// The owner's first step: the triggers that refuse UPDATE and DELETE, gone.
fn drop_triggers(database: &Database) {
    as_owner(
        database,
        match database {
            Database::Sqlite(_) => {
                "DROP TRIGGER console_events_no_update; DROP TRIGGER console_events_no_delete;"
            }
            Database::Postgres(_) => "DROP TRIGGER console_events_append_only ON console_events;",
        },
    );
}

fn verify(store: &Store, elsewhere: Option<&Head>) -> Result<Head, Break> {
    store.verify_audit(elsewhere).unwrap()
}

/// `audit verify` on the command line: its exit code and what it printed.
fn verify_command(database: &Database) -> (i32, String) {
    let (code, out, err) =
        process::command(&["audit", "verify", "--db", &process::db_arg(database)]);
    (code, format!("{out}{err}"))
}

#[test]
fn an_untouched_log_verifies_to_the_head_the_database_keeps() {
    let (r, database) = logged(5);
    let head = verify(&r.state.store, None).unwrap();
    assert_eq!(head.n, 5);
    assert_eq!(head, r.state.store.audit_head().unwrap());
    assert_eq!(verify(&r.state.store, Some(&head)), Ok(head.clone()));
    let (code, out) = verify_command(&database);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(&head.to_string()), "{out}");
}

#[test]
fn an_edited_event_is_named_even_after_the_triggers_are_dropped() {
    let (r, database) = logged(6);
    drop_triggers(&database);
    as_owner(
        &database,
        "UPDATE console_events SET action = 'decided' WHERE chain_n = 3;",
    );
    assert_eq!(verify(&r.state.store, None), Err(Break::Changed { n: 3 }));
    let (code, out) = verify_command(&database);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("event #3 was changed"), "{out}");
}

#[test]
fn a_removed_event_is_named_at_its_place() {
    let (r, database) = logged(6);
    drop_triggers(&database);
    as_owner(&database, "DELETE FROM console_events WHERE chain_n = 4;");
    assert_eq!(
        verify(&r.state.store, None),
        Err(Break::Removed {
            n: 4,
            next: Some(5)
        })
    );
    let (code, out) = verify_command(&database);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("event #4 was removed"), "{out}");
}

#[test]
fn reordered_events_are_named() {
    let (r, database) = logged(6);
    drop_triggers(&database);
    // Events 2 and 3 change places: every column but the row's own number swapped.
    let columns =
        "at, staff_id, role, action, submission_id, submission_kid, detail, chain_n, chain_hash";
    as_owner(
        &database,
        &format!(
            "CREATE TABLE swap AS SELECT {columns} FROM console_events WHERE chain_n IN (2, 3);
             UPDATE console_events SET chain_n = NULL WHERE chain_n IN (2, 3);
             UPDATE console_events SET ({columns}) = (SELECT {columns} FROM swap WHERE swap.chain_n = 3)
                 WHERE seq = (SELECT MIN(seq) FROM console_events WHERE chain_n IS NULL);
             UPDATE console_events SET ({columns}) = (SELECT {columns} FROM swap WHERE swap.chain_n = 2)
                 WHERE chain_n IS NULL;"
        ),
    );
    assert_eq!(
        verify(&r.state.store, None),
        Err(Break::Moved { n: 2, after: 3 })
    );
    let (code, out) = verify_command(&database);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("event #2 was moved"), "{out}");
}

#[test]
fn an_event_added_outside_the_receiver_is_named() {
    let (r, database) = logged(3);
    as_owner(
        &database,
        "INSERT INTO console_events (at, action) VALUES ('2026-12-06T10:00:00Z', 'decided');",
    );
    assert_eq!(verify(&r.state.store, None), Err(Break::Added { after: 3 }));
}

#[test]
fn a_log_cut_short_with_its_head_rewritten_is_caught_by_a_head_kept_elsewhere() {
    let (r, database) = logged(5);
    let kept = r.state.store.audit_head().unwrap();
    drop_triggers(&database);
    // The last event removed, and the database's head set back to the one before.
    as_owner(
        &database,
        "DELETE FROM console_events WHERE chain_n = 5;
         UPDATE audit_chain SET n = 4, hash = (SELECT chain_hash FROM console_events WHERE chain_n = 4);",
    );
    assert!(
        verify(&r.state.store, None).is_ok(),
        "the database alone cannot tell"
    );
    assert!(matches!(
        verify(&r.state.store, Some(&kept)),
        Err(Break::NotTheKeptHead { found: None, .. })
    ));
    let (code, out, err) = process::command(&[
        "audit",
        "verify",
        "--db",
        &process::db_arg(&database),
        "--head",
        &kept.to_string(),
    ]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("cut short"), "{out}");
}

#[tokio::test]
async fn the_head_is_on_the_directors_page_and_ends_every_audit_export() {
    let (r, _) = logged(2);
    let (_, director) = signed_in(&r, Role::Director, 0);
    let head = r.state.store.audit_head().unwrap();
    let (_, _, page) = call(&r, get("/console/staff", Some(&director))).await;
    assert!(
        page.contains(&head.to_string()),
        "the staff page shows {head}"
    );
    let (_, _, csv) = call(&r, get("/console/audit.csv", Some(&director))).await;
    let last = csv.trim_end().lines().last().unwrap();
    assert!(
        last.contains("audit_chain_head") && last.contains(&head.to_string()),
        "{last}"
    );
    // The export is itself logged and chained: the head moved on, and still verifies.
    let after = r.state.store.audit_head().unwrap();
    assert_eq!(after.n, head.n + 1);
    assert_eq!(verify(&r.state.store, Some(&head)).unwrap(), after);
}
