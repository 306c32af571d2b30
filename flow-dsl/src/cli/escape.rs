//! Text from documents and servers made safe for a terminal: the one helper every command uses
//! for what it prints for humans.
//!
//! A flow is data from anywhere: a screen id or a key holding ESC, BEL or a carriage return
//! could set the terminal's title, clear the screen, or overwrite a line with a fake
//! "0 errors"; a bidi override could reorder what is shown. So control characters (C0 but
//! newline and tab, DEL, C1) and bidi controls are shown as escapes (`\u{1b}`), and in values
//! echoed from a document very long words (a 900 KB screen id) are shortened to their ends.
//!
//! [`super::target::note`] (every message to standard error) and the human output of
//! `validate`, `fmt` and `deploy` go through here; JSON output does not (serde_json escapes
//! control characters itself, and shortening would change data).

use std::borrow::Cow;
use std::fmt::Write as _;

/// Words (runs without whitespace) longer than this many characters are shortened.
pub(crate) const LONGEST_WORD: usize = 120;

/// `text` with its control characters escaped; newlines and tabs are kept (for messages and
/// reports our own code laid out, which may quote URLs and must not lose them).
pub(crate) fn for_terminal(text: &str) -> Cow<'_, str> {
    escape(text, true, false)
}

/// One value from a document (a key, an id, a message quoting them, a file name) on one line:
/// control characters escaped, newlines and tabs too, and words over [`LONGEST_WORD`]
/// characters shortened to their ends.
pub(crate) fn value(text: &str) -> Cow<'_, str> {
    escape(text, false, true)
}

/// Whether `c` must not reach a terminal as is.
fn is_unsafe(c: char, keep_lines: bool) -> bool {
    match c {
        '\n' | '\t' => !keep_lines,
        // C0, DEL, C1.
        '\0'..='\x1f' | '\x7f'..='\u{9f}' => true,
        // Bidi embeddings, overrides and isolates; line and paragraph separators.
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' => true,
        '\u{061c}' | '\u{2028}' | '\u{2029}' => true,
        _ => false,
    }
}

fn escape(text: &str, keep_lines: bool, shorten: bool) -> Cow<'_, str> {
    let long_word = || {
        let mut run = 0;
        text.chars().any(|c| {
            run = if c.is_whitespace() { 0 } else { run + 1 };
            run > LONGEST_WORD
        })
    };
    let unsafe_char = text.chars().any(|c| is_unsafe(c, keep_lines));
    if !(unsafe_char || (shorten && long_word())) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len().min(1 << 16));
    let mut rest = text;
    while !rest.is_empty() {
        // Whitespace that is safe passes; a word is escaped, then shortened if long.
        let split = rest
            .char_indices()
            .find(|&(_, c)| c.is_whitespace() && !is_unsafe(c, keep_lines))
            .map_or(rest.len(), |(i, _)| i);
        let (word, after) = rest.split_at(split);
        if shorten {
            push_word(&mut out, word, keep_lines);
        } else {
            push_escaped(&mut out, word, keep_lines);
        }
        let mut chars = after.chars();
        if let Some(space) = chars.next() {
            out.push(space);
        }
        rest = chars.as_str();
    }
    Cow::Owned(out)
}

/// Appends `word` escaped; past [`LONGEST_WORD`] characters, its first and last characters
/// around the number of characters left out.
fn push_word(out: &mut String, word: &str, keep_lines: bool) {
    let n = word.chars().count();
    if n <= LONGEST_WORD {
        push_escaped(out, word, keep_lines);
        return;
    }
    let head: String = word.chars().take(LONGEST_WORD / 2).collect();
    let tail: String = word.chars().skip(n - LONGEST_WORD / 4).collect();
    push_escaped(out, &head, keep_lines);
    let _ = write!(
        out,
        "…[{} characters]…",
        n - head.chars().count() - tail.chars().count()
    );
    push_escaped(out, &tail, keep_lines);
}

fn push_escaped(out: &mut String, s: &str, keep_lines: bool) {
    for c in s.chars() {
        if is_unsafe(c, keep_lines) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
}

/// A JSON path for people: escaped like [`value`], and runs of one segment repeated more than
/// three times written once with a count, so deep input does not print 128 `[0]`s:
/// `a[0][0][0][0][0].b` is `a[0]×5.b`.
pub(crate) fn path(p: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    let mut start = 0;
    for (i, c) in p.char_indices().skip(1) {
        if c == '.' || c == '[' {
            segments.push(&p[start..i]);
            start = i;
        }
    }
    if start < p.len() {
        segments.push(&p[start..]);
    }
    let mut out = String::with_capacity(p.len().min(256));
    let mut i = 0;
    while i < segments.len() {
        let run = segments[i..]
            .iter()
            .take_while(|s| **s == segments[i])
            .count();
        out.push_str(segments[i]);
        if run > 3 {
            let _ = write!(out, "×{run}");
        } else {
            for s in &segments[i + 1..i + run] {
                out.push_str(s);
            }
        }
        i += run;
    }
    value(&out).into_owned()
}

/// JSON text (serde_json's output) with the characters it leaves raw but a terminal acts on
/// (C1 controls, bidi controls, line separators) written as `\uXXXX` escapes: still the same
/// JSON, safe to `cat`. serde_json already escapes C0 controls; such characters can only
/// stand inside strings, where the escape means the same character.
pub(crate) fn json(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| is_unsafe(c, true)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 64);
    for c in text.chars() {
        if is_unsafe(c, true) {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `text` with every unsafe character replaced by a visible one of the same UTF-8 length, so
/// that byte offsets into it stay valid (source excerpts under labels): `?` for one byte, `·`
/// for two, `�` for three. Newlines are kept; tabs too.
pub(crate) fn same_length(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| is_unsafe(c, true) || c == '\r') {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if is_unsafe(c, true) || c == '\r' {
                    match c.len_utf8() {
                        1 => '?',
                        2 => '·',
                        _ => '�',
                    }
                } else {
                    c
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(for_terminal("plain text\n"), "plain text\n");
        assert!(matches!(for_terminal("plain"), Cow::Borrowed(_)));
        assert_eq!(
            for_terminal("a\u{1b}]0;pwned\u{7}b\rc\n"),
            "a\\u{1b}]0;pwned\\u{7}b\\u{d}c\n"
        );
        assert_eq!(value("a\nb\tc"), "a\\u{a}b\\u{9}c");
        let url = format!("https://example.com/{}", "x".repeat(300));
        assert_eq!(for_terminal(&url), url);
        assert_eq!(for_terminal("x\u{202e}y\u{9b}z"), "x\\u{202e}y\\u{9b}z");
    }

    #[test]
    fn long_words_are_shortened() {
        let id = "${data.x}".repeat(100_000);
        let message = format!("'{id}' is not a screen");
        let shown = value(&message);
        assert!(shown.len() < 300, "{shown}");
        assert!(shown.starts_with("'${data.x}"), "{shown}");
        assert!(shown.ends_with("' is not a screen"), "{shown}");
        assert!(shown.contains("characters]"), "{shown}");
    }

    #[test]
    fn repeated_path_segments_are_counted() {
        let deep = format!("screens[0].data{}", "[0]".repeat(128));
        assert_eq!(path(&deep), "screens[0].data[0]×128");
        assert_eq!(path("a[0][0][0].b.b.b.b.c"), "a[0][0][0].b×4.c");
        assert_eq!(path(""), "");
        assert_eq!(
            path("screens[1].layout.children[3]"),
            "screens[1].layout.children[3]"
        );
        assert_eq!(path("k\u{1b}"), "k\\u{1b}");
        assert_eq!(path("k\u{1b}x"), "k\\u{1b}x");
    }

    #[test]
    fn json_stays_the_same_json() {
        let v = serde_json::json!({"k\u{202e}": "a\u{85}b\u{1b}\n"});
        let text = serde_json::to_string_pretty(&v).unwrap();
        let safe = json(&text);
        assert!(!safe.contains(['\u{202e}', '\u{85}', '\u{1b}']), "{safe}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&safe).unwrap(), v);
    }

    #[test]
    fn same_length_keeps_offsets() {
        let text = "a\u{1b}b\u{85}c\u{202e}d\r\n";
        let safe = same_length(text);
        assert_eq!(safe.len(), text.len());
        assert_eq!(safe, "a?b·c�d?\n");
    }
}
