//! Meta Graph API: every endpoint of spec §G.1, sending (§G.5) and flow templates (§G.6).

use flow_model::ValidationError;
use reqwest::Method;
use serde_json::{Map, Value, json};

use super::*;
use crate::api::send::{SendFlow, SentMessage};
use crate::api::template::{CreatedTemplate, FlowTemplate, SendFlowTemplate};
use crate::api::transport::{Field, Req};

#[derive(Debug)]
pub(crate) struct Meta {
    pub waba_id: Option<String>,
    pub phone_number_id: Option<String>,
}

const P: Provider = Provider::Meta;

impl Meta {
    fn waba(&self) -> Result<&str, ApiError> {
        self.waba_id.as_deref().ok_or_else(|| {
            ApiError::InvalidRequest("this call needs the WABA id: MetaConfig::waba_id".into())
        })
    }
    fn phone(&self) -> Result<&str, ApiError> {
        self.phone_number_id.as_deref().ok_or_else(|| {
            ApiError::InvalidRequest(
                "this call needs the phone number id: MetaConfig::phone_number_id".into(),
            )
        })
    }
}

/// The three parts of a Graph asset upload: `file`, `name=flow.json`, `asset_type=FLOW_JSON`.
pub(crate) fn flow_json_multipart(json: &str) -> Vec<Field> {
    vec![
        Field::flow_json_file(json),
        Field::Text("name", "flow.json".into()),
        Field::Text("asset_type", "FLOW_JSON".into()),
    ]
}

impl Backend for Meta {
    const PROVIDER: Provider = P;

    async fn create_flow(&self, t: &Transport, req: &CreateFlow) -> Result<CreatedFlow, ApiError> {
        check_create(req, true)?;
        let body = create_body(req);
        let url = t.url("/{waba}/flows", &[("waba", self.waba()?)])?;
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
        let url = t.url("/{flow}", &[("flow", flow_id)])?;
        graph_call(
            t,
            Req::new("update_metadata", Method::POST, url)
                .json(upd.to_json()?)
                .idempotent(true),
        )
        .await?;
        Ok(())
    }

    async fn upload_flow_json(
        &self,
        t: &Transport,
        flow_id: &str,
        json: &str,
    ) -> Result<Vec<ValidationError>, ApiError> {
        check_flow_json(json)?;
        let url = t.url("/{flow}/assets", &[("flow", flow_id)])?;
        let req = Req::new("upload_flow_json", Method::POST, url)
            .multipart(flow_json_multipart(json))
            .idempotent(true);
        let (resp, v) = graph_call(t, req).await?;
        validation_errors_in(P, "upload_flow_json", &resp, &v)
    }

    async fn list_assets(&self, t: &Transport, flow_id: &str) -> Result<Vec<FlowAsset>, ApiError> {
        let url = t.url("/{flow}/assets", &[("flow", flow_id)])?;
        let (resp, v) = graph_call(
            t,
            Req::new("list_assets", Method::GET, url)
                .query("fields", "name,asset_type,download_url"),
        )
        .await?;
        Ok(page_of::<FlowAsset>(P, "list_assets", &resp, v)?.data)
    }

    async fn download_flow_json(&self, t: &Transport, flow_id: &str) -> Result<String, ApiError> {
        download_via_assets(t, self.list_assets(t, flow_id).await?).await
    }

    async fn publish(&self, t: &Transport, flow_id: &str) -> Result<(), ApiError> {
        let url = t.url("/{flow}/publish", &[("flow", flow_id)])?;
        graph_call(t, Req::new("publish", Method::POST, url).idempotent(true))
            .await
            .map(drop)
    }

    async fn deprecate(&self, t: &Transport, flow_id: &str) -> Result<(), ApiError> {
        let url = t.url("/{flow}/deprecate", &[("flow", flow_id)])?;
        graph_call(t, Req::new("deprecate", Method::POST, url).idempotent(true))
            .await
            .map(drop)
    }

    async fn delete_flow(&self, t: &Transport, flow_id: &str) -> Result<(), ApiError> {
        let url = t.url("/{flow}", &[("flow", flow_id)])?;
        graph_call(t, Req::new("delete_flow", Method::DELETE, url))
            .await
            .map(drop)
    }

    async fn get_flow(
        &self,
        t: &Transport,
        flow_id: &str,
        fields: &[FlowField],
    ) -> Result<Flow, ApiError> {
        let url = t.url("/{flow}", &[("flow", flow_id)])?;
        let mut req = Req::new("get_flow", Method::GET, url);
        if !fields.is_empty() {
            req = req.query("fields", fields_param(fields));
        }
        let (resp, v) = graph_call(t, req).await?;
        decode(P, "get_flow", &resp, v)
    }

    async fn list_flows(&self, t: &Transport, page: &ListFlows) -> Result<Page<Flow>, ApiError> {
        let url = t.url("/{waba}/flows", &[("waba", self.waba()?)])?;
        let mut req = Req::new("list_flows", Method::GET, url);
        if let Some(l) = page.limit {
            req = req.query("limit", l.to_string());
        }
        if let Some(a) = &page.after {
            req = req.query("after", a.clone());
        }
        if let Some(b) = &page.before {
            req = req.query("before", b.clone());
        }
        let (resp, v) = graph_call(t, req).await?;
        page_of(P, "list_flows", &resp, v)
    }

    async fn migrate_flows(
        &self,
        t: &Transport,
        req: &MigrateFlows,
    ) -> Result<MigrationResult, ApiError> {
        if req.source_waba_id.trim().is_empty() {
            return Err(ApiError::InvalidRequest(
                "migrate_flows needs source_waba_id".into(),
            ));
        }
        if req.source_flow_names.len() > 100 {
            return Err(ApiError::InvalidRequest(
                "migrate_flows takes at most 100 flow names".into(),
            ));
        }
        let mut form = vec![("source_waba_id".to_owned(), req.source_waba_id.clone())];
        if !req.source_flow_names.is_empty() {
            form.push((
                "source_flow_names".into(),
                Value::from(req.source_flow_names.clone()).to_string(),
            ));
        }
        let url = t.url("/{waba}/migrate_flows", &[("waba", self.waba()?)])?;
        let (resp, v) = graph_call(
            t,
            Req::new("migrate_flows", Method::POST, url)
                .form(form)
                .idempotent(false),
        )
        .await?;
        decode(P, "migrate_flows", &resp, v)
    }

    async fn metrics(
        &self,
        t: &Transport,
        flow_id: &str,
        q: &MetricsQuery,
    ) -> Result<FlowMetric, ApiError> {
        let url = t.url("/{flow}", &[("flow", flow_id)])?;
        let (resp, mut v) = graph_call(
            t,
            Req::new("metrics", Method::GET, url).query("fields", q.to_field()?),
        )
        .await?;
        let metric = v
            .get_mut("metric")
            .map(Value::take)
            .ok_or_else(|| resp.decode_error(P, "metrics", "no `metric` in the answer".into()))?;
        decode(P, "metrics", &resp, metric)
    }

    async fn get_business_public_key(&self, t: &Transport) -> Result<BusinessPublicKey, ApiError> {
        let url = t.url(
            "/{phone}/whatsapp_business_encryption",
            &[("phone", self.phone()?)],
        )?;
        let (resp, v) =
            graph_call(t, Req::new("get_business_public_key", Method::GET, url)).await?;
        // Documented flat; Graph edges usually answer {"data":[{...}]}: accept both.
        let obj = match v
            .get("data")
            .and_then(Value::as_array)
            .and_then(|a| a.first())
        {
            Some(first) => first.clone(),
            None => v,
        };
        decode(P, "get_business_public_key", &resp, obj)
    }

    async fn set_business_public_key(&self, t: &Transport, pem: &str) -> Result<(), ApiError> {
        if !pem.contains("-----BEGIN") {
            return Err(ApiError::InvalidRequest(
                "the business public key must be a PEM document".into(),
            ));
        }
        let url = t.url(
            "/{phone}/whatsapp_business_encryption",
            &[("phone", self.phone()?)],
        )?;
        let form = vec![("business_public_key".to_owned(), pem.to_owned())];
        graph_call(
            t,
            Req::new("set_business_public_key", Method::POST, url)
                .form(form)
                .idempotent(true),
        )
        .await
        .map(drop)
    }

    async fn send_flow(&self, t: &Transport, msg: &SendFlow) -> Result<SentMessage, ApiError> {
        let mut body = Map::new();
        body.insert("messaging_product".into(), "whatsapp".into());
        body.insert("recipient_type".into(), "individual".into());
        body.insert("to".into(), msg.to.as_str().into());
        body.insert("type".into(), "interactive".into());
        body.insert("interactive".into(), msg.interactive_json()?);
        let url = t.url("/{phone}/messages", &[("phone", self.phone()?)])?;
        let (_, v) = graph_call(
            t,
            Req::new("send_flow", Method::POST, url)
                .json(Value::Object(body))
                .idempotent(false),
        )
        .await?;
        Ok(SentMessage::from_value(v))
    }

    async fn create_flow_template(
        &self,
        t: &Transport,
        tpl: &FlowTemplate,
    ) -> Result<CreatedTemplate, ApiError> {
        let url = t.url("/{waba}/message_templates", &[("waba", self.waba()?)])?;
        let req = Req::new("create_flow_template", Method::POST, url)
            .json(tpl.to_json()?)
            .idempotent(false);
        let (resp, v) = graph_call(t, req).await?;
        decode(P, "create_flow_template", &resp, v)
    }

    async fn send_flow_template(
        &self,
        t: &Transport,
        msg: &SendFlowTemplate,
    ) -> Result<SentMessage, ApiError> {
        let url = t.url("/{phone}/messages", &[("phone", self.phone()?)])?;
        let body = json!({
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": msg.to,
            "type": "template",
            "template": msg.template_json()?,
        });
        let (_, v) = graph_call(
            t,
            Req::new("send_flow_template", Method::POST, url)
                .json(body)
                .idempotent(false),
        )
        .await?;
        Ok(SentMessage::from_value(v))
    }
}
