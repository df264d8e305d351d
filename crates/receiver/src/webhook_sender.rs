//! The webhooks' sender: a task `serve` starts, which every second looks for
//! deliveries due (one indexed read) and, when there are, makes them
//! ([`crate::service::webhook_delivery`]) on the blocking pool. Deliveries are kept in
//! the database, so a receiver stopped mid-delivery (or killed) delivers after its
//! restart what it had claimed, and several receivers on one PostgreSQL database
//! deliver each once.

use std::sync::Arc;
use std::time::Duration;

use crate::AppState;
use crate::egress::WebhookPoster;
use crate::service::blocking;
use crate::service::webhook_delivery::{Deliverer, TIMEOUT, deliver_due};
use crate::store::queries::webhook_deliveries;

/// How often deliveries due are looked for.
pub const EVERY: Duration = Duration::from_secs(1);

/// The client deliveries are made with, as configured.
///
/// # Errors
/// The configured certificate authority is not a PEM certificate.
pub fn poster(config: &crate::Config) -> Result<WebhookPoster, String> {
    WebhookPoster::with_roots(
        config.webhook_allowances.clone(),
        TIMEOUT,
        config.webhook_ca_pem.as_deref(),
    )
}

/// Delivers what is due with `poster` until the process ends.
pub async fn deliver_forever(state: Arc<AppState>, poster: WebhookPoster) {
    let poster = Arc::new(poster);
    let mut tick = tokio::time::interval(EVERY);
    loop {
        tick.tick().await;
        let (state, poster) = (state.clone(), poster.clone());
        blocking(move || {
            let now = crate::now_unix_ms();
            // Most passes find nothing: a read, without the write lock.
            match state
                .store
                .read(move |c| webhook_deliveries::any_due(c, now))
            {
                Ok(true) => {}
                Ok(false) => return,
                Err(e) => return eprintln!("candor-receiver: webhooks: {e}"),
            }
            let deliverer = Deliverer {
                poster: &poster,
                first_retry_ms: state.config.webhook_first_retry_ms,
            };
            if let Err(e) = deliver_due(&state.store, &deliverer, now) {
                eprintln!("candor-receiver: webhooks: {e}");
            }
        })
        .await;
    }
}
