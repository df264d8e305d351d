//! Sending text messages: the one place the receiver speaks to an SMS provider, an
//! HTTPS `POST` made from the clinic's gateway template
//! ([`crate::domain::sms_gateway`]) with `ureq` (blocking, rustls, on the blocking pool
//! like every other call that waits on the network). A failure comes back as a reason
//! in words ([`Failure`]); the provider's own text, which may quote the number, is not
//! kept.

use std::time::Duration;

use ureq::tls::{Certificate, RootCerts, TlsConfig};

use crate::domain::message::Failure;
use crate::domain::sms_gateway::{Answer, Gateway};

/// What sends a text message.
pub trait Texter: Send + Sync {
    /// Sends `text` to `to` (E.164).
    ///
    /// # Errors
    /// Why it was not sent.
    fn send(&self, to: &str, text: &str) -> Result<(), Failure>;
}

/// An SMS provider reached over HTTPS by a template.
pub struct HttpsGateway {
    gateway: Gateway,
    agent: ureq::Agent,
}

impl HttpsGateway {
    /// The gateway of template `text` (secrets from the environment); when `ca_pem` is
    /// given, only that certificate authority is trusted (a gateway on the clinic's own
    /// network), otherwise the public web's (Mozilla's roots).
    ///
    /// # Errors
    /// What is wrong with the template or the certificate, naming the field.
    pub fn new(text: &str, ca_pem: Option<&[u8]>) -> Result<HttpsGateway, String> {
        let gateway = Gateway::read(text, |name| std::env::var(name).ok())?;
        let roots = match ca_pem {
            Some(pem) => RootCerts::from([Certificate::from_pem(pem)
                .map_err(|_| "--sms-ca is not a PEM certificate".to_owned())?]),
            None => RootCerts::WebPki,
        };
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(15)))
            .http_status_as_error(false)
            .tls_config(TlsConfig::builder().root_certs(roots).build())
            .build()
            .into();
        Ok(HttpsGateway { gateway, agent })
    }
}

impl Texter for HttpsGateway {
    fn send(&self, to: &str, text: &str) -> Result<(), Failure> {
        let prepared = self.gateway.prepare(to, text);
        let mut request = self.agent.post(&prepared.url);
        for (name, value) in &prepared.headers {
            request = request.header(name, value);
        }
        let mut answer = request
            .send(prepared.body.as_str())
            .map_err(|_| Failure::Unreachable)?;
        let status = answer.status().as_u16();
        // The answer is read only as far as its acceptance needs (a provider's body is
        // small; 64 KB at most is read).
        let body = answer
            .body_mut()
            .with_config()
            .limit(64 * 1024)
            .read_to_string()
            .unwrap_or_default();
        match self.gateway.answer(status, &body) {
            Answer::Accepted => Ok(()),
            Answer::Refused => Err(Failure::Refused),
            Answer::Rejected => Err(Failure::Rejected),
            Answer::Failed => Err(Failure::Unreachable),
        }
    }
}
