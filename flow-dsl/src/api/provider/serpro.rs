//! SERPRO (seed 000): `/waba/{wabaId}/flows...`, bearer token (direct or OAuth2 client
//! credentials). Metadata update is `PUT`; the Flow JSON is read and written at `json-asset`;
//! no JSON at create time. Errors are expected in Graph's envelope (SERPRO proxies Meta); any
//! other body is kept raw in [`ApiError::Http`].

use flow_model::ValidationError;
use reqwest::Method;
use serde_json::Value;

use super::*;
use crate::api::transport::Req;

#[derive(Debug)]
pub(crate) struct Serpro {
    pub waba_id: String,
}

const P: Provider = Provider::Serpro;

/// Seed 000: "Por padrão ele retornará os campos id, name, status, categories, endpoint_uri,
/// preview e validation_errors" — and no way to ask for others.
pub(crate) const FIELDS: &[FlowField] = &[
    FlowField::Id,
    FlowField::Name,
    FlowField::Status,
    FlowField::Categories,
    FlowField::EndpointUri,
    FlowField::Preview { invalidate: None },
    FlowField::ValidationErrors,
];

impl Serpro {
    fn url(&self, t: &Transport, template: &str, flow_id: &str) -> Result<url::Url, ApiError> {
        t.url(template, &[("waba", &self.waba_id), ("flow", flow_id)])
    }
}

impl Backend for Serpro {
    const PROVIDER: Provider = P;

    async fn create_flow(&self, t: &Transport, req: &CreateFlow) -> Result<CreatedFlow, ApiError> {
        if req.flow_json.is_some() || req.publish {
            return Err(unsupported(
                P,
                "create_flow with flow_json or publish (create, then upload_flow_json)",
            ));
        }
        check_create(req, true)?;
        let body = create_body(req);
        let url = self.url(t, "/waba/{waba}/flows", "-")?;
        let (resp, v) = graph_call(
            t,
            Req::new("create_flow", Method::POST, url)
                .json(Value::Object(body))
                .idempotent(false),
        )
        .await?;
        decode(P, "create_flow", &resp, v)
    }

    async fn update_metadata(
        &self,
        t: &Transport,
        flow_id: &str,
        upd: &UpdateMetadata,
    ) -> Result<(), ApiError> {
        let url = self.url(t, "/waba/{waba}/flows/{flow}", flow_id)?;
        graph_call(
            t,
            Req::new("update_metadata", Method::PUT, url).json(upd.to_json()?),
        )
        .await
        .map(drop)
    }

    async fn upload_flow_json(
        &self,
        t: &Transport,
        flow_id: &str,
        json: &str,
    ) -> Result<Vec<ValidationError>, ApiError> {
        check_flow_json(json)?;
        let url = self.url(t, "/waba/{waba}/flows/{flow}/json-asset", flow_id)?;
        let req = Req::new("upload_flow_json", Method::PUT, url)
            .multipart(meta::flow_json_multipart(json));
        let (resp, v) = graph_call(t, req).await?;
        validation_errors_in(P, "upload_flow_json", &resp, &v)
    }

    async fn download_flow_json(&self, t: &Transport, flow_id: &str) -> Result<String, ApiError> {
        let url = self.url(t, "/waba/{waba}/flows/{flow}/json-asset", flow_id)?;
        let req = Req::new("download_flow_json", Method::GET, url);
        let resp = t.execute(&req).await?;
        graph_json(P, req.operation, &resp)?;
        String::from_utf8(resp.body.to_vec())
            .map_err(|e| resp.decode_error(P, "download_flow_json", e.to_string()))
    }

    async fn publish(&self, t: &Transport, flow_id: &str) -> Result<(), ApiError> {
        let url = self.url(t, "/waba/{waba}/flows/{flow}/publish", flow_id)?;
        graph_call(t, Req::new("publish", Method::POST, url).idempotent(true))
            .await
            .map(drop)
    }

    async fn deprecate(&self, t: &Transport, flow_id: &str) -> Result<(), ApiError> {
        let url = self.url(t, "/waba/{waba}/flows/{flow}/deprecate", flow_id)?;
        graph_call(t, Req::new("deprecate", Method::POST, url).idempotent(true))
            .await
            .map(drop)
    }

    async fn delete_flow(&self, t: &Transport, flow_id: &str) -> Result<(), ApiError> {
        let url = self.url(t, "/waba/{waba}/flows/{flow}", flow_id)?;
        graph_call(t, Req::new("delete_flow", Method::DELETE, url))
            .await
            .map(drop)
    }

    /// SERPRO documents no field selection: it answers id, name, status, categories,
    /// endpoint_uri, preview and validation_errors. Other fields are refused.
    async fn get_flow(
        &self,
        t: &Transport,
        flow_id: &str,
        fields: &[FlowField],
    ) -> Result<Flow, ApiError> {
        if let Some(f) = fields.iter().find(|f| !FIELDS.contains(f)) {
            return Err(unsupported(
                P,
                format!("get_flow with field {}", f.to_expr()),
            ));
        }
        let url = self.url(t, "/waba/{waba}/flows/{flow}", flow_id)?;
        let (resp, v) = graph_call(t, Req::new("get_flow", Method::GET, url)).await?;
        decode(P, "get_flow", &resp, v)
    }

    async fn list_flows(&self, t: &Transport, page: &ListFlows) -> Result<Page<Flow>, ApiError> {
        let url = self.url(t, "/waba/{waba}/flows", "-")?;
        let mut req = Req::new("list_flows", Method::GET, url);
        // Seed 000 documents no parameter for the list: `limit` (a page-size hint) is not
        // sent; Graph's cursors are passed through only when a previous page returned one.
        if let Some(a) = &page.after {
            req = req.query("after", a.clone());
        }
        if let Some(b) = &page.before {
            req = req.query("before", b.clone());
        }
        let (resp, v) = graph_call(t, req).await?;
        page_of(P, "list_flows", &resp, v)
    }
}
