//! A request body with a deadline and a minimum rate, counted from when the request's
//! headers arrived and never restarted by a chunk: the whole body within
//! `Limits::body_deadline`, and after `Limits::rate_grace` at least
//! `Limits::min_body_rate` bytes a second on average. A client that sends one byte
//! every few seconds is cut within about `rate_grace`, however long it could drip.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use http_body::{Body as HttpBody, Frame, SizeHint};
use tokio::time::{Instant, Sleep};

/// What a body must keep up with.
#[derive(Clone, Copy, Debug)]
pub struct Pace {
    /// The whole body by then, from its headers.
    pub deadline: Duration,
    /// Bytes a second, on average, once `grace` has passed.
    pub min_rate: u64,
    /// How long a body may take to get going.
    pub grace: Duration,
}

/// Why a body was cut.
#[derive(Debug)]
pub struct TooSlow;

impl std::fmt::Display for TooSlow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the request body came too slowly")
    }
}

impl std::error::Error for TooSlow {}

/// A body that fails with [`TooSlow`] when it falls behind its [`Pace`].
pub struct Paced {
    inner: Body,
    pace: Pace,
    started: Instant,
    received: u64,
    timer: Pin<Box<Sleep>>,
}

impl Paced {
    /// `inner`, paced from now.
    pub fn new(inner: Body, pace: Pace) -> Paced {
        let started = Instant::now();
        let mut paced = Paced {
            inner,
            pace,
            started,
            received: 0,
            timer: Box::pin(tokio::time::sleep_until(started)),
        };
        let due = paced.due();
        paced.timer.as_mut().reset(due);
        paced
    }

    /// When the body falls behind, if nothing more arrives: the deadline, or the
    /// moment the bytes so far stop covering the minimum rate.
    fn due(&self) -> Instant {
        let covered = if self.pace.min_rate == 0 {
            self.pace.deadline
        } else {
            self.pace.grace
                + Duration::from_secs_f64(self.received as f64 / self.pace.min_rate as f64)
        };
        self.started + covered.min(self.pace.deadline)
    }
}

impl HttpBody for Paced {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = &mut *self;
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    this.received += data.len() as u64;
                    let due = this.due();
                    this.timer.as_mut().reset(due);
                }
                return Poll::Ready(Some(Ok(frame)));
            }
            done @ Poll::Ready(_) => return done,
            Poll::Pending => {}
        }
        match this.timer.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Some(Err(axum::Error::new(TooSlow)))),
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
