//! What the Flows API needs beside the Flow JSON to publish a flow (spec §G.1, §G.3).

use crate::FlowJson;
use crate::version::V3_0;

impl FlowJson {
    /// Whether publishing this flow needs an `endpoint_uri` set through the Flows API: it is an
    /// endpoint flow (`data_api_version` is set) of Flow JSON 3.0 or later, where
    /// `data_channel_uri` no longer exists. Without it Meta refuses the publish (`139002`).
    ///
    /// ```
    /// use flow_model::FlowJson;
    /// let endpoint = FlowJson::from_str(r#"{"version":"7.3","data_api_version":"3.0","screens":[]}"#).unwrap();
    /// assert!(endpoint.needs_endpoint_uri());
    /// let plain = FlowJson::from_str(r#"{"version":"7.3","screens":[]}"#).unwrap();
    /// assert!(!plain.needs_endpoint_uri());
    /// let old = FlowJson::from_str(r#"{"version":"2.1","data_api_version":"3.0","data_channel_uri":"https://x.example","screens":[]}"#).unwrap();
    /// assert!(!old.needs_endpoint_uri());
    /// ```
    pub fn needs_endpoint_uri(&self) -> bool {
        self.data_api_version.is_some()
            && self
                .version
                .as_ref()
                .and_then(|v| v.version())
                .is_none_or(|v| v >= V3_0)
    }
}
