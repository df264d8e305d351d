//! Protocol governance in the store: every clinic profile version the receiver has
//! served (by the SHA-256 of its canonical form, with its lint and test counts), and
//! the medical director's approvals, each kept with the WebAuthn assertion that makes
//! it verifiable later (see [`crate::protocol::approval`]).

/// A profile version as first served.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileVersion {
    /// SHA-256 of the document's canonical form.
    pub sha256: String,
    /// The document as first served.
    pub text: String,
    /// When the receiver first served it.
    pub first_seen: String,
    /// Lint errors (with the profile's own problems) when recorded.
    pub lint_errors: i64,
    /// Lint warnings when recorded.
    pub lint_warnings: i64,
    /// Protocol test cases that passed (or were skipped) when recorded.
    pub tests_passed: i64,
    /// Protocol test cases that failed when recorded.
    pub tests_failed: i64,
}

/// A director's approval of one version, with the assertion that signs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredApproval {
    /// The version approved.
    pub profile_sha256: String,
    /// The director's staff id.
    pub staff_id: String,
    /// Their name as shown to patients.
    pub approver: String,
    /// Their credential (MD, DO, …).
    pub credential: String,
    /// When (the receiver's clock, RFC 3339).
    pub approved_at: String,
    /// The console origin the assertion was made at.
    pub origin: String,
    /// The passkey's credential id (base64url).
    pub credential_id: String,
    /// The authenticator data (base64url).
    pub authenticator_data: String,
    /// The client data JSON (base64url), whose challenge binds the statement.
    pub client_data_json: String,
    /// The signature over both (base64url).
    pub signature: String,
}
