//! A small layout tree for generated Rust expressions: each node prints on one line when it
//! fits the width, and otherwise breaks the way rustfmt would (one argument or one chained call
//! per line), so the output reads like hand-formatted code without a formatter dependency.

/// Maximum line width, rustfmt's default.
const WIDTH: usize = 100;
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
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(&item.flat()?);
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
                out
            }
            Code::Commented(..) => return None,
        })
    }

    /// Prints at `indent` (the column of the line's start), `used` columns already taken on
    /// the current line. Continuation lines are indented from `indent`.
    pub(crate) fn print(&self, out: &mut String, indent: usize, used: usize) {
        if let Some(flat) = self.flat()
            && used + flat.len() <= WIDTH
            && !flat.contains('\n')
        {
            out.push_str(&flat);
            return;
        }
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
                // `s.child(Footer::new(` … `));`.
                if let [only @ Code::List { .. }] = items.as_slice()
                    && *open == "("
                {
                    only.print(out, indent, used + head.len() + open.len());
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
                v.print(out, indent, used + p.len());
            }
            Code::Chain { base, calls } => {
                let start = out.len();
                base.print(out, indent, used);
                // After a base that spans lines, rustfmt starts each call at the base's own
                // indentation; after a one-line base, one level deeper.
                let at = if out[start..].contains('\n') {
                    indent
                } else {
                    indent + INDENT
                };
                for (name, args) in calls {
                    out.push('\n');
                    push_indent(out, at);
                    out.push('.');
                    Code::call(name.clone(), args.clone()).print(out, at, at + 1);
                }
            }
            Code::Commented(lines, v) => {
                // Only reached at the start of a line (see `print_line`).
                let mut text = String::new();
                push_comment(&mut text, lines, indent);
                out.push_str(text.trim_start());
                push_indent(out, indent);
                v.print(out, indent, indent);
            }
        }
    }

    /// Prints as a line of its own at `indent`, followed by `end` (`,` or `;`).
    pub(crate) fn print_line(&self, out: &mut String, indent: usize, end: &str) {
        push_indent(out, indent);
        self.print(out, indent, indent);
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
