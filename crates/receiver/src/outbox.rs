//! The outbox's sender: a task `serve` starts, which every two seconds looks for
//! messages due (one indexed read) and, when there are, sends them
//! (`service::outbox`) on the blocking pool, with the clinic's name and number from
//! the profile patients are served.

use std::sync::Arc;
use std::time::Duration;

use crate::AppState;
use crate::mail::Mailer;
use crate::service::blocking;
use crate::service::outbox::{Sender, send_due};
use crate::store::queries::messages;

/// How often the outbox is looked at.
pub const EVERY: Duration = Duration::from_secs(2);

/// Sends due messages until the process ends.
pub async fn send_forever(
    state: Arc<AppState>,
    mailer: Option<Arc<dyn Mailer>>,
    public_url: String,
    first_retry_ms: i64,
) {
    let mut tick = tokio::time::interval(EVERY);
    loop {
        tick.tick().await;
        let (state, mailer, public_url) = (state.clone(), mailer.clone(), public_url.clone());
        blocking(move || {
            // Most passes find nothing: a read, without the write lock or the profile.
            let now = crate::now_unix_ms();
            match state.store.read(move |c| messages::any_due(c, now)) {
                Ok(true) => {}
                Ok(false) => return,
                Err(e) => return eprintln!("candor-receiver: outbox: {e}"),
            }
            let (clinic, phone) = clinic(&state);
            let sender = Sender {
                mailer: mailer.as_deref(),
                public_url: &public_url,
                clinic: &clinic,
                phone: &phone,
                first_retry_ms,
            };
            if let Err(e) = send_due(&state.store, &sender, now) {
                eprintln!("candor-receiver: outbox: {e}");
            }
        })
        .await;
    }
}

/// The clinic's name and front-desk number, from the profile patients are served.
fn clinic(state: &AppState) -> (String, String) {
    state
        .protocols
        .served(&state.store)
        .ok()
        .and_then(|served| {
            candor_core::profile::ClinicProfile::from_json(&served.version.text).ok()
        })
        .map_or_else(
            || ("the clinic".to_owned(), String::new()),
            |p| (p.name, p.front_desk_phone),
        )
}
