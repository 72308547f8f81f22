//! The rule catalogue: rule metadata, the [`Rule`] trait with its hooks, and [`ALL`].
//!
//! One rule = one file = one kebab-case id naming the hazard. A rule's documentation is the
//! doc comment on its `declare_rule!` block, under fixed headings; `mcpcheck explain` prints
//! it. Rules are pure: they read the parsed document and the dialect's view of its servers
//! and push findings. They never read the disk, the network, the environment or CLI flags.

use crate::finding::{Finding, Severity};

/// What a rule is about, for grouping in `mcpcheck rules` and SARIF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// The file cannot be read as the client reads it.
    Syntax,
    /// The file's structure does not match what the client accepts.
    Structure,
    /// Secrets, unpinned code, dangerous flags.
    Security,
    /// Settings that only work on one machine.
    Portability,
    /// mcpcheck's own settings and suppressions.
    Settings,
}

impl Category {
    /// Lowercase name for output.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Syntax => "syntax",
            Category::Structure => "structure",
            Category::Security => "security",
            Category::Portability => "portability",
            Category::Settings => "settings",
        }
    }
}

/// What a rule needs to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Needs {
    /// Only the files: runs in `check`.
    Offline,
    /// A live connection to the server: runs only in `probe` and `doctor`.
    Probe,
    /// The machine the servers would run on (`PATH`, runtimes, files, the network): runs only
    /// in `doctor`.
    Machine,
}

impl Needs {
    /// Lowercase name for output.
    pub fn as_str(self) -> &'static str {
        match self {
            Needs::Offline => "offline",
            Needs::Probe => "probe",
            Needs::Machine => "machine",
        }
    }
}

/// Everything known about a rule without running it.
#[derive(Debug, PartialEq, Eq)]
pub struct RuleMeta {
    /// Kebab-case id naming the hazard, e.g. `url-without-type`.
    pub id: &'static str,
    /// One-line summary (the first line of the doc comment's "What it does").
    pub summary: &'static str,
    /// Severity unless the check or the user's settings say otherwise.
    pub default_severity: Severity,
    /// What the rule is about.
    pub category: Category,
    /// Whether it runs offline.
    pub needs: Needs,
    /// The full documentation (Markdown), from the doc comment.
    pub docs: &'static str,
}

/// Declare a rule's metadata from its doc comment: a unit struct plus a `META` constant.
///
/// ```ignore
/// declare_rule! {
///     /// ## What it does
///     /// ...
///     pub(crate) UrlWithoutType {
///         id: "url-without-type", summary: "...", severity: Error, category: Structure, needs: Offline
///     }
/// }
/// ```
// Textually scoped: the `mod` lines below come after it, so rule files use it unimported.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])+
        $vis:vis $name:ident {
            id: $id:literal,
            summary: $summary:literal,
            severity: $severity:ident,
            category: $category:ident,
            needs: $needs:ident $(,)?
        }
    ) => {
        $(#[doc = $doc])+
        #[derive(Debug, Clone, Copy, Default)]
        $vis struct $name;

        impl $name {
            /// This rule's metadata.
            $vis const META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
                id: $id,
                summary: $summary,
                default_severity: $crate::finding::Severity::$severity,
                category: $crate::rules::Category::$category,
                needs: $crate::rules::Needs::$needs,
                docs: concat!($($doc, "\n"),+),
            };
        }
    };
}

/// The hooks a rule may implement; each defaults to doing nothing. A rule overrides one.
pub trait Rule: Sync {
    /// The rule's metadata.
    fn meta(&self) -> &'static RuleMeta;

    /// Look at a whole parsed file (syntax facts, top-level shape).
    fn check_document(&self, _cx: &crate::dialect::DocumentContext<'_>, _out: &mut Vec<Finding>) {}

    /// Look at one server entry.
    fn check_server(
        &self,
        _cx: &crate::dialect::DocumentContext<'_>,
        _server: &crate::model::ServerEntry<'_>,
        _out: &mut Vec<Finding>,
    ) {
    }

    /// Look at all the files of a run together (scope layering, policies across files).
    /// Findings are routed to the file of their primary location.
    fn check_project(&self, _cx: &crate::dialect::ProjectContext<'_>, _out: &mut Vec<Finding>) {}

    /// Look at what probing the servers found (`probe` and `doctor` only; rules with
    /// `needs: Probe`). Findings are routed to the file of their primary location.
    fn check_probe(&self, _cx: &crate::probe::context::ProbeContext<'_>, _out: &mut Vec<Finding>) {}

    /// Look at what `doctor` found out about this machine for each server (`PATH`, runtimes,
    /// files, network layers; rules with `needs: Machine`). Findings are routed to the file of
    /// their primary location.
    fn check_machine(&self, _cx: &crate::doctor::context::MachineContext<'_>, _out: &mut Vec<Finding>) {}

    /// Check the `options` object given for this rule in mcpcheck.json, when the settings are
    /// read. A rule with options reads them as a `#[serde(deny_unknown_fields)]` struct and
    /// overrides this with [`crate::config::check_options`]; by default a rule takes none.
    fn check_options(&self, options: &serde_json::Value) -> Result<(), String> {
        no_options(options)
    }
}

/// `Ok` for an empty options object: what a rule without options accepts.
fn no_options(options: &serde_json::Value) -> Result<(), String> {
    match options.as_object() {
        Some(map) if map.is_empty() => Ok(()),
        _ => Err("this rule takes no options".to_owned()),
    }
}

/// Check the options given for rule `id` (see [`Rule::check_options`]).
pub fn check_options(id: &str, options: &serde_json::Value) -> Result<(), String> {
    match ALL.iter().find(|rule| rule.meta().id == id) {
        Some(rule) => rule.check_options(options),
        None => no_options(options),
    }
}

mod blanket_auto_approval;
mod blocked_domain;
mod blocked_server;
mod broad_filesystem_access;
mod command_hidden_from_desktop_client;
mod command_line;
mod command_line_in_command;
mod command_not_on_path;
mod conflicting_tool_name;
mod conflicting_transport;
mod contradictory_security_policy;
mod contradictory_tool_annotations;
mod contradictory_tool_filter;
mod dangerous_docker_flag;
mod disallowed_command;
mod disallowed_domain;
mod disallowed_server;
mod divergent_server;
mod duplicate_key;
mod duplicate_tool_name;
mod empty_command;
pub(crate) mod foreign_field;
mod health_check_timeout_exceeds_interval;
mod http_error_status;
mod ineffective_timeout;
mod insecure_http_url;
mod invalid_domain_pattern;
mod invalid_input_schema;
mod invalid_policy_entry;
mod invalid_quantity;
mod invalid_server_name;
mod invalid_setting;
mod invalid_suppression;
mod invalid_tool_name;
mod invalid_url;
mod legacy_server_shape;
mod long_tool_description;
mod machine_specific_path;
mod malformed_variable;
mod misplaced_servers;
pub(crate) mod misplaced_top_level_key;
mod missing_file;
mod missing_transport;
mod needs_oauth;
mod non_strict_json;
mod non_string_env_value;
mod outdated_protocol_version;
mod parse_error;
mod plaintext_secret;
mod probe_failure;
mod probe_timeout;
mod probed_tools;
mod protocol_violation;
mod remote_layer_failed;
mod remote_server_in_desktop_config;
mod remote_unreachable;
mod runtime_unavailable;
mod sandbox_disabled;
mod schema_violation;
mod secret_in_args;
mod server_exited_early;
mod server_name_too_long;
mod server_spawn_failed;
mod shadowed_server;
mod shell_wrapper;
mod stdout_not_protocol;
mod surrounding_whitespace;
mod too_many_tools;
mod tool_name_too_long;
mod tool_poisoning;
mod tool_surface_changed;
mod unapproved_project_server;
mod undeclared_input;
mod unknown_field;
mod unknown_rule;
mod unpinned_package;
mod unread_field;
mod unresolved_env_var;
mod unsafe_tool_icon;
mod unsupported_transport_field;
pub(crate) mod unsupported_variable_syntax;
mod unused_input;
mod unused_suppression;
mod url_without_type;
mod variable_in_unexpanded_field;

pub use blanket_auto_approval::BlanketAutoApproval;
pub use blocked_domain::BlockedDomain;
pub use blocked_server::BlockedServer;
pub use broad_filesystem_access::BroadFilesystemAccess;
pub use command_hidden_from_desktop_client::CommandHiddenFromDesktopClient;
pub use command_line_in_command::CommandLineInCommand;
pub use command_not_on_path::CommandNotOnPath;
pub use conflicting_tool_name::ConflictingToolName;
pub use conflicting_transport::ConflictingTransport;
pub use contradictory_security_policy::ContradictorySecurityPolicy;
pub use contradictory_tool_annotations::ContradictoryToolAnnotations;
pub use contradictory_tool_filter::ContradictoryToolFilter;
pub use dangerous_docker_flag::DangerousDockerFlag;
pub use disallowed_command::DisallowedCommand;
pub use disallowed_domain::DisallowedDomain;
pub use disallowed_server::DisallowedServer;
pub use divergent_server::DivergentServer;
pub use duplicate_key::DuplicateKey;
pub use duplicate_tool_name::DuplicateToolName;
pub use empty_command::EmptyCommand;
pub use foreign_field::ForeignField;
pub use health_check_timeout_exceeds_interval::HealthCheckTimeoutExceedsInterval;
pub use http_error_status::HttpErrorStatus;
pub use ineffective_timeout::IneffectiveTimeout;
pub use insecure_http_url::InsecureHttpUrl;
pub use invalid_domain_pattern::InvalidDomainPattern;
pub use invalid_input_schema::InvalidInputSchema;
pub use invalid_policy_entry::InvalidPolicyEntry;
pub use invalid_quantity::InvalidQuantity;
pub use invalid_server_name::InvalidServerName;
pub use invalid_setting::InvalidSetting;
pub use invalid_suppression::InvalidSuppression;
pub use invalid_tool_name::InvalidToolName;
pub use invalid_url::InvalidUrl;
pub use legacy_server_shape::LegacyServerShape;
pub use long_tool_description::LongToolDescription;
pub use machine_specific_path::MachineSpecificPath;
pub use malformed_variable::MalformedVariable;
pub use misplaced_servers::MisplacedServers;
pub use misplaced_top_level_key::MisplacedTopLevelKey;
pub use missing_file::MissingFile;
pub use missing_transport::MissingTransport;
pub use needs_oauth::NeedsOauth;
pub use non_strict_json::NonStrictJson;
pub use non_string_env_value::NonStringEnvValue;
pub use outdated_protocol_version::OutdatedProtocolVersion;
pub use parse_error::ParseError;
pub use plaintext_secret::PlaintextSecret;
pub use probe_timeout::ProbeTimeout;
pub use protocol_violation::ProtocolViolation;
pub use remote_layer_failed::RemoteLayerFailed;
pub use remote_server_in_desktop_config::RemoteServerInDesktopConfig;
pub use remote_unreachable::RemoteUnreachable;
pub use runtime_unavailable::RuntimeUnavailable;
pub use sandbox_disabled::SandboxDisabled;
pub use schema_violation::SchemaViolation;
pub use secret_in_args::SecretInArgs;
pub use server_exited_early::ServerExitedEarly;
pub use server_name_too_long::ServerNameTooLong;
pub use server_spawn_failed::ServerSpawnFailed;
pub use shadowed_server::ShadowedServer;
pub use shell_wrapper::ShellWrapper;
pub use stdout_not_protocol::StdoutNotProtocol;
pub use surrounding_whitespace::SurroundingWhitespace;
pub use too_many_tools::TooManyTools;
pub use tool_name_too_long::ToolNameTooLong;
pub use tool_poisoning::ToolPoisoning;
pub use tool_surface_changed::ToolSurfaceChanged;
pub use unapproved_project_server::UnapprovedProjectServer;
pub use undeclared_input::UndeclaredInput;
pub use unknown_field::UnknownField;
pub use unknown_rule::UnknownRule;
pub use unpinned_package::UnpinnedPackage;
pub use unread_field::UnreadField;
pub use unresolved_env_var::UnresolvedEnvVar;
pub use unsafe_tool_icon::UnsafeToolIcon;
pub use unsupported_transport_field::UnsupportedTransportField;
pub use unsupported_variable_syntax::UnsupportedVariableSyntax;
pub use unused_input::UnusedInput;
pub use unused_suppression::UnusedSuppression;
pub use url_without_type::UrlWithoutType;
pub use variable_in_unexpanded_field::VariableInUnexpandedField;

/// Every rule's metadata, sorted by id (a test enforces the order and uniqueness).
pub static CATALOGUE: &[&RuleMeta] = &[
    &BlanketAutoApproval::META,
    &BlockedDomain::META,
    &BlockedServer::META,
    &BroadFilesystemAccess::META,
    &CommandHiddenFromDesktopClient::META,
    &CommandLineInCommand::META,
    &CommandNotOnPath::META,
    &ConflictingToolName::META,
    &ConflictingTransport::META,
    &ContradictorySecurityPolicy::META,
    &ContradictoryToolAnnotations::META,
    &ContradictoryToolFilter::META,
    &DangerousDockerFlag::META,
    &DisallowedCommand::META,
    &DisallowedDomain::META,
    &DisallowedServer::META,
    &DivergentServer::META,
    &DuplicateKey::META,
    &DuplicateToolName::META,
    &EmptyCommand::META,
    &ForeignField::META,
    &HealthCheckTimeoutExceedsInterval::META,
    &HttpErrorStatus::META,
    &IneffectiveTimeout::META,
    &InsecureHttpUrl::META,
    &InvalidDomainPattern::META,
    &InvalidInputSchema::META,
    &InvalidPolicyEntry::META,
    &InvalidQuantity::META,
    &InvalidServerName::META,
    &InvalidSetting::META,
    &InvalidSuppression::META,
    &InvalidToolName::META,
    &InvalidUrl::META,
    &LegacyServerShape::META,
    &LongToolDescription::META,
    &MachineSpecificPath::META,
    &MalformedVariable::META,
    &MisplacedServers::META,
    &MisplacedTopLevelKey::META,
    &MissingFile::META,
    &MissingTransport::META,
    &NeedsOauth::META,
    &NonStrictJson::META,
    &NonStringEnvValue::META,
    &OutdatedProtocolVersion::META,
    &ParseError::META,
    &PlaintextSecret::META,
    &ProbeTimeout::META,
    &ProtocolViolation::META,
    &RemoteLayerFailed::META,
    &RemoteServerInDesktopConfig::META,
    &RemoteUnreachable::META,
    &RuntimeUnavailable::META,
    &SandboxDisabled::META,
    &SchemaViolation::META,
    &SecretInArgs::META,
    &ServerExitedEarly::META,
    &ServerNameTooLong::META,
    &ServerSpawnFailed::META,
    &ShadowedServer::META,
    &ShellWrapper::META,
    &StdoutNotProtocol::META,
    &SurroundingWhitespace::META,
    &TooManyTools::META,
    &ToolNameTooLong::META,
    &ToolPoisoning::META,
    &ToolSurfaceChanged::META,
    &UnapprovedProjectServer::META,
    &UndeclaredInput::META,
    &UnknownField::META,
    &UnknownRule::META,
    &UnpinnedPackage::META,
    &UnreadField::META,
    &UnresolvedEnvVar::META,
    &UnsafeToolIcon::META,
    &UnsupportedTransportField::META,
    &UnsupportedVariableSyntax::META,
    &UnusedInput::META,
    &UnusedSuppression::META,
    &UrlWithoutType::META,
    &VariableInUnexpandedField::META,
];

/// The rules that run as checks over parsed files. `parse-error`, `schema-violation`,
/// `unknown-field` and `non-string-env-value` are reported by the parse and schema stages and
/// have no hooks; `foreign-field` is reported by both the schema stage and its own hook.
pub static ALL: &[&dyn Rule] = &[
    &BlanketAutoApproval,
    &BlockedDomain,
    &BlockedServer,
    &BroadFilesystemAccess,
    &CommandHiddenFromDesktopClient,
    &CommandLineInCommand,
    &CommandNotOnPath,
    &ConflictingToolName,
    &ConflictingTransport,
    &ContradictorySecurityPolicy,
    &ContradictoryToolAnnotations,
    &ContradictoryToolFilter,
    &DangerousDockerFlag,
    &DisallowedCommand,
    &DisallowedDomain,
    &DisallowedServer,
    &DivergentServer,
    &DuplicateKey,
    &DuplicateToolName,
    &EmptyCommand,
    &ForeignField,
    &HealthCheckTimeoutExceedsInterval,
    &HttpErrorStatus,
    &IneffectiveTimeout,
    &InsecureHttpUrl,
    &InvalidDomainPattern,
    &InvalidInputSchema,
    &InvalidPolicyEntry,
    &InvalidQuantity,
    &InvalidServerName,
    &InvalidToolName,
    &InvalidUrl,
    &LegacyServerShape,
    &LongToolDescription,
    &MachineSpecificPath,
    &MalformedVariable,
    &MisplacedServers,
    &MisplacedTopLevelKey,
    &MissingFile,
    &MissingTransport,
    &NeedsOauth,
    &NonStrictJson,
    &OutdatedProtocolVersion,
    &PlaintextSecret,
    &ProbeTimeout,
    &ProtocolViolation,
    &RemoteLayerFailed,
    &RemoteServerInDesktopConfig,
    &RemoteUnreachable,
    &RuntimeUnavailable,
    &SandboxDisabled,
    &SecretInArgs,
    &ServerExitedEarly,
    &ServerNameTooLong,
    &ServerSpawnFailed,
    &ShadowedServer,
    &ShellWrapper,
    &StdoutNotProtocol,
    &SurroundingWhitespace,
    &TooManyTools,
    &ToolNameTooLong,
    &ToolPoisoning,
    &ToolSurfaceChanged,
    &UnapprovedProjectServer,
    &UndeclaredInput,
    &UnpinnedPackage,
    &UnreadField,
    &UnresolvedEnvVar,
    &UnsafeToolIcon,
    &UnsupportedTransportField,
    &UnsupportedVariableSyntax,
    &UnusedInput,
    &UrlWithoutType,
    &VariableInUnexpandedField,
];

/// Look a rule up by id.
pub fn by_id(id: &str) -> Option<&'static RuleMeta> {
    CATALOGUE.iter().copied().find(|meta| meta.id == id)
}
