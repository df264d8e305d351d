//! Sending webhooks without letting an endpoint URL reach the receiver's own network:
//! the network side of [`crate::domain::egress`]. At registration,
//! [`resolve_checked`] resolves the endpoint's host and checks every address. At each
//! delivery, [`WebhookPoster`] checks the URL again and resolves the host again
//! through a resolver that checks what the name resolves to *now*: `ureq` connects
//! only to the addresses that resolver returns, so the address checked is the address
//! connected to (a name cannot resolve to a public address for the check and to an
//! internal one for the connection). Redirects are never followed, no proxy from the
//! environment is used, and the answer's body is read only to be discarded.
//!
//! Everything here blocks: callers run it on the blocking pool.

use std::io::{self, Read};
use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::time::Duration;

use ureq::config::Config;
use ureq::http::Uri;
use ureq::tls::{Certificate, RootCerts, TlsConfig};
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{DefaultConnector, NextTimeout};
use url::Host;

use crate::domain::egress::{Allowed, Refusal, Target, check_resolved, check_url};

/// How much of an endpoint's answer is read (and discarded) at most.
const ANSWER_LIMIT: u64 = 64 * 1024;

/// The `User-Agent` of webhook deliveries.
const USER_AGENT: &str = "candor-webhooks/1";

/// Resolves an endpoint's host and checks every address it stands for (an address in
/// the URL is checked as it is), for registering an endpoint.
///
/// # Errors
/// [`Refusal::Unresolved`] when the name does not resolve, or the refusal of an
/// address.
pub fn resolve_checked(target: &Target, allowed: &Allowed) -> Result<Vec<SocketAddr>, Refusal> {
    let addrs: Vec<SocketAddr> = match &target.host {
        Host::Ipv4(v4) => vec![SocketAddr::new(IpAddr::V4(*v4), target.port)],
        Host::Ipv6(v6) => vec![SocketAddr::new(IpAddr::V6(*v6), target.port)],
        Host::Domain(name) => (name.as_str(), target.port)
            .to_socket_addrs()
            .map_err(|_| Refusal::Unresolved)?
            .collect(),
    };
    let ips: Vec<IpAddr> = addrs.iter().map(SocketAddr::ip).collect();
    check_resolved(&ips, target.is_https(), allowed)?;
    Ok(addrs)
}

/// `ureq`'s resolver with the guard applied to what it resolves, at connect time.
#[derive(Debug)]
struct GuardedResolver {
    /// The operator's exceptions.
    allowed: Allowed,
    /// What does the resolving.
    inner: DefaultResolver,
}

impl Resolver for GuardedResolver {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let addrs = self.inner.resolve(uri, config, timeout)?;
        let ips: Vec<IpAddr> = addrs.iter().map(SocketAddr::ip).collect();
        let https = uri.scheme_str() == Some("https");
        check_resolved(&ips, https, &self.allowed)
            .map_err(|refusal| ureq::Error::Other(Box::new(refusal)))?;
        Ok(addrs)
    }
}

/// How a delivery went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Posted {
    /// The endpoint answered with this status (a `3xx` included: it is not followed).
    Answered {
        /// The HTTP status code.
        status: u16,
    },
    /// The endpoint's URL, or an address its name resolved to, was refused.
    Refused(Refusal),
    /// No connection, or the connection failed before an answer.
    Unreachable,
    /// No answer within the time allowed.
    TimedOut,
}

/// What delivers webhooks: an HTTP client that connects only to checked addresses.
#[derive(Debug)]
pub struct WebhookPoster {
    /// The client, with the guarded resolver.
    agent: ureq::Agent,
    /// The operator's exceptions, for checking the URL before each delivery.
    allowed: Allowed,
}

impl WebhookPoster {
    /// A poster trusting the public web's certificate authorities (Mozilla's roots),
    /// giving each delivery `timeout` in all.
    #[must_use]
    pub fn new(allowed: Allowed, timeout: Duration) -> WebhookPoster {
        WebhookPoster::build(allowed, timeout, RootCerts::WebPki)
    }

    /// A poster that, when `ca_pem` is given, trusts only that certificate authority
    /// (endpoints on the clinic's own network), otherwise the public web's.
    ///
    /// # Errors
    /// When `ca_pem` is not a PEM certificate.
    pub fn with_roots(
        allowed: Allowed,
        timeout: Duration,
        ca_pem: Option<&[u8]>,
    ) -> Result<WebhookPoster, String> {
        let roots = match ca_pem {
            Some(pem) => RootCerts::from([Certificate::from_pem(pem)
                .map_err(|_| "the webhook certificate authority is not a PEM certificate")?]),
            None => RootCerts::WebPki,
        };
        Ok(WebhookPoster::build(allowed, timeout, roots))
    }

    /// The poster with its client: no redirects, no proxy, statuses as answers.
    fn build(allowed: Allowed, timeout: Duration, roots: RootCerts) -> WebhookPoster {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .proxy(None)
            .timeout_global(Some(timeout))
            .user_agent(USER_AGENT)
            .tls_config(TlsConfig::builder().root_certs(roots).build())
            .build();
        let resolver = GuardedResolver {
            allowed: allowed.clone(),
            inner: DefaultResolver::default(),
        };
        let agent = ureq::Agent::with_parts(config, DefaultConnector::new(), resolver);
        WebhookPoster { agent, allowed }
    }

    /// Posts `body` (JSON) to `url` with `headers`, after checking the URL again (the
    /// operator's exceptions may have changed since it was registered) and, at
    /// connect time, every address its host resolves to. The answer's body is read
    /// (64 KiB at most) and discarded; nothing is printed.
    #[must_use]
    pub fn post(&self, url: &str, headers: &[(&str, String)], body: &str) -> Posted {
        let target = match check_url(url, &self.allowed) {
            Ok(target) => target,
            Err(refusal) => return Posted::Refused(refusal),
        };
        let mut request = self
            .agent
            .post(target.url.as_str())
            .header("content-type", "application/json");
        for (name, value) in headers {
            request = request.header(*name, value);
        }
        match request.send(body) {
            Ok(mut answer) => {
                let status = answer.status().as_u16();
                discard(answer.body_mut());
                Posted::Answered { status }
            }
            Err(error) => failure(error),
        }
    }
}

/// Reads an answer's body (up to [`ANSWER_LIMIT`]) without keeping it, so that the
/// connection may be reused; a failure to read changes nothing.
fn discard(body: &mut ureq::Body) {
    let mut reader = body.as_reader().take(ANSWER_LIMIT);
    // The status is the answer; what the body says, or whether it can be read, is not.
    io::copy(&mut reader, &mut io::sink()).ok();
}

/// What a failed delivery is reported as.
fn failure(error: ureq::Error) -> Posted {
    match error {
        ureq::Error::Other(inner) => match inner.downcast::<Refusal>() {
            Ok(refusal) => Posted::Refused(*refusal),
            Err(_) => Posted::Unreachable,
        },
        ureq::Error::Timeout(_) => Posted::TimedOut,
        _ => Posted::Unreachable,
    }
}

#[cfg(test)]
mod tests {
    use std::io::{BufRead, BufReader, ErrorKind, Write};
    use std::net::{Ipv4Addr, TcpListener, TcpStream};
    use std::thread::{self, JoinHandle};

    use super::*;

    fn loopback_allowed() -> Allowed {
        Allowed::parse(&["127.0.0.1".into()]).unwrap()
    }

    fn listener() -> (TcpListener, u16) {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
        let port = listener.local_addr().unwrap().port();
        (listener, port)
    }

    /// Reads one request (head and `content-length` body) as text.
    fn read_request(stream: &TcpStream) -> String {
        let mut reader = BufReader::new(stream);
        let mut request = String::new();
        let mut length = 0;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().unwrap();
            }
            request.push_str(&line);
            if line == "\r\n" || line.is_empty() {
                break;
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        request.push_str(&String::from_utf8(body).unwrap());
        request
    }

    /// Answers one connection with `response`, returning the request it read.
    fn answer_once(listener: TcpListener, response: String) -> JoinHandle<String> {
        thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let request = read_request(&stream);
            stream.write_all(response.as_bytes()).unwrap();
            request
        })
    }

    /// Whether anything connected to `listener` (a connection waits in its backlog
    /// even when nobody accepts it).
    fn was_connected_to(listener: &TcpListener) -> bool {
        listener.set_nonblocking(true).unwrap();
        match listener.accept() {
            Ok(_) => true,
            Err(error) if error.kind() == ErrorKind::WouldBlock => false,
            Err(error) => panic!("{error}"),
        }
    }

    fn poster(allowed: Allowed) -> WebhookPoster {
        WebhookPoster::new(allowed, Duration::from_secs(5))
    }

    const NO_CONTENT: &str = "HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n";

    #[test]
    fn an_allowed_address_is_posted_to() {
        let (listener, port) = listener();
        let server = answer_once(listener, NO_CONTENT.to_owned());
        let body = r#"{"type":"intake.received","data":{"id":"r1"}}"#;
        let posted = poster(loopback_allowed()).post(
            &format!("http://127.0.0.1:{port}/hooks"),
            &[
                ("webhook-id", "msg_1".to_owned()),
                ("webhook-signature", "v1,abc".to_owned()),
            ],
            body,
        );
        assert_eq!(posted, Posted::Answered { status: 204 });
        let request = server.join().unwrap();
        let lower = request.to_ascii_lowercase();
        assert!(request.starts_with("POST /hooks HTTP/1.1\r\n"), "{request}");
        assert!(lower.contains("\r\nwebhook-id: msg_1\r\n"), "{request}");
        assert!(
            lower.contains("\r\nwebhook-signature: v1,abc\r\n"),
            "{request}"
        );
        assert!(
            lower.contains("\r\ncontent-type: application/json\r\n"),
            "{request}"
        );
        assert!(
            lower.contains("\r\nuser-agent: candor-webhooks/1\r\n"),
            "{request}"
        );
        assert!(request.ends_with(&format!("\r\n\r\n{body}")), "{request}");
    }

    #[test]
    fn an_internal_address_is_refused_without_connecting() {
        let (listener, port) = listener();
        let posted = poster(Allowed::none()).post(&format!("http://127.0.0.1:{port}/"), &[], "{}");
        assert_eq!(
            posted,
            Posted::Refused(Refusal::Internal(IpAddr::V4(Ipv4Addr::LOCALHOST)))
        );
        assert!(!was_connected_to(&listener));
    }

    #[test]
    fn a_name_for_loopback_is_refused_at_registration_and_at_delivery() {
        let (listener, port) = listener();
        let url = format!("http://localhost:{port}/");
        let target = check_url(&url, &Allowed::none()).unwrap();
        assert!(target.needs_resolution());
        let checked = resolve_checked(&target, &Allowed::none());
        assert!(
            matches!(checked, Err(Refusal::Internal(ip)) if ip.is_loopback()),
            "{checked:?}"
        );
        // At delivery, the check is the resolver's, at connect time.
        let posted = poster(Allowed::none()).post(&url, &[], "{}");
        assert!(
            matches!(posted, Posted::Refused(Refusal::Internal(ip)) if ip.is_loopback()),
            "{posted:?}"
        );
        assert!(!was_connected_to(&listener));
    }

    #[test]
    fn an_address_in_the_url_is_resolved_as_itself() {
        let target = check_url("http://127.0.0.1:9000/", &loopback_allowed()).unwrap();
        let addrs = resolve_checked(&target, &loopback_allowed()).unwrap();
        assert_eq!(addrs, [SocketAddr::from((Ipv4Addr::LOCALHOST, 9000))]);
    }

    #[test]
    fn plain_http_to_a_public_address_is_refused_before_the_network() {
        let posted = poster(Allowed::none()).post("http://93.184.216.34/", &[], "{}");
        assert_eq!(posted, Posted::Refused(Refusal::PlainHttp));
    }

    #[test]
    fn a_redirect_is_answered_not_followed() {
        let (other, other_port) = listener();
        let (listener, port) = listener();
        let server = answer_once(
            listener,
            format!(
                "HTTP/1.1 302 Found\r\nlocation: http://127.0.0.1:{other_port}/\r\n\
                 content-length: 0\r\nconnection: close\r\n\r\n"
            ),
        );
        let posted =
            poster(loopback_allowed()).post(&format!("http://127.0.0.1:{port}/"), &[], "{}");
        assert_eq!(posted, Posted::Answered { status: 302 });
        server.join().unwrap();
        assert!(!was_connected_to(&other));
    }

    #[test]
    fn an_endpoint_that_never_answers_times_out() {
        let (listener, port) = listener();
        let server = thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            stream
                .set_read_timeout(Some(Duration::from_secs(5)))
                .unwrap();
            // Holds the connection open, answering nothing, until the client gives up.
            io::copy(&mut stream, &mut io::sink()).ok();
        });
        let posted = WebhookPoster::new(loopback_allowed(), Duration::from_millis(500)).post(
            &format!("http://127.0.0.1:{port}/"),
            &[],
            "{}",
        );
        assert_eq!(posted, Posted::TimedOut);
        server.join().unwrap();
    }

    #[test]
    fn a_ca_that_is_not_pem_is_refused() {
        let poster =
            WebhookPoster::with_roots(Allowed::none(), Duration::from_secs(1), Some(b"nope"));
        assert!(poster.is_err());
        assert!(WebhookPoster::with_roots(Allowed::none(), Duration::from_secs(1), None).is_ok());
    }
}
