//! Drafts: what a patient's unfinished visit keeps on their own device, with their
//! consent, so they can finish later (the browser adapter only encrypts and stores
//! the JSON this module writes).
//!
//! A draft holds the answers, the step and the language; never a signature or a
//! consent decision (those are made again, on the day, with the documents in front of
//! the patient). It expires [`DRAFT_DAYS`] days after it was saved, a date kept inside
//! the encrypted draft, so no clock outside it decides. A draft made under an earlier
//! version of the clinic's profile resumes with the answers that no longer fit dropped,
//! and names the sections to check again.

use serde::Serialize;

use crate::answers::Answers;
use crate::date::CivilDate;
use crate::flow::{self, Step};
use crate::profile::ClinicProfile;

/// The draft format this build writes and reads.
pub const DRAFT_FORMAT: u32 = 1;

/// How many days a draft is kept.
pub const DRAFT_DAYS: i64 = 3;

/// An unfinished visit, as stored (encrypted) on the patient's device.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Draft {
    /// [`DRAFT_FORMAT`] when written.
    pub format: u32,
    /// The clinic profile's id and version the answers were given under.
    pub profile_id: String,
    /// See `profile_id`.
    pub profile_version: String,
    /// When it was saved, RFC 3339 (shown to the patient when offered back).
    pub saved_at: String,
    /// The day it was saved; it expires [`DRAFT_DAYS`] days later.
    pub saved_on: CivilDate,
    /// Where the patient was: `treatments`, `details`, `review`, or `section:<id>`.
    pub step: String,
    /// The answers (with the language), pruned as the widget keeps them.
    pub answers: Answers,
}

/// A draft taken up again.
#[derive(Clone, Debug, PartialEq)]
pub struct Resumed {
    /// The answers to carry on with.
    pub answers: Answers,
    /// The step to show.
    pub step: Step,
    /// When the draft was saved, RFC 3339.
    pub saved_at: String,
    /// The day it was saved (what the patient is shown).
    pub saved_on: CivilDate,
    /// Ids of sections whose answers were dropped because the clinic changed them
    /// since: the patient is asked to check them again.
    pub check_again: Vec<String>,
}

/// Why a stored draft is not offered (it is deleted).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DraftRefused {
    /// Older than [`DRAFT_DAYS`] days, or dated in the future.
    Expired,
    /// Another clinic's, or not a draft this build can read.
    NotForThisVisit,
}

impl Draft {
    /// The draft of a visit at `step` (the welcome screen and the consents keep no
    /// step: a draft resumes at the treatments, or at the review).
    pub fn new(
        profile: &ClinicProfile,
        answers: &Answers,
        step: Step,
        saved_at: &str,
        today: CivilDate,
    ) -> Self {
        let step = match step {
            Step::Welcome | Step::Treatments => "treatments".to_owned(),
            Step::Details => "details".to_owned(),
            Step::Section(i) => profile
                .sections
                .get(i)
                .map_or_else(|| "treatments".to_owned(), |s| format!("section:{}", s.id)),
            Step::Review | Step::Disclosure | Step::Consent(_) | Step::Done => "review".to_owned(),
        };
        Self {
            format: DRAFT_FORMAT,
            profile_id: profile.id.clone(),
            profile_version: profile.version.clone(),
            saved_at: saved_at.to_owned(),
            saved_on: today,
            step,
            answers: answers.clone(),
        }
    }

    /// The JSON the browser adapter encrypts: the canonical form, written with the
    /// serialiser the signed summary already uses (one copy of it in the widget).
    pub fn to_json(&self) -> String {
        crate::canonical::canonicalize(self)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .unwrap_or_default()
    }

    /// A draft from decrypted JSON; `None` when it is not one this build can read.
    /// (Read by walking the JSON, like the profile, to keep serde's derived
    /// deserialisers out of the widget.)
    pub fn from_json(text: &str) -> Option<Self> {
        let v: serde_json::Value = serde_json::from_str(text).ok()?;
        let o = v.as_object()?;
        let field = |k: &str| o.get(k)?.as_str().map(str::to_owned);
        let day = o.get("saved_on")?.as_object()?;
        let number = |k: &str| day.get(k)?.as_i64();
        let saved_on = CivilDate::new(
            i32::try_from(number("year")?).ok()?,
            u8::try_from(number("month")?).ok()?,
            u8::try_from(number("day")?).ok()?,
        )?;
        let draft = Self {
            format: u32::try_from(o.get("format")?.as_u64()?).ok()?,
            profile_id: field("profile_id")?,
            profile_version: field("profile_version")?,
            saved_at: field("saved_at")?,
            saved_on,
            step: field("step")?,
            answers: Answers::from_value(o.get("answers")?)?,
        };
        (draft.format == DRAFT_FORMAT).then_some(draft)
    }

    /// Whether the draft may still be offered on `today`.
    pub fn expired(&self, today: CivilDate) -> bool {
        let age = self.saved_on.days_until(today);
        !(0..=DRAFT_DAYS).contains(&age)
    }

    /// The visit to carry on with under `profile` on `today`: answers that no longer
    /// fit the profile (a question removed, an option changed, a treatment or product
    /// withdrawn) are dropped, the sections they were in are named, and the answers
    /// are pruned exactly as the widget prunes them.
    pub fn resume(
        self,
        profile: &ClinicProfile,
        today: CivilDate,
    ) -> Result<Resumed, DraftRefused> {
        if self.profile_id != profile.id {
            return Err(DraftRefused::NotForThisVisit);
        }
        if self.expired(today) {
            return Err(DraftRefused::Expired);
        }
        let mut answers = self.answers;
        let mut check_again: Vec<String> = Vec::new();
        for unknown in answers.unknown_references(profile) {
            if let Some(rest) = unknown.path.strip_prefix("$.values.") {
                let question = rest.split('.').next().unwrap_or(rest).to_owned();
                if let Some((section, _)) = profile.question(&question)
                    && !check_again.contains(&section.id)
                {
                    check_again.push(section.id.clone());
                }
                answers.values.remove(&question);
            }
        }
        answers
            .treatments
            .retain(|t| profile.treatment(t).is_some());
        answers.prune(profile, today);
        let steps = flow::steps(profile, &answers, today);
        let wanted = match self.step.as_str() {
            "details" => Some(Step::Details),
            "review" => Some(Step::Review),
            other => other.strip_prefix("section:").and_then(|id| {
                profile
                    .sections
                    .iter()
                    .position(|s| s.id == id)
                    .map(Step::Section)
            }),
        };
        let step = wanted
            .filter(|s| steps.contains(s))
            .unwrap_or(Step::Treatments);
        Ok(Resumed {
            answers,
            step,
            saved_at: self.saved_at,
            saved_on: self.saved_on,
            check_again,
        })
    }
}

/// Who keeps a visit's draft, when the patient chooses to keep one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Keeper {
    /// Nobody: on the clinic's kiosk nothing of one patient is kept for later, so no
    /// draft is offered at all.
    Nobody,
    /// The patient's own device (sealed under a key that never leaves it).
    Device,
    /// The clinic's receiver, for an invited visit whose link carries a draft key:
    /// ciphertext only, read and written with the invite's token, so the patient can
    /// finish on another device by opening the same link.
    Clinic {
        /// Where the draft is kept (`PUT`, `GET`, `DELETE`).
        url: String,
        /// The invite's bearer token.
        token: String,
        /// The key the draft is sealed with, from the link's fragment.
        key: crate::delivery::invite::DraftKey,
    },
}

impl Keeper {
    /// Nobody keeps a draft on a kiosk. Otherwise the clinic keeps it when the visit
    /// was opened with an invite link that carries a draft key and one of the
    /// profile's targets keeps drafts, and the patient's device does in every other case.
    pub fn for_visit(
        profile: &ClinicProfile,
        invite: Option<&crate::delivery::invite::Invite>,
        kiosk: bool,
    ) -> Keeper {
        if kiosk {
            return Keeper::Nobody;
        }
        let url = profile.delivery.iter().find_map(|t| t.drafts_url());
        match (invite, url) {
            (
                Some(crate::delivery::invite::Invite {
                    token,
                    draft_key: Some(key),
                    ..
                }),
                Some(url),
            ) => Keeper::Clinic {
                url: url.to_owned(),
                token: token.clone(),
                key: key.clone(),
            },
            _ => Keeper::Device,
        }
    }
}
