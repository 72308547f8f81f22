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
