//! The shapes of identifiers, hashes and times the documents sent to a clinic share
//! (the signed summary, a check-in report): plain predicates, no parsing.

/// Whether `id` is a lower-case version-4 UUID such as `crypto.randomUUID()` makes.
pub fn is_uuid_v4(id: &str) -> bool {
    let b = id.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            14 => *c == b'4',
            19 => matches!(c, b'8' | b'9' | b'a' | b'b'),
            _ => c.is_ascii_digit() || (b'a'..=b'f').contains(c),
        })
}

/// Whether `text` is a lower-case hex SHA-256.
pub fn is_sha256_hex(text: &str) -> bool {
    text.len() == 64
        && text
            .bytes()
            .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c))
}

/// Whether `text` is a timestamp in the form the summary's `Timestamp::rfc3339`
/// writes: `YYYY-MM-DDTHH:MM:SS` and `Z` or an offset `±HH:MM`.
pub fn is_rfc3339(text: &str) -> bool {
    let b = text.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| r.clone().all(|i| b.get(i).is_some_and(u8::is_ascii_digit));
    let head = b.len() >= 20
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19);
    let tail = match &b.get(19..) {
        Some([b'Z']) => true,
        Some([sign, _, _, b':', _, _]) => {
            matches!(sign, b'+' | b'-') && digits(20..22) && digits(23..25)
        }
        _ => false,
    };
    head && tail
}
