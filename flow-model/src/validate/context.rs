//! Validation state: the document, the effective version, options, and the findings so far.

use super::{Finding, Severity, ValidateOptions, Validation};
use crate::flow::FlowJson;
use crate::version::{LATEST_FLOW_VERSION, Version};

pub(crate) struct Cx<'a> {
    pub flow: &'a FlowJson,
    pub options: &'a ValidateOptions,
    /// The version rules are checked against: the declared one when it has the MAJOR.MINOR form,
    /// otherwise the latest (so an unknown version still gets every other check).
    pub version: Version,
    findings: Vec<Finding>,
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
        self.findings.push(Finding {
            code,
            severity,
            message,
            path,
            related,
            unconfirmed,
        });
    }

    pub fn finish(self) -> Validation {
        Validation {
            findings: self.findings,
        }
    }
}
