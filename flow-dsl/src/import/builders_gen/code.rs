//! A small layout tree for generated Rust expressions: each node prints on one line when it
//! fits the width, and otherwise breaks the way rustfmt would (one argument or one chained call
//! per line), so the output reads like hand-formatted code without a formatter dependency.

/// Maximum line width, rustfmt's default.
const WIDTH: usize = 100;
/// rustfmt's `fn_call_width` and `array_width` (default heuristics): a call's arguments or an
/// array's items longer than this are written one a line.
const ARGS_WIDTH: usize = 60;
/// rustfmt's `chain_width`: a chain of two or more calls longer than this is written one call a
/// line.
const CHAIN_WIDTH: usize = 60;
const INDENT: usize = 4;

/// An expression to print.
#[derive(Debug, Clone)]
pub(crate) enum Code {
    /// Text printed as is (a literal, a path, `&x`).
    Atom(String),
    /// `head(open) item, item (close)`: calls, `vec![..]`, arrays, JSON objects.
    List {
        head: String,
        open: &'static str,
        close: &'static str,
        items: Vec<Code>,
    },
    /// `prefix value`: `"key": value` in JSON, `&` before a reference.
    Prefixed(String, Box<Code>),
    /// `base.method(args)...`
    Chain {
        base: Box<Code>,
        calls: Vec<(String, Vec<Code>)>,
    },
    /// Comment lines printed before the value (forces the enclosing list to break).
    Commented(Vec<String>, Box<Code>),
}

impl Code {
    pub(crate) fn atom(s: impl Into<String>) -> Code {
        Code::Atom(s.into())
    }

    /// `f(args)`.
    pub(crate) fn call(head: impl Into<String>, args: Vec<Code>) -> Code {
        Code::List {
            head: head.into(),
            open: "(",
            close: ")",
            items: args,
        }
    }

    /// `head[items]` / `vec![items]`.
    pub(crate) fn brackets(head: impl Into<String>, items: Vec<Code>) -> Code {
        Code::List {
            head: head.into(),
            open: "[",
            close: "]",
            items,
        }
    }

    /// `self.method(args)`, extending a chain.
    pub(crate) fn method(self, name: impl Into<String>, args: Vec<Code>) -> Code {
        match self {
            Code::Chain { base, mut calls } => {
                calls.push((name.into(), args));
                Code::Chain { base, calls }
            }
            other => Code::Chain {
                base: Box::new(other),
                calls: vec![(name.into(), args)],
            },
        }
    }

    /// Comment lines placed before this value.
    pub(crate) fn commented(self, lines: Vec<String>) -> Code {
        if lines.is_empty() {
            return self;
        }
        match self {
            Code::Commented(mut before, inner) => {
                before.extend(lines);
                Code::Commented(before, inner)
            }
            other => Code::Commented(lines, Box::new(other)),
        }
    }

    /// The one-line form, or `None` when something (a comment) forces line breaks.
    fn flat(&self) -> Option<String> {
        Some(match self {
            Code::Atom(s) => s.clone(),
            Code::List {
                head,
                open,
                close,
                items,
            } => {
                let mut out = format!("{head}{open}");
                // `{ "a": 1 }` reads better with inner spaces, as rustfmt writes blocks.
                let brace = *open == "{";
                if brace && !items.is_empty() {
                    out.push(' ');
                }
                let start = out.len();
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(&item.flat()?);
                }
                // JSON objects sit inside `json!`, which rustfmt leaves as written. A lone
                // argument that is not a plain call (a literal, a method call) only has to fit
                // the line.
                let exempt = brace
                    || (*open == "("
                        && matches!(items.as_slice(), [only] if !only.is_plain_call()));
                if !exempt && width(&out[start..]) > ARGS_WIDTH {
                    return None;
                }
                if brace && !items.is_empty() {
                    out.push(' ');
                }
                out.push_str(close);
                out
            }
            Code::Prefixed(p, v) => format!("{p}{}", v.flat()?),
            Code::Chain { base, calls } => {
                let mut out = base.flat()?;
                for (name, args) in calls {
                    out.push('.');
                    out.push_str(&Code::call(name.clone(), args.clone()).flat()?);
                }
                // rustfmt keeps a single call on its base's line whenever it fits.
                if calls.len() > 1 && width(&out) > CHAIN_WIDTH {
                    return None;
                }
                out
            }
            Code::Commented(..) => return None,
        })
    }

    /// Prints at `indent` (the column of the line's start), `used` columns already taken on
    /// the current line. Continuation lines are indented from `indent`.
    pub(crate) fn print(&self, out: &mut String, indent: usize, used: usize) {
        self.print_before(out, indent, used, 0);
    }

    /// [`Code::print`], with `tail` columns (`;`, `,`) to follow on the last line.
    fn print_before(&self, out: &mut String, indent: usize, used: usize, tail: usize) {
        if let Some(flat) = self.flat()
            && used + width(&flat) + tail <= WIDTH
            && !flat.contains('\n')
        {
            out.push_str(&flat);
            return;
        }
        self.print_broken(out, indent, used, tail);
    }

    /// The right-hand side of `let x = ` (the head already printed, `used` columns taken,
    /// `;` to follow): on this line when it fits; else on one line of its own, one level
    /// deeper, when it fits there; else broken from this line. rustfmt chooses the same way.
    pub(crate) fn print_rhs(&self, out: &mut String, indent: usize, used: usize) {
        if let Some(flat) = self.flat()
            && !flat.contains('\n')
            && used + width(&flat) + 1 > WIDTH
            && indent + INDENT + width(&flat) < WIDTH
        {
            // The head's trailing space stays out of the line.
            if out.ends_with(' ') {
                out.pop();
            }
            out.push('\n');
            push_indent(out, indent + INDENT);
            out.push_str(&flat);
            return;
        }
        self.print_before(out, indent, used, 1);
    }

    /// Prints over several lines (where the node can break), as [`Code::print`] does when the
    /// one-line form does not fit.
    fn print_broken(&self, out: &mut String, indent: usize, used: usize, tail: usize) {
        match self {
            Code::Atom(s) => out.push_str(s),
            Code::List {
                head,
                open,
                close,
                items,
            } => {
                out.push_str(head);
                out.push_str(open);
                if items.is_empty() {
                    out.push_str(close);
                    return;
                }
                // One call as the only argument continues on this line, as rustfmt writes
                // `s.child(Footer::new(` … `));`. It breaks: on one line it would be the
                // one-line form of the whole call, which did not fit. A chain as the only
                // argument continues on this line only with its last call broken
                // (`.on_select_action(data_exchange().with(` … `))`); otherwise it takes a
                // line of its own, as below.
                if let [only @ Code::Chain { .. }] = items.as_slice()
                    && *open == "("
                {
                    let used = used + width(head) + open.len();
                    if only.print_last_call_broken(out, indent, used, tail + 1) {
                        out.push_str(close);
                        return;
                    }
                }
                if let [only @ Code::List { .. }] = items.as_slice()
                    && *open == "("
                {
                    let used = used + width(head) + open.len();
                    only.print_broken(out, indent, used, tail + 1);
                    out.push_str(close);
                    return;
                }
                let inner = indent + INDENT;
                for item in items {
                    out.push('\n');
                    item.print_line(out, inner, ",");
                }
                out.push('\n');
                push_indent(out, indent);
                out.push_str(close);
            }
            Code::Prefixed(p, v) => {
                out.push_str(p);
                v.print_before(out, indent, used + width(p), tail);
            }
            Code::Chain { base, calls } => {
                if self.print_last_call_broken(out, indent, used, tail) {
                    return;
                }
                let start = out.len();
                // rustfmt leaves a column free after the base of a chain it breaks.
                base.print_before(out, indent, used, 1);
                // After a base that spans lines, rustfmt starts each call at the base's own
                // indentation; after a one-line base, one level deeper.
                let at = if out[start..].contains('\n') {
                    indent
                } else {
                    indent + INDENT
                };
                // A base no wider than an indent (`s`) keeps the first call on its line.
                let short_base = matches!(&**base, Code::Atom(a) if width(a) <= INDENT);
                for (i, (name, args)) in calls.iter().enumerate() {
                    if i == 0 && short_base {
                        out.push('.');
                        let last = if calls.len() == 1 { tail } else { 0 };
                        let used = width(&out[out.rfind('\n').map_or(0, |n| n + 1)..]);
                        Code::call(name.clone(), args.clone()).print_before(out, at, used, last);
                        continue;
                    }
                    out.push('\n');
                    push_indent(out, at);
                    out.push('.');
                    let last = if i + 1 == calls.len() { tail } else { 0 };
                    Code::call(name.clone(), args.clone()).print_before(out, at, at + 1, last);
                }
            }
            Code::Commented(lines, v) => {
                // Only reached at the start of a line (see `print_line`).
                let mut text = String::new();
                push_comment(&mut text, lines, indent);
                out.push_str(text.trim_start());
                push_indent(out, indent);
                v.print_before(out, indent, indent, tail);
            }
        }
    }

    /// `f(..)`, `T::new(..)`, `vec![..]`: not a method call, which rustfmt lays out as a chain.
    fn is_plain_call(&self) -> bool {
        matches!(self, Code::List { head, open, .. } if *open != "{" && !head.contains('.'))
    }

    /// A chain whose last call cannot stay on one line even on a line of its own: the base
    /// and the other calls on this line, and the last call's arguments broken after it
    /// (`data_exchange().with("a", &a).with(` … `)`), as rustfmt writes it. `false` (nothing
    /// printed) when that does not apply.
    fn print_last_call_broken(
        &self,
        out: &mut String,
        indent: usize,
        used: usize,
        tail: usize,
    ) -> bool {
        let Code::Chain { base, calls } = self else {
            return false;
        };
        let Some(((name, args), before)) = calls.split_last() else {
            return false;
        };
        let prefix = if before.is_empty() {
            base.flat()
        } else {
            Code::Chain {
                base: base.clone(),
                calls: before.to_vec(),
            }
            .flat()
        };
        let Some(prefix) = prefix else {
            return false;
        };
        // rustfmt's choice: the line up to the last call's `(` must fit the chain width (the
        // line, for a single call); an overflow of five lines or more is kept; otherwise the
        // last call on a line of its own wins when that takes fewer lines.
        let budget = if before.is_empty() {
            WIDTH.saturating_sub(used)
        } else {
            CHAIN_WIDTH
        };
        if width(&prefix) + 1 + width(name) + 1 > budget {
            return false;
        }
        let call = Code::call(name.clone(), args.clone());
        let mut overflow = format!("{prefix}.");
        call.print_broken(&mut overflow, indent, used + width(&prefix) + 1, tail);
        let lines = overflow.lines().count();
        if lines < 5 {
            let mut own = String::new();
            let at = indent + INDENT;
            call.print_before(&mut own, at, at + 1, tail);
            if own.lines().count() < lines {
                return false;
            }
        }
        out.push_str(&overflow);
        true
    }

    /// Prints as a line of its own at `indent`, followed by `end` (`,` or `;`).
    pub(crate) fn print_line(&self, out: &mut String, indent: usize, end: &str) {
        push_indent(out, indent);
        self.print_before(out, indent, indent, end.trim_end_matches('\n').len());
        out.push_str(end);
    }
}

/// `// ` comment lines at `indent`, each text word-wrapped to the line width.
pub(crate) fn push_comment(out: &mut String, lines: &[String], indent: usize) {
    let room = WIDTH.saturating_sub(indent + 3).max(40);
    for text in lines {
        let mut line = String::new();
        for word in text.split(' ') {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > room {
                push_indent(out, indent);
                out.push_str("// ");
                out.push_str(&line);
                out.push('\n');
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        push_indent(out, indent);
        out.push_str("// ");
        out.push_str(&line);
        out.push('\n');
    }
}

/// Columns `s` takes on screen, as rustfmt counts them.
fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

pub(crate) fn push_indent(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_values_stay_on_one_line_and_long_ones_break() {
        let short = Code::call(
            "Footer::new",
            vec![Code::atom("\"Next\""), Code::atom("complete()")],
        )
        .method("enabled", vec![Code::atom("true")]);
        let mut out = String::new();
        short.print_line(&mut out, 4, ";");
        assert_eq!(out, "    Footer::new(\"Next\", complete()).enabled(true);");

        let long_text = format!("\"{}\"", "x".repeat(80));
        let long = Code::call("TextBody::new", vec![Code::atom(long_text.clone())])
            .method("visible", vec![Code::atom("false")]);
        let mut out = String::new();
        long.print_line(&mut out, 0, ";");
        assert_eq!(
            out,
            format!("TextBody::new({long_text})\n    .visible(false);")
        );
    }

    /// rustfmt's default widths: arguments over 60 columns go one a line, a chain of two or
    /// more calls over 60 columns one call a line, and a call that is the only argument of a
    /// call that breaks continues on its line, broken itself.
    #[test]
    fn breaks_where_rustfmt_does() {
        let print = |c: Code| {
            let mut out = String::new();
            c.print_line(&mut out, 4, ";");
            out
        };
        let text = format!("\"{}\"", "x".repeat(49));
        let sub = Code::call(
            "s.child",
            vec![Code::call(
                "TextSubheading::new",
                vec![Code::atom(text.clone())],
            )],
        );
        assert_eq!(
            print(sub),
            format!("    s.child(TextSubheading::new(\n        {text},\n    ));")
        );
        let chain = Code::call(
            "TextInput::new",
            vec![Code::atom("\"name\""), Code::atom("\"Full name\"")],
        )
        .method("required", vec![Code::atom("true")])
        .method("min_chars", vec![Code::atom("2")]);
        assert_eq!(
            print(Code::call("s.child", vec![chain])),
            "    s.child(\n        TextInput::new(\"name\", \"Full name\")\n            .required(true)\n            .min_chars(2),\n    );"
        );
        let one = Code::call(
            "TextInput::new",
            vec![Code::atom("\"firstname\""), Code::atom("\"First Name\"")],
        )
        .method("input_type", vec![Code::atom("InputType::Text")]);
        assert_eq!(
            print(one),
            "    TextInput::new(\"firstname\", \"First Name\").input_type(InputType::Text);"
        );
    }

    #[test]
    fn comments_force_a_break_and_precede_their_item() {
        let item = Code::atom("TextBody::new(\"a\")").commented(vec!["UNKNOWN_X here".into()]);
        let list = Code::brackets("vec!", vec![item]);
        let mut out = String::new();
        list.print_line(&mut out, 0, ";");
        assert_eq!(
            out,
            "vec![\n    // UNKNOWN_X here\n    TextBody::new(\"a\"),\n];"
        );
    }
}
