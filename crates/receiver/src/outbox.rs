//! The outbox's sender: a task `serve` starts, which every two seconds looks for
//! messages due (one indexed read) and, when there are, sends them
//! (`service::outbox`) on the blocking pool, with the clinic's name and number from
//! the profile patients are served; and every minute queues the reminders due.

use std::sync::Arc;
use std::time::Duration;

use crate::AppState;
use crate::mail::Mailer;
use crate::service::blocking;
use crate::service::outbox::{Reminders, Sender, queue_reminders, send_due};
use crate::sms::Texter;
use crate::store::queries::messages;

/// How often the outbox is looked at.
pub const EVERY: Duration = Duration::from_secs(2);

/// Passes between two looks for reminders due (a minute).
const REMINDERS_EVERY: u32 = 30;

/// How messages leave: the channels configured, the link's base, the retry's first
/// wait and when reminders go out.
#[derive(Clone)]
pub struct Channels {
    /// The mail server, if one is configured.
    pub mailer: Option<Arc<dyn Mailer>>,
    /// The SMS gateway, if one is configured.
    pub texter: Option<Arc<dyn Texter>>,
    /// Where patients open the widget.
    pub public_url: String,
    /// The first wait after a failure, in milliseconds.
    pub first_retry_ms: i64,
    /// When reminders go out.
    pub reminders: Reminders,
}

/// Sends due messages until the process ends.
pub async fn send_forever(state: Arc<AppState>, channels: Channels) {
    let mut tick = tokio::time::interval(EVERY);
    let mut pass: u32 = 0;
    loop {
        tick.tick().await;
        let remind = pass.is_multiple_of(REMINDERS_EVERY);
        pass = pass.wrapping_add(1);
        let (state, channels) = (state.clone(), channels.clone());
        blocking(move || {
            if remind
                && let Err(e) =
                    queue_reminders(&state.store, channels.reminders, crate::now_unix_ms())
            {
                eprintln!("candor-receiver: reminders: {e}");
            }
            // Most passes find nothing: a read, without the write lock or the profile.
            let now = crate::now_unix_ms();
            match state.store.read(move |c| messages::any_due(c, now)) {
                Ok(true) => {}
                Ok(false) => return,
                Err(e) => return eprintln!("candor-receiver: outbox: {e}"),
            }
            let (clinic, phone) = clinic(&state);
            let console_origin = state.config.console_origin();
            let sender = Sender {
                mailer: channels.mailer.as_deref(),
                texter: channels.texter.as_deref(),
                public_url: &channels.public_url,
                clinic: &clinic,
                phone: &phone,
                first_retry_ms: channels.first_retry_ms,
                on_call: state.config.on_call_email.as_deref(),
                console_origin: &console_origin,
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
