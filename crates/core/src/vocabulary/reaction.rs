//! How bad an allergic reaction was: what the allergy question records and what
//! a protocol's allergy rules select by.

use serde::{Deserialize, Serialize};

/// How bad a past reaction was.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReactionSeverity {
    /// A mild reaction, such as a local rash.
    Mild,
    /// A moderate reaction, such as hives over a wide area.
    Moderate,
    /// A severe reaction that needed medical care.
    Severe,
    /// Anaphylaxis: trouble breathing or collapse, or adrenaline was needed.
    Anaphylaxis,
}

impl ReactionSeverity {
    /// Every severity, mildest first.
    pub const ALL: [ReactionSeverity; 4] =
        [Self::Mild, Self::Moderate, Self::Severe, Self::Anaphylaxis];
}
