//! The rest of a clinic's year beside its records: reviews in the audit log and the
//! appointments the front desk imported, written as the receiver writes them.

use candor_receiver::domain::chain;
use candor_receiver::service::appointments::{self, Clinic};
use candor_receiver::store::Store;
use candor_receiver::store::places::detail_place;
use candor_receiver::store::queries::events;
use candor_receiver::store::sql::Value;

/// A review in the audit log for every fifth of the first `n` seeded records (their
/// ids as the seed writes them), with a note, chained as `events::record` chains them
/// but 500 to a statement (one at a time took 12 s on PostgreSQL at a year's scale);
/// the chain is verified afterwards, so this copy of the chaining cannot drift.
pub fn reviews(store: &Store, n: usize) {
    let mut start = 0;
    while start < n {
        let end = (start + 5_000).min(n);
        store
            .write(move |tx| {
                let head = tx.query_one("SELECT n, hash FROM audit_chain WHERE id = 1", &[])?;
                let (mut at_n, mut previous) = (head.int(0)?, head.text(1)?);
                let reviewed: Vec<usize> = (start..end).filter(|i| i % 5 == 0).collect();
                for chunk in reviewed.chunks(500) {
                    let mut sql = String::from(
                        "INSERT INTO console_events (at, staff_id, role, action, submission_id, submission_kid, detail, chain_n, chain_hash) VALUES ",
                    );
                    let mut values: Vec<Value> = Vec::new();
                    for (k, i) in chunk.iter().enumerate() {
                        at_n += 1;
                        let seconds = 1_735_689_600 + (*i as i64) * 300 + 3_600;
                        let detail = tx.seal(&detail_place(at_n), "Reviewed before the appointment.")?;
                        let fields = [
                            Some(
                                candor_core::summary::Timestamp {
                                    unix_ms: seconds * 1000,
                                    offset_minutes: 0,
                                }
                                .rfc3339(),
                            ),
                            Some("provider-1".to_owned()),
                            Some("provider".to_owned()),
                            Some("reviewed".to_owned()),
                            Some(format!("{i:08x}-0000-4000-8000-000000000000")),
                            Some(format!("{:043}", i)),
                            Some(detail),
                        ];
                        let hash = chain::hash(&previous, at_n, &fields);
                        let p = values.len();
                        if k > 0 {
                            sql.push_str(", ");
                        }
                        sql.push_str(&format!(
                            "(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${})",
                            p + 1, p + 2, p + 3, p + 4, p + 5, p + 6, p + 7, p + 8, p + 9
                        ));
                        values.extend(fields.into_iter().map(Value::from));
                        values.extend([Value::Int(at_n), Value::from(hash.clone())]);
                        previous = hash;
                    }
                    tx.execute(&sql, &values)?;
                }
                tx.execute(
                    "UPDATE audit_chain SET n = $1, hash = $2 WHERE id = 1",
                    &[Value::Int(at_n), Value::from(previous)],
                )?;
                Ok(())
            })
            .expect("reviews logged");
        start = end;
    }
    let verified = store.read(|c| events::verify(c, None)).expect("read");
    assert!(
        verified.is_ok(),
        "the seeded audit chain holds: {verified:?}"
    );
}

/// `m` appointments over a year from 2026-01-01, about 55 a day, imported from a
/// booking system's export as the front desk imports them (in files of 2,000 rows).
pub fn appointments(store: &Store, m: usize) {
    let clinic = Clinic::of(&candor_core::profile::ClinicProfile::demo());
    let first = jiff::civil::date(2026, 1, 1);
    let mut start = 0;
    while start < m {
        let end = (start + 2_000).min(m);
        let mut csv = String::from(
            "Appointment ID,Start Time,Staff,Service,Client Name,Client Email,Client Phone,Language\n",
        );
        for j in start..end {
            let day = first
                .checked_add(jiff::Span::new().days((j / 55) as i64))
                .expect("a day of the year");
            let minutes = 8 * 60 + (j % 55) * 11;
            csv.push_str(&format!(
                "Y-{j},{day}T{:02}:{:02}:00-05:00,Dr. Ruiz,neurotoxin,Patient {j},,+1 555 010 {:04},en\n",
                minutes / 60,
                minutes % 60,
                j % 10_000
            ));
        }
        appointments::import(store, None, "yearbook", &csv, &Default::default(), &clinic)
            .unwrap_or_else(|e| panic!("the year's appointments import: {e:?}"));
        start = end;
    }
}

/// A full day in the middle of `m` appointments (`YYYY-MM-DD`).
pub fn busy_day(m: usize) -> String {
    jiff::civil::date(2026, 1, 1)
        .checked_add(jiff::Span::new().days((m / 2 / 55) as i64))
        .expect("a day of the year")
        .to_string()
}
