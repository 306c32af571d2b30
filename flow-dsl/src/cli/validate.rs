//! `flow-dsl validate [--format human|json] [--category C]... [--watch] PATH...`: Meta's rules,
//! locally, all findings at once.
//!
//! The report goes to standard output (`> report.txt` keeps it); problems with the tool itself
//! (an unreadable file, standard input named twice) go to standard error. Directories are
//! searched recursively for `*.json`. Everything printed for humans passes through
//! one escaping helper (`cli::escape`): a flow cannot drive the terminal.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use flow_model::validate::{
    DEFAULT_MAX_FINDINGS_PER_CODE, Finding, Severity, ValidateOptions, validate_categories_with,
    validate_str_with,
};
use flow_model::{LineCol, ParseError, SourceMap, ValidationError};
use miette::{Diagnostic, GraphicalReportHandler, LabeledSpan};

use super::escape;
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
#[derive(Debug, Clone, clap::Args)]
pub struct ValidateArgs {
    /// Flow JSON files, or directories searched recursively for `*.json` (`-` reads standard
    /// input).
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
    /// Findings shown per code and file (ten times as many in all); past it one finding says
    /// how many more there are. 0 shows every finding.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_FINDINGS_PER_CODE)]
    pub max_findings: usize,
    /// Validate again whenever a file changes (polling), until interrupted.
    #[arg(long)]
    pub watch: bool,
}

/// The outcome for one file.
#[derive(Debug, serde::Serialize)]
struct FileReport {
    file: String,
    validation_errors: Vec<ValidationError>,
    warnings: Vec<ValidationError>,
}

/// Runs the command. Exit 0 without errors (warnings allowed), 1 with errors, 2 when a file
/// cannot be read or is not JSON. With `--watch`, runs until interrupted.
pub fn run(args: ValidateArgs) -> ExitCode {
    if args.files.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        note("error: standard input (`-`) can be read only once");
        return ExitCode::from(EXIT_ERROR);
    }
    if args.watch {
        if args.files.iter().any(|p| p.as_os_str() == "-") {
            note("error: --watch needs files: standard input cannot change");
            return ExitCode::from(EXIT_ERROR);
        }
        return super::watch::watch(&args.files, || run_once(&args));
    }
    ExitCode::from(run_once(&args))
}

/// Totals over the files of one run.
#[derive(Default)]
struct Totals {
    files: usize,
    errors: usize,
    warnings: usize,
    not_json: usize,
}

/// One validation of every file; the exit code.
fn run_once(args: &ValidateArgs) -> u8 {
    let options = ValidateOptions {
        unconfirmed_as_errors: args.strict,
        ignore_warnings: args.no_warnings,
        max_findings_per_code: (args.max_findings > 0).then_some(args.max_findings),
        max_findings: (args.max_findings > 0).then(|| args.max_findings.saturating_mul(10)),
        ..Default::default()
    };
    let (files, mut worst) = match expand(&args.files) {
        Ok(f) => (f, EXIT_OK),
        Err((f, code)) => (f, code),
    };
    let mut reports = Vec::new();
    let mut totals = Totals::default();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    // A closed standard output (`| head`) ends the report, not the process with a panic.
    let mut say = |text: &str| {
        let _ = writeln!(out, "{text}");
    };
    for path in &files {
        let name = display_name(path);
        let bytes = match read(path) {
            Ok(b) => b,
            Err(e) => {
                worst = EXIT_ERROR;
                let msg = format!("cannot read {name}: {e}");
                match args.format {
                    Format::Human => note(&format!("error: {}", escape::value(&msg))),
                    Format::Json => reports.push(FileReport {
                        file: name,
                        validation_errors: vec![ValidationError::new(UNREADABLE_FILE, msg, "")],
                        warnings: Vec::new(),
                    }),
                }
                continue;
            }
        };
        totals.files += 1;
        let text = match crate::decode::decode(&bytes) {
            Ok(t) => t,
            Err(d) => {
                worst = EXIT_ERROR;
                totals.not_json += 1;
                match args.format {
                    Format::Human => {
                        // The lossy text has the same bytes up to the error, so it locates it.
                        let shown = String::from_utf8_lossy(&bytes);
                        say(&render_parse_error(&name, &shown, &d.parse, d.help));
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
                totals.not_json += 1;
                match args.format {
                    Format::Human => {
                        let help = parse_help(&parse);
                        say(&render_parse_error(&name, text, &parse, &help));
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
                let count = |sev| {
                    v.findings
                        .iter()
                        .filter(|f| f.severity == sev)
                        .map(|f| f.more_like_this.max(1))
                        .sum::<usize>()
                };
                let (e, w) = (count(Severity::Error), count(Severity::Warning));
                totals.errors += e;
                totals.warnings += w;
                match args.format {
                    Format::Human => {
                        // One index of the text for every finding: locating stays linear.
                        if let Some(map) = v.source_map(text) {
                            for f in &v.findings {
                                say(&render_finding(&name, text, &map, f));
                            }
                        }
                        say(&format!(
                            "{}: {e} error{}, {w} warning{}",
                            escape::value(&name),
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
                    say(&escape::value(&format!("--category: {f}")));
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
    match args.format {
        Format::Json => {
            let text = serde_json::to_string_pretty(&reports).expect("reports serialize");
            say(&escape::json(&text));
        }
        Format::Human if files.len() > 1 => {
            let not_json = if totals.not_json > 0 {
                format!(
                    " ({} file{} not valid JSON)",
                    totals.not_json,
                    plural(totals.not_json)
                )
            } else {
                String::new()
            };
            say(&format!(
                "total: {} file{}, {} error{}, {} warning{}{not_json}",
                totals.files,
                plural(totals.files),
                totals.errors,
                plural(totals.errors),
                totals.warnings,
                plural(totals.warnings),
            ));
        }
        Format::Human => {}
    }
    worst
}

/// The files named, with directories replaced by the `*.json` files under them (sorted). On a
/// directory without any, or a path that does not exist, the error is reported and the rest
/// still returned, with the exit code to give.
fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, (Vec<PathBuf>, u8)> {
    let mut out = Vec::new();
    let mut failed = false;
    for p in paths {
        if p.as_os_str() != "-" && p.is_dir() {
            let mut found = Vec::new();
            if let Err(e) = json_files_under(p, &mut found) {
                note(&format!(
                    "error: cannot read directory {}: {e}",
                    escape::value(&p.display().to_string())
                ));
                failed = true;
            } else if found.is_empty() {
                note(&format!(
                    "error: no *.json file under {}",
                    escape::value(&p.display().to_string())
                ));
                failed = true;
            }
            found.sort();
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    if failed {
        Err((out, EXIT_ERROR))
    } else {
        Ok(out)
    }
}

/// Every `*.json` file under `dir`, recursively (symbolic links to directories are not
/// followed, so a link loop cannot hang the walk).
pub(super) fn json_files_under(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            json_files_under(&path, out)?;
        } else if path.extension().is_some_and(|x| x == "json") && !kind.is_dir() {
            out.push(path);
        }
    }
    Ok(())
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
    let handler = GraphicalReportHandler::new_themed(if super::stdout_color() {
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
    let src = Excerpt::covering(name, text, lo, hi, &|o| map.line_col(o));
    let mut labels = Vec::new();
    if primary.is_some() {
        labels.push(LabeledSpan::new_primary_with_span(
            Some(escape::path(&f.path)),
            (start - src.start(), len),
        ));
    }
    let mut elsewhere = Vec::new();
    for (r, s, l) in related {
        if src.contains(s, s + l) {
            labels.push(LabeledSpan::new_with_span(
                Some(format!("see {}", escape::path(r))),
                (s - src.start(), l),
            ));
        } else {
            let at = map.line_col(s);
            elsewhere.push(format!(
                "{} (line {}, column {})",
                escape::path(r),
                at.line,
                at.column
            ));
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
        message: escape::value(&f.message).into_owned(),
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
    let src = Excerpt::around(name, text, offset, &|o| LineCol::at(text.as_bytes(), o));
    let at = offset - src.start();
    let report = Report {
        message: format!("not valid JSON: {}", escape::value(&e.message)),
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
        Some(p) => format!("the problem is inside {}; {hint}", escape::path(p)),
        None => hint,
    }
}
