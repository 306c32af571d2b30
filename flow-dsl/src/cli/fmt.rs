//! `flow-dsl fmt`: rewrite Flow JSON in canonical form.
//!
//! The text is parsed through the typed model ([`flow_model::FlowJson`]) and written back with
//! its canonical key order and layout (see the `flow_model` crate docs). Nothing is dropped:
//! unknown components, properties and values are kept. Exit codes: 0 done (or already
//! canonical), 1 `--check` found a file that is not canonical, 2 a file could not be read or is
//! not JSON (reported with file, line, column, JSON path and a hint, the offending text
//! underlined). `--diff` prints what would change as a unified diff; `--watch` formats again
//! whenever a file changes.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use flow_model::{FlowJson, LineCol, ParseError, ParseErrorKind};
use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan};

use super::escape;
use super::excerpt::{Excerpt, offset_of};
use super::target::note;
use super::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};

/// Print Flow JSON in canonical form (key order, 2-space indent, trailing newline).
///
/// Reads FILE (or standard input when FILE is `-` or absent), parses it through the typed model
/// and prints the canonical JSON to standard output. Unknown components and properties are
/// kept. Exit status: 0 ok, 1 `--check` found non-canonical input, 2 unreadable or not JSON.
#[derive(Debug, Clone, clap::Args)]
pub struct FmtArgs {
    /// Flow JSON files; `-` or nothing reads standard input. Several files need `--check` or
    /// `--write`.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Print nothing; exit 1 when a file is not byte-identical to its canonical form.
    #[arg(long, conflicts_with = "write")]
    pub check: bool,
    /// Print what formatting would change, as a unified diff (nothing when canonical); exit 1
    /// when a file is not canonical.
    #[arg(long, conflicts_with_all = ["write", "check"])]
    pub diff: bool,
    /// Format again whenever a file changes (polling), until interrupted.
    #[arg(long)]
    pub watch: bool,
    /// Canonical compact JSON (one line) instead of pretty.
    #[arg(long)]
    pub compact: bool,
    /// Rewrite the files in place (atomically, keeping their permissions) instead of printing.
    #[arg(long, short = 'w')]
    pub write: bool,
}

/// The canonical text of a Flow JSON document: pretty (2-space indent) or compact, with a
/// trailing newline. This is exactly what `flow-dsl fmt` prints.
///
/// A key written twice in one object is refused ([`ParseErrorKind::DuplicateKey`], at the
/// later one) rather than silently reduced to one value, and so is a number that would be
/// written back with another value ([`ParseErrorKind::InexactNumber`]).
///
/// ```
/// use flow_dsl::cli::fmt::format_str;
/// let out = format_str(r#"{"screens": [], "version": "7.3"}"#, false).unwrap();
/// assert_eq!(out, "{\n  \"version\": \"7.3\",\n  \"screens\": []\n}\n");
/// let e = format_str(r#"{"version": "7.3", "version": "6.0", "screens": []}"#, false);
/// assert_eq!(e.unwrap_err().kind, flow_model::ParseErrorKind::DuplicateKey);
/// let e = format_str(r#"{"version": "7.3", "screens": [], "n": 12345678901234567890123}"#, false);
/// assert_eq!(e.unwrap_err().kind, flow_model::ParseErrorKind::InexactNumber);
/// ```
pub fn format_str(text: &str, compact: bool) -> Result<String, ParseError> {
    let (flow, duplicates) = FlowJson::from_str_noting_duplicates(text)?;
    if duplicates && let Some(d) = flow_model::duplicate_keys(text).into_iter().next() {
        let at = LineCol::at(text.as_bytes(), d.second.start);
        let first = LineCol::at(text.as_bytes(), d.first.start);
        return Err(ParseError {
            message: format!(
                "\"{}\" is written twice in this object (first at line {}, column {}); \
                 formatting would keep only the last value",
                d.key, first.line, first.column
            ),
            line: at.line as usize,
            column: at.column as usize,
            path: Some(d.path),
            kind: ParseErrorKind::DuplicateKey,
        });
    }
    let mut out = if compact {
        flow.to_string_compact()
    } else {
        flow.to_string_pretty()
    };
    out.push('\n');
    // Found in the input text, not by indexing input and output: memory stays near the model's.
    if let Some(n) = flow_model::inexact_numbers(text).into_iter().next() {
        let at = LineCol::at(text.as_bytes(), n.span.start);
        return Err(ParseError {
            message: format!(
                "the number {} has more digits than a 64-bit number holds; formatting would \
                 write it as {}",
                n.before, n.after
            ),
            line: at.line as usize,
            column: at.column as usize,
            path: Some(n.path),
            kind: ParseErrorKind::InexactNumber,
        });
    }
    Ok(out)
}

/// `text` as one POSIX shell word, so a suggested command can be pasted as is.
fn shell_quoted(text: &str) -> String {
    let plain = !text.is_empty()
        && text.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(b, b'_' | b'-' | b'.' | b'/' | b'+' | b'=' | b':' | b',')
        });
    if plain {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// Runs `flow-dsl fmt`.
pub fn run(args: FmtArgs) -> ExitCode {
    if args.watch {
        if args.files.is_empty() || args.files.iter().any(|p| p.as_os_str() == "-") {
            note("error: --watch needs files: standard input cannot change");
            return ExitCode::from(EXIT_ERROR);
        }
        return super::watch::watch(&args.files, || run_once(&args));
    }
    ExitCode::from(run_once(&args))
}

/// One pass over the inputs; the exit code.
fn run_once(args: &FmtArgs) -> u8 {
    let inputs: Vec<Input> = if args.files.is_empty() {
        vec![Input::Stdin]
    } else {
        args.files
            .iter()
            .map(|p| {
                if p.as_os_str() == "-" {
                    Input::Stdin
                } else {
                    Input::File(p.clone())
                }
            })
            .collect()
    };
    if inputs.iter().filter(|i| matches!(i, Input::Stdin)).count() > 1 {
        note("error: standard input (`-`) can be read only once");
        return EXIT_ERROR;
    }
    if args.write && inputs.iter().any(|i| matches!(i, Input::Stdin)) {
        note(
            "error: --write rewrites files in place and cannot write back to standard input; \
             name the files, or drop --write to print to standard output",
        );
        return EXIT_ERROR;
    }
    if inputs.len() > 1 && !args.check && !args.write && !args.diff {
        note(&format!(
            "error: {} inputs given: printing several documents to standard output would \
             concatenate them; use --check, --diff or --write, or format one file at a time",
            inputs.len()
        ));
        return EXIT_ERROR;
    }

    let mut status = EXIT_OK;
    let stdout = std::io::stdout();
    for input in &inputs {
        let name = input.display_name();
        let bytes = match input.read() {
            Ok(b) => b,
            Err(e) => {
                note(&format!("error: cannot read {}: {e}", escape::value(&name)));
                status = status.max(EXIT_ERROR);
                continue;
            }
        };
        let formatted = match format_bytes(&bytes, args.compact) {
            Ok(f) => f,
            Err(report) => {
                let _ = write!(std::io::stderr(), "{}", report.render(&name, &bytes));
                status = status.max(EXIT_ERROR);
                continue;
            }
        };
        if args.diff {
            if formatted.as_bytes() != bytes.as_slice() {
                let before = String::from_utf8_lossy(&bytes);
                let patch = unified_diff(&name, &before, &formatted);
                let mut out = stdout.lock();
                if out
                    .write_all(patch.as_bytes())
                    .and_then(|()| out.flush())
                    .is_err()
                {
                    return status;
                }
                status = status.max(EXIT_FINDINGS);
            }
        } else if args.check {
            if formatted.as_bytes() != bytes.as_slice() {
                let how = match input {
                    Input::File(p) => format!(
                        "run `flow-dsl fmt --write{} {}`",
                        if args.compact { " --compact" } else { "" },
                        shell_quoted(&p.display().to_string())
                    ),
                    Input::Stdin => "run it through `flow-dsl fmt`".to_owned(),
                };
                note(&format!(
                    "{}: not in canonical form; {how}",
                    escape::value(&name)
                ));
                status = status.max(EXIT_FINDINGS);
            }
        } else if args.write {
            let Input::File(path) = input else {
                unreachable!("--write with standard input is refused above")
            };
            if formatted.as_bytes() != bytes.as_slice() {
                if let Err(e) = write_atomically(path, formatted.as_bytes()) {
                    note(&format!(
                        "error: cannot rewrite {}: {e}",
                        escape::value(&name)
                    ));
                    status = status.max(EXIT_ERROR);
                } else {
                    note(&format!("formatted {}", escape::value(&name)));
                }
            }
        } else {
            let mut out = stdout.lock();
            if let Err(e) = out
                .write_all(formatted.as_bytes())
                .and_then(|()| out.flush())
            {
                if e.kind() == std::io::ErrorKind::BrokenPipe {
                    // The reader went away (`| head`): nothing more to say.
                    return status;
                }
                note(&format!("error: cannot write to standard output: {e}"));
                status = status.max(EXIT_ERROR);
            }
        }
    }
    status
}

/// `before` → `after` as a unified diff with three lines of context, the file named `a/NAME`
/// and `b/NAME` like git does. On a terminal, control characters are shown as visible ones
/// (same length); piped, the diff is exact so that `patch` applies it.
fn unified_diff(name: &str, before: &str, after: &str) -> String {
    let diff = similar::TextDiff::configure()
        // Myers is O(N·D): a wholly rewritten multi-megabyte file must not stall the command.
        .timeout(std::time::Duration::from_secs(5))
        .diff_lines(before, after);
    let patch = diff
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string();
    if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        escape::same_length(&patch).into_owned()
    } else {
        patch
    }
}

enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    fn display_name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_owned(),
            Input::File(p) => p.display().to_string(),
        }
    }

    fn read(&self) -> std::io::Result<Vec<u8>> {
        match self {
            Input::Stdin => {
                let mut buf = Vec::new();
                std::io::stdin().lock().read_to_end(&mut buf)?;
                Ok(buf)
            }
            Input::File(p) => std::fs::read(p),
        }
    }
}

/// Why some bytes could not be formatted, located.
#[derive(Debug)]
struct Failure {
    /// The diagnostic code: `flow_dsl::fmt::invalid_json`, `…::duplicate_key`, `…::inexact_number`.
    code: &'static str,
    /// Byte offset of the problem.
    offset: usize,
    /// 1-based line.
    line: usize,
    /// What went wrong.
    message: String,
    /// The JSON path reached, when known.
    path: Option<String>,
    /// How to fix it.
    help: String,
}

fn format_bytes(bytes: &[u8], compact: bool) -> Result<String, Failure> {
    let text = crate::decode::decode(bytes).map_err(|d| Failure {
        code: "flow_dsl::fmt::invalid_json",
        offset: d.offset,
        line: d.parse.line,
        message: d.parse.message,
        path: None,
        help: d.help.to_owned(),
    })?;
    format_str(text, compact).map_err(|e| {
        let mut offset = offset_of(text, e.line, e.column);
        if e.message.contains("trailing comma") {
            // serde_json stops at the closing bracket; underline the comma itself.
            let before = text[..offset].trim_end();
            if before.ends_with(',') {
                offset = before.len() - 1;
            }
        }
        let line = LineCol::at(text.as_bytes(), offset).line as usize;
        Failure {
            code: match e.kind {
                ParseErrorKind::DuplicateKey => "flow_dsl::fmt::duplicate_key",
                ParseErrorKind::InexactNumber => "flow_dsl::fmt::inexact_number",
                _ => "flow_dsl::fmt::invalid_json",
            },
            offset,
            line,
            help: hint(&e),
            message: e.message,
            path: e.path,
        }
    })
}

/// What would fix a parse error, from its kind and serde_json's message.
pub(crate) fn hint(e: &ParseError) -> String {
    let m = e.message.as_str();
    match e.kind {
        ParseErrorKind::NotAnObject => {
            "a Flow JSON document is one object: {\"version\": \"7.3\", \"screens\": [...]}".into()
        }
        ParseErrorKind::DuplicateKey => "delete the occurrence you do not mean: JSON does not say \
                                          which one counts, so fmt will not choose"
            .into(),
        ParseErrorKind::InexactNumber => "write it as a string, or round it to at most 15 \
                                           significant digits: fmt will not change a value"
            .into(),
        ParseErrorKind::Eof if e.line <= 1 && e.column <= 1 => {
            "the input is empty: a Flow JSON document is one object, {\"version\": \"7.3\", \
             \"screens\": [...]}"
                .into()
        }
        ParseErrorKind::Eof => "the text ends too early: close every open string, `[` and `{` \
                                (or restore the missing end of the file)"
            .into(),
        ParseErrorKind::Syntax => {
            if m.contains("trailing comma") {
                "remove the comma before the closing bracket: JSON allows no trailing commas".into()
            } else if m.contains("key must be a string") {
                "property names must be in double quotes: \"name\": value".into()
            } else if m.contains("expected `,` or `}`") {
                "separate properties with a comma, or close the object with `}`".into()
            } else if m.contains("expected `,` or `]`") {
                "separate list items with a comma, or close the list with `]`".into()
            } else if m.contains("expected `:`") {
                "write a colon between a property name and its value".into()
            } else if m.contains("control character") {
                "strings cannot contain raw newlines or tabs: write them as \\n and \\t".into()
            } else if m.contains("surrogate") || m.contains("end of hex escape") {
                "\\uD800-\\uDBFF is the first half of a pair: follow it with a \\uDC00-\\uDFFF \
                 escape, or write the character itself"
                    .into()
            } else if m.contains("recursion limit") {
                "the document nests over 128 levels deep, which no Flow needs: look for a `[` or \
                 `{` that is never closed"
                    .into()
            } else if m.contains("escape") {
                "inside strings only \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX escapes are \
                 allowed"
                    .into()
            } else if m.contains("trailing characters") {
                "the document ended before this point: remove what follows it, or merge it into \
                 the document"
                    .into()
            } else if m.contains("expected value") || m.contains("expected ident") {
                "a value must be a string in double quotes, a number, true, false, null, an \
                 object or a list"
                    .into()
            } else if m.contains("number out of range") {
                "write the number with fewer digits, or as a string".into()
            } else {
                "fix the JSON syntax at the marked position".into()
            }
        }
    }
}

/// A failure as a miette diagnostic: the code says which kind (a key written twice is not
/// "invalid JSON"), the excerpt has the offending byte underlined.
#[derive(Debug, thiserror::Error)]
#[error("{location}: {message}{}", path.as_ref().map(|p| format!(" (in {p})")).unwrap_or_default())]
struct JsonDiagnostic {
    code: &'static str,
    location: String,
    message: String,
    path: Option<String>,
    help: String,
    src: Excerpt,
    span: (usize, usize),
}

impl Diagnostic for JsonDiagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(&self.help))
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.src)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            Some("here".to_owned()),
            self.span,
        ))))
    }
}

impl Failure {
    /// The report, rendered with miette: `file:line:column: message (in path)`, the excerpt
    /// with the offending byte underlined, and the hint.
    fn render(self, name: &str, bytes: &[u8]) -> String {
        let text = String::from_utf8_lossy(bytes);
        // The lossy text has the same bytes up to a UTF-8 error, so the offset stays valid.
        let offset = self.offset.min(text.len());
        let line_col = |o| LineCol::at(text.as_bytes(), o);
        let excerpt = Excerpt::around(name, &text, offset, &line_col);
        let column = line_col(offset).column;
        let diag = JsonDiagnostic {
            code: self.code,
            location: format!("{}:{}:{column}", escape::value(name), self.line),
            message: escape::value(&self.message).into_owned(),
            path: self.path.as_deref().map(escape::path),
            help: self.help,
            span: (offset - excerpt.start(), usize::from(offset < text.len())),
            src: excerpt,
        };
        let theme = if super::stderr_color() {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let mut out = String::new();
        if GraphicalReportHandler::new_themed(theme)
            .with_width(100)
            .render_report(&mut out, &diag)
            .is_err()
        {
            // Rendering cannot fail writing to a String; keep the located message regardless.
            out = format!("error: {diag}\n  help: {}\n", diag.help);
        }
        out
    }
}

/// Replaces `path` with `contents` atomically: a temporary file in the same directory, the
/// original's permissions, fsync, then rename over the original. A symlink is followed, so the
/// link stays a link and its target is rewritten.
fn write_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let permissions = std::fs::metadata(path)?.permissions();
    // Renaming over a file needs only a writable directory: ask like an editor would instead of
    // replacing a file its owner marked read-only.
    if permissions.readonly() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            "the file is read-only; make it writable first (chmod u+w) to let fmt rewrite it",
        ));
    }
    crate::atomic_file::replace(path, contents, crate::atomic_file::Durability::Sync)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggested_paths_paste_into_a_shell() {
        assert_eq!(shell_quoted("flows/a-1.json"), "flows/a-1.json");
        assert_eq!(shell_quoted("my flows/a.json"), "'my flows/a.json'");
        assert_eq!(shell_quoted("it's.json"), r"'it'\''s.json'");
        assert_eq!(shell_quoted("$HOME.json"), "'$HOME.json'");
    }

    #[test]
    fn offsets_follow_serde_json_positions() {
        let text = "{\n  \"a\": 1,\n  }";
        let e = FlowJson::from_str(text).unwrap_err();
        let off = offset_of(text, e.line, e.column);
        assert_eq!(&text[off..off + 1], "}", "{e:?}");
    }

    #[test]
    fn rendered_report_is_located() {
        let text = b"{\"version\": \"7.3\",\n \"screens\": [1,]}";
        let failure = format_bytes(text, false).unwrap_err();
        let out = failure.render("flow.json", text);
        assert!(out.contains("flow.json:2:15"), "{out}");
        assert!(out.contains("trailing comma"), "{out}");
        assert!(out.contains("remove the comma"), "{out}");
    }
}
