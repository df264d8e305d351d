//! `GET /console/api/events`: the queue's live updates, as server-sent events. Each
//! event says only that the queue changed (a record stored, a review recorded, at this
//! receiver or, on PostgreSQL, at any other sharing the database); the page then asks
//! for its page again. Listening does not count as use of the session, and a stream
//! ends after [`STREAM_FOR`] (the browser opens another, with the session checked again),
//! so a signed-out or expired console stops hearing within that time.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use tokio::sync::broadcast::error::RecvError;

use super::member::Watching;
use crate::AppState;

/// How long one stream lasts before the browser must ask again.
pub const STREAM_FOR: Duration = Duration::from_secs(5 * 60);

/// The stream of "the queue changed" events for a signed-in member's page.
pub async fn stream(State(app): State<Arc<AppState>>, Watching(_): Watching) -> Response {
    let changes = app.store.changes();
    let until = tokio::time::Instant::now() + STREAM_FOR;
    let events = futures_util::stream::unfold(changes, move |mut changes| async move {
        match tokio::time::timeout_at(until, changes.recv()).await {
            Ok(Ok(())) | Ok(Err(RecvError::Lagged(_))) => {
                let event = Event::default().event("queue").data("changed");
                Some((Ok::<_, Infallible>(event), changes))
            }
            Ok(Err(RecvError::Closed)) | Err(_) => None,
        }
    });
    Sse::new(events)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}
