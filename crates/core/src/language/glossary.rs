//! Reading the glossary: the table under "## Terms" in `glossary.md`.

use std::fmt;

use super::matching::Pattern;
use crate::i18n::Lang;

/// How much a term to avoid matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Regional, a calque or not plain: reported.
    Warning,
    /// Wrong or misleading in a consent or a finding: fails the lint.
    Error,
}

/// One row of the glossary: a concept in both languages and what to avoid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The English term (and the phrases that go with it).
    pub en: String,
    /// The Spanish term.
    pub es: String,
    /// Terms not to use in English texts.
    pub avoid_en: Vec<Pattern>,
    /// Terms not to use in Spanish texts.
    pub avoid_es: Vec<Pattern>,
    /// How much using them matters; `None` for a row with nothing to avoid.
    pub level: Option<Level>,
    /// Why, in one line.
    pub why: String,
}

impl Entry {
    /// The term in `lang`.
    pub fn term(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Es => &self.es,
        }
    }

    /// What not to write in `lang`.
    pub fn avoid(&self, lang: Lang) -> &[Pattern] {
        match lang {
            Lang::En => &self.avoid_en,
            Lang::Es => &self.avoid_es,
        }
    }
}

/// The glossary's rows, in the file's order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Glossary {
    /// Every row of the terms table.
    pub entries: Vec<Entry>,
}

/// What is wrong with the glossary file, and on which line (1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GlossaryError {
    /// The line of the file.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for GlossaryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "glossary line {}: {}", self.line, self.message)
    }
}

/// The heading the table follows.
const TERMS_HEADING: &str = "## Terms";
/// The table's columns, in order.
const COLUMNS: [&str; 6] = [
    "English",
    "Spanish",
    "Avoid in English",
    "Avoid in Spanish",
    "Level",
    "Why",
];

impl Glossary {
    /// Reads the terms table of a glossary written as `glossary.md` is.
    pub fn parse(markdown: &str) -> Result<Glossary, GlossaryError> {
        let mut lines = markdown.lines().enumerate().map(|(i, l)| (i + 1, l.trim()));
        let heading = lines
            .by_ref()
            .find(|(_, l)| *l == TERMS_HEADING)
            .map_or(0, |(n, _)| n);
        if heading == 0 {
            return Err(GlossaryError {
                line: 0,
                message: format!("no \"{TERMS_HEADING}\" heading"),
            });
        }
        let mut rows = lines
            .skip_while(|(_, l)| l.is_empty())
            .take_while(|(_, l)| l.starts_with('|'));
        let (header_line, header) = rows.next().ok_or(GlossaryError {
            line: heading,
            message: "no table under the heading".into(),
        })?;
        if cells(header) != COLUMNS {
            return Err(GlossaryError {
                line: header_line,
                message: format!("the columns must be: {}", COLUMNS.join(" | ")),
            });
        }
        rows.next(); // The |---| line.
        let mut entries = Vec::new();
        for (line, row) in rows {
            entries.push(entry(line, &cells(row))?);
        }
        if entries.is_empty() {
            return Err(GlossaryError {
                line: header_line,
                message: "the table has no rows".into(),
            });
        }
        Ok(Glossary { entries })
    }
}

/// The cells of a table row, trimmed.
fn cells(row: &str) -> Vec<&str> {
    let inner = row.trim().trim_start_matches('|').trim_end_matches('|');
    inner.split('|').map(str::trim).collect()
}

/// One row.
fn entry(line: usize, cells: &[&str]) -> Result<Entry, GlossaryError> {
    let fail = |message: String| GlossaryError { line, message };
    let [en, es, avoid_en, avoid_es, level, why] = cells else {
        return Err(fail(format!(
            "{} cells, not {}",
            cells.len(),
            COLUMNS.len()
        )));
    };
    if en.is_empty() || es.is_empty() || why.is_empty() {
        return Err(fail("English, Spanish and Why must be filled in".into()));
    }
    let avoid_en = patterns(avoid_en).map_err(fail)?;
    let avoid_es = patterns(avoid_es).map_err(fail)?;
    let level = match *level {
        "error" => Some(Level::Error),
        "warning" => Some(Level::Warning),
        "" | "—" => None,
        other => return Err(fail(format!("level `{other}`: error, warning or empty"))),
    };
    let avoids = !avoid_en.is_empty() || !avoid_es.is_empty();
    if avoids != level.is_some() {
        return Err(fail(
            "a row with terms to avoid needs a level, and only such a row has one".into(),
        ));
    }
    Ok(Entry {
        en: (*en).to_owned(),
        es: (*es).to_owned(),
        avoid_en,
        avoid_es,
        level,
        why: (*why).to_owned(),
    })
}

/// The `backticked` terms of a cell.
fn patterns(cell: &str) -> Result<Vec<Pattern>, String> {
    let parts: Vec<&str> = cell.split('`').collect();
    if parts.len().is_multiple_of(2) {
        return Err(format!("unbalanced backticks in `{cell}`"));
    }
    let mut out = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 1 {
            out.push(Pattern::new(part).ok_or_else(|| format!("`{part}` holds no word"))?);
        } else if !part.trim().trim_matches(',').trim().is_empty() {
            return Err(format!(
                "`{}` is outside backticks: write each term to avoid `like this`",
                part.trim()
            ));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "# G\n\ntext\n\n## Terms\n\n| English | Spanish | Avoid in English | Avoid in Spanish | Level | Why |\n|---|---|---|---|---|---|\n| provider | profesional | | `proveedor*`, `proveedor de salud` | error | False friend. |\n| treatment | tratamiento | | | | Same word. |\n\nAfter the table.\n";

    #[test]
    fn reads_the_terms_table() {
        let g = Glossary::parse(TABLE).unwrap();
        assert_eq!(g.entries.len(), 2);
        let provider = &g.entries[0];
        assert_eq!(provider.term(Lang::Es), "profesional");
        assert_eq!(provider.level, Some(Level::Error));
        let written: Vec<&str> = provider
            .avoid(Lang::Es)
            .iter()
            .map(|p| p.written.as_str())
            .collect();
        assert_eq!(written, ["proveedor*", "proveedor de salud"]);
        assert!(provider.avoid(Lang::En).is_empty());
        assert_eq!(g.entries[1].level, None);
    }

    #[test]
    fn a_malformed_row_is_named_by_its_line() {
        let broken = TABLE.replace("| error |", "| fatal |");
        assert_eq!(
            Glossary::parse(&broken).unwrap_err(),
            GlossaryError {
                line: 9,
                message: "level `fatal`: error, warning or empty".into()
            }
        );
        let loose = TABLE.replace("`proveedor*`, `proveedor de salud`", "proveedor");
        assert!(
            Glossary::parse(&loose)
                .unwrap_err()
                .message
                .contains("outside backticks")
        );
        let no_level = TABLE.replace("| error |", "| |");
        assert!(
            Glossary::parse(&no_level)
                .unwrap_err()
                .message
                .contains("needs a level")
        );
        assert_eq!(Glossary::parse("# G\n").unwrap_err().line, 0);
    }
}
