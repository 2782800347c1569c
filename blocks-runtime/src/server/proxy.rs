//! Reverse proxies: the one place that says where a request really came from (the client's
//! address) and at which public URL the app was reached (its root), for the page, `/config`,
//! file URLs, API clients and the MCP URL.
//!
//! `X-Forwarded-For`, `X-Forwarded-Proto`, `X-Forwarded-Host` and `X-Forwarded-Prefix` are
//! believed only when the peer is a trusted proxy (by default: loopback addresses, where a
//! proxy on the same machine connects from), since anyone else can write them. An explicit
//! root path (`BLOCKS_ROOT_PATH`) wins over `X-Forwarded-Prefix`.

use std::net::IpAddr;

use actix_web::HttpRequest;

use crate::server::config::ConfigError;

/// A network of trusted proxy addresses: an address and how many leading bits must match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProxyNet {
    addr: IpAddr,
    bits: u8,
}

impl ProxyNet {
    /// Parses `127.0.0.1`, `10.0.0.0/8` or `::1/128`.
    ///
    /// ```
    /// use blocks_runtime::server::ProxyNet;
    /// let net = ProxyNet::parse("10.0.0.0/8").unwrap();
    /// assert!(net.contains("10.1.2.3".parse().unwrap()));
    /// assert!(ProxyNet::parse("10.0.0.0/33").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Self, ConfigError> {
        let bad = || ConfigError::BadProxy(text.to_owned());
        let (addr, bits) = match text.trim().split_once('/') {
            Some((addr, bits)) => (addr, Some(bits.parse::<u8>().map_err(|_| bad())?)),
            None => (text.trim(), None),
        };
        let addr: IpAddr = addr.parse().map_err(|_| bad())?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let bits = bits.unwrap_or(max);
        if bits > max {
            return Err(bad());
        }
        Ok(ProxyNet { addr, bits })
    }

    /// Whether `ip` lies in this network (an IPv4-mapped IPv6 address counts as IPv4).
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => prefix_eq(&net.octets(), &ip.octets(), self.bits),
            (IpAddr::V6(net), IpAddr::V6(ip)) => prefix_eq(&net.octets(), &ip.octets(), self.bits),
            _ => false,
        }
    }

    /// The loopback networks, trusted by default.
    pub(crate) fn loopback() -> Vec<ProxyNet> {
        vec![
            ProxyNet {
                addr: IpAddr::from([127, 0, 0, 0]),
                bits: 8,
            },
            ProxyNet {
                addr: IpAddr::from([0u16, 0, 0, 0, 0, 0, 0, 1]),
                bits: 128,
            },
        ]
    }
}

fn prefix_eq(a: &[u8], b: &[u8], bits: u8) -> bool {
    let bits = usize::from(bits);
    let whole = bits / 8;
    if a[..whole] != b[..whole] {
        return false;
    }
    let rest = bits % 8;
    rest == 0 || {
        let mask = 0xffu8 << (8 - rest);
        a[whole] & mask == b[whole] & mask
    }
}

/// Where the server sits behind proxies: whom to believe, and an explicit public root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Proxies<'a> {
    pub(crate) trusted: &'a [ProxyNet],
    /// `BLOCKS_ROOT_PATH`: a path (`/tools/demo`) or a whole URL (`https://x.org/tools/demo`).
    pub(crate) root_path: Option<&'a str>,
}

fn header<'r>(req: &'r HttpRequest, name: &str) -> Option<&'r str> {
    let value = req.headers().get(name)?.to_str().ok()?;
    // A proxy chain may append: the first value is the one the client sent to the first proxy.
    let first = value.split(',').next()?.trim();
    (!first.is_empty()).then_some(first)
}

impl Proxies<'_> {
    fn trusts(&self, ip: IpAddr) -> bool {
        self.trusted.iter().any(|net| net.contains(ip))
    }

    /// Whether the peer is a trusted proxy, so its `X-Forwarded-*` headers count.
    pub(crate) fn is_trusted_peer(&self, req: &HttpRequest) -> bool {
        req.peer_addr().is_some_and(|a| self.trusts(a.ip()))
    }

    /// The client's address: the peer, or, when the peer is a trusted proxy, the right-most
    /// address of `X-Forwarded-For` that is not itself a trusted proxy.
    pub(crate) fn client(&self, req: &HttpRequest) -> Option<IpAddr> {
        let peer = req.peer_addr()?.ip();
        if !self.trusts(peer) {
            return Some(peer);
        }
        let mut client = peer;
        for value in req.headers().get_all("x-forwarded-for") {
            let Ok(value) = value.to_str() else {
                return Some(client);
            };
            for hop in value.split(',').rev() {
                match hop.trim().parse::<IpAddr>() {
                    Ok(ip) if self.trusts(ip) => client = ip,
                    Ok(ip) => return Some(ip),
                    // Garbage in the chain: nothing to its left can be believed.
                    Err(_) => return Some(client),
                }
            }
        }
        Some(client)
    }

    /// `https` or `http`, as the client reached the first proxy (or this server).
    pub(crate) fn scheme(&self, req: &HttpRequest) -> String {
        if self.is_trusted_peer(req) {
            if let Some(proto) = header(req, "x-forwarded-proto") {
                return proto.to_ascii_lowercase();
            }
        }
        if req.app_config().secure() {
            "https".into()
        } else {
            "http".into()
        }
    }

    fn host(&self, req: &HttpRequest) -> String {
        if self.is_trusted_peer(req) {
            if let Some(host) = header(req, "x-forwarded-host") {
                return host.to_owned();
            }
        }
        req.headers()
            .get(actix_web::http::header::HOST)
            .and_then(|h| h.to_str().ok())
            .map_or_else(|| req.app_config().host().to_owned(), str::to_owned)
    }

    /// The host the client addressed (for same-origin checks).
    pub(crate) fn public_host(&self, req: &HttpRequest) -> String {
        match self.root_path.and_then(|r| r.split_once("://")) {
            Some((_, rest)) => rest.split('/').next().unwrap_or_default().to_owned(),
            None => self.host(req),
        }
    }

    /// The public URL of the server's root, without a trailing slash: `https://x.org/tools`.
    pub(crate) fn server_root(&self, req: &HttpRequest) -> String {
        let explicit = self.root_path.map(|r| r.trim_end_matches('/'));
        if let Some(url) = explicit.filter(|r| r.contains("://")) {
            return url.to_owned();
        }
        let prefix = match explicit {
            Some(path) => path.to_owned(),
            None if self.is_trusted_peer(req) => header(req, "x-forwarded-prefix")
                .unwrap_or_default()
                .trim_end_matches('/')
                .to_owned(),
            None => String::new(),
        };
        let prefix = if prefix.is_empty() || prefix.starts_with('/') {
            prefix
        } else {
            format!("/{prefix}")
        };
        format!("{}://{}{prefix}", self.scheme(req), self.host(req))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn nets(list: &[&str]) -> Vec<ProxyNet> {
        list.iter()
            .map(|n| ProxyNet::parse(n).expect("net"))
            .collect()
    }

    #[test]
    fn networks_match_by_prefix() {
        let net = ProxyNet::parse("192.168.0.0/16").expect("net");
        assert!(net.contains("192.168.7.1".parse().expect("ip")));
        assert!(!net.contains("192.169.0.1".parse().expect("ip")));
        assert!(net.contains("::ffff:192.168.0.9".parse().expect("ip")));
        let odd = ProxyNet::parse("10.0.0.0/9").expect("net");
        assert!(odd.contains("10.127.0.1".parse().expect("ip")));
        assert!(!odd.contains("10.128.0.1".parse().expect("ip")));
        assert!(ProxyNet::parse("not an ip").is_err());
        assert!(ProxyNet::parse("::1/129").is_err());
    }

    #[test]
    fn forwarded_headers_count_only_from_trusted_proxies() {
        let trusted = nets(&["127.0.0.1"]);
        let proxies = Proxies {
            trusted: &trusted,
            root_path: None,
        };
        let forwarded = |peer: &str| {
            TestRequest::get()
                .peer_addr(peer.parse().expect("addr"))
                .insert_header(("host", "127.0.0.1:8080"))
                .insert_header(("x-forwarded-for", "6.6.6.6, 1.2.3.4, 127.0.0.1"))
                .insert_header(("x-forwarded-proto", "https"))
                .insert_header(("x-forwarded-host", "example.org"))
                .insert_header(("x-forwarded-prefix", "/tools/demo/"))
                .to_http_request()
        };
        let via_proxy = forwarded("127.0.0.1:5000");
        assert_eq!(
            proxies.client(&via_proxy),
            Some("1.2.3.4".parse().expect("ip")),
            "the right-most untrusted hop, not what the client wrote first"
        );
        assert_eq!(
            proxies.server_root(&via_proxy),
            "https://example.org/tools/demo"
        );
        let direct = forwarded("8.8.8.8:5000");
        assert_eq!(
            proxies.client(&direct),
            Some("8.8.8.8".parse().expect("ip"))
        );
        assert_eq!(proxies.server_root(&direct), "http://127.0.0.1:8080");
    }

    #[test]
    fn an_explicit_root_path_wins() {
        let trusted = ProxyNet::loopback();
        let req = TestRequest::get()
            .peer_addr("127.0.0.1:5000".parse().expect("addr"))
            .insert_header(("host", "localhost:7860"))
            .insert_header(("x-forwarded-prefix", "/ignored"))
            .to_http_request();
        let path = Proxies {
            trusted: &trusted,
            root_path: Some("/tools/demo/"),
        };
        assert_eq!(path.server_root(&req), "http://localhost:7860/tools/demo");
        let url = Proxies {
            trusted: &trusted,
            root_path: Some("https://x.org/demo"),
        };
        assert_eq!(url.server_root(&req), "https://x.org/demo");
        assert_eq!(url.public_host(&req), "x.org");
    }
}
