//! "Did you mean" suggestions at a bounded cost.
//!
//! Names and candidates come from documents, so a lookup must stay cheap whatever they hold:
//! 16,000 unknown navigate targets against 16,000 screen ids, or a 900 KB screen id, must not
//! make validation quadratic. A lookup therefore
//!
//! - gives no suggestion for a name over [`MAX_NAME_CHARS`] characters (nobody mistypes one
//!   that long) and skips candidates that long;
//! - looks at no more than [`MAX_CANDIDATES`] candidates (Meta allows 100 screens), and skips at once those whose length
//!   or letters differ too much to be within reach (both are lower bounds of the distance);
//! - computes at most [`MAX_DISTANCES`] edit distances, each banded to the distance that still
//!   counts as close.
//!
//! So one lookup costs at most a few microseconds, and a document's suggestions cost at most
//! a constant per finding. Meta's own limits (100 screens, 50 components a screen) keep every
//! valid flow far below the caps, so the caps only change answers for documents that are
//! already in error many times over.
//!
//! The macro and the builders use the same helper, so one name gets the same suggestion from
//! `flow!`, a builder and `flow-dsl validate`.
//!
//! ```
//! use flow_model::suggest::closest;
//! assert_eq!(closest("DETIALS", ["START", "DETAILS", "END"]), Some("DETAILS"));
//! assert_eq!(closest("label", ["Label", "text"]), Some("Label"));
//! assert_eq!(closest("zzz", ["START", "DETAILS"]), None);
//! ```

/// Names longer than this (in characters) get no suggestion, and candidates longer than this
/// are never suggested.
pub const MAX_NAME_CHARS: usize = 64;

/// Candidates looked at per lookup; those after it are ignored.
pub const MAX_CANDIDATES: usize = 128;

/// Edit distances computed per lookup (candidates passing the cheap length and letter checks).
pub const MAX_DISTANCES: usize = 16;

/// The largest edit distance at which `a` and `b` still count as close: a third of the longer
/// name, at least 1.
pub fn max_distance(a_chars: usize, b_chars: usize) -> usize {
    (a_chars.max(b_chars) / 3).max(1)
}

/// The candidate closest to `wanted` (case-insensitive Levenshtein distance, at most
/// [`max_distance`]), the first one on ties; `None` when none is close. See the module docs for
/// the bounds on its cost.
///
/// ```
/// use flow_model::suggest::closest;
/// let many: Vec<String> = (0..100_000).map(|i| format!("SCREEN_{i}")).collect();
/// // Bounded: only the first MAX_CANDIDATES are looked at.
/// assert_eq!(closest("SCREEN_12", many.iter().map(String::as_str)), Some("SCREEN_12"));
/// assert_eq!(closest(&"x".repeat(900_000), many.iter().map(String::as_str)), None);
/// ```
pub fn closest<'a, I>(wanted: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let wanted = Name::new(wanted)?;
    let wanted_chars: Vec<char> = wanted.lowercase().collect();
    let mut best: Option<(usize, &'a str)> = None;
    let mut distances = 0;
    let mut cand_chars = Vec::new();
    for c in candidates.into_iter().take(MAX_CANDIDATES) {
        if distances == MAX_DISTANCES || best.is_some_and(|(d, _)| d == 0) {
            break;
        }
        // The cheap checks first, without allocating: most candidates stop here.
        let Some(cand) = Name::new(c) else { continue };
        let mut limit = max_distance(wanted.len, cand.len);
        if let Some((bd, _)) = best {
            // Only a strictly better candidate replaces the first best one.
            limit = limit.min(bd - 1);
        }
        if wanted.len.abs_diff(cand.len) > limit || wanted.letters_apart(&cand) > limit {
            continue;
        }
        distances += 1;
        cand_chars.clear();
        cand_chars.extend(cand.lowercase());
        if let Some(d) = bounded_distance(&wanted_chars, &cand_chars, limit) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// The Levenshtein distance between `a` and `b` in characters, when it is at most `limit`.
/// Costs O(len × limit).
///
/// ```
/// use flow_model::suggest::distance_within;
/// assert_eq!(distance_within("kitten", "sitting", 3), Some(3));
/// assert_eq!(distance_within("kitten", "sitting", 2), None);
/// ```
pub fn distance_within(a: &str, b: &str, limit: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    bounded_distance(&a, &b, limit)
}

/// A name's length and letter histogram, computed without allocating.
struct Name<'s> {
    text: &'s str,
    /// Lowercase characters.
    len: usize,
    /// Lowercase characters by bucket (code point mod 32): half the L1 difference of two
    /// histograms is a lower bound of the edit distance (an insertion or deletion moves one
    /// count, a substitution two).
    histogram: [u8; 32],
}

impl<'s> Name<'s> {
    /// `None` for a name too long to suggest or be suggested.
    fn new(text: &'s str) -> Option<Name<'s>> {
        // Bytes bound characters: a 900 KB name costs nothing.
        if text.len() > 4 * MAX_NAME_CHARS || text.chars().count() > MAX_NAME_CHARS {
            return None;
        }
        let mut name = Name {
            text,
            len: 0,
            histogram: [0; 32],
        };
        let mut count = |c: char| {
            name.len += 1;
            let b = &mut name.histogram[(c as u32 % 32) as usize];
            *b = b.saturating_add(1);
        };
        if text.is_ascii() {
            // The common case, without Unicode case tables.
            text.bytes()
                .for_each(|b| count(char::from(b.to_ascii_lowercase())));
        } else {
            text.chars().flat_map(char::to_lowercase).for_each(count);
        }
        Some(name)
    }

    fn lowercase(&self) -> impl Iterator<Item = char> + 's {
        self.text.chars().flat_map(char::to_lowercase)
    }

    /// A lower bound of the edit distance to `other`.
    fn letters_apart(&self, other: &Name<'_>) -> usize {
        let l1: usize = (self.histogram.iter().zip(&other.histogram))
            .map(|(a, b)| usize::from(a.abs_diff(*b)))
            .sum();
        l1.div_ceil(2)
    }
}

/// Levenshtein distance restricted to the band `|i - j| <= limit`; `None` past `limit`.
fn bounded_distance(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    const FAR: usize = usize::MAX / 2;
    let mut prev: Vec<usize> = (0..=b.len())
        .map(|j| if j <= limit { j } else { FAR })
        .collect();
    let mut cur = vec![FAR; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        let row = i + 1;
        let lo = row.saturating_sub(limit).max(1);
        let hi = (row + limit).min(b.len());
        cur.fill(FAR);
        if row <= limit {
            cur[0] = row;
        }
        let mut row_min = cur[0];
        for j in lo..=hi {
            let v = (prev[j - 1] + usize::from(*ca != b[j - 1]))
                .min(prev[j] + 1)
                .min(cur[j - 1] + 1);
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > limit {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[b.len()];
    (d <= limit).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain quadratic Levenshtein distance, as the reference.
    fn reference(a: &str, b: &str) -> usize {
        let b: Vec<char> = b.chars().collect();
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.chars().enumerate() {
            let mut cur = vec![i + 1; b.len() + 1];
            for (j, cb) in b.iter().enumerate() {
                cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1);
            }
            prev = cur;
        }
        prev[b.len()]
    }

    #[test]
    fn banded_distance_agrees_with_the_full_table() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "kitten",
            "sitting",
            "DETAILS",
            "DETIALS",
            "détails",
            "screen_one",
            "screen_two",
            "SCREEN",
            "a😀b",
            "😀😀",
            "xyzxyzxyz",
        ];
        for a in words {
            for b in words {
                let d = reference(a, b);
                for limit in 0..12 {
                    let want = (d <= limit).then_some(d);
                    assert_eq!(distance_within(a, b, limit), want, "{a:?} {b:?} {limit}");
                }
            }
        }
    }

    #[test]
    fn the_first_closest_wins() {
        assert_eq!(closest("abcd", ["abcx", "abxd", "abcd"]), Some("abcd"));
        assert_eq!(closest("abcd", ["abxd", "abcx"]), Some("abxd"));
        assert_eq!(closest("ABCD", ["abcd"]), Some("abcd"));
        assert_eq!(closest("a", ["b"]), Some("b"));
        assert_eq!(closest("", ["b"]), Some("b"));
        assert_eq!(closest("abcdef", ["uvwxyz"]), None);
    }

    #[test]
    fn long_names_get_no_suggestion() {
        let long = "A".repeat(MAX_NAME_CHARS + 1);
        assert_eq!(closest(&long, [long.as_str()]), None);
        let fits = "é".repeat(MAX_NAME_CHARS);
        assert_eq!(closest(&fits, [fits.as_str()]), Some(fits.as_str()));
    }

    #[test]
    fn distances_per_lookup_are_capped() {
        // Anagrams pass the cheap checks; only MAX_DISTANCES of them are compared.
        let mut names: Vec<String> = (0..MAX_DISTANCES).map(|_| "ba".repeat(8)).collect();
        names.push("ab".repeat(8));
        let found = closest(&"ab".repeat(8), names.iter().map(String::as_str));
        assert_eq!(found, Some("ba".repeat(8).as_str()));
    }
}
