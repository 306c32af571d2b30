//! Rust literals that read back as exactly the JSON value they were written from: strings
//! with every character kept (raw strings when the text has quotes or backslashes, since
//! they read better), and numbers that parse back to the same `serde_json::Number`.
//!
//! ```ignore
//! assert_eq!(rust_lit::string("say \"hi\""), r##"r#"say "hi""#"##);
//! assert_eq!(rust_lit::number(&serde_json::Number::from_f64(1.0).unwrap()), "1.0");
//! ```

use serde_json::Number;

/// A Rust string literal whose value is `s`.
///
/// Text with `"` or `\` and no control characters becomes a raw string (`r#"…"#`, with as
/// many `#` as needed); anything else a normal literal with escapes (`\n`, `\u{…}` for what
/// would be invisible).
pub(crate) fn string(s: &str) -> String {
    let plain = !s.chars().any(|c| c.is_control());
    if plain && (s.contains('"') || s.contains('\\')) {
        let mut hashes = 1;
        while s.contains(&format!("\"{}", "#".repeat(hashes))) {
            hashes += 1;
        }
        let h = "#".repeat(hashes);
        return format!("r{h}\"{s}\"{h}");
    }
    // `{:?}` writes a valid Rust literal: `\"`, `\\`, `\n`, `\t`, `\r`, `\0`, `\u{..}`.
    format!("{s:?}")
}

/// A Rust numeric literal for `n` without a sign (the caller writes `-` for negatives):
/// integers as their digits, floats in the shortest form that parses back to the same `f64`,
/// always with a `.` or an exponent so the literal is a float (JSON `1.0` is not `1`).
pub(crate) fn number(n: &Number) -> String {
    if let Some(u) = n.as_u64() {
        return u.to_string();
    }
    if let Some(i) = n.as_i64() {
        return i.unsigned_abs().to_string();
    }
    let f = n.as_f64().unwrap_or(0.0).abs();
    // Debug is Rust's shortest round-trip form and writes `1.0`, `1e300`, `1e-7`.
    let mut t = format!("{f:?}");
    if !t.contains(['.', 'e', 'E']) {
        t.push_str(".0");
    }
    t
}

/// Whether `n` is below zero (written with a leading `-`).
pub(crate) fn is_negative(n: &Number) -> bool {
    n.as_i64().is_some_and(|i| i < 0) || n.as_f64().is_some_and(|f| f.is_sign_negative())
}

/// `n` as a signed Rust expression: `-3`, `2.5`.
pub(crate) fn signed_number(n: &Number) -> String {
    if is_negative(n) {
        format!("-{}", number(n))
    } else {
        number(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What rustc would read from the literal: parsed back with syn, as `flow!` reads it.
    fn read_back(lit: &str) -> String {
        syn::parse_str::<syn::LitStr>(lit)
            .unwrap_or_else(|e| panic!("{lit}: {e}"))
            .value()
    }

    #[test]
    fn strings_round_trip() {
        for s in [
            "",
            "plain",
            "say \"hi\"",
            r"C:\path",
            "quote then hash \"# and \"## end",
            "line\nbreak\ttab\r",
            "nul \0 and bell \u{7}",
            "emoji 📱 and accents ç ã",
            "zero width \u{200b} joiner \u{200d}",
            "'single' and `backtick` ${data.x}",
            "both \" and \n",
        ] {
            assert_eq!(read_back(&string(s)), s, "{s:?}");
        }
        assert_eq!(string("say \"hi\""), "r#\"say \"hi\"\"#");
        assert_eq!(string("a\"#b"), "r##\"a\"#b\"##");
        assert_eq!(string("plain"), "\"plain\"");
    }

    #[test]
    fn numbers_round_trip() {
        for text in [
            "0",
            "42",
            "-7",
            "1.0",
            "1.5",
            "-0.25",
            "1e300",
            "1e-7",
            "0.1",
            "123456789.123456789",
            "18446744073709551615",
            "-9223372036854775808",
            "99999999999999999999999",
            "2.5e10",
        ] {
            let n: Number = serde_json::from_str(text).unwrap();
            let lit = signed_number(&n);
            let back: Number = serde_json::from_str(&lit).unwrap();
            assert_eq!(back, n, "{text} -> {lit}");
            // And as Rust reads it: integers stay integers, floats floats.
            let expr: syn::Expr = syn::parse_str(&lit).unwrap();
            let is_float = matches!(&expr, syn::Expr::Lit(l) if matches!(l.lit, syn::Lit::Float(_)))
                || matches!(&expr, syn::Expr::Unary(u) if matches!(&*u.expr, syn::Expr::Lit(l) if matches!(l.lit, syn::Lit::Float(_))));
            assert_eq!(is_float, n.is_f64(), "{text} -> {lit}");
        }
        assert_eq!(number(&Number::from_f64(1.0).unwrap()), "1.0");
        assert!(is_negative(&Number::from(-1)));
        assert!(!is_negative(&Number::from(0)));
    }
}
