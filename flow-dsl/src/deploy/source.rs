//! What gets deployed: [`FlowSource`] (shared with build.rs assets), read from a file here.

use std::path::Path;

use super::DeployError;
use crate::api::Category;

pub use crate::source::{FlowDocument, FlowSource, RustOrigins};

impl FlowSource {
    /// A flow read from a `flow.json` file. The name defaults to the file stem.
    ///
    /// ```no_run
    /// use flow_dsl::deploy::FlowSource;
    /// let src = FlowSource::from_file("flows/survey.json", None, [])?;
    /// assert_eq!(src.name, "survey");
    /// # Ok::<(), flow_dsl::deploy::DeployError>(())
    /// ```
    pub fn from_file(
        path: impl AsRef<Path>,
        name: Option<String>,
        categories: impl IntoIterator<Item = Category>,
    ) -> Result<Self, DeployError> {
        let path = path.as_ref();
        let input = |reason: String| DeployError::Input {
            path: path.to_owned(),
            reason,
        };
        let bytes = std::fs::read(path).map_err(|e| input(e.to_string()))?;
        let json = crate::decode::decode(&bytes)
            .map_err(|d| input(format!("{}: {}", d.parse, d.help)))?
            .to_owned();
        let name = match name {
            Some(n) => n,
            None => path
                .file_stem()
                .and_then(|s| s.to_str())
                .filter(|s| !s.is_empty())
                .ok_or_else(|| {
                    input(
                        "cannot derive a flow name from the file name; name it in a manifest"
                            .into(),
                    )
                })?
                .to_owned(),
        };
        let mut src = Self::from_text(name, json, categories);
        src.origin = Some(path.to_owned());
        Ok(src)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason_for(bytes: &[u8]) -> String {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("survey.json");
        std::fs::write(&path, bytes).expect("write");
        match FlowSource::from_file(&path, None, []) {
            Err(DeployError::Input { path: p, reason }) => {
                assert_eq!(p, path);
                reason
            }
            other => panic!("expected an input error, got {other:?}"),
        }
    }

    #[test]
    fn a_file_that_is_not_json_text_says_where_and_how_to_fix_it() {
        let bom = reason_for(b"\xEF\xBB\xBF{\"version\": \"7.3\", \"screens\": []}");
        assert!(
            bom.contains("byte order mark") && bom.contains("line 1, column 1"),
            "{bom}"
        );
        let latin1 = reason_for(b"{\"version\": \"7.3\",\n\"screens\": [{\"id\": \"\xC9\"}]}");
        assert!(
            latin1.contains("not valid UTF-8 at line 2, column 21"),
            "{latin1}"
        );
        assert!(latin1.contains("iconv"), "{latin1}");
    }

    #[test]
    fn a_utf8_file_is_read_and_named_after_its_stem() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("survey.json");
        std::fs::write(&path, "{\"version\": \"7.3\", \"screens\": []}").expect("write");
        let src = FlowSource::from_file(&path, None, []).expect("readable");
        assert_eq!(src.name, "survey");
        assert_eq!(src.origin.as_deref(), Some(path.as_path()));
    }
}
