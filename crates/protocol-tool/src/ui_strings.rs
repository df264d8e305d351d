//! The widget's interface strings, read from the text tables' Rust source
//! (`src/text/*.rs`) without compiling them: every string literal inside a table item
//! whose name ends in `EN` or `ES` (`static ES: Text`, `const KIOSK_ES: KioskText`),
//! named by the item, its field and the match arm it is in (`ES.label
//! (F::EmergencyName)`). Comments, match patterns and strings outside the tables are
//! not interface text.

use candor_core::Lang;

/// One interface string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UiString {
    /// Its language, from the table's name.
    pub lang: Lang,
    /// The table, field and match arm: `ES.label (F::EmergencyName)`.
    pub name: String,
    /// The line of the literal, 1-based.
    pub line: usize,
    /// The text, unescaped (placeholders such as `{date}` kept).
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Ident(String),
    Str(String),
    /// Punctuation: `{`, `}`, `(`, `)`, `[`, `]`, `,`, `;`, `:`, `::`, `=`, `=>`, `|`…
    Punct(String),
}

/// The tokens of `source` with their lines; comments dropped.
fn tokens(source: &str) -> Result<Vec<(usize, Token)>, String> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\n' => {
                line += 1;
                i += 1;
            }
            c if c.is_whitespace() => i += 1,
            '/' if at(i + 1) == '/' => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '/' if at(i + 1) == '*' => {
                i += 2;
                while i < chars.len() && !(chars[i] == '*' && at(i + 1) == '/') {
                    line += usize::from(chars[i] == '\n');
                    i += 1;
                }
                i += 2;
            }
            '"' => {
                let start = line;
                let (text, next, lines) = string_literal(&chars, i + 1)?;
                out.push((start, Token::Str(text)));
                line += lines;
                i = next;
            }
            'r' if at(i + 1) == '"' || (at(i + 1) == '#' && matches!(at(i + 2), '"' | '#')) => {
                let mut hashes = 0;
                i += 1;
                while at(i) == '#' {
                    hashes += 1;
                    i += 1;
                }
                i += 1; // The opening quote.
                let start = line;
                let mut text = String::new();
                loop {
                    if i >= chars.len() {
                        return Err(format!("line {start}: unterminated raw string"));
                    }
                    if chars[i] == '"' && (1..=hashes).all(|k| at(i + k) == '#') {
                        i += 1 + hashes;
                        break;
                    }
                    line += usize::from(chars[i] == '\n');
                    text.push(chars[i]);
                    i += 1;
                }
                out.push((start, Token::Str(text)));
            }
            '\'' => {
                // A character literal ('x', '\n', '"') or a lifetime ('static).
                if at(i + 1) == '\\' {
                    i += 2;
                    while i < chars.len() && chars[i] != '\'' {
                        i += 1;
                    }
                    i += 1;
                } else if at(i + 2) == '\'' {
                    i += 3;
                } else {
                    i += 1;
                }
            }
            c if c.is_alphabetic() || c == '_' => {
                let start = i;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                out.push((line, Token::Ident(chars[start..i].iter().collect())));
            }
            c if c.is_ascii_digit() => {
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
            }
            _ => {
                let two: String = [c, at(i + 1)].iter().collect();
                let punct = if matches!(two.as_str(), "::" | "=>" | "->" | "==" | "!=") {
                    i += 2;
                    two
                } else {
                    i += 1;
                    c.to_string()
                };
                out.push((line, Token::Punct(punct)));
            }
        }
    }
    Ok(out)
}

/// The string literal whose body starts at `i`: its text, the index after its closing
/// quote, and the line breaks it spans.
fn string_literal(chars: &[char], mut i: usize) -> Result<(String, usize, usize), String> {
    let mut text = String::new();
    let mut lines = 0;
    while i < chars.len() {
        match chars[i] {
            '"' => return Ok((text, i + 1, lines)),
            '\\' => {
                let escaped = chars.get(i + 1).copied().unwrap_or('\\');
                i += 2;
                match escaped {
                    'n' => text.push('\n'),
                    't' => text.push('\t'),
                    '0' => text.push('\0'),
                    '\n' => {
                        // A line continuation: the break and the next line's indent go.
                        lines += 1;
                        while i < chars.len() && chars[i].is_whitespace() {
                            lines += usize::from(chars[i] == '\n');
                            i += 1;
                        }
                    }
                    'u' => {
                        let close = chars[i..].iter().position(|c| *c == '}').unwrap_or(0);
                        let hex: String = chars[i + 1..i + close].iter().collect();
                        if let Some(c) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32)
                        {
                            text.push(c);
                        }
                        i += close + 1;
                    }
                    other => text.push(other),
                }
            }
            c => {
                lines += usize::from(c == '\n');
                text.push(c);
                i += 1;
            }
        }
    }
    Err("unterminated string".into())
}

/// A bracket level while walking the tokens.
struct Frame {
    close: &'static str,
    /// The tokens since the last `,`, `;` or `=>` at this level, as text.
    segment: Vec<String>,
    /// The pattern of the match arm this level is in, if any.
    arm: Option<String>,
}

/// The language a table's name ends with (`ES`, `KIOSK_EN`).
fn table_language(name: &str) -> Option<Lang> {
    match name.rsplit('_').next()? {
        "EN" => Some(Lang::En),
        "ES" => Some(Lang::Es),
        _ => None,
    }
}

/// Every interface string in the Rust source of a text table file.
pub fn read(source: &str) -> Result<Vec<UiString>, String> {
    let tokens = tokens(source)?;
    let mut out = Vec::new();
    let mut frames: Vec<Frame> = Vec::new();
    // At the top level: the item being declared, and whether its `=` was seen.
    let mut item: Option<(String, bool)> = None;
    // The table whose body is open, and the depth of its body.
    let mut table: Option<(String, Lang, usize)> = None;
    let mut field: Option<String> = None;
    let mut previous: Option<&Token> = None;
    for (k, (line, token)) in tokens.iter().enumerate() {
        let next = tokens.get(k + 1).map(|(_, t)| t);
        let depth = frames.len();
        match token {
            Token::Ident(word) if depth == 0 => {
                if let (Some(Token::Ident(kw)), true) = (previous, item.is_none())
                    && (kw == "static" || kw == "const")
                {
                    item = Some((word.clone(), false));
                }
            }
            Token::Punct(p) if depth == 0 && p == "=" => {
                if let Some((_, seen)) = item.as_mut() {
                    *seen = true;
                }
            }
            Token::Punct(p) if depth == 0 && p == ";" => item = None,
            _ => {}
        }
        if let (Some((_, _, body)), Token::Ident(name)) = (&table, token)
            && depth == *body
            && next == Some(&Token::Punct(":".into()))
        {
            field = Some(name.clone());
        }
        match token {
            Token::Punct(p) if matches!(p.as_str(), "{" | "(" | "[") => {
                if depth == 0
                    && p == "{"
                    && let Some((name, true)) = item.take()
                    && let Some(lang) = table_language(&name)
                {
                    table = Some((name, lang, 1));
                }
                let close = match p.as_str() {
                    "{" => "}",
                    "(" => ")",
                    _ => "]",
                };
                frames.push(Frame {
                    close,
                    segment: Vec::new(),
                    arm: None,
                });
            }
            Token::Punct(p) if matches!(p.as_str(), "}" | ")" | "]") => {
                let Some(frame) = frames.pop() else {
                    return Err(format!("line {line}: `{p}` closes nothing"));
                };
                if frame.close != p {
                    return Err(format!(
                        "line {line}: `{p}` where `{}` was due",
                        frame.close
                    ));
                }
                if let Some(parent) = frames.last_mut() {
                    let open = match p.as_str() {
                        "}" => "{",
                        ")" => "(",
                        _ => "[",
                    };
                    parent
                        .segment
                        .push(format!("{open}{}{p}", frame.segment.join(" ")));
                }
                if table
                    .as_ref()
                    .is_some_and(|(_, _, body)| frames.len() < *body)
                {
                    table = None;
                    field = None;
                }
            }
            // Between a match's arms (inside parentheses a comma is part of a pattern).
            Token::Punct(p)
                if matches!(p.as_str(), "," | ";")
                    && frames.last().is_some_and(|f| f.close == "}") =>
            {
                if let Some(frame) = frames.last_mut() {
                    frame.segment.clear();
                    frame.arm = None;
                }
            }
            Token::Punct(p) if p == "=>" => {
                if let Some(frame) = frames.last_mut() {
                    frame.arm = Some(frame.segment.join(" ").replace(" :: ", "::"));
                    frame.segment.clear();
                }
            }
            Token::Str(text) => {
                let is_pattern = matches!(next, Some(Token::Punct(p)) if p == "=>" || p == "|");
                if let (Some((name, lang, body)), false) = (&table, is_pattern) {
                    let arms: Vec<&str> = frames
                        .iter()
                        .skip(*body)
                        .filter_map(|f| f.arm.as_deref())
                        .collect();
                    let mut label = format!("{name}.{}", field.as_deref().unwrap_or("?"));
                    if !arms.is_empty() {
                        label.push_str(&format!(" ({})", arms.join(", ")));
                    }
                    out.push(UiString {
                        lang: *lang,
                        name: label,
                        line: *line,
                        text: text.clone(),
                    });
                }
                if let Some(frame) = frames.last_mut() {
                    frame.segment.push(format!("{text:?}"));
                }
            }
            Token::Ident(word) | Token::Punct(word) => {
                if let Some(frame) = frames.last_mut() {
                    frame.segment.push(word.clone());
                }
            }
        }
        previous = Some(token);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = r##"
//! Español: "proveedor" in a comment is not interface text.
use super::Text;

/// Doc "comment".
pub static ES: Text = Text {
    kiosk: &super::KIOSK_ES,
    page_title: "Antes de su visita",
    step_of: |n, total| format!("Paso {n} de {total}"),
    label: |field| match field {
        F::LegalName => "Nombre legal completo",
        (F::MobilePhone | F::EmergencyPhone, _) => {
            "Escriba un teléfono"
        }
    },
    body_area: |id| match id {
        "head" => "Cabeza y cara",
        _ => "Otra zona",
    },
    quote: '"',
    raw: r#"con "comillas""#,
    joined: "una \
             línea\u{2019}s",
};

fn helper() -> &'static str {
    "not in a table"
}

pub const KIOSK_EN: KioskText = KioskText {
    start_title: |clinic| format!("Welcome to {clinic}"),
};
"##;

    #[test]
    fn reads_each_tables_strings_with_their_names_and_lines() {
        let strings = read(SOURCE).unwrap();
        let got: Vec<(Lang, &str, usize, &str)> = strings
            .iter()
            .map(|s| (s.lang, s.name.as_str(), s.line, s.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (Lang::Es, "ES.page_title", 8, "Antes de su visita"),
                (Lang::Es, "ES.step_of", 9, "Paso {n} de {total}"),
                (
                    Lang::Es,
                    "ES.label (F::LegalName)",
                    11,
                    "Nombre legal completo"
                ),
                (
                    Lang::Es,
                    "ES.label ((F::MobilePhone | F::EmergencyPhone , _))",
                    13,
                    "Escriba un teléfono"
                ),
                (Lang::Es, "ES.body_area (\"head\")", 17, "Cabeza y cara"),
                (Lang::Es, "ES.body_area (_)", 18, "Otra zona"),
                (Lang::Es, "ES.raw", 21, "con \"comillas\""),
                (Lang::Es, "ES.joined", 22, "una línea\u{2019}s"),
                (Lang::En, "KIOSK_EN.start_title", 31, "Welcome to {clinic}"),
            ]
        );
    }

    #[test]
    fn broken_source_is_refused() {
        assert!(read("static ES: T = T { a: \"x").is_err());
        assert!(read("static ES: T = T { a: (1] };").is_err());
    }
}
