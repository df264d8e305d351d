//! How far apart two names are, in edits (optimal string alignment: insertions,
//! deletions, substitutions and adjacent transpositions), for search-as-you-type and
//! for matching typed medicines and allergens with small typos.

/// Edit distance with adjacent transpositions (optimal string alignment), over chars.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    distance_chars(&a, &b)
}

fn distance_chars(a: &[char], b: &[char]) -> usize {
    full_distance(a, b)
}

/// Longest name the banded distance handles on the stack; longer ones use the heap.
const STACK: usize = 64;

/// Optimal-string-alignment distance, giving up (returning `max + 1`) as soon as every
/// alignment is already more than `max` edits away. Only cells within `max` of the
/// diagonal are computed (a band), in three rolling rows.
pub fn bounded_distance(a: &[char], b: &[char], max: usize) -> usize {
    if a.len().abs_diff(b.len()) > max {
        return max + 1;
    }
    if b.len() >= STACK {
        return full_distance(a, b).min(max + 1);
    }
    let far = max.saturating_add(1);
    let width = b.len() + 1;
    let mut before = [far; STACK];
    let mut previous = [far; STACK];
    let mut current = [far; STACK];
    for (j, cell) in previous.iter_mut().enumerate().take(width) {
        *cell = j.min(far);
    }
    for i in 1..=a.len() {
        let lo = i.saturating_sub(max).max(1);
        let hi = (i + max).min(b.len());
        current[..width].fill(far);
        current[0] = i.min(far);
        let mut row_min = current[0];
        for j in lo..=hi {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = previous[j]
                .saturating_add(1)
                .min(current[j - 1].saturating_add(1))
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2].saturating_add(1));
            }
            current[j] = d.min(far);
            row_min = row_min.min(current[j]);
        }
        if row_min > max {
            return far;
        }
        before = previous;
        previous = current;
    }
    previous[b.len()].min(far)
}

/// Unbounded distance for very long names (rare), with a full matrix.
fn full_distance(a: &[char], b: &[char]) -> usize {
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = d;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_banded_distance_agrees_with_the_full_one_within_its_bound() {
        let words = [
            "eliquis",
            "elliquis",
            "elidel",
            "warfarin",
            "wafrarin",
            "accutane",
            "acutane",
            "isotretinoin",
            "isotretinion",
            "a",
            "",
        ];
        for a in words {
            for b in words {
                let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                let full = full_distance(&ca, &cb);
                for max in 0..4 {
                    assert_eq!(
                        bounded_distance(&ca, &cb, max),
                        full.min(max + 1),
                        "{a} {b} {max}"
                    );
                }
            }
        }
    }

    #[test]
    fn transpositions_count_once() {
        assert_eq!(edit_distance("warfarin", "wafrarin"), 1);
        assert_eq!(edit_distance("abc", "abc"), 0);
        assert_eq!(edit_distance("", "abcd"), 4);
    }
}
