//! OAuth discovery for a remote server that answers 401, without a browser (PROTOCOL.md §1.8):
//! read `WWW-Authenticate`, fetch the protected-resource metadata (RFC 9728) and the
//! authorization server's metadata (RFC 8414 / OpenID), and report what a client would need.

/// What a remote server's OAuth metadata says. Everything here is public metadata (no tokens).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct AuthReport {
    /// The HTTP status that asked for authorization (401, or 403 for `insufficient_scope`).
    pub status: u16,
    /// The `resource_metadata` URL from `WWW-Authenticate`, when given.
    pub resource_metadata: Option<String>,
    /// The `scope` the challenge asked for, when given.
    pub scope: Option<String>,
    /// The protected-resource metadata URL that answered (from the header or a well-known URL).
    pub metadata_url: Option<String>,
    /// The `resource` the metadata names.
    pub resource: Option<String>,
    /// The metadata's `authorization_servers` (issuers).
    pub authorization_servers: Vec<String>,
    /// The issuer whose metadata was read, when any answered.
    pub issuer: Option<String>,
    /// Whether the authorization server advertises PKCE `S256`
    /// (`code_challenge_methods_supported`); `None` when its metadata was not read.
    pub pkce_s256: Option<bool>,
    /// Whether it accepts Client ID Metadata Documents.
    pub client_id_metadata_documents: bool,
    /// Its dynamic client registration endpoint, when it has one.
    pub registration_endpoint: Option<String>,
    /// What is wrong with the metadata, one sentence each (unreachable documents, an issuer
    /// that does not match, a `resource` that is not this server, no PKCE).
    pub problems: Vec<String>,
}

use std::io::Read;
use std::time::Duration;

use serde_json::Value;

use super::http::{Url, build_agent};
use super::jsonrpc::shorten;
use super::session::ProbeOptions;

/// The largest metadata document read, in bytes.
pub const MAX_METADATA_BYTES: u64 = 256 * 1024;

/// The longest wait for one metadata document.
pub const MAX_METADATA_WAIT: Duration = Duration::from_secs(10);

/// Runs the discovery a browser-less client can do after `status` from `server_url`:
/// unauthenticated GETs of public metadata only (no configured header is ever sent, to any
/// origin), each bounded in size and time.
pub fn discover(server_url: &Url, status: u16, challenge: Option<&str>, options: &ProbeOptions) -> AuthReport {
    let mut report = AuthReport { status, ..AuthReport::default() };
    let params = challenge.map(bearer_params).unwrap_or_default();
    let param = |name: &str| params.iter().find(|(key, _)| key == name).map(|(_, value)| value.clone());
    report.resource_metadata = param("resource_metadata");
    report.scope = param("scope");
    if let Some(error) = param("error") {
        report.problems.push(format!("the challenge reports error \"{}\"", shorten(&error, 80)));
    }
    let fetcher = Fetcher { agent: build_agent(options), wait: options.request_timeout.min(MAX_METADATA_WAIT) };

    let mut candidates = Vec::new();
    if let Some(url) = &report.resource_metadata {
        match server_url.join(url) {
            Some(url) => candidates.push(url),
            None => report.problems.push("the challenge's resource_metadata is not an http(s) URL".to_owned()),
        }
    }
    if candidates.is_empty() {
        let path = server_url.path().trim_end_matches('/');
        if !path.is_empty() {
            candidates.extend(server_url.join(&format!("/.well-known/oauth-protected-resource{path}")));
        }
        candidates.extend(server_url.join("/.well-known/oauth-protected-resource"));
    }
    let Some((metadata_url, metadata)) =
        fetcher.first_document(&candidates, "protected-resource metadata", &mut report)
    else {
        return report;
    };
    report.metadata_url = Some(metadata_url.without_query());
    report.resource = metadata.get("resource").and_then(Value::as_str).map(str::to_owned);
    if let Some(resource) = &report.resource
        && !resource_matches(resource, server_url)
    {
        report.problems.push(format!(
            "the protected-resource metadata names resource \"{}\", not this server ({}); clients must refuse it",
            shorten(resource, 120),
            server_url.without_query()
        ));
    }
    report.authorization_servers = metadata
        .get("authorization_servers")
        .and_then(Value::as_array)
        .map(|servers| servers.iter().filter_map(Value::as_str).map(|server| shorten(server, 200)).collect())
        .unwrap_or_default();
    let Some(issuer) = report.authorization_servers.first().cloned() else {
        report.problems.push("the protected-resource metadata lists no \"authorization_servers\"".to_owned());
        return report;
    };
    let Some(issuer_url) = Url::parse(&issuer) else {
        report.problems.push(format!("the authorization server \"{}\" is not an http(s) URL", shorten(&issuer, 120)));
        return report;
    };
    let path = issuer_url.path().trim_end_matches('/');
    let suffixes = if path.is_empty() {
        vec!["/.well-known/oauth-authorization-server".to_owned(), "/.well-known/openid-configuration".to_owned()]
    } else {
        vec![
            format!("/.well-known/oauth-authorization-server{path}"),
            format!("/.well-known/openid-configuration{path}"),
            format!("{path}/.well-known/openid-configuration"),
        ]
    };
    let candidates: Vec<Url> = suffixes.iter().filter_map(|suffix| issuer_url.join(suffix)).collect();
    let Some((_, metadata)) = fetcher.first_document(&candidates, "authorization server metadata", &mut report) else {
        return report;
    };
    let document_issuer = metadata.get("issuer").and_then(Value::as_str);
    report.issuer = Some(issuer.clone());
    if document_issuer != Some(issuer.as_str()) {
        report.problems.push(format!(
            "the authorization server metadata's issuer is {}, not \"{}\"; clients must reject it",
            document_issuer.map_or_else(|| "missing".to_owned(), |found| format!("\"{}\"", shorten(found, 120))),
            shorten(&issuer, 120)
        ));
    }
    let methods = metadata.get("code_challenge_methods_supported").and_then(Value::as_array);
    let s256 = methods.is_some_and(|methods| methods.iter().any(|method| method == "S256"));
    report.pkce_s256 = Some(s256);
    if !s256 {
        report.problems.push(match methods {
            None => "the authorization server metadata has no \"code_challenge_methods_supported\", so clients \
                     must refuse to authorize (no PKCE)"
                .to_owned(),
            Some(_) => "the authorization server does not support PKCE with S256".to_owned(),
        });
    }
    report.client_id_metadata_documents =
        metadata.get("client_id_metadata_document_supported").and_then(Value::as_bool) == Some(true);
    report.registration_endpoint =
        metadata.get("registration_endpoint").and_then(Value::as_str).map(|endpoint| shorten(endpoint, 200));
    report
}

/// Whether the metadata's `resource` covers `server_url`: same origin, and the server's path
/// equals or lies under the resource's path.
fn resource_matches(resource: &str, server_url: &Url) -> bool {
    let Some(resource) = Url::parse(resource) else {
        return false;
    };
    let (resource_path, server_path) = (resource.path().trim_end_matches('/'), server_url.path().trim_end_matches('/'));
    resource.origin() == server_url.origin()
        && (server_path == resource_path || server_path.starts_with(&format!("{resource_path}/")))
}

struct Fetcher {
    agent: ureq::Agent,
    wait: Duration,
}

impl Fetcher {
    /// The first of `candidates` that answers with a JSON object; records a problem when none
    /// does.
    fn first_document(&self, candidates: &[Url], what: &str, report: &mut AuthReport) -> Option<(Url, Value)> {
        let mut failures = Vec::new();
        for url in candidates {
            match self.get(url) {
                Ok(document) => return Some((url.clone(), document)),
                Err(why) => failures.push(format!("{} ({why})", url.without_query())),
            }
        }
        report.problems.push(format!("the {what} could not be read: {}", failures.join(", ")));
        None
    }

    /// An unauthenticated GET of a JSON object.
    fn get(&self, url: &Url) -> Result<Value, String> {
        let response = self
            .agent
            .get(url.request_target())
            .header("accept", "application/json")
            .config()
            .timeout_global(Some(self.wait))
            .build()
            .call()
            .map_err(|error| match error {
                ureq::Error::Timeout(_) => "timed out".to_owned(),
                ureq::Error::HostNotFound => "host not found".to_owned(),
                _ => "unreachable".to_owned(),
            })?;
        let status = response.status().as_u16();
        if status != 200 {
            return Err(format!("HTTP {status}"));
        }
        let mut bytes = Vec::new();
        response
            .into_body()
            .into_reader()
            .take(MAX_METADATA_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|_| "reading failed".to_owned())?;
        if bytes.len() as u64 > MAX_METADATA_BYTES {
            return Err(format!("larger than {} KiB", MAX_METADATA_BYTES / 1024));
        }
        match serde_json::from_slice::<Value>(&bytes) {
            Ok(document @ Value::Object(_)) => Ok(document),
            _ => Err("not a JSON object".to_owned()),
        }
    }
}

/// The auth-params of the `Bearer` challenge in a `WWW-Authenticate` value (names lower-cased).
pub fn bearer_params(header: &str) -> Vec<(String, String)> {
    let mut params = Vec::new();
    let mut rest = header.trim_start();
    // Skip to the Bearer challenge (a header may list several schemes).
    loop {
        let word_end = rest.find([' ', ',']).unwrap_or(rest.len());
        let word = &rest[..word_end];
        if word.eq_ignore_ascii_case("bearer") {
            rest = &rest[word_end..];
            break;
        }
        let Some(next) = rest.find(',') else {
            return params;
        };
        rest = rest[next + 1..].trim_start();
    }
    loop {
        rest = rest.trim_start_matches([' ', ',', '\t']);
        let Some(equals) = rest.find('=') else {
            return params;
        };
        let name = rest[..equals].trim();
        if name.is_empty() || name.contains(' ') {
            // Another scheme begins.
            return params;
        }
        rest = rest[equals + 1..].trim_start();
        let value = if let Some(quoted) = rest.strip_prefix('"') {
            let mut value = String::new();
            let mut chars = quoted.char_indices();
            let mut end = quoted.len();
            while let Some((index, c)) = chars.next() {
                match c {
                    '\\' => value.extend(chars.next().map(|(_, escaped)| escaped)),
                    '"' => {
                        end = index + 1;
                        break;
                    }
                    other => value.push(other),
                }
            }
            rest = &quoted[end.min(quoted.len())..];
            value
        } else {
            let end = rest.find([',', ' ']).unwrap_or(rest.len());
            let value = rest[..end].to_owned();
            rest = &rest[end..];
            value
        };
        params.push((name.to_ascii_lowercase(), value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_bearer_challenges() {
        let header = r#"Basic realm="x", Bearer error="insufficient_scope", scope="a b", resource_metadata="https://h/.well-known/oauth-protected-resource""#;
        let params = bearer_params(header);
        assert_eq!(
            params,
            [
                ("error".to_owned(), "insufficient_scope".to_owned()),
                ("scope".to_owned(), "a b".to_owned()),
                ("resource_metadata".to_owned(), "https://h/.well-known/oauth-protected-resource".to_owned()),
            ]
        );
        assert_eq!(bearer_params("Bearer realm=mcp"), [("realm".to_owned(), "mcp".to_owned())]);
        assert_eq!(bearer_params(r#"Bearer x="a\"b""#), [("x".to_owned(), "a\"b".to_owned())]);
        assert!(bearer_params("Basic realm=\"x\"").is_empty());
        assert!(bearer_params("Bearer").is_empty());
    }

    #[test]
    fn matches_resources_by_origin_and_path_prefix() {
        let server = Url::parse("https://h.example/mcp/v1?key=1").unwrap();
        assert!(resource_matches("https://h.example/mcp/v1", &server));
        assert!(resource_matches("https://h.example/mcp", &server));
        assert!(resource_matches("https://h.example", &server));
        assert!(!resource_matches("https://h.example/mc", &server));
        assert!(!resource_matches("https://other.example/mcp/v1", &server));
        assert!(!resource_matches("not a url", &server));
    }
}
