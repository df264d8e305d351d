//! Sending email: the one place the receiver speaks SMTP (`lettre`, blocking, on the
//! blocking pool like every other call that waits on the network or the disk). A
//! failure comes back as a reason in words ([`Failure`]); the server's own text, which
//! may quote the address, is not kept.
//!
//! `--smtp-url` takes what `lettre` reads: `smtps://user:password@host:465` (implicit
//! TLS), `smtp://user:password@host:587?tls=required` (STARTTLS, refusing to send
//! without it), `smtp://host:25` (no TLS: only on loopback or a private network).

use std::time::Duration;

use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::{Message, SmtpTransport, Transport};

use crate::domain::message::{Failure, Text};

/// What sends a message by email.
pub trait Mailer: Send + Sync {
    /// Sends `text` to `to`.
    ///
    /// # Errors
    /// Why it was not sent.
    fn send(&self, to: &str, text: &Text) -> Result<(), Failure>;
}

/// An SMTP server.
pub struct Smtp {
    transport: SmtpTransport,
    from: Mailbox,
}

impl Smtp {
    /// The server at `url`, sending as `from` (`Clinic name <forms@clinic.example>`).
    ///
    /// # Errors
    /// When the URL or the address does not read (the text names the option, not the
    /// password).
    pub fn new(url: &str, from: &str) -> Result<Smtp, String> {
        let transport = SmtpTransport::from_url(url)
            .map_err(|_| "--smtp-url is not an SMTP URL (smtps://user:password@host:465, or smtp://host:587?tls=required)".to_owned())?
            .timeout(Some(Duration::from_secs(15)))
            .build();
        let from = from.parse().map_err(|_| {
            "--mail-from is not an address (Clinic name <forms@clinic.example>)".to_owned()
        })?;
        Ok(Smtp { transport, from })
    }
}

impl Mailer for Smtp {
    fn send(&self, to: &str, text: &Text) -> Result<(), Failure> {
        let to: Mailbox = to.parse().map_err(|_| Failure::Rejected)?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(text.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(text.body.clone())
            .map_err(|_| Failure::Rejected)?;
        self.transport.send(&message).map(|_| ()).map_err(|e| {
            if e.is_permanent() {
                Failure::Rejected
            } else if e.is_tls() {
                Failure::Refused
            } else {
                Failure::Unreachable
            }
        })
    }
}
