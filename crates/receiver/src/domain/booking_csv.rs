//! A booking system's export, read as appointments: columns found by their usual
//! names (or mapped once, and remembered per booking system), every row checked
//! before anything is kept, and every problem reported by row and column without the
//! value (the header is row 1, as a spreadsheet numbers it).

use std::collections::{BTreeMap, HashMap};

use super::appointment::{Checked, Draft, check};

/// The most rows one import takes.
pub const MAX_ROWS: usize = 5_000;

/// The fields an export may fill, each with the column names booking systems use for
/// it (compared without case, spaces or underscores).
pub const FIELDS: [(&str, &[&str]); 10] = [
    (
        "external_id",
        &["external_id", "appointment id", "booking id", "id"],
    ),
    (
        "start",
        &[
            "start",
            "start time",
            "starts at",
            "startdate",
            "date and time",
            "start date",
        ],
    ),
    (
        "provider",
        &[
            "provider",
            "staff",
            "practitioner",
            "practitionername",
            "team member",
            "staff member",
        ],
    ),
    (
        "treatments",
        &[
            "treatments",
            "treatment",
            "service",
            "services",
            "servicename",
            "service name",
        ],
    ),
    (
        "name",
        &[
            "name",
            "patient",
            "patient name",
            "client",
            "client name",
            "clientname",
        ],
    ),
    ("first_name", &["first name", "firstname", "given name"]),
    (
        "last_name",
        &["last name", "lastname", "surname", "family name"],
    ),
    (
        "email",
        &[
            "email",
            "e-mail",
            "client email",
            "clientemail",
            "patient email",
        ],
    ),
    (
        "mobile",
        &[
            "mobile",
            "phone",
            "mobile phone",
            "cell",
            "client phone",
            "clientphone",
        ],
    ),
    ("language", &["language", "lang", "preferred language"]),
];

/// Which column each field is read from: field name to column header, as given.
pub type Mapping = BTreeMap<String, String>;

/// A problem with one row (or with the header, row 1).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RowProblem {
    /// The row, counting the header as 1.
    pub row: usize,
    /// The column, by its header in the file (or the field, when no column is mapped).
    pub column: String,
    /// What is wrong, never the value.
    pub message: String,
}

/// What an export holds: the mapping used, and each row's appointment with its row
/// number.
#[derive(Clone, Debug)]
pub struct Read {
    /// The columns used, to remember for the next export from the same system.
    pub mapping: Mapping,
    /// The appointments, by row.
    pub rows: Vec<(usize, Checked)>,
}

fn folded(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Reads `text` (CSV, UTF-8, header first) with `mapping`'s columns where given (and
/// present), the usual names otherwise.
///
/// # Errors
/// Every problem found, by row and column; nothing is read when there is one.
pub fn read(
    text: &str,
    mapping: &Mapping,
    treatments: &[String],
    default_language: &str,
) -> Result<Read, Vec<RowProblem>> {
    let header_problem = |column: &str, message: String| RowProblem {
        row: 1,
        column: column.to_owned(),
        message,
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|h| h.trim().to_owned()).collect(),
        Err(_) => {
            return Err(vec![header_problem(
                "",
                "the file is not CSV text (UTF-8, comma-separated)".into(),
            )]);
        }
    };
    for field in mapping.keys() {
        if !FIELDS.iter().any(|(f, _)| f == field) {
            return Err(vec![header_problem(
                field,
                format!("{field} is not a field: map one of {}", field_names()),
            )]);
        }
    }
    // Field → column index.
    let mut columns: HashMap<&str, usize> = HashMap::new();
    let mut problems = Vec::new();
    for (field, aliases) in FIELDS {
        let found = match mapping.get(field) {
            Some(named) => {
                let at = headers.iter().position(|h| h == named);
                if at.is_none() {
                    problems.push(header_problem(
                        named,
                        format!("no column named so for {field}"),
                    ));
                }
                at
            }
            None => headers
                .iter()
                .position(|h| aliases.iter().any(|a| folded(a) == folded(h))),
        };
        if let Some(at) = found {
            columns.insert(field, at);
        }
    }
    for field in ["external_id", "start", "provider", "treatments"] {
        if !columns.contains_key(field) && !mapping.contains_key(field) {
            problems.push(header_problem(
                field,
                format!("no column for {field}: map one with {field}=COLUMN"),
            ));
        }
    }
    let named = columns.contains_key("name")
        || (columns.contains_key("first_name") && columns.contains_key("last_name"));
    if !named {
        problems.push(header_problem(
            "name",
            "no column for name (or first name and last name): map one with name=COLUMN".into(),
        ));
    }
    if !columns.contains_key("email") && !columns.contains_key("mobile") {
        problems.push(header_problem(
            "email",
            "no column for email or mobile: an invitation needs one".into(),
        ));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let used: Mapping = columns
        .iter()
        .map(|(field, at)| ((*field).to_owned(), headers[*at].clone()))
        .collect();
    let column_of = |field: &str| -> String {
        match field {
            "name" if !columns.contains_key("name") => headers[columns["last_name"]].clone(),
            _ => columns
                .get(field)
                .map_or_else(|| field.to_owned(), |at| headers[*at].clone()),
        }
    };

    let mut rows = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (index, record) in reader.records().enumerate() {
        let row = index + 2;
        if index == MAX_ROWS {
            problems.push(RowProblem {
                row,
                column: String::new(),
                message: format!("an import takes at most {MAX_ROWS} rows: split the file"),
            });
            break;
        }
        let Ok(record) = record else {
            problems.push(RowProblem {
                row,
                column: String::new(),
                message: "is not valid CSV (a quote left open, or not UTF-8)".into(),
            });
            continue;
        };
        let cell = |field: &str| -> String {
            columns
                .get(field)
                .and_then(|at| record.get(*at))
                .unwrap_or("")
                .trim()
                .to_owned()
        };
        let name = match columns.contains_key("name") {
            true => cell("name"),
            false => format!("{} {}", cell("first_name"), cell("last_name"))
                .trim()
                .to_owned(),
        };
        let draft = Draft {
            external_id: cell("external_id"),
            start: cell("start"),
            provider: cell("provider"),
            treatments: cell("treatments")
                .split([';', ',', '|'])
                .map(|t| t.trim().to_owned())
                .filter(|t| !t.is_empty())
                .collect(),
            name,
            email: cell("email"),
            mobile: cell("mobile"),
            language: cell("language"),
        };
        if draft.external_id.is_empty() {
            problems.push(RowProblem {
                row,
                column: column_of("external_id"),
                message: "is missing: each row needs the booking system's id".into(),
            });
        } else if let Some(first) = seen.insert(draft.external_id.clone(), row) {
            problems.push(RowProblem {
                row,
                column: column_of("external_id"),
                message: format!("is the same as row {first}'s"),
            });
        }
        match check(&draft, treatments, default_language) {
            Ok(checked) => rows.push((row, checked)),
            Err(found) => problems.extend(found.into_iter().map(|p| RowProblem {
                row,
                column: column_of(p.field),
                message: p.message.to_owned(),
            })),
        }
    }
    if problems.is_empty() {
        Ok(Read {
            mapping: used,
            rows,
        })
    } else {
        Err(problems)
    }
}

fn field_names() -> String {
    FIELDS
        .iter()
        .map(|(f, _)| *f)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offered() -> Vec<String> {
        vec!["neurotoxin".into(), "filler".into()]
    }

    #[test]
    fn an_export_is_read_by_its_usual_column_names() {
        let text = "\u{feff}Appointment ID,Start Time,Staff,Service,First Name,Last Name,Client Email,Client Phone\r\n\
                    A-1,2026-12-09T10:30:00-05:00,Dr. Ruiz,filler,Ana,\"Núñez, Jr\",ana@example.org,+1 555 010 2030\r\n\
                    A-2,2026-12-09T11:00:00-05:00,Dr. Ruiz,filler; neurotoxin,Luis,Gómez,,+34 612 345 678\r\n";
        let read = read(text, &Mapping::new(), &offered(), "en").unwrap();
        assert_eq!(read.rows.len(), 2);
        assert_eq!(read.rows[0].1.contact.name, "Ana Núñez, Jr");
        assert_eq!(read.rows[1].1.treatments, ["filler", "neurotoxin"]);
        assert_eq!(read.mapping["start"], "Start Time");
    }

    #[test]
    fn every_bad_row_is_named_by_row_and_column_and_nothing_is_read() {
        let text = "id,start,provider,service,name,email\n\
                    A-1,2026-12-09T10:30:00-05:00,Dr. Ruiz,filler,Ana,ana@example.org\n\
                    A-2,tomorrow,Dr. Ruiz,filler,Luis,luis@example.org\n\
                    A-1,2026-12-09T12:00:00-05:00,Dr. Ruiz,laser,Eva,eva@example\n";
        let problems = read(text, &Mapping::new(), &offered(), "en").unwrap_err();
        let found: Vec<_> = problems
            .iter()
            .map(|p| (p.row, p.column.as_str()))
            .collect();
        assert_eq!(
            found,
            [(3, "start"), (4, "id"), (4, "service"), (4, "email")]
        );
        assert!(
            problems
                .iter()
                .all(|p| !p.message.contains("tomorrow") && !p.message.contains("Eva"))
        );
    }

    #[test]
    fn a_column_mapped_by_hand_is_used_and_an_unmapped_required_one_is_named() {
        let text = "Ref,Wann,Arzt,Leistung,Kunde,Mail\nR1,2026-12-09T10:30:00+01:00,Dr. A,filler,Ana,ana@example.org\n";
        let problems = read(text, &Mapping::new(), &offered(), "en").unwrap_err();
        assert!(problems.iter().all(|p| p.row == 1));
        let mapping: Mapping = [
            ("external_id", "Ref"),
            ("start", "Wann"),
            ("provider", "Arzt"),
            ("treatments", "Leistung"),
            ("name", "Kunde"),
            ("email", "Mail"),
        ]
        .into_iter()
        .map(|(f, c)| (f.to_owned(), c.to_owned()))
        .collect();
        let read = read(text, &mapping, &offered(), "en").unwrap();
        assert_eq!(read.rows.len(), 1);
        assert_eq!(read.mapping, mapping);
    }
}
