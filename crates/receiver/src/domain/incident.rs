//! An incident: an adverse event after a treatment, recorded by a provider and
//! reviewed by the medical director. What makes one valid is here, once (every
//! problem by field name, never the value typed: a patient's name or what happened
//! must not end up in a log), with its states and who may move it ([`step`]), the
//! grade's words, and which incidents fall in "the last N days" ([`in_last_days`]).
//!
//! States follow HospitalRun's incident workflow, shortened: `open` (being recorded)
//! → `under_review` (handed to the medical director) → `closed` (graded and signed
//! off). The director may reopen a closed incident to `under_review`.

use crate::domain::appointment::Problem;
use crate::domain::roles::{Permission, Role, allowed};

/// The longest a one-line field may be (a name, a product, a lot number), in characters.
pub const MAX_LINE: usize = 200;
/// The longest a free-text field may be (the description, actions, outcome, device
/// and settings), in characters.
pub const MAX_TEXT: usize = 4000;

/// CTCAE-style grades, 1 to 5, in words.
pub const GRADES: [(u8, &str); 5] = [
    (1, "1 Mild"),
    (2, "2 Moderate: local or non-invasive intervention"),
    (3, "3 Severe: hospitalisation"),
    (4, "4 Life-threatening"),
    (5, "5 Death"),
];

/// The words for `grade` (`Not graded` when there is none).
pub fn grade_words(grade: Option<u8>) -> &'static str {
    grade
        .and_then(|g| GRADES.iter().find(|(n, _)| *n == g))
        .map_or("Not graded", |(_, words)| words)
}

/// Where an incident stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// Being recorded.
    Open,
    /// Handed to the medical director.
    UnderReview,
    /// Graded, signed off and closed.
    Closed,
}

impl State {
    /// The state as stored (`open`, `under_review`, `closed`).
    pub fn as_str(self) -> &'static str {
        match self {
            State::Open => "open",
            State::UnderReview => "under_review",
            State::Closed => "closed",
        }
    }

    /// The state as stored, read back.
    pub fn parse(stored: &str) -> Option<State> {
        match stored {
            "open" => Some(State::Open),
            "under_review" => Some(State::UnderReview),
            "closed" => Some(State::Closed),
            _ => None,
        }
    }

    /// The state in words.
    pub fn words(self) -> &'static str {
        match self {
            State::Open => "Open",
            State::UnderReview => "Under review",
            State::Closed => "Closed",
        }
    }
}

/// Whether an incident was reported to someone outside the clinic (the manufacturer,
/// the regulator). Candor files nothing itself: this records what staff did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Reporting {
    /// Not considered yet.
    #[default]
    NotConsidered,
    /// Considered (and not filed, or not yet).
    Considered,
    /// Filed, on a day.
    Filed,
}

impl Reporting {
    /// As stored and sent (`not_considered`, `considered`, `filed`).
    pub fn as_str(self) -> &'static str {
        match self {
            Reporting::NotConsidered => "not_considered",
            Reporting::Considered => "considered",
            Reporting::Filed => "filed",
        }
    }

    /// As stored and sent, read back.
    pub fn parse(text: &str) -> Option<Reporting> {
        match text {
            "not_considered" => Some(Reporting::NotConsidered),
            "considered" => Some(Reporting::Considered),
            "filed" => Some(Reporting::Filed),
            _ => None,
        }
    }

    /// In words.
    pub fn words(self) -> &'static str {
        match self {
            Reporting::NotConsidered => "Not considered",
            Reporting::Considered => "Considered, not filed",
            Reporting::Filed => "Filed",
        }
    }
}

/// An incident's fields as typed (every one text, as a form sends them).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Draft {
    /// The patient's name.
    pub patient: String,
    /// The provider who performed the treatment, as the clinic names them.
    pub provider: String,
    /// Their role or credential (`registered nurse`, `physician`).
    pub provider_role: String,
    /// The day of the treatment, `YYYY-MM-DD`.
    pub treatment_date: String,
    /// The day it began, `YYYY-MM-DD`.
    pub onset_date: String,
    /// The time it began, `HH:MM`, optionally with its offset (`14:30-05:00`).
    pub onset_time: String,
    /// The treatment's id in the clinic's profile.
    pub treatment: String,
    /// The product used.
    pub product: String,
    /// Its lot number.
    pub lot: String,
    /// The device and its settings.
    pub device: String,
    /// What happened.
    pub description: String,
    /// The grade, `1` to `5`, or empty while a draft.
    pub grade: String,
    /// What was done.
    pub actions: String,
    /// How it ended (or stands).
    pub outcome: String,
    /// Reported to the manufacturer: `not_considered`, `considered` or `filed`.
    pub manufacturer: String,
    /// The day it was filed with the manufacturer, when filed.
    pub manufacturer_filed_on: String,
    /// Reported to the regulator (such as FDA MedWatch): as `manufacturer`.
    pub regulator: String,
    /// The day it was filed with the regulator, when filed.
    pub regulator_filed_on: String,
}

/// An incident's fields, checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fields {
    /// The patient's name (sealed at rest).
    pub patient: String,
    /// The provider who performed the treatment.
    pub provider: String,
    /// Their role or credential.
    pub provider_role: String,
    /// `YYYY-MM-DD`, or empty.
    pub treatment_date: String,
    /// `YYYY-MM-DD`.
    pub onset_date: String,
    /// `HH:MM` with or without its offset, or empty.
    pub onset_time: String,
    /// The treatment's id, or empty.
    pub treatment: String,
    /// The product, or empty.
    pub product: String,
    /// Its lot, or empty.
    pub lot: String,
    /// The device and settings (sealed at rest).
    pub device: String,
    /// What happened (sealed at rest).
    pub description: String,
    /// 1 to 5.
    pub grade: Option<u8>,
    /// What was done (sealed at rest).
    pub actions: String,
    /// How it ended (sealed at rest).
    pub outcome: String,
    /// Reported to the manufacturer.
    pub manufacturer: Reporting,
    /// When, if filed.
    pub manufacturer_filed_on: String,
    /// Reported to the regulator.
    pub regulator: Reporting,
    /// When, if filed.
    pub regulator_filed_on: String,
}

impl Fields {
    /// The fields' names and values as text, in the order a form and the CSV show
    /// them (for naming what changed between two versions).
    pub fn named(&self) -> [(&'static str, String); 18] {
        [
            ("patient", self.patient.clone()),
            ("provider", self.provider.clone()),
            ("provider_role", self.provider_role.clone()),
            ("treatment_date", self.treatment_date.clone()),
            ("onset_date", self.onset_date.clone()),
            ("onset_time", self.onset_time.clone()),
            ("treatment", self.treatment.clone()),
            ("product", self.product.clone()),
            ("lot", self.lot.clone()),
            ("device", self.device.clone()),
            ("description", self.description.clone()),
            (
                "grade",
                self.grade.map(|g| g.to_string()).unwrap_or_default(),
            ),
            ("actions", self.actions.clone()),
            ("outcome", self.outcome.clone()),
            ("manufacturer", self.manufacturer.as_str().to_owned()),
            ("manufacturer_filed_on", self.manufacturer_filed_on.clone()),
            ("regulator", self.regulator.as_str().to_owned()),
            ("regulator_filed_on", self.regulator_filed_on.clone()),
        ]
    }

    /// The names of the fields that differ between `self` and `other` (never their
    /// values).
    pub fn changed(&self, other: &Fields) -> Vec<&'static str> {
        self.named()
            .into_iter()
            .zip(other.named())
            .filter(|((_, a), (_, b))| a != b)
            .map(|((name, _), _)| name)
            .collect()
    }
}

fn is_date(text: &str) -> bool {
    text.len() == 10 && text.parse::<jiff::civil::Date>().is_ok()
}

/// `HH:MM`, then nothing, `Z` or an offset `±HH:MM`.
fn is_time(text: &str) -> bool {
    let (time, offset) = text.split_at(text.len().min(5));
    let hm = |t: &str| {
        let b = t.as_bytes();
        b.len() == 5
            && b[2] == b':'
            && t[..2].parse::<u8>().is_ok_and(|h| h < 24)
            && t[3..].parse::<u8>().is_ok_and(|m| m < 60)
            && t[..2]
                .bytes()
                .chain(t[3..].bytes())
                .all(|c| c.is_ascii_digit())
    };
    hm(time)
        && (offset.is_empty()
            || offset == "Z"
            || (offset.len() == 6 && offset.starts_with(['+', '-']) && hm(&offset[1..])))
}

/// Checks `draft`; every problem, not only the first. `treatments` are the clinic's
/// treatment ids (empty: not checked, for a draft opened by another part of the
/// receiver, which knows its treatment).
///
/// # Errors
/// Each field that is missing, too long or not as expected, by name.
pub fn check(draft: &Draft, treatments: &[String]) -> Result<Fields, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut line = |field: &'static str, value: &str, required: bool| -> String {
        let value = value.trim();
        if required && value.is_empty() {
            problems.push(Problem {
                field,
                message: "is missing",
            });
        } else if value.chars().count() > MAX_LINE || value.contains(['\n', '\r']) {
            problems.push(Problem {
                field,
                message: "must be one line of at most 200 characters",
            });
        }
        value.to_owned()
    };
    let patient = line("patient", &draft.patient, true);
    let provider = line("provider", &draft.provider, true);
    let provider_role = line("provider_role", &draft.provider_role, false);
    let product = line("product", &draft.product, false);
    let lot = line("lot", &draft.lot, false);
    let treatment = line("treatment", &draft.treatment, false);
    let mut text = |field: &'static str, value: &str, required: bool| -> String {
        let value = value.trim();
        if required && value.is_empty() {
            problems.push(Problem {
                field,
                message: "is missing: say what happened",
            });
        } else if value.chars().count() > MAX_TEXT {
            problems.push(Problem {
                field,
                message: "must be at most 4000 characters",
            });
        }
        value.to_owned()
    };
    let device = text("device", &draft.device, false);
    let description = text("description", &draft.description, true);
    let actions = text("actions", &draft.actions, false);
    let outcome = text("outcome", &draft.outcome, false);
    if !treatment.is_empty() && !treatments.is_empty() && !treatments.contains(&treatment) {
        problems.push(Problem {
            field: "treatment",
            message: "choose one of the clinic's treatments",
        });
    }
    let mut date = |field: &'static str, value: &str, required: bool| -> String {
        let value = value.trim();
        if value.is_empty() {
            if required {
                problems.push(Problem {
                    field,
                    message: "is missing",
                });
            }
        } else if !is_date(value) {
            problems.push(Problem {
                field,
                message: "must be a date written YYYY-MM-DD",
            });
        }
        value.to_owned()
    };
    let treatment_date = date("treatment_date", &draft.treatment_date, false);
    let onset_date = date("onset_date", &draft.onset_date, true);
    let onset_time = draft.onset_time.trim().to_owned();
    if !onset_time.is_empty() && !is_time(&onset_time) {
        problems.push(Problem {
            field: "onset_time",
            message: "must be a time written HH:MM",
        });
    }
    if is_date(&treatment_date) && is_date(&onset_date) && onset_date < treatment_date {
        problems.push(Problem {
            field: "onset_date",
            message: "must be on or after the day of the treatment",
        });
    }
    let grade = match draft.grade.trim() {
        "" => None,
        g => match g.parse::<u8>() {
            Ok(n @ 1..=5) => Some(n),
            _ => {
                problems.push(Problem {
                    field: "grade",
                    message: "must be a grade from 1 to 5, or empty while a draft",
                });
                None
            }
        },
    };
    let mut reporting = |field: &'static str,
                         day_field: &'static str,
                         choice: &str,
                         day: &str|
     -> (Reporting, String) {
        let choice = match choice.trim() {
            "" => Reporting::NotConsidered,
            c => Reporting::parse(c).unwrap_or_else(|| {
                problems.push(Problem {
                    field,
                    message: "must be not considered, considered or filed",
                });
                Reporting::NotConsidered
            }),
        };
        let day = day.trim();
        match (choice, day.is_empty()) {
            (Reporting::Filed, true) => problems.push(Problem {
                field: day_field,
                message: "is missing: the day it was filed",
            }),
            (Reporting::Filed, false) if !is_date(day) => problems.push(Problem {
                field: day_field,
                message: "must be a date written YYYY-MM-DD",
            }),
            (Reporting::NotConsidered | Reporting::Considered, false) => {
                problems.push(Problem {
                    field: day_field,
                    message: "is only for a report that was filed",
                });
            }
            _ => {}
        }
        (choice, day.to_owned())
    };
    let (manufacturer, manufacturer_filed_on) = reporting(
        "manufacturer",
        "manufacturer_filed_on",
        &draft.manufacturer,
        &draft.manufacturer_filed_on,
    );
    let (regulator, regulator_filed_on) = reporting(
        "regulator",
        "regulator_filed_on",
        &draft.regulator,
        &draft.regulator_filed_on,
    );
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Fields {
        patient,
        provider,
        provider_role,
        treatment_date,
        onset_date,
        onset_time,
        treatment,
        product,
        lot,
        device,
        description,
        grade,
        actions,
        outcome,
        manufacturer,
        manufacturer_filed_on,
        regulator,
        regulator_filed_on,
    })
}

/// Problems with the ids an incident links to (`appointment_id`, `submission_id`):
/// each, when given, at most 100 characters without spaces.
pub fn check_links(links: &[(&'static str, Option<&str>)]) -> Vec<Problem> {
    links
        .iter()
        .filter_map(|(field, id)| {
            let id = (*id)?;
            (id.is_empty() || id.len() > 100 || id.chars().any(char::is_whitespace)).then_some(
                Problem {
                    field,
                    message: "must be an id of at most 100 characters, without spaces",
                },
            )
        })
        .collect()
}

/// What a member asks to do with an incident.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Change its fields (the grade among them).
    Edit,
    /// Hand it to the medical director: `open` → `under_review`.
    SubmitForReview,
    /// The director's sign-off (in review).
    SignOff,
    /// Close it: `under_review` → `closed`, graded and signed off.
    Close,
    /// Reopen a closed one: `closed` → `under_review` (its sign-off cleared).
    Reopen,
}

impl Action {
    /// As sent by the console (`edit`, `review`, `sign_off`, `close`, `reopen`).
    pub fn parse(text: &str) -> Option<Action> {
        match text {
            "edit" => Some(Action::Edit),
            "review" => Some(Action::SubmitForReview),
            "sign_off" => Some(Action::SignOff),
            "close" => Some(Action::Close),
            "reopen" => Some(Action::Reopen),
            _ => None,
        }
    }
}

/// Why an action was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The role is too low: the least role that may.
    Role(Role),
    /// Not in this state, or something missing: the field and what is wrong.
    Invalid(&'static str, &'static str),
}

/// What an incident needs known to decide a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Standing {
    /// Its state.
    pub state: State,
    /// Whether it is graded.
    pub graded: bool,
    /// Whether the director has signed it off.
    pub signed_off: bool,
}

/// What an allowed action leads to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    /// The state after.
    pub next: State,
    /// Whether the director's sign-off is cleared (a reopened incident is reviewed
    /// and signed off again).
    pub clears_sign_off: bool,
}

/// Whether `role` may take `action` on an incident standing as `now`, and the state
/// after. Providers (and the director) record, edit, grade and hand an incident to
/// review; only the director signs off, closes and reopens; closing needs a grade
/// and the sign-off.
///
/// # Errors
/// The role is too low, or the action does not apply in this state.
pub fn step(role: Role, now: Standing, action: Action) -> Result<Step, Refusal> {
    let needs = match action {
        Action::Edit | Action::SubmitForReview => Permission::RecordIncidents,
        Action::SignOff | Action::Close | Action::Reopen => Permission::ReviewIncidents,
    };
    allowed(role, needs).map_err(Refusal::Role)?;
    let stay = |next| {
        Ok(Step {
            next,
            clears_sign_off: false,
        })
    };
    match (action, now.state) {
        (Action::Edit, State::Closed) => Err(Refusal::Invalid(
            "state",
            "a closed incident is kept as it is; the medical director may reopen it",
        )),
        (Action::Edit, state) => stay(state),
        (Action::SubmitForReview, State::Open) => stay(State::UnderReview),
        (Action::SubmitForReview, _) => Err(Refusal::Invalid(
            "state",
            "only an open incident is handed to review",
        )),
        (Action::SignOff, State::UnderReview) if now.signed_off => Err(Refusal::Invalid(
            "state",
            "this incident is already signed off",
        )),
        (Action::SignOff, State::UnderReview) => stay(State::UnderReview),
        (Action::SignOff, _) => Err(Refusal::Invalid(
            "state",
            "an incident is signed off while under review",
        )),
        (Action::Close, State::UnderReview) if !now.graded => Err(Refusal::Invalid(
            "grade",
            "grade the incident (1 to 5) before closing it",
        )),
        (Action::Close, State::UnderReview) if !now.signed_off => Err(Refusal::Invalid(
            "sign_off",
            "sign the incident off before closing it",
        )),
        (Action::Close, State::UnderReview) => stay(State::Closed),
        (Action::Close, _) => Err(Refusal::Invalid(
            "state",
            "an incident is closed from review",
        )),
        (Action::Reopen, State::Closed) => Ok(Step {
            next: State::UnderReview,
            clears_sign_off: true,
        }),
        (Action::Reopen, _) => Err(Refusal::Invalid(
            "state",
            "only a closed incident is reopened",
        )),
    }
}

/// Whether an onset on `onset` falls in the last `days` days ending `today`: `today −
/// days < onset ≤ today` (`days` calendar days, today included; a day ahead of today
/// is not). `None` when either is not a date.
pub fn in_last_days(onset: &str, today: jiff::civil::Date, days: i64) -> Option<bool> {
    let onset: jiff::civil::Date = onset.parse().ok()?;
    let first = today.checked_sub(jiff::Span::new().days(days - 1)).ok()?;
    Some(first <= onset && onset <= today)
}

/// The first day of the last `days` days ending `today` (`today − days + 1`).
pub fn window_start(today: jiff::civil::Date, days: i64) -> Option<jiff::civil::Date> {
    today.checked_sub(jiff::Span::new().days(days - 1)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> Draft {
        Draft {
            patient: "A Patient".into(),
            provider: "Nurse Lee".into(),
            onset_date: "2026-12-01".into(),
            treatment_date: "2026-11-30".into(),
            description: "Swelling".into(),
            ..Draft::default()
        }
    }

    #[test]
    fn every_problem_is_named_by_field_without_the_value() {
        let mut d = draft();
        d.patient = "x".repeat(201);
        d.onset_date = "01/12/2026".into();
        d.grade = "6".into();
        d.regulator = "filed".into();
        d.manufacturer = "considered".into();
        d.manufacturer_filed_on = "2026-12-02".into();
        d.onset_time = "25:00".into();
        let problems = check(&d, &[]).unwrap_err();
        let fields: Vec<_> = problems.iter().map(|p| p.field).collect();
        assert_eq!(
            fields,
            [
                "patient",
                "onset_date",
                "onset_time",
                "grade",
                "manufacturer_filed_on",
                "regulator_filed_on"
            ]
        );
        assert!(problems.iter().all(|p| !p.message.contains("xxx")));
        assert!(check(&draft(), &[]).is_ok());
    }

    #[test]
    fn times_take_an_offset_or_none() {
        for ok in ["14:30", "00:00", "23:59Z", "14:30-05:00", "09:05+05:30"] {
            assert!(is_time(ok), "{ok}");
        }
        for bad in ["1430", "24:00", "14:60", "14:30-5", "14:3a", "é4:30"] {
            assert!(!is_time(bad), "{bad}");
        }
    }

    #[test]
    fn closing_needs_the_director_a_grade_and_the_sign_off() {
        let review = Standing {
            state: State::UnderReview,
            graded: true,
            signed_off: true,
        };
        assert_eq!(
            step(Role::Provider, review, Action::Close),
            Err(Refusal::Role(Role::Director))
        );
        assert_eq!(
            step(Role::FrontDesk, review, Action::Edit),
            Err(Refusal::Role(Role::Provider))
        );
        assert_eq!(
            step(Role::Director, review, Action::Close).map(|s| s.next),
            Ok(State::Closed)
        );
        let ungraded = Standing {
            graded: false,
            ..review
        };
        assert!(matches!(
            step(Role::Director, ungraded, Action::Close),
            Err(Refusal::Invalid("grade", _))
        ));
        let unsigned = Standing {
            signed_off: false,
            ..review
        };
        assert!(matches!(
            step(Role::Director, unsigned, Action::Close),
            Err(Refusal::Invalid("sign_off", _))
        ));
        let closed = Standing {
            state: State::Closed,
            ..review
        };
        assert!(step(Role::Provider, closed, Action::Edit).is_err());
        assert_eq!(
            step(Role::Director, closed, Action::Reopen),
            Ok(Step {
                next: State::UnderReview,
                clears_sign_off: true
            })
        );
    }

    #[test]
    fn the_last_n_days_include_today_and_not_the_nth_day_back() {
        let today: jiff::civil::Date = "2026-12-07".parse().unwrap();
        assert_eq!(in_last_days("2026-12-07", today, 30), Some(true));
        assert_eq!(in_last_days("2026-11-08", today, 30), Some(true));
        assert_eq!(in_last_days("2026-11-07", today, 30), Some(false));
        assert_eq!(in_last_days("2026-12-08", today, 30), Some(false));
        assert_eq!(in_last_days("nope", today, 30), None);
    }
}
