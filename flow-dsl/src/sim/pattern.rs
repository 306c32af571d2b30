//! A TextInput's `pattern` (6.2+, spec §C.3): the phone keeps the Footer disabled while the
//! text does not match, and the input's `helper-text` tells the user the expected format.
//!
//! By default the pattern must match the whole text, as a native client's regex "matches" does
//! (Android's `String.matches`, iOS's `MATCHES`), so `[0-9]{4}` refuses `12345`. Whether
//! Meta's clients anchor the pattern is **UNCONFIRMED**, so it is configurable
//! ([`PatternMatch`], [`SimulatorBuilder::pattern_match`](super::SimulatorBuilder::pattern_match));
//! the corpus' patterns anchor themselves with `^…$`, which reads the same either way. For
//! `number` and `passcode` inputs the input type's own check runs first (the spec's "base
//! regex"), then the pattern.
//!
//! Patterns run on the `regex` crate, which has no look-around or backreferences: such a
//! pattern is reported as [`SimError::InvalidPattern`] rather than passed or failed silently.

use regex::{Regex, RegexBuilder};
use regex_syntax::hir::{Class, Hir, HirKind};
use serde_json::Value;

use super::SimError;
use super::render::Rendered;

/// How a TextInput's `pattern` is matched against the text (whether Meta's clients anchor it is
/// UNCONFIRMED; see the `sim::pattern` module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PatternMatch {
    /// The pattern must match the whole text (`^(?:pattern)$`), as `String.matches` does.
    #[default]
    Whole,
    /// The pattern may match anywhere in the text, as JavaScript's `RegExp.test` does.
    Anywhere,
}

/// Compiled size cap: a pattern comes from the document, and must not exhaust memory.
const SIZE_LIMIT: usize = 1 << 20;

/// The regex of `pattern`, or the engine's reason it cannot run.
fn compile(pattern: &str, how: PatternMatch) -> Result<Regex, String> {
    let source = match how {
        PatternMatch::Whole => format!("^(?:{pattern})$"),
        PatternMatch::Anywhere => pattern.to_owned(),
    };
    RegexBuilder::new(&source)
        .size_limit(SIZE_LIMIT)
        .build()
        .map_err(|e| match e {
            regex::Error::Syntax(s) => s,
            other => other.to_string(),
        })
}

/// Whether `text` matches `pattern` as the phone checks it.
///
/// # Errors
/// The pattern does not compile (syntax error, look-around, too large).
pub(crate) fn matches(pattern: &str, text: &str, how: PatternMatch) -> Result<bool, String> {
    Ok(compile(pattern, how)?.is_match(text))
}

/// Why the Footer stays disabled because of `c`'s `pattern`, if it does. Empty answers are the
/// `required` check's business, not the pattern's.
pub(crate) fn check(
    screen: &str,
    c: &Rendered,
    value: Option<&Value>,
    how: PatternMatch,
) -> Result<(), SimError> {
    if c.kind != "TextInput" {
        return Ok(());
    }
    let (Some(pattern), Some(text)) = (c.text("pattern"), value.and_then(Value::as_str)) else {
        return Ok(());
    };
    if text.is_empty() {
        return Ok(());
    }
    let name = c.name.clone().unwrap_or_default();
    let ok = matches(pattern, text, how).map_err(|message| SimError::InvalidPattern {
        screen: screen.to_owned(),
        name: name.clone(),
        pattern: pattern.to_owned(),
        message,
    })?;
    if ok {
        return Ok(());
    }
    let reason = match c.text("helper-text") {
        Some(help) => {
            format!("input '{name}' is not in the expected format: {help} (pattern {pattern})")
        }
        None => format!("input '{name}' does not match the pattern {pattern}"),
    };
    Err(SimError::FooterDisabled {
        screen: screen.to_owned(),
        reason,
    })
}

/// A short text that matches `pattern`, for [`Simulator::fill_samples`](super::Simulator::fill_samples):
/// each repetition at its minimum, the first branch of each alternation, a letter or digit
/// from each class where it has one. `None` when the pattern does not parse or the text made
/// up does not match after all (look-around).
pub(crate) fn sample(pattern: &str) -> Option<String> {
    let hir = regex_syntax::ParserBuilder::new()
        .nest_limit(64)
        .build()
        .parse(pattern)
        .ok()?;
    let mut out = String::new();
    generate(&hir, &mut out)?;
    // A whole match is a match anywhere too.
    matches(pattern, &out, PatternMatch::Whole)
        .ok()?
        .then_some(out)
}

/// The longest sample made up; longer ones are the pattern's bug, not a sample.
const SAMPLE_MAX: usize = 4096;

fn generate(hir: &Hir, out: &mut String) -> Option<()> {
    if out.len() > SAMPLE_MAX {
        return None;
    }
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(lit) => out.push_str(std::str::from_utf8(&lit.0).ok()?),
        HirKind::Class(Class::Unicode(class)) => {
            let ranges: Vec<(char, char)> = class
                .ranges()
                .iter()
                .map(|r| (r.start(), r.end()))
                .collect();
            out.push(pick(&ranges)?);
        }
        HirKind::Class(Class::Bytes(class)) => {
            let ranges: Vec<(char, char)> = class
                .ranges()
                .iter()
                .filter(|r| r.start().is_ascii())
                .map(|r| (char::from(r.start()), char::from(r.end().min(0x7f))))
                .collect();
            out.push(pick(&ranges)?);
        }
        HirKind::Repetition(rep) => {
            for _ in 0..rep.min {
                generate(&rep.sub, out)?;
                if out.len() > SAMPLE_MAX {
                    return None;
                }
            }
        }
        HirKind::Capture(cap) => generate(&cap.sub, out)?,
        HirKind::Concat(parts) => {
            for p in parts {
                generate(p, out)?;
            }
        }
        HirKind::Alternation(branches) => generate(branches.first()?, out)?,
    }
    Some(())
}

/// A character of the class a person would type: a letter, a digit, a space, else the first
/// printable one.
fn pick(ranges: &[(char, char)]) -> Option<char> {
    let has = |ch: char| ranges.iter().any(|&(lo, hi)| lo <= ch && ch <= hi);
    "a1A ".chars().find(|&ch| has(ch)).or_else(|| {
        ranges
            .iter()
            .map(|&(lo, hi)| (lo.max(' '), hi))
            .find(|(lo, hi)| lo <= hi)
            .map(|(lo, _)| lo)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_text_must_match_unless_configured() {
        use PatternMatch::{Anywhere, Whole};
        assert_eq!(matches("[0-9]{4}", "1234", Whole), Ok(true));
        assert_eq!(matches("[0-9]{4}", "12345", Whole), Ok(false));
        assert_eq!(matches("[0-9]{4}", "12345", Anywhere), Ok(true));
        assert_eq!(matches("^[0-9]{4,6}$", "12a4", Anywhere), Ok(false));
        assert_eq!(
            matches("a|b", "b", Whole),
            Ok(true),
            "alternation inside the anchors"
        );
    }

    #[test]
    fn bad_patterns_are_errors_not_panics() {
        let err = matches("([0-9]", "1", PatternMatch::Whole).unwrap_err();
        assert!(err.contains("unclosed group"), "{err}");
        let err = matches("^(?=.*[0-9]).{8,}$", "abcdefg1", PatternMatch::Whole).unwrap_err();
        assert!(err.contains("look-around"), "{err}");
        assert!(
            matches("(a{1000}){1000}", "a", PatternMatch::Anywhere).is_err(),
            "too large"
        );
    }

    #[test]
    fn samples_match_their_pattern() {
        for p in [
            "^[0-9]{4,6}$",
            "^[A-Za-z ]+$",
            "^.{8,}$",
            "^\\+?[0-9]{7,15}$",
            "^[^@]+@[^@]+\\.[^@]+$",
            "^(19|20)\\d\\d-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])$",
            "007",
        ] {
            let s = sample(p).unwrap_or_else(|| panic!("no sample for {p}"));
            assert_eq!(matches(p, &s, PatternMatch::Whole), Ok(true), "{p} -> {s}");
        }
        assert_eq!(sample("^[0-9]{4,6}$").as_deref(), Some("1111"));
        assert_eq!(sample("([0-9]"), None);
    }
}
