//! "Your details": who the patient is and how to reach them and their emergency contact.
//!
//! Validation runs through the `validator` derive (length and custom checks only; see
//! [`crate::contact`] for why not its email check) and is turned into an ordered list
//! of [`FieldProblem`]s, in the order the fields appear on screen, so the interface
//! can show one message per field and an error summary in reading order.

use crate::contact::{is_plausible_email, is_plausible_phone};
use crate::date::{CivilDate, DateError};
use serde::{Deserialize, Serialize};
use validator::{Validate, ValidateArgs, ValidationError};

/// Oldest plausible age; a birth date further back is almost certainly a typo.
pub const MAX_AGE_YEARS: i32 = 120;

/// The patient's own details, exactly as typed (trimming happens in validation).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[validate(context = CivilDate)]
#[serde(deny_unknown_fields)]
pub struct PatientDetails {
    /// Full legal name, as on an ID document.
    #[validate(custom(function = "required"), length(max = 120, code = "too_long"))]
    pub legal_name: String,
    /// The name the patient wants to be called; optional.
    #[validate(length(max = 60, code = "too_long"))]
    pub preferred_name: String,
    /// Date of birth as three typed parts.
    #[validate(custom(function = "birth_date", use_context))]
    pub date_of_birth: DateParts,
    /// Mobile phone number.
    #[validate(custom(function = "phone"))]
    pub mobile_phone: String,
    /// Email address; optional, but checked for typos when given.
    #[validate(
        custom(function = "optional_email"),
        length(max = 254, code = "too_long")
    )]
    pub email: String,
    /// Emergency contact's name.
    #[validate(custom(function = "required"), length(max = 120, code = "too_long"))]
    pub emergency_name: String,
    /// How the emergency contact is related to the patient; optional.
    #[validate(length(max = 60, code = "too_long"))]
    pub emergency_relationship: String,
    /// Emergency contact's phone number.
    #[validate(custom(function = "phone"))]
    pub emergency_phone: String,
}

/// A date typed as day, month and year, kept as text until it is valid.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DateParts {
    /// Day of the month as typed.
    pub day: String,
    /// Month number as typed.
    pub month: String,
    /// Four-digit year as typed.
    pub year: String,
}

impl DateParts {
    /// The date, when the three parts make a real one.
    pub fn date(&self) -> Result<CivilDate, DateError> {
        CivilDate::from_parts(&self.day, &self.month, &self.year)
    }
}

/// A question on the "Your details" step that can have a problem.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DetailsField {
    /// The full legal name.
    LegalName,
    /// The name the patient would like to be called.
    PreferredName,
    /// The date of birth (all three boxes).
    DateOfBirth,
    /// The patient's mobile number.
    MobilePhone,
    /// The patient's email address.
    Email,
    /// The emergency contact's name.
    EmergencyName,
    /// The emergency contact's relationship to the patient.
    EmergencyRelationship,
    /// The emergency contact's phone number.
    EmergencyPhone,
}

impl DetailsField {
    /// Whether the field is about the emergency contact rather than the patient.
    pub fn is_emergency_contact(self) -> bool {
        matches!(
            self,
            Self::EmergencyName | Self::EmergencyRelationship | Self::EmergencyPhone
        )
    }

    /// Every field, in screen order.
    pub const ALL: [DetailsField; 8] = [
        Self::LegalName,
        Self::PreferredName,
        Self::DateOfBirth,
        Self::MobilePhone,
        Self::Email,
        Self::EmergencyName,
        Self::EmergencyRelationship,
        Self::EmergencyPhone,
    ];

    /// The struct field name `validator` reports problems under.
    fn key(self) -> &'static str {
        match self {
            Self::LegalName => "legal_name",
            Self::PreferredName => "preferred_name",
            Self::DateOfBirth => "date_of_birth",
            Self::MobilePhone => "mobile_phone",
            Self::Email => "email",
            Self::EmergencyName => "emergency_name",
            Self::EmergencyRelationship => "emergency_relationship",
            Self::EmergencyPhone => "emergency_phone",
        }
    }

    /// The input that receives focus when the patient follows a link to this field.
    pub fn first_input(self) -> Input {
        match self {
            Self::LegalName => Input::LegalName,
            Self::PreferredName => Input::PreferredName,
            Self::DateOfBirth => Input::BirthMonth,
            Self::MobilePhone => Input::MobilePhone,
            Self::Email => Input::Email,
            Self::EmergencyName => Input::EmergencyName,
            Self::EmergencyRelationship => Input::EmergencyRelationship,
            Self::EmergencyPhone => Input::EmergencyPhone,
        }
    }
}

/// One text box on the "Your details" step. Each holds a `String` of [`PatientDetails`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Input {
    /// Full legal name.
    LegalName,
    /// Preferred name.
    PreferredName,
    /// Day of birth.
    BirthDay,
    /// Month of birth.
    BirthMonth,
    /// Year of birth.
    BirthYear,
    /// Mobile number.
    MobilePhone,
    /// Email address.
    Email,
    /// Emergency contact's name.
    EmergencyName,
    /// Emergency contact's relationship to the patient.
    EmergencyRelationship,
    /// Emergency contact's phone number.
    EmergencyPhone,
}

impl Input {
    /// A stable, unique element id for the input.
    pub fn id(self) -> &'static str {
        match self {
            Self::LegalName => "legal-name",
            Self::PreferredName => "preferred-name",
            Self::BirthDay => "dob-day",
            Self::BirthMonth => "dob-month",
            Self::BirthYear => "dob-year",
            Self::MobilePhone => "mobile-phone",
            Self::Email => "email",
            Self::EmergencyName => "emergency-name",
            Self::EmergencyRelationship => "emergency-relationship",
            Self::EmergencyPhone => "emergency-phone",
        }
    }

    /// The field whose problems this input shares.
    pub fn field(self) -> DetailsField {
        match self {
            Self::LegalName => DetailsField::LegalName,
            Self::PreferredName => DetailsField::PreferredName,
            Self::BirthDay | Self::BirthMonth | Self::BirthYear => DetailsField::DateOfBirth,
            Self::MobilePhone => DetailsField::MobilePhone,
            Self::Email => DetailsField::Email,
            Self::EmergencyName => DetailsField::EmergencyName,
            Self::EmergencyRelationship => DetailsField::EmergencyRelationship,
            Self::EmergencyPhone => DetailsField::EmergencyPhone,
        }
    }
}

impl PatientDetails {
    /// The text currently held by `input`.
    pub fn get(&self, input: Input) -> &str {
        match input {
            Input::LegalName => &self.legal_name,
            Input::PreferredName => &self.preferred_name,
            Input::BirthDay => &self.date_of_birth.day,
            Input::BirthMonth => &self.date_of_birth.month,
            Input::BirthYear => &self.date_of_birth.year,
            Input::MobilePhone => &self.mobile_phone,
            Input::Email => &self.email,
            Input::EmergencyName => &self.emergency_name,
            Input::EmergencyRelationship => &self.emergency_relationship,
            Input::EmergencyPhone => &self.emergency_phone,
        }
    }

    /// Replaces the text held by `input`.
    pub fn set(&mut self, input: Input, text: String) {
        let slot = match input {
            Input::LegalName => &mut self.legal_name,
            Input::PreferredName => &mut self.preferred_name,
            Input::BirthDay => &mut self.date_of_birth.day,
            Input::BirthMonth => &mut self.date_of_birth.month,
            Input::BirthYear => &mut self.date_of_birth.year,
            Input::MobilePhone => &mut self.mobile_phone,
            Input::Email => &mut self.email,
            Input::EmergencyName => &mut self.emergency_name,
            Input::EmergencyRelationship => &mut self.emergency_relationship,
            Input::EmergencyPhone => &mut self.emergency_phone,
        };
        *slot = text;
    }

    /// Every problem with these details on `today`, one per field, in screen order.
    /// An empty list means the step is complete.
    pub fn problems(&self, today: CivilDate) -> Vec<FieldProblem> {
        let Err(errors) = self.validate_with_args(&today) else {
            return Vec::new();
        };
        let by_field = errors.field_errors();
        DetailsField::ALL
            .iter()
            .filter_map(|&field| {
                let first = by_field.get(field.key())?.first()?;
                Some(FieldProblem {
                    field,
                    problem: Problem::from_code(&first.code),
                })
            })
            .collect()
    }

    /// The patient's age on `today`, once the date of birth is a real date.
    pub fn age_on(&self, today: CivilDate) -> Option<i32> {
        self.date_of_birth
            .date()
            .ok()
            .map(|dob| dob.age_on(today))
            .filter(|age| *age >= 0)
    }
}

/// A problem found with one field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldProblem {
    /// The field with the problem.
    pub field: DetailsField,
    /// What is wrong.
    pub problem: Problem,
}

/// What is wrong with a field; the interface turns it into words in the patient's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// A required answer is empty.
    Required,
    /// The answer is longer than the field allows.
    TooLong,
    /// The email address has a typo.
    EmailFormat,
    /// The phone number has too few or too many digits, or letters.
    PhoneFormat,
    /// Day, month or year is missing.
    DateIncomplete,
    /// The date does not exist (31 April) or is not numbers.
    DateNotReal,
    /// The date of birth is after today.
    DateInFuture,
    /// The date of birth is implausibly long ago.
    DateTooLongAgo,
}

impl Problem {
    fn from_code(code: &str) -> Self {
        match code {
            "too_long" => Self::TooLong,
            "email_format" => Self::EmailFormat,
            "phone_format" => Self::PhoneFormat,
            "date_incomplete" => Self::DateIncomplete,
            "date_not_real" => Self::DateNotReal,
            "date_in_future" => Self::DateInFuture,
            "date_too_long_ago" => Self::DateTooLongAgo,
            _ => Self::Required,
        }
    }
}

fn required(text: &str) -> Result<(), ValidationError> {
    if text.trim().is_empty() {
        Err(ValidationError::new("required"))
    } else {
        Ok(())
    }
}

fn phone(text: &str) -> Result<(), ValidationError> {
    required(text)?;
    if is_plausible_phone(text) {
        Ok(())
    } else {
        Err(ValidationError::new("phone_format"))
    }
}

fn optional_email(text: &str) -> Result<(), ValidationError> {
    if text.trim().is_empty() || is_plausible_email(text) {
        Ok(())
    } else {
        Err(ValidationError::new("email_format"))
    }
}

fn birth_date(parts: &DateParts, today: &CivilDate) -> Result<(), ValidationError> {
    let all_empty = [&parts.day, &parts.month, &parts.year]
        .iter()
        .all(|p| p.trim().is_empty());
    let date = match parts.date() {
        Err(_) if all_empty => return Err(ValidationError::new("required")),
        Err(DateError::Incomplete) => return Err(ValidationError::new("date_incomplete")),
        Err(DateError::NotARealDate) => return Err(ValidationError::new("date_not_real")),
        Ok(date) => date,
    };
    if date > *today {
        Err(ValidationError::new("date_in_future"))
    } else if date.age_on(*today) > MAX_AGE_YEARS {
        Err(ValidationError::new("date_too_long_ago"))
    } else {
        Ok(())
    }
}
