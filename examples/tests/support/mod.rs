//! A phone for end-to-end endpoint tests: encrypts requests as WhatsApp does, signs them, posts
//! them over loopback HTTP and decrypts the answers.

use flow_dsl::endpoint::ClientSimulator;
use flow_dsl::webhook::sign_body;
use serde_json::Value;

/// The client side of one endpoint under test.
pub struct Phone {
    /// The HTTP client.
    pub http: reqwest::Client,
    /// The endpoint's URL.
    pub url: String,
    /// Encrypts with the endpoint's public key.
    pub crypto: ClientSimulator,
    /// The Meta app secret requests are signed with.
    pub secret: &'static str,
}

impl Phone {
    /// Sends one request as WhatsApp would; returns the status and the decrypted answer.
    pub async fn send(&self, plain: Value) -> (u16, Option<Value>) {
        let (envelope, pending) = self
            .crypto
            .encrypt_request(plain.to_string().as_bytes())
            .expect("encrypt");
        let body = serde_json::to_vec(&envelope).expect("json");
        let resp = self
            .http
            .post(&self.url)
            .header("content-type", "application/json")
            .header(
                "x-hub-signature-256",
                sign_body(&body, self.secret.as_bytes()),
            )
            .body(body)
            .send()
            .await
            .expect("server answers");
        let status = resp.status().as_u16();
        let text = resp.text().await.expect("body");
        if status != 200 {
            return (status, None);
        }
        let answer = pending.decrypt_response(&text).expect("answer decrypts");
        (
            status,
            Some(serde_json::from_slice(&answer).expect("json answer")),
        )
    }
}
