//! `flow-dsl validate [--format human|json] [--category C]... FILE...`: Meta's rules, locally,
//! all findings at once.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use flow_model::validate::{
    Finding, Severity, ValidateOptions, validate_categories_with, validate_str_with,
};
use flow_model::{ParseError, SourceMap, ValidationError};
use miette::{Diagnostic, GraphicalReportHandler, LabeledSpan};

use super::excerpt::{Excerpt, offset_of};
use super::target::note;

use super::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};

/// The code of a file that cannot be read: the CLI's own, since no document reached the
/// validator.
const UNREADABLE_FILE: &str = "FLOWDSL_UNREADABLE_FILE";

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Source snippets with the offending value underlined.
    Human,
    /// `[{"file", "validation_errors": [...], "warnings": [...]}]` in Meta's shape.
    Json,
}

/// Arguments of `flow-dsl validate`.
#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// Flow JSON files (`-` reads standard input).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Report rules the spec marks UNCONFIRMED as errors instead of warnings.
    #[arg(long)]
    pub strict: bool,
    /// Do not report warnings.
    #[arg(long)]
    pub no_warnings: bool,
    /// Also check the categories the flow will be created with (repeatable; spelled as for
    /// `deploy --category`: `survey` means `SURVEY`), against flow-model's table.
    #[arg(long = "category", value_name = "CATEGORY")]
    pub categories: Vec<String>,
}

/// The outcome for one file.
#[derive(Debug, serde::Serialize)]
struct FileReport {
    file: String,
    validation_errors: Vec<ValidationError>,
    warnings: Vec<ValidationError>,
}

/// Runs the command. Exit 0 without errors (warnings allowed), 1 with errors, 2 when a file
/// cannot be read or is not JSON.
pub fn run(args: ValidateArgs) -> ExitCode {
    let options = ValidateOptions {
        unconfirmed_as_errors: args.strict,
        ignore_warnings: args.no_warnings,
        ..Default::default()
    };
    if args.files.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        note("error: standard input (`-`) can be read only once");
        return ExitCode::from(EXIT_ERROR);
    }
    let mut worst = EXIT_OK;
    let mut reports = Vec::new();
    for path in &args.files {
        let name = display_name(path);
        let bytes = match read(path) {
            Ok(b) => b,
            Err(e) => {
                worst = EXIT_ERROR;
                let msg = format!("cannot read {name}: {e}");
                match args.format {
                    Format::Human => note(&format!("error: {msg}")),
                    Format::Json => reports.push(FileReport {
                        file: name,
                        validation_errors: vec![ValidationError::new(UNREADABLE_FILE, msg, "")],
                        warnings: Vec::new(),
                    }),
                }
                continue;
            }
        };
        let text = match crate::decode::decode(&bytes) {
            Ok(t) => t,
            Err(d) => {
                worst = EXIT_ERROR;
                match args.format {
                    Format::Human => {
                        // The lossy text has the same bytes up to the error, so it locates it.
                        let shown = String::from_utf8_lossy(&bytes);
                        note(&render_parse_error(&name, &shown, &d.parse, d.help));
                    }
                    Format::Json => reports.push(FileReport {
                        file: name,
                        validation_errors: vec![d.parse.to_validation_error()],
                        warnings: Vec::new(),
                    }),
                }
                continue;
            }
        };
        match validate_str_with(text, &options) {
            Err(parse) => {
                worst = EXIT_ERROR;
                match args.format {
                    Format::Human => {
                        let help = parse_help(&parse);
                        note(&render_parse_error(&name, text, &parse, &help));
                    }
                    Format::Json => reports.push(FileReport {
                        file: name,
                        validation_errors: vec![parse.to_validation_error()],
                        warnings: Vec::new(),
                    }),
                }
            }
            Ok(v) => {
                if v.has_errors() {
                    worst = worst.max(EXIT_FINDINGS);
                }
                match args.format {
                    Format::Human => {
                        let map = SourceMap::new(text);
                        for f in &v.findings {
                            note(&render_finding(&name, text, &map, f));
                        }
                        let (e, w) = (v.errors().count(), v.warnings().count());
                        note(&format!(
                            "{name}: {e} error{}, {w} warning{}",
                            plural(e),
                            plural(w)
                        ));
                    }
                    Format::Json => {
                        let (validation_errors, warnings) = v.split_validation_errors(Some(text));
                        reports.push(FileReport {
                            file: name,
                            validation_errors,
                            warnings,
                        });
                    }
                }
            }
        }
    }
    if !args.categories.is_empty() {
        let names: Vec<String> = args
            .categories
            .iter()
            .map(|c| c.trim().to_ascii_uppercase())
            .collect();
        let v = validate_categories_with(&names, &options);
        if v.has_errors() {
            worst = worst.max(EXIT_FINDINGS);
        }
        match args.format {
            Format::Human => {
                for f in &v.findings {
                    note(&format!("--category: {f}"));
                }
            }
            Format::Json => {
                let (validation_errors, warnings) = v.split_validation_errors(None);
                reports.push(FileReport {
                    file: "--category".to_owned(),
                    validation_errors,
                    warnings,
                });
            }
        }
    }
    if args.format == Format::Json {
        super::target::out(&serde_json::to_string_pretty(&reports).expect("reports serialize"));
    }
    ExitCode::from(worst)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn display_name(path: &Path) -> String {
    if path == Path::new("-") {
        "<stdin>".to_owned()
    } else {
        path.display().to_string()
    }
}

/// The raw bytes: decoding is [`crate::decode`]'s job, so that bad text gets a location.
fn read(path: &Path) -> std::io::Result<Vec<u8>> {
    if path == Path::new("-") {
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut b)?;
        Ok(b)
    } else {
        std::fs::read(path)
    }
}

/// One finding as a miette diagnostic over the file's text.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
struct Report {
    message: String,
    code: String,
    severity: miette::Severity,
    help: Option<String>,
    src: Excerpt,
    labels: Vec<LabeledSpan>,
}

impl Diagnostic for Report {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(&self.code))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.src)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}

fn render(report: &Report) -> String {
    let mut out = String::new();
    let handler = GraphicalReportHandler::new_themed(if super::stderr_color() {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    });
    if handler.render_report(&mut out, report).is_err() {
        out = format!("{}: {}", report.code, report.message);
    }
    out
}

/// The length of `start..end` cut to at most 200 bytes, on a character boundary.
fn clipped_len(text: &str, start: usize, end: usize) -> usize {
    let mut end = end.min(start + 200).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    end.saturating_sub(start)
}

/// How much of the file one finding's report may show to underline its related values too.
const MAX_SHARED_EXCERPT: usize = 2048;

fn render_finding(name: &str, text: &str, map: &SourceMap<'_>, f: &Finding) -> String {
    // A whole screen or layout is too large to underline usefully: point at its start.
    let primary = map.span_or_ancestor(&f.path).map(|span| {
        let len = if span.end - span.start > 200 {
            1
        } else {
            span.end - span.start
        };
        (span.start, len)
    });
    let (start, len) = primary.unwrap_or((0, 0));
    // Related values close by share the excerpt; far ones (another screen, or anywhere on a
    // minified line) are named in the help with their line, so the report stays small.
    let related: Vec<(&String, usize, usize)> = f
        .related
        .iter()
        .filter_map(|r| {
            map.span(r)
                .map(|s| (r, s.start, clipped_len(text, s.start, s.end)))
        })
        .collect();
    let (mut lo, mut hi) = (start, start + len);
    for &(_, s, l) in &related {
        let (l2, h2) = (lo.min(s), hi.max(s + l));
        let lines = text.as_bytes()[l2..h2].iter().filter(|b| **b == b'\n');
        if h2 - l2 <= MAX_SHARED_EXCERPT && lines.count() <= 30 {
            (lo, hi) = (l2, h2);
        }
    }
    let src = Excerpt::covering(name, text, lo, hi);
    let mut labels = Vec::new();
    if primary.is_some() {
        labels.push(LabeledSpan::new_primary_with_span(
            Some(f.path.clone()),
            (start - src.start(), len),
        ));
    }
    let mut elsewhere = Vec::new();
    for (r, s, l) in related {
        if src.contains(s, s + l) {
            labels.push(LabeledSpan::new_with_span(
                Some(format!("see {r}")),
                (s - src.start(), l),
            ));
        } else {
            let at = map.line_col(s);
            elsewhere.push(format!("{r} (line {}, column {})", at.line, at.column));
        }
    }
    let mut help = Vec::new();
    if !elsewhere.is_empty() {
        help.push(format!("see {}", elsewhere.join(", ")));
    }
    if f.unconfirmed {
        help.push(
            "this rule is UNCONFIRMED in Meta's documentation; --strict makes it an error"
                .to_owned(),
        );
    }
    let report = Report {
        message: f.message.clone(),
        code: f.code.to_owned(),
        severity: match f.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        },
        help: (!help.is_empty()).then(|| help.join("\n")),
        src,
        labels,
    };
    render(&report)
}

fn render_parse_error(name: &str, text: &str, e: &ParseError, help: &str) -> String {
    let offset = offset_of(text, e.line, e.column);
    let src = Excerpt::around(name, text, offset);
    let at = offset - src.start();
    let report = Report {
        message: format!("not valid JSON: {}", e.message),
        code: flow_model::validate::codes::INVALID_FLOW_JSON.to_owned(),
        severity: miette::Severity::Error,
        help: Some(help.to_owned()),
        src,
        labels: vec![LabeledSpan::new_primary_with_span(
            Some(format!("line {}, column {}", e.line, e.column)),
            (at, 0),
        )],
    };
    render(&report)
}

/// The same advice `flow-dsl fmt` gives, with the JSON path when there is one.
fn parse_help(e: &ParseError) -> String {
    let hint = super::fmt::hint(e);
    match &e.path {
        Some(p) => format!("the problem is inside {p}; {hint}"),
        None => hint,
    }
}
