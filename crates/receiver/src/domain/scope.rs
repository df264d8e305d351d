//! Scope of practice: who may perform a treatment. The protocol states, per treatment,
//! the credentials that may (`performed_by`, approved by the medical director with the
//! rest); each staff member's record carries their credential, licence number and
//! expiry, and the names a booking system books them as. An appointment booked with,
//! or a visit marked treated by, someone outside that list, or whose licence has
//! expired on the day, is refused with the reason, unless the director has recorded an
//! exception for that member and treatment, running through that day.
//!
//! Plain data and rules: the store gives the members and exceptions, the service
//! applies [`check`] inside the transaction that books.

use candor_core::profile::CREDENTIALS;

/// How many days ahead a licence's expiry is shown to the director.
pub const EXPIRY_NOTICE_DAYS: i64 = 30;

/// A member's licence, as the director recorded it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Licence {
    /// One of [`CREDENTIALS`] (`registered_nurse`, …).
    pub credential: String,
    /// The licence number, as the board issued it.
    pub number: String,
    /// The last day it is valid, `YYYY-MM-DD`.
    pub expires: String,
    /// Other names a booking system books them as (`Dr. Ruiz`, `Ana R.`).
    pub booked_as: Vec<String>,
}

/// An active staff member and their licence, if one is recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// Their staff id.
    pub staff_id: String,
    /// Their name in the console.
    pub name: String,
    /// Their licence.
    pub licence: Option<Licence>,
}

/// A director's exception: `staff_id` may perform `treatment` through `until`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exception {
    /// Its id (`exc-…`).
    pub id: String,
    /// Who it lets perform the treatment.
    pub staff_id: String,
    /// The treatment id.
    pub treatment: String,
    /// The last day it holds, `YYYY-MM-DD`.
    pub until: String,
    /// Why, in the director's words.
    pub reason: String,
}

/// One treatment's scope, as the protocol states it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    /// The treatment id.
    pub treatment: String,
    /// Its name, for the reason.
    pub name: String,
    /// The credentials that may perform it (empty: anyone).
    pub performed_by: Vec<String>,
}

/// The words for credential `id` (`registered nurse`).
pub fn credential_words(id: &str) -> &str {
    CREDENTIALS
        .iter()
        .find(|(c, _)| *c == id)
        .map_or(id, |(_, words)| words)
}

/// A name folded for matching: trimmed, inner spaces collapsed, lower case.
fn folded(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The member booked as `provider`: by their console name or one of the names their
/// licence lists.
pub fn booked_member<'a>(members: &'a [Member], provider: &str) -> Option<&'a Member> {
    let wanted = folded(provider);
    members.iter().find(|m| {
        folded(&m.name) == wanted
            || m.licence
                .iter()
                .flat_map(|l| &l.booked_as)
                .any(|n| folded(n) == wanted)
    })
}

/// Who performs the treatments: a member, or only a booked name that matched none.
#[derive(Clone, Copy, Debug)]
pub enum Performer<'a> {
    /// A member of staff.
    Member(&'a Member),
    /// A provider's name that is no member's.
    Unknown(&'a str),
}

/// Checks that `performer` may perform each of `treatments` (ids) on `day`
/// (`YYYY-MM-DD`) under `rules`: the ids of the exceptions that let it through, or
/// every reason it may not (one per treatment, in the clinic's words).
///
/// # Errors
/// A treatment whose rule does not list the performer's credential, a licence expired
/// before `day`, or no credential on record, with no exception covering it.
pub fn check(
    rules: &[Rule],
    treatments: &[String],
    performer: Performer,
    day: &str,
    exceptions: &[Exception],
) -> Result<Vec<String>, Vec<String>> {
    let mut used = Vec::new();
    let mut reasons = Vec::new();
    for rule in rules
        .iter()
        .filter(|r| !r.performed_by.is_empty() && treatments.contains(&r.treatment))
    {
        let member = match performer {
            Performer::Unknown(provider) => {
                reasons.push(format!(
                    "{}: {provider} is not a member of staff with a credential on record (the medical director adds the name they are booked as on the Staff page)",
                    rule.name
                ));
                continue;
            }
            Performer::Member(member) => member,
        };
        let Some(reason) = refusal(rule, member, day) else {
            continue;
        };
        match exceptions.iter().find(|e| {
            e.staff_id == member.staff_id
                && e.treatment == rule.treatment
                && e.until.as_str() >= day
        }) {
            Some(exception) => used.push(exception.id.clone()),
            None => reasons.push(reason),
        }
    }
    if reasons.is_empty() {
        used.sort_unstable();
        used.dedup();
        Ok(used)
    } else {
        Err(reasons)
    }
}

/// Why `member` may not perform `rule`'s treatment on `day`, if they may not.
fn refusal(rule: &Rule, member: &Member, day: &str) -> Option<String> {
    let allowed = rule
        .performed_by
        .iter()
        .map(|c| credential_words(c))
        .collect::<Vec<_>>()
        .join(", ");
    let Some(licence) = &member.licence else {
        return Some(format!(
            "{}: {} has no credential on record; the protocol lists {allowed}",
            rule.name, member.name
        ));
    };
    if !rule.performed_by.contains(&licence.credential) {
        return Some(format!(
            "{}: the protocol lists {allowed}; {} is a {}",
            rule.name,
            member.name,
            credential_words(&licence.credential)
        ));
    }
    if licence.expires.as_str() < day {
        return Some(format!(
            "{}: {}'s licence ({}) expired on {}",
            rule.name,
            member.name,
            credential_words(&licence.credential),
            licence.expires
        ));
    }
    None
}

/// Days from `today` to `day` (both `YYYY-MM-DD`); `None` if either does not read.
pub fn days_until(today: &str, day: &str) -> Option<i64> {
    let (from, to) = (
        today.parse::<jiff::civil::Date>().ok()?,
        day.parse::<jiff::civil::Date>().ok()?,
    );
    let span = from.until(to).ok()?;
    Some(i64::from(span.get_days()))
}

/// A licence as typed, before it is checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LicenceDraft {
    /// The credential id.
    pub credential: String,
    /// The licence number.
    pub number: String,
    /// The last day valid, `YYYY-MM-DD`.
    pub expires: String,
    /// Names a booking system books them as.
    pub booked_as: Vec<String>,
}

/// Checks a licence as typed: the first problem, by field (never repeating the value).
///
/// # Errors
/// The field and what is expected there.
pub fn check_licence(draft: &LicenceDraft) -> Result<Licence, (&'static str, &'static str)> {
    let credential = draft.credential.trim();
    if !CREDENTIALS.iter().any(|(c, _)| *c == credential) {
        return Err(("credential", "choose one of the credentials listed"));
    }
    let number = draft.number.trim();
    if number.is_empty() || number.chars().count() > 40 {
        return Err(("number", "the licence number, 1 to 40 characters"));
    }
    let expires = draft.expires.trim();
    if expires.parse::<jiff::civil::Date>().is_err() || expires.len() != 10 {
        return Err((
            "expires",
            "the last day the licence is valid, as YYYY-MM-DD",
        ));
    }
    let booked_as: Vec<String> = draft
        .booked_as
        .iter()
        .map(|n| n.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|n| !n.is_empty())
        .collect();
    if booked_as.len() > 10 || booked_as.iter().any(|n| n.chars().count() > 120) {
        return Err(("booked_as", "at most 10 names, each at most 120 characters"));
    }
    Ok(Licence {
        credential: credential.to_owned(),
        number: number.to_owned(),
        expires: expires.to_owned(),
        booked_as,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nurse(expires: &str) -> Member {
        Member {
            staff_id: "s-rn".into(),
            name: "Dana Lee".into(),
            licence: Some(Licence {
                credential: "registered_nurse".into(),
                number: "RN-1".into(),
                expires: expires.into(),
                booked_as: vec!["D. Lee  RN".into()],
            }),
        }
    }

    fn filler() -> Vec<Rule> {
        vec![Rule {
            treatment: "filler".into(),
            name: "Dermal filler".into(),
            performed_by: vec!["physician".into(), "nurse_practitioner".into()],
        }]
    }

    #[test]
    fn a_credential_the_protocol_does_not_list_is_refused_with_the_reason() {
        let member = nurse("2030-01-01");
        let reasons = check(
            &filler(),
            &["filler".into()],
            Performer::Member(&member),
            "2026-12-09",
            &[],
        )
        .unwrap_err();
        assert_eq!(
            reasons,
            [
                "Dermal filler: the protocol lists physician, nurse practitioner; Dana Lee is a registered nurse"
            ]
        );
    }

    #[test]
    fn an_expired_licence_is_refused_and_an_exception_lets_it_through_until_its_day() {
        let mut member = nurse("2026-12-01");
        member.licence.as_mut().unwrap().credential = "physician".into();
        let on = |day: &str, exceptions: &[Exception]| {
            check(
                &filler(),
                &["filler".into()],
                Performer::Member(&member),
                day,
                exceptions,
            )
        };
        assert_eq!(on("2026-12-01", &[]), Ok(vec![]));
        assert!(on("2026-12-02", &[]).unwrap_err()[0].contains("expired on 2026-12-01"));
        let exception = Exception {
            id: "exc-1".into(),
            staff_id: "s-rn".into(),
            treatment: "filler".into(),
            until: "2026-12-31".into(),
            reason: "renewal filed".into(),
        };
        assert_eq!(
            on("2026-12-31", std::slice::from_ref(&exception)),
            Ok(vec!["exc-1".into()])
        );
        assert!(on("2027-01-01", &[exception]).is_err());
    }

    #[test]
    fn unrestricted_treatments_and_booked_names_are_matched_loosely() {
        let members = [nurse("2030-01-01")];
        assert!(booked_member(&members, " d. lee rn ").is_some());
        assert!(booked_member(&members, "dana  LEE").is_some());
        assert!(booked_member(&members, "Dr. Ruiz").is_none());
        let mut rules = filler();
        rules[0].performed_by.clear();
        assert_eq!(
            check(
                &rules,
                &["filler".into()],
                Performer::Unknown("Dr. Ruiz"),
                "2026-12-09",
                &[]
            ),
            Ok(vec![])
        );
        assert!(
            check(
                &filler(),
                &["filler".into()],
                Performer::Unknown("Dr. Ruiz"),
                "2026-12-09",
                &[]
            )
            .unwrap_err()[0]
                .contains("Dr. Ruiz is not a member of staff")
        );
    }

    #[test]
    fn a_licence_is_checked_field_by_field() {
        let good = LicenceDraft {
            credential: "registered_nurse".into(),
            number: " RN-1 ".into(),
            expires: "2027-03-31".into(),
            booked_as: vec![" D.  Lee ".into(), String::new()],
        };
        let licence = check_licence(&good).unwrap();
        assert_eq!(licence.number, "RN-1");
        assert_eq!(licence.booked_as, ["D. Lee"]);
        let mut bad = good.clone();
        bad.credential = "wizard".into();
        assert_eq!(check_licence(&bad).unwrap_err().0, "credential");
        let mut bad = good.clone();
        bad.expires = "31/03/2027".into();
        assert_eq!(check_licence(&bad).unwrap_err().0, "expires");
        assert_eq!(days_until("2026-12-07", "2027-01-06"), Some(30));
    }
}
