//! Where the receiver may send a webhook: the guard against a clinic's endpoint URL
//! pointing the receiver at its own network (server-side request forgery). An endpoint
//! must be an absolute `https://` URL (plain `http://` only to an address the operator
//! has allowed), with no password in it and no fragment, and every address its host
//! stands for must be public: loopback, private, link-local, shared, documentation,
//! multicast and reserved addresses are refused unless the operator has allowed them
//! (`--webhook-allow-internal`, an address or a CIDR network).
//!
//! The rules only: parsing follows the WHATWG URL standard (the `url` crate), so the
//! decimal, hexadecimal, octal and shortened spellings of an IPv4 host (`2130706433`,
//! `0x7f000001`, `0177.0.0.1`, `127.1`) are judged as the address they are. Resolving a
//! host name and connecting is `crate::egress`'s part, which applies
//! [`check_resolved`] to what the name resolves to, again at each delivery.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use url::{Host, Url};

/// The IPv4 networks that are not the public internet (RFC 6890 and its successors):
/// "this network", private, shared (carrier-grade NAT), loopback, link-local, IETF
/// protocol assignments, documentation, benchmarking, multicast and reserved (the last
/// also covers the limited broadcast address 255.255.255.255).
const INTERNAL_V4: [(Ipv4Addr, u8); 14] = [
    (Ipv4Addr::UNSPECIFIED, 8),
    (Ipv4Addr::new(10, 0, 0, 0), 8),
    (Ipv4Addr::new(100, 64, 0, 0), 10),
    (Ipv4Addr::new(127, 0, 0, 0), 8),
    (Ipv4Addr::new(169, 254, 0, 0), 16),
    (Ipv4Addr::new(172, 16, 0, 0), 12),
    (Ipv4Addr::new(192, 0, 0, 0), 24),
    (Ipv4Addr::new(192, 0, 2, 0), 24),
    (Ipv4Addr::new(192, 168, 0, 0), 16),
    (Ipv4Addr::new(198, 18, 0, 0), 15),
    (Ipv4Addr::new(198, 51, 100, 0), 24),
    (Ipv4Addr::new(203, 0, 113, 0), 24),
    (Ipv4Addr::new(224, 0, 0, 0), 4),
    (Ipv4Addr::new(240, 0, 0, 0), 4),
];

/// The IPv6 networks that are not the public internet: unspecified, loopback,
/// link-local, the deprecated site-local, unique local, multicast and documentation.
const INTERNAL_V6: [(Ipv6Addr, u8); 7] = [
    (Ipv6Addr::UNSPECIFIED, 128),
    (Ipv6Addr::LOCALHOST, 128),
    (Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 0), 10),
    (Ipv6Addr::new(0xfec0, 0, 0, 0, 0, 0, 0, 0), 10),
    (Ipv6Addr::new(0xfc00, 0, 0, 0, 0, 0, 0, 0), 7),
    (Ipv6Addr::new(0xff00, 0, 0, 0, 0, 0, 0, 0), 8),
    (Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0), 32),
];

/// Whether `ip` is an address a webhook must not reach unless the operator allows it:
/// loopback, private, link-local, shared, documentation, multicast or reserved. An
/// IPv6 address that carries an IPv4 one (IPv4-mapped `::ffff:0:0/96`, IPv4-compatible
/// `::/96`, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`) is judged by the IPv4 address.
#[must_use]
pub fn is_internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_internal_v4(v4),
        IpAddr::V6(v6) => match embedded_v4(v6) {
            Some(v4) => is_internal_v4(v4),
            None => INTERNAL_V6
                .iter()
                .any(|&(net, prefix)| in_network(IpAddr::V6(v6), IpAddr::V6(net), prefix)),
        },
    }
}

/// Whether an IPv4 address is in one of the internal networks.
fn is_internal_v4(v4: Ipv4Addr) -> bool {
    INTERNAL_V4
        .iter()
        .any(|&(net, prefix)| in_network(IpAddr::V4(v4), IpAddr::V4(net), prefix))
}

/// The IPv4 address an IPv6 address carries, if it is of a form that carries one.
fn embedded_v4(v6: Ipv6Addr) -> Option<Ipv4Addr> {
    let [s0, s1, s2, s3, s4, s5, _, _] = v6.segments();
    let o = v6.octets();
    let last32 = Ipv4Addr::new(o[12], o[13], o[14], o[15]);
    match (s0, s1, s2, s3, s4, s5) {
        // IPv4-compatible ::/96, IPv4-mapped ::ffff:0:0/96, NAT64 64:ff9b::/96.
        (0, 0, 0, 0, 0, 0 | 0xffff) | (0x64, 0xff9b, 0, 0, 0, 0) => Some(last32),
        // 6to4: 2002:AABB:CCDD::/48 carries AA.BB.CC.DD.
        (0x2002, ..) => Some(Ipv4Addr::new(o[2], o[3], o[4], o[5])),
        _ => None,
    }
}

/// Whether `ip` is in the network `net`/`prefix` (false across address families).
fn in_network(ip: IpAddr, net: IpAddr, prefix: u8) -> bool {
    match (ip, net) {
        (IpAddr::V4(ip), IpAddr::V4(net)) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
            ip.to_bits() & mask == net.to_bits() & mask
        }
        (IpAddr::V6(ip), IpAddr::V6(net)) => {
            let mask = u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0);
            ip.to_bits() & mask == net.to_bits() & mask
        }
        _ => false,
    }
}

/// The operator's explicit exceptions to the guard (`--webhook-allow-internal`,
/// repeatable): addresses and networks a webhook may reach although they are internal,
/// and to which plain `http://` is allowed (a receiver on the clinic's own network).
#[derive(Clone, Debug, Default)]
pub struct Allowed {
    /// Each exception as a network and its prefix length (a single address is a
    /// network of its full length).
    networks: Vec<(IpAddr, u8)>,
}

impl Allowed {
    /// No exceptions: every internal address is refused, and plain `http://` with it.
    #[must_use]
    pub fn none() -> Allowed {
        Allowed::default()
    }

    /// The exceptions as the operator wrote them, each an IP address (`127.0.0.1`,
    /// `::1`) or a CIDR network (`10.1.0.0/16`, `fd00::/8`).
    ///
    /// # Errors
    /// Which item is neither, in words that quote it.
    pub fn parse(items: &[String]) -> Result<Allowed, String> {
        let networks = items
            .iter()
            .map(|item| parse_network(item))
            .collect::<Result<Vec<_>, String>>()?;
        Ok(Allowed { networks })
    }

    /// Whether the operator has allowed `ip`. An IPv4-mapped IPv6 address
    /// (`::ffff:127.0.0.1`) is allowed when its IPv4 address is.
    #[must_use]
    pub fn contains(&self, ip: IpAddr) -> bool {
        let canonical = ip.to_canonical();
        self.networks
            .iter()
            .any(|&(net, prefix)| in_network(ip, net, prefix) || in_network(canonical, net, prefix))
    }

    /// Whether the operator has allowed nothing.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.networks.is_empty()
    }
}

/// One exception: an address, or an address and a prefix length after a `/`.
fn parse_network(item: &str) -> Result<(IpAddr, u8), String> {
    let text = item.trim();
    let bad = || {
        format!(
            "\"{item}\" is not an IP address or a CIDR network (such as 127.0.0.1, \
             10.1.0.0/16, ::1 or fd00::/8)"
        )
    };
    let (address, prefix) = match text.split_once('/') {
        Some((address, prefix)) => (address, Some(prefix)),
        None => (text, None),
    };
    let ip: IpAddr = address.parse().map_err(|_| bad())?;
    let longest: u8 = if ip.is_ipv4() { 32 } else { 128 };
    let Some(prefix) = prefix else {
        return Ok((ip, longest));
    };
    if prefix.is_empty() || !prefix.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(bad());
    }
    match prefix.parse::<u8>() {
        Ok(length) if length <= longest => Ok((ip, length)),
        _ => Err(format!(
            "\"{item}\": the prefix length after the / must be 0 to {longest} for an \
             {} network",
            if ip.is_ipv4() { "IPv4" } else { "IPv6" }
        )),
    }
}

/// Why an endpoint URL is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// It does not parse as an absolute URL.
    NotUrl,
    /// Its scheme is neither `https` nor `http`.
    Scheme,
    /// It carries a user name or password (`user:password@`).
    Credentials,
    /// It has a `#fragment`.
    Fragment,
    /// It reaches an internal address the operator has not allowed.
    Internal(IpAddr),
    /// Its host name resolves to no address.
    Unresolved,
    /// It is plain `http://` to an address the operator has not allowed.
    PlainHttp,
}

impl Refusal {
    /// The refusal as an English sentence, for the console and the API.
    #[must_use]
    pub fn words(&self) -> String {
        match self {
            Refusal::NotUrl => {
                "the endpoint is not an absolute URL (such as https://example.com/webhooks)"
                    .to_owned()
            }
            Refusal::Scheme => {
                "the endpoint URL must begin with https:// (or http:// to an address the \
                 operator has allowed)"
                    .to_owned()
            }
            Refusal::Credentials => {
                "the endpoint URL must not contain a user name or password (user:password@)"
                    .to_owned()
            }
            Refusal::Fragment => "the endpoint URL must not contain a #fragment".to_owned(),
            Refusal::Internal(ip) => format!(
                "the address {ip} is internal (loopback, private, link-local or reserved); \
                 the operator has not allowed it"
            ),
            Refusal::Unresolved => {
                "the endpoint's host name does not resolve to any address".to_owned()
            }
            Refusal::PlainHttp => {
                "use https: plain http is allowed only to an address the operator has allowed"
                    .to_owned()
            }
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.words())
    }
}

impl std::error::Error for Refusal {}

/// An endpoint URL that passed the checks that need no network.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The URL as parsed (and normalised: an IPv4 host in any spelling is written as
    /// its dotted address), which is what is sent to.
    pub url: Url,
    /// Its host: an address, already checked, or a name still to be resolved.
    pub host: Host<String>,
    /// Its port, explicit or the scheme's default.
    pub port: u16,
}

impl Target {
    /// Whether the host is a name, whose addresses are checked once resolved.
    #[must_use]
    pub fn needs_resolution(&self) -> bool {
        matches!(self.host, Host::Domain(_))
    }

    /// Whether the URL is `https://`.
    #[must_use]
    pub fn is_https(&self) -> bool {
        self.url.scheme() == "https"
    }
}

/// Checks an endpoint URL as far as can be done without the network: an absolute
/// `https://` or `http://` URL without credentials or fragment, and, when its host is
/// an address, an address the webhook may reach ([`check_address`]).
///
/// # Errors
/// The first [`Refusal`] that applies.
pub fn check_url(text: &str, allowed: &Allowed) -> Result<Target, Refusal> {
    let url = Url::parse(text.trim()).map_err(|_| Refusal::NotUrl)?;
    let https = match url.scheme() {
        "https" => true,
        "http" => false,
        _ => return Err(Refusal::Scheme),
    };
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Refusal::Credentials);
    }
    if url.fragment().is_some() {
        return Err(Refusal::Fragment);
    }
    let host = url.host().ok_or(Refusal::NotUrl)?.to_owned();
    let port = url.port_or_known_default().ok_or(Refusal::NotUrl)?;
    match host {
        Host::Ipv4(v4) => check_address(IpAddr::V4(v4), https, allowed)?,
        Host::Ipv6(v6) => check_address(IpAddr::V6(v6), https, allowed)?,
        Host::Domain(_) => {}
    }
    Ok(Target { url, host, port })
}

/// Checks one address a webhook would connect to: an internal address must be allowed
/// by the operator, and plain `http` is only for allowed addresses.
///
/// # Errors
/// [`Refusal::Internal`] or [`Refusal::PlainHttp`].
pub fn check_address(ip: IpAddr, scheme_is_https: bool, allowed: &Allowed) -> Result<(), Refusal> {
    let is_allowed = allowed.contains(ip);
    if is_internal(ip) && !is_allowed {
        return Err(Refusal::Internal(ip));
    }
    if !scheme_is_https && !is_allowed {
        return Err(Refusal::PlainHttp);
    }
    Ok(())
}

/// Checks every address a host name resolved to: one refused address refuses the
/// name (a name must not be able to pick, connection by connection, which it means).
///
/// # Errors
/// [`Refusal::Unresolved`] when there is no address, else the first address's refusal.
pub fn check_resolved(addrs: &[IpAddr], https: bool, allowed: &Allowed) -> Result<(), Refusal> {
    if addrs.is_empty() {
        return Err(Refusal::Unresolved);
    }
    addrs
        .iter()
        .try_for_each(|&ip| check_address(ip, https, allowed))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allow(items: &[&str]) -> Allowed {
        let items: Vec<String> = items.iter().map(|&item| item.to_owned()).collect();
        Allowed::parse(&items).unwrap()
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn internal_hosts_in_every_spelling_are_refused() {
        let cases = [
            ("http://127.0.0.1:9000/", "127.0.0.1"),
            ("https://[::1]/", "::1"),
            ("https://10.0.0.1/", "10.0.0.1"),
            (
                "http://169.254.169.254/latest/meta-data/",
                "169.254.169.254",
            ),
            ("http://2130706433/", "127.0.0.1"),
            ("http://0x7f000001/", "127.0.0.1"),
            ("http://0x7f.0.0.1/", "127.0.0.1"),
            ("http://0177.0.0.1/", "127.0.0.1"),
            ("http://127.1/", "127.0.0.1"),
            ("https://[::ffff:127.0.0.1]/", "::ffff:127.0.0.1"),
            ("https://[::ffff:7f00:1]/", "::ffff:127.0.0.1"),
            ("https://172.16.5.4/", "172.16.5.4"),
            ("https://192.168.1.1/", "192.168.1.1"),
            ("https://100.64.0.1/", "100.64.0.1"),
            ("https://[fe80::1]/", "fe80::1"),
            ("https://[fd00::1]/", "fd00::1"),
            ("https://0.0.0.0/", "0.0.0.0"),
            ("https://[::]/", "::"),
            ("https://[64:ff9b::a00:1]/", "64:ff9b::a00:1"),
            ("https://[2002:7f00:1::]/", "2002:7f00:1::"),
            ("https://255.255.255.255/", "255.255.255.255"),
        ];
        for (url, address) in cases {
            assert_eq!(
                check_url(url, &Allowed::none()),
                Err(Refusal::Internal(ip(address))),
                "{url}"
            );
        }
    }

    #[test]
    fn whatwg_parsing_reads_ipv4_spellings_as_the_address() {
        for url in [
            "http://2130706433/",
            "http://0x7f000001/",
            "http://0177.0.0.1/",
            "http://127.1/",
        ] {
            let target = check_url(url, &allow(&["127.0.0.1"])).unwrap();
            assert_eq!(
                target.host,
                Host::<String>::Ipv4(Ipv4Addr::LOCALHOST),
                "{url}"
            );
            assert_eq!(target.url.as_str(), "http://127.0.0.1/", "{url}");
            assert!(!target.needs_resolution());
        }
    }

    #[test]
    fn an_allowed_address_may_be_reached_even_over_http() {
        let allowed = allow(&["127.0.0.1"]);
        let target = check_url("http://127.0.0.1:9000/hook", &allowed).unwrap();
        assert_eq!(target.port, 9000);
        assert!(!target.is_https());
        assert!(check_url("https://127.0.0.1/", &allowed).is_ok());
        // Only what was allowed: the rest of 127/8 is still refused.
        assert_eq!(
            check_url("http://127.0.0.2/", &allowed),
            Err(Refusal::Internal(ip("127.0.0.2")))
        );
        // The IPv4-mapped spelling of an allowed address is the same address.
        assert!(check_url("http://[::ffff:127.0.0.1]/", &allowed).is_ok());
    }

    #[test]
    fn allowed_networks_cover_their_addresses() {
        let allowed = allow(&["10.1.0.0/16", "fd00::/8", "::1"]);
        assert!(allowed.contains(ip("10.1.200.3")));
        assert!(!allowed.contains(ip("10.2.0.1")));
        assert!(allowed.contains(ip("fd12:3456::1")));
        assert!(allowed.contains(ip("::1")));
        assert!(!allowed.contains(ip("127.0.0.1")));
        assert!(!allowed.is_empty());
        assert!(Allowed::none().is_empty());
        assert!(!Allowed::none().contains(ip("127.0.0.1")));
        assert!(check_url("http://10.1.0.7:8080/", &allowed).is_ok());
        assert!(check_url("http://[fd00::7]/", &allowed).is_ok());
    }

    #[test]
    fn bad_allowances_are_named() {
        for item in [
            "10.0.0.0/33",
            "nonsense",
            "::1/129",
            "10.0.0.0/",
            "10.0.0.0/+8",
            "",
        ] {
            let error = Allowed::parse(&[item.to_owned()]).unwrap_err();
            assert!(error.contains(&format!("\"{item}\"")), "{error}");
        }
    }

    #[test]
    fn malformed_urls_are_refused() {
        let none = Allowed::none();
        assert_eq!(check_url("ftp://x", &none), Err(Refusal::Scheme));
        assert_eq!(check_url("file:///etc/passwd", &none), Err(Refusal::Scheme));
        assert_eq!(
            check_url("https://user:pw@example.com/", &none),
            Err(Refusal::Credentials)
        );
        assert_eq!(
            check_url("https://user@example.com/", &none),
            Err(Refusal::Credentials)
        );
        assert_eq!(
            check_url("https://example.com/#part", &none),
            Err(Refusal::Fragment)
        );
        assert_eq!(check_url("not a url", &none), Err(Refusal::NotUrl));
        assert_eq!(check_url("/webhooks", &none), Err(Refusal::NotUrl));
    }

    #[test]
    fn public_endpoints_need_https() {
        let none = Allowed::none();
        let target = check_url("https://93.184.216.34/hooks", &none).unwrap();
        assert_eq!(target.port, 443);
        assert_eq!(
            check_url("http://93.184.216.34/", &none),
            Err(Refusal::PlainHttp)
        );
        let named = check_url("https://hooks.example.com/in", &none).unwrap();
        assert!(named.needs_resolution());
        assert_eq!(named.host, Host::Domain("hooks.example.com".to_owned()));
        // A name is judged by its addresses once resolved, not by its spelling.
        assert!(check_url("http://localhost:8080/", &none).is_ok());
        assert!(check_url("https://[2606:2800:220:1::1]/", &none).is_ok());
    }

    #[test]
    fn every_resolved_address_must_pass() {
        let none = Allowed::none();
        let public = ip("93.184.216.34");
        assert_eq!(check_resolved(&[], true, &none), Err(Refusal::Unresolved));
        assert_eq!(check_resolved(&[public], true, &none), Ok(()));
        assert_eq!(
            check_resolved(&[public, ip("10.0.0.1")], true, &none),
            Err(Refusal::Internal(ip("10.0.0.1")))
        );
        assert_eq!(
            check_resolved(&[public], false, &none),
            Err(Refusal::PlainHttp)
        );
        let allowed = allow(&["10.0.0.0/8"]);
        assert_eq!(check_resolved(&[ip("10.0.0.1")], false, &allowed), Ok(()));
    }

    #[test]
    fn addresses_are_sorted_into_internal_and_public() {
        for address in [
            "8.8.8.8",
            "1.1.1.1",
            "172.32.0.1",
            "100.128.0.1",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
        ] {
            assert!(!is_internal(ip(address)), "{address}");
        }
        for address in [
            "192.0.0.8",
            "192.0.2.1",
            "198.18.0.1",
            "198.19.255.255",
            "198.51.100.1",
            "203.0.113.9",
            "224.0.0.1",
            "240.0.0.1",
            "ff02::1",
            "2001:db8::1",
            "::127.0.0.1",
        ] {
            assert!(is_internal(ip(address)), "{address}");
        }
    }

    #[test]
    fn refusals_read_as_sentences() {
        assert_eq!(
            Refusal::Internal(ip("127.0.0.1")).to_string(),
            "the address 127.0.0.1 is internal (loopback, private, link-local or reserved); \
             the operator has not allowed it"
        );
        assert_eq!(
            Refusal::PlainHttp.words(),
            "use https: plain http is allowed only to an address the operator has allowed"
        );
    }
}
