//! The deploy manifest: a small JSON file listing the flows of a project.
//!
//! ```json
//! {
//!   "flows": [
//!     { "name": "survey",  "file": "flows/survey.json",  "categories": ["SURVEY"] },
//!     { "name": "loan",    "file": "flows/loan.json",    "categories": ["LEAD_GENERATION"],
//!       "endpoint_uri": "https://example.com/flows/loan" }
//!   ]
//! }
//! ```
//!
//! Categories are Meta's names in any case (`sign-up`, `SIGN_UP`); a name that is not one of
//! them is refused here, with the closest one, rather than by Meta at create (error 100).
//! An endpoint flow (one with `data_api_version`) needs `endpoint_uri`; without it the plan
//! stops (`FLOWDSL_ENDPOINT_URI_MISSING`) instead of Meta refusing the publish (139002).
//!
//! JSON rather than TOML: it needs no extra parser and is the format every other file of a
//! flow project already uses. `file` is relative to the manifest's directory; `name` defaults
//! to the file stem; `categories` to `["OTHER"]`. Unknown keys are refused, so a typo such as
//! `"categorie"` is an error rather than a silently ignored setting.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{DeployError, FlowSource};
use crate::api::Category;

/// A parsed manifest.
///
/// ```
/// use flow_dsl::deploy::Manifest;
/// let m = Manifest::parse(r#"{"flows":[{"file":"a.json","categories":["SURVEY"]}]}"#).unwrap();
/// assert_eq!(m.flows[0].file.to_str(), Some("a.json"));
/// assert!(Manifest::parse(r#"{"flows":[{"file":"a.json","categorie":["SURVEY"]}]}"#).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The flows, in deploy order.
    pub flows: Vec<ManifestFlow>,
}

/// One entry of a [`Manifest`].
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestFlow {
    /// Logical name; defaults to the file stem.
    #[serde(default)]
    pub name: Option<String>,
    /// The flow.json file, relative to the manifest.
    pub file: PathBuf,
    /// Categories (Meta's names, e.g. `SIGN_UP`; any case, `-` for `_`). A typo is refused
    /// with the closest name, at its line and column.
    #[serde(default, deserialize_with = "strict_categories")]
    pub categories: Vec<Category>,
    /// Data-exchange endpoint URI.
    #[serde(default)]
    pub endpoint_uri: Option<String>,
    /// Meta app id connected to the flow (`application_id`, seeds 000 and 001).
    #[serde(default)]
    pub application_id: Option<String>,
    /// Create the flow as a copy of this flow id (`clone_flow_id`, seeds 000, 002, 004).
    #[serde(default)]
    pub clone_flow_id: Option<String>,
    /// The flow's previous logical name: it is renamed in place (one metadata update), never
    /// created twice.
    #[serde(default)]
    pub renamed_from: Option<String>,
}

/// Categories as a person writes them: [`Category::parse`], not the lenient reading of API
/// responses.
fn strict_categories<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Category>, D::Error> {
    let names = Vec::<String>::deserialize(d)?;
    names
        .iter()
        .map(|n| Category::parse(n).map_err(serde::de::Error::custom))
        .collect()
}

impl Manifest {
    /// Parses manifest text.
    pub fn parse(text: &str) -> Result<Self, String> {
        let m: Manifest = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let mut seen = std::collections::HashSet::new();
        for f in &m.flows {
            let name = f
                .name
                .clone()
                .or_else(|| {
                    f.file
                        .file_stem()
                        .and_then(|s| s.to_str())
                        .map(str::to_owned)
                })
                .unwrap_or_default();
            if !seen.insert(name.clone()) {
                return Err(format!("flow name {name:?} appears twice"));
            }
        }
        Ok(m)
    }

    /// Reads a manifest and every flow file it lists.
    ///
    /// ```no_run
    /// let flows = flow_dsl::deploy::Manifest::load("flows.json")?;
    /// # Ok::<(), flow_dsl::deploy::DeployError>(())
    /// ```
    pub fn load(path: impl AsRef<Path>) -> Result<Vec<FlowSource>, DeployError> {
        let path = path.as_ref();
        let input = |reason: String| DeployError::Input {
            path: path.to_owned(),
            reason,
        };
        let text = std::fs::read_to_string(path).map_err(|e| input(e.to_string()))?;
        let manifest = Self::parse(&text).map_err(input)?;
        let dir = path.parent().unwrap_or(Path::new("."));
        manifest
            .flows
            .into_iter()
            .map(|f| {
                let mut src = FlowSource::from_file(dir.join(&f.file), f.name, f.categories)?;
                src.endpoint_uri = f.endpoint_uri;
                src.application_id = f.application_id;
                src.clone_flow_id = f.clone_flow_id;
                src.renamed_from = f.renamed_from;
                Ok(src)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_are_spelled_like_the_cli_flag() {
        let dir = tempfile::tempdir().unwrap();
        let flow = r#"{"version": "7.3", "screens": []}"#;
        std::fs::write(dir.path().join("a.json"), flow).unwrap();
        let manifest = dir.path().join("flows.json");
        std::fs::write(
            &manifest,
            r#"{"flows": [{"file": "a.json", "categories": ["sign_up", " Survey "]}]}"#,
        )
        .unwrap();
        let sources = Manifest::load(&manifest).unwrap();
        assert_eq!(sources[0].categories, [Category::SignUp, Category::Survey]);
    }

    #[test]
    fn a_category_typo_is_refused_where_it_is_written() {
        let e = Manifest::parse(
            "{\"flows\": [\n  {\"file\": \"a.json\", \"categories\": [\"SURVY\"]}]}",
        )
        .unwrap_err();
        assert!(e.contains("did you mean `SURVEY`?"), "{e}");
        assert!(e.contains("line 2"), "{e}");
    }
}
