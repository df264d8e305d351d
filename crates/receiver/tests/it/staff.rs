//! The staff store (the console's foundation): invitations are spent once, within a
//! day, and only by an enabled member; disabling a member ends their sessions at once;
//! the console's audit log cannot be changed or deleted, even with SQL. On either
//! backend (see `database`).

use crate::database;

use candor_receiver::store::staff::{ConsoleEvent, INVITE_VALID_MS, Role, Staff};
use candor_receiver::store::{Database, Store};

const NOW: i64 = 1_800_000_000_000;

fn ana() -> Staff {
    Staff {
        id: "staff-ana".into(),
        name: "Dr. Ana Ruiz".into(),
        role: Role::Director,
        created_at: "2027-01-15T08:00:00Z".into(),
        disabled_at: None,
    }
}

fn fresh() -> (tempfile::TempDir, Database, Store) {
    let dir = tempfile::tempdir().unwrap();
    let database = database::fresh(dir.path(), "staff.sqlite");
    let store = Store::connect(&database, &database::key()).unwrap();
    (dir, database, store)
}

#[test]
fn an_invitation_registers_one_passkey_once_and_a_replayed_link_is_refused() {
    let (_dir, _, store) = fresh();
    store
        .invite_staff(&ana(), "token-hash", NOW + INVITE_VALID_MS)
        .unwrap();
    assert_eq!(store.staff_invite("token-hash", NOW).unwrap(), Some(ana()));
    assert_eq!(store.staff_invite("other-hash", NOW).unwrap(), None);
    let registered = store
        .register_passkey(
            "token-hash",
            NOW,
            "cred-1",
            "{\"cred\":1}",
            "2027-01-15T08:05:00Z",
        )
        .unwrap();
    assert_eq!(registered, Some(ana()));
    let (owner, passkey) = store.passkey("cred-1").unwrap().unwrap();
    assert_eq!(
        (owner.id.as_str(), passkey.as_str()),
        ("staff-ana", "{\"cred\":1}")
    );
    // The same link again: refused, and nothing more is kept.
    assert_eq!(store.staff_invite("token-hash", NOW).unwrap(), None);
    assert_eq!(
        store
            .register_passkey("token-hash", NOW, "cred-2", "{}", "2027-01-15T08:06:00Z")
            .unwrap(),
        None
    );
    assert_eq!(store.passkey("cred-2").unwrap(), None);
    store
        .update_passkey("cred-1", "{\"cred\":2}", "2027-01-15T09:00:00Z")
        .unwrap();
    assert_eq!(store.passkey("cred-1").unwrap().unwrap().1, "{\"cred\":2}");
}

#[test]
fn an_invitation_expires_after_a_day_and_a_disabled_member_cannot_use_theirs() {
    let (_dir, _, store) = fresh();
    store
        .invite_staff(&ana(), "token-hash", NOW + INVITE_VALID_MS)
        .unwrap();
    assert_eq!(
        store
            .staff_invite("token-hash", NOW + INVITE_VALID_MS)
            .unwrap(),
        None,
        "expired"
    );
    let mut ben = ana();
    ben.id = "staff-ben".into();
    ben.name = "Ben Ortiz".into();
    ben.role = Role::FrontDesk;
    store
        .invite_staff(&ben, "ben-hash", NOW + INVITE_VALID_MS)
        .unwrap();
    assert!(
        store
            .disable_staff("staff-ben", "2027-01-15T09:00:00Z")
            .unwrap()
    );
    assert!(
        !store
            .disable_staff("staff-ben", "2027-01-15T09:01:00Z")
            .unwrap()
    );
    assert_eq!(store.staff_invite("ben-hash", NOW).unwrap(), None);
    let names: Vec<_> = store
        .staff_list()
        .unwrap()
        .into_iter()
        .map(|s| (s.name, s.role, s.disabled_at.is_some()))
        .collect();
    assert_eq!(
        names,
        [
            ("Ben Ortiz".to_owned(), Role::FrontDesk, true),
            ("Dr. Ana Ruiz".to_owned(), Role::Director, false)
        ]
    );
}

#[test]
fn disabling_a_member_ends_every_session_at_once() {
    let (_dir, _, store) = fresh();
    store
        .invite_staff(&ana(), "token-hash", NOW + INVITE_VALID_MS)
        .unwrap();
    store.start_session("session-1", "staff-ana", NOW).unwrap();
    store.start_session("session-2", "staff-ana", NOW).unwrap();
    store.touch_session("session-1", NOW + 60_000).unwrap();
    let session = store.session("session-1").unwrap().unwrap();
    assert_eq!(
        (
            session.created_unix_ms,
            session.last_seen_unix_ms,
            session.ended
        ),
        (NOW, NOW + 60_000, false)
    );
    store
        .end_session("session-2", "2027-01-15T08:10:00Z")
        .unwrap();
    assert!(store.session("session-2").unwrap().unwrap().ended);
    assert!(
        store
            .disable_staff("staff-ana", "2027-01-15T08:11:00Z")
            .unwrap()
    );
    let after = store.session("session-1").unwrap().unwrap();
    assert!(after.ended && after.staff.disabled_at.is_some());
    assert_eq!(store.session("unknown").unwrap(), None);
}

#[test]
fn the_console_audit_log_is_append_only_even_with_sql() {
    let (_dir, database, store) = fresh();
    let event = |action: &str, submission: Option<&str>| ConsoleEvent {
        at: "2027-01-15T08:00:00Z".into(),
        staff_id: Some("staff-ana".into()),
        role: Some("director".into()),
        action: action.into(),
        submission_id: submission.map(str::to_owned),
        submission_kid: None,
        detail: None,
    };
    store
        .record_console_event(&event("signed_in", None))
        .unwrap();
    store
        .record_console_event(&event("reviewed", Some("sub-1")))
        .unwrap();
    assert_eq!(store.console_events(None).unwrap().len(), 2);
    assert_eq!(
        store.console_events(Some("sub-1")).unwrap(),
        [event("reviewed", Some("sub-1"))]
    );
    for statement in [
        "UPDATE console_events SET action = 'nothing'",
        "DELETE FROM console_events",
    ] {
        let refused = match &database {
            Database::Sqlite(path) => rusqlite::Connection::open(path)
                .unwrap()
                .execute_batch(statement)
                .map_err(|e| format!("{e:?}")),
            Database::Postgres(_) => {
                let mut client = database::postgres_client(&database);
                client
                    .batch_execute(statement)
                    .map_err(|e| format!("{e:?}"))
            }
        };
        let message = refused.expect_err(statement);
        assert!(
            message.contains("append-only") || message.contains("db error"),
            "{message}"
        );
    }
    assert_eq!(store.console_events(None).unwrap().len(), 2);
}
