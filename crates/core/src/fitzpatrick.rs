//! Fitzpatrick skin type from the self-assessment questionnaire.
//!
//! The widget uses the published ten-item questionnaire (each item scored 0 to 4,
//! total 0 to 40) and its bands: I 0–6, II 7–13, III 14–20, IV 21–27, V 28–34,
//! VI 35 and above. Recent tanning is asked separately as its own question, because
//! a current tan is a risk in itself and not a constitutional skin type. The result
//! is a self-assessment that the provider confirms.

use serde::{Deserialize, Serialize};

/// The score id a profile's questions use to add to the Fitzpatrick total.
pub const SCORE_ID: &str = "fitzpatrick";

/// A Fitzpatrick skin type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum SkinType {
    /// Type I: always burns, never tans.
    I,
    /// Type II: usually burns, tans minimally.
    II,
    /// Type III: sometimes burns mildly, tans gradually.
    III,
    /// Type IV: burns minimally, tans well.
    IV,
    /// Type V: rarely burns, tans profusely.
    V,
    /// Type VI: never burns.
    VI,
}

impl SkinType {
    /// The type for a ten-item questionnaire total.
    pub fn from_score(score: u32) -> Self {
        match score {
            0..=6 => Self::I,
            7..=13 => Self::II,
            14..=20 => Self::III,
            21..=27 => Self::IV,
            28..=34 => Self::V,
            _ => Self::VI,
        }
    }

    /// The roman numeral.
    pub fn numeral(self) -> &'static str {
        match self {
            Self::I => "I",
            Self::II => "II",
            Self::III => "III",
            Self::IV => "IV",
            Self::V => "V",
            Self::VI => "VI",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SkinType::{self, *};

    #[test]
    fn every_band_boundary() {
        let cases = [
            (0, I),
            (6, I),
            (7, II),
            (13, II),
            (14, III),
            (20, III),
            (21, IV),
            (27, IV),
            (28, V),
            (34, V),
            (35, VI),
            (40, VI),
        ];
        for (score, expected) in cases {
            assert_eq!(SkinType::from_score(score), expected, "score {score}");
        }
    }
}
