//! Validation state: the document, the effective version, options, and the findings so far.

use super::{Finding, Severity, ValidateOptions, Validation};
use crate::flow::FlowJson;
use crate::version::{LATEST_FLOW_VERSION, Version};
use std::collections::HashMap;

type FastHash = foldhash::fast::RandomState;

pub(crate) struct Cx<'a> {
    pub flow: &'a FlowJson,
    pub options: &'a ValidateOptions,
    /// The version rules are checked against: the declared one when it has the MAJOR.MINOR form,
    /// otherwise the latest (so an unknown version still gets every other check).
    pub version: Version,
    findings: Vec<Finding>,
    /// Findings kept so far, per code.
    kept: HashMap<&'static str, usize, FastHash>,
    /// Findings over a cap, per code in order of first drop: how many, the worst severity, and
    /// the path of the first one.
    dropped: Vec<Dropped>,
}

/// Findings of one code counted but not kept.
struct Dropped {
    code: &'static str,
    count: usize,
    severity: Severity,
    path: String,
}

impl<'a> Cx<'a> {
    pub fn new(flow: &'a FlowJson, options: &'a ValidateOptions) -> Self {
        let version = flow
            .version
            .as_ref()
            .and_then(|v| v.version())
            .filter(|v| *v >= crate::version::V2_1)
            .unwrap_or(LATEST_FLOW_VERSION);
        Self {
            flow,
            options,
            version,
            findings: Vec::new(),
            kept: HashMap::default(),
            dropped: Vec::new(),
        }
    }

    pub fn error(
        &mut self,
        code: &'static str,
        path: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.push(
            code,
            Severity::Error,
            false,
            path.into(),
            message.into(),
            Vec::new(),
        );
    }

    pub fn error_related(
        &mut self,
        code: &'static str,
        path: impl Into<String>,
        related: Vec<String>,
        message: impl Into<String>,
    ) {
        self.push(
            code,
            Severity::Error,
            false,
            path.into(),
            message.into(),
            related,
        );
    }

    pub fn warning(
        &mut self,
        code: &'static str,
        path: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.push(
            code,
            Severity::Warning,
            false,
            path.into(),
            message.into(),
            Vec::new(),
        );
    }

    /// A rule the spec marks UNCONFIRMED: a warning unless configured otherwise.
    pub fn unconfirmed(
        &mut self,
        code: &'static str,
        path: impl Into<String>,
        message: impl Into<String>,
    ) {
        let sev = if self.options.unconfirmed_as_errors {
            Severity::Error
        } else {
            Severity::Warning
        };
        self.push(
            code,
            sev,
            true,
            path.into(),
            format!(
                "{} (rule UNCONFIRMED by Meta's documentation)",
                message.into()
            ),
            Vec::new(),
        );
    }

    fn push(
        &mut self,
        code: &'static str,
        severity: Severity,
        unconfirmed: bool,
        path: String,
        message: String,
        related: Vec<String>,
    ) {
        if severity == Severity::Warning && self.options.ignore_warnings {
            return;
        }
        let kept = self.kept.entry(code).or_insert(0);
        let over_code = self
            .options
            .max_findings_per_code
            .is_some_and(|m| *kept >= m);
        let over_all = (self.options.max_findings).is_some_and(|m| self.findings.len() >= m);
        if over_code || over_all {
            match self.dropped.iter_mut().find(|d| d.code == code) {
                Some(d) => {
                    d.count += 1;
                    d.severity = d.severity.min(severity);
                }
                None => self.dropped.push(Dropped {
                    code,
                    count: 1,
                    severity,
                    path,
                }),
            }
            return;
        }
        *kept += 1;
        self.findings.push(Finding {
            code,
            severity,
            message,
            path,
            related,
            unconfirmed,
            more_like_this: 0,
        });
    }

    pub fn finish(mut self) -> Validation {
        let limits = match (
            self.options.max_findings_per_code,
            self.options.max_findings,
        ) {
            (Some(c), Some(a)) => format!("the first {c} of each code, {a} in all"),
            (Some(c), None) => format!("the first {c} of each code"),
            (None, Some(a)) => format!("the first {a}"),
            (None, None) => String::new(),
        };
        for d in std::mem::take(&mut self.dropped) {
            self.findings.push(Finding {
                code: d.code,
                severity: d.severity,
                message: format!(
                    "{} more {} like this, not shown (the report keeps {limits}); fix these \
                     first, or raise the limits (`flow-dsl validate --max-findings`, \
                     ValidateOptions::max_findings_per_code)",
                    d.count,
                    if d.count == 1 { "finding" } else { "findings" },
                ),
                path: d.path,
                related: Vec::new(),
                unconfirmed: false,
                more_like_this: d.count,
            });
        }
        Validation {
            findings: self.findings,
        }
    }
}
