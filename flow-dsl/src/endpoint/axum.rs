//! axum integration (feature `axum`).
//!
//! The handler reads the raw body (the signature covers the exact bytes), verifies
//! `X-Hub-Signature-256`, decrypts, dispatches, encrypts and answers `text/plain` with the
//! status codes of §H.4 of the spec.
//!
//! An endpoint is reachable from the internet, so a client can be slow on purpose. [`serve`]
//! runs the accept loop with [`HttpLimits`]: a deadline for the request head, one for the body,
//! an idle timeout, a body size limit and a cap on open connections. [`router`] applies the
//! body limits alone, for mounting the endpoint in your own server (then bound header and idle
//! time there, e.g. behind a reverse proxy).

use std::convert::Infallible;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use ::axum::Router;
use ::axum::body::{Body, Bytes};
use ::axum::extract::State;
use ::axum::http::{HeaderMap, Request, StatusCode, header};
use ::axum::response::{IntoResponse, Response};
use ::axum::routing::post;
use http_body_util::{BodyExt as _, LengthLimitError, Limited};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;

use super::dispatch::{Endpoint, EndpointReply};
use crate::webhook::SIGNATURE_HEADER;

/// Limits on what one client may cost the server; [`HttpLimits::default`] suits a Flows
/// endpoint on the public internet.
///
/// | limit | default | when it is hit |
/// |---|---|---|
/// | [`header_read_timeout`](Self::header_read_timeout) | 10 s | the request line and headers are not complete in time (counted from when the server starts waiting for them, so it also closes a kept-alive connection that sends nothing): the connection is closed |
/// | [`body_read_timeout`](Self::body_read_timeout) | 10 s | the body is not complete in time: `408`, connection closed |
/// | [`idle_timeout`](Self::idle_timeout) | 30 s | no byte moved either way while no request was being handled (a silent socket, a client that stops reading the answer): the connection is closed |
/// | [`max_body_bytes`](Self::max_body_bytes) | 16 MiB | a larger `Content-Length`, or more bytes than that: `413`, connection closed |
/// | [`max_connections`](Self::max_connections) | 1024 | further connections wait in the listen backlog until one closes |
///
/// WhatsApp's client gives up after 10 s (§H.1 of the spec), so no genuine request needs
/// longer; its payload limit is 10 MB, which encrypted and base64-encoded stays under 16 MiB.
///
/// ```
/// use std::time::Duration;
/// use flow_dsl::endpoint::axum::HttpLimits;
///
/// let limits = HttpLimits::default()
///     .header_read_timeout(Duration::from_secs(5))
///     .max_connections(256);
/// assert_eq!(limits.get_max_connections(), 256);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpLimits {
    header_read_timeout: Duration,
    body_read_timeout: Duration,
    idle_timeout: Duration,
    max_body_bytes: usize,
    max_connections: usize,
}

impl Default for HttpLimits {
    fn default() -> Self {
        Self {
            header_read_timeout: Duration::from_secs(10),
            body_read_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(30),
            max_body_bytes: 16 << 20,
            max_connections: 1024,
        }
    }
}

impl HttpLimits {
    /// Time allowed for the request line and headers (used by [`serve`]).
    #[must_use]
    pub fn header_read_timeout(mut self, d: Duration) -> Self {
        self.header_read_timeout = d;
        self
    }
    /// Time allowed for the whole body, from the end of the headers.
    #[must_use]
    pub fn body_read_timeout(mut self, d: Duration) -> Self {
        self.body_read_timeout = d;
        self
    }
    /// Time a connection may stay silent while no request is being handled (used by
    /// [`serve`]).
    #[must_use]
    pub fn idle_timeout(mut self, d: Duration) -> Self {
        self.idle_timeout = d;
        self
    }
    /// Largest body accepted, in bytes.
    #[must_use]
    pub fn max_body_bytes(mut self, n: usize) -> Self {
        self.max_body_bytes = n;
        self
    }
    /// Most connections open at once (used by [`serve`]); at least 1.
    #[must_use]
    pub fn max_connections(mut self, n: usize) -> Self {
        self.max_connections = n.clamp(1, Semaphore::MAX_PERMITS);
        self
    }
    /// The header read timeout.
    pub fn get_header_read_timeout(&self) -> Duration {
        self.header_read_timeout
    }
    /// The body read timeout.
    pub fn get_body_read_timeout(&self) -> Duration {
        self.body_read_timeout
    }
    /// The idle timeout.
    pub fn get_idle_timeout(&self) -> Duration {
        self.idle_timeout
    }
    /// The body size limit.
    pub fn get_max_body_bytes(&self) -> usize {
        self.max_body_bytes
    }
    /// The connection cap.
    pub fn get_max_connections(&self) -> usize {
        self.max_connections
    }
}

/// A router serving `endpoint` on `POST /` with the default body limits; nest or merge it to
/// mount it elsewhere. Prefer [`serve`], which also bounds header and idle time and the number
/// of connections.
///
/// ```no_run
/// use flow_dsl::endpoint::{Endpoint, FlowPrivateKey, FlowRequest, FlowResponse};
///
/// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// let key = FlowPrivateKey::from_pem(&std::fs::read_to_string("private_key.pem")?)?;
/// let endpoint = Endpoint::builder(key)
///     .app_secret(std::env::var("META_APP_SECRET")?)
///     .on_init(|_req: FlowRequest| async { Ok(FlowResponse::next_screen("WELCOME")) })
///     .build()?;
/// let app = axum::Router::new().nest("/flow", flow_dsl::endpoint::axum::router(endpoint));
/// let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await?;
/// axum::serve(listener, app).await?;
/// # Ok(()) }
/// ```
pub fn router(endpoint: Endpoint) -> Router {
    router_with_limits(endpoint, &HttpLimits::default())
}

/// [`router`] with explicit body limits (`body_read_timeout`, `max_body_bytes`).
pub fn router_with_limits(endpoint: Endpoint, limits: &HttpLimits) -> Router {
    Router::new()
        .route("/", post(handle_limited))
        .with_state(Arc::new(Served {
            endpoint,
            body_read_timeout: limits.body_read_timeout,
            max_body_bytes: limits.max_body_bytes,
        }))
}

/// The axum handler for mounting with your own `Router`:
/// `.route("/flow", post(handle)).with_state(Arc::new(endpoint))`. It takes the body as
/// extracted by axum (so axum's `DefaultBodyLimit`, 2 MB unless changed, applies and no read
/// timeout does): prefer [`router_with_limits`] or [`serve`].
pub async fn handle(
    State(endpoint): State<Arc<Endpoint>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let signature = headers.get(SIGNATURE_HEADER).and_then(|v| v.to_str().ok());
    into_response(endpoint.handle(&body, signature).await)
}

struct Served {
    endpoint: Endpoint,
    body_read_timeout: Duration,
    max_body_bytes: usize,
}

async fn handle_limited(
    State(served): State<Arc<Served>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > served.max_body_bytes as u64) {
        tracing::warn!(
            content_length = declared,
            limit = served.max_body_bytes,
            "flow endpoint request refused: body too large"
        );
        return refuse(StatusCode::PAYLOAD_TOO_LARGE);
    }
    let read = Limited::new(body, served.max_body_bytes).collect();
    let bytes = match tokio::time::timeout(served.body_read_timeout, read).await {
        Ok(Ok(collected)) => collected.to_bytes(),
        Ok(Err(e)) if e.downcast_ref::<LengthLimitError>().is_some() => {
            tracing::warn!(
                limit = served.max_body_bytes,
                "flow endpoint request refused: body too large"
            );
            return refuse(StatusCode::PAYLOAD_TOO_LARGE);
        }
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "flow endpoint request refused: the body could not be read");
            return refuse(StatusCode::BAD_REQUEST);
        }
        Err(_) => {
            tracing::warn!(
                timeout_ms = served.body_read_timeout.as_millis() as u64,
                "flow endpoint request refused: body not received in time"
            );
            return refuse(StatusCode::REQUEST_TIMEOUT);
        }
    };
    let signature = headers.get(SIGNATURE_HEADER).and_then(|v| v.to_str().ok());
    into_response(served.endpoint.handle(&bytes, signature).await)
}

/// An empty answer that also closes the connection: the rest of the body is not read.
fn refuse(status: StatusCode) -> Response {
    (status, [(header::CONNECTION, "close")]).into_response()
}

fn into_response(reply: EndpointReply) -> Response {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        status,
        [(header::CONTENT_TYPE, reply.content_type)],
        reply.body,
    )
        .into_response()
}

/// Serves `endpoint` on `POST /` of `listener` (HTTP/1.1) with `limits`, until the future is
/// dropped. Accept errors (such as running out of file descriptors) are logged and retried.
///
/// ```no_run
/// use flow_dsl::endpoint::axum::{HttpLimits, serve};
/// use flow_dsl::endpoint::{Endpoint, FlowPrivateKey, FlowRequest, FlowResponse};
///
/// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// let endpoint = Endpoint::builder(FlowPrivateKey::generate()?)
///     .app_secret(std::env::var("META_APP_SECRET")?)
///     .on_init(|_req: FlowRequest| async { Ok(FlowResponse::next_screen("WELCOME")) })
///     .build()?;
/// let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await?;
/// serve(listener, endpoint, HttpLimits::default()).await?;
/// # Ok(()) }
/// ```
///
/// # Errors
/// None so far: the signature leaves room for a fatal listener error.
pub async fn serve(
    listener: TcpListener,
    endpoint: Endpoint,
    limits: HttpLimits,
) -> io::Result<()> {
    let app = router_with_limits(endpoint, &limits);
    serve_router(listener, app, limits).await
}

/// [`serve`] for any router (your routes plus [`router_with_limits`] nested): the header,
/// idle and connection limits apply to every route.
///
/// # Errors
/// As [`serve`].
pub async fn serve_router(
    listener: TcpListener,
    app: Router,
    limits: HttpLimits,
) -> io::Result<()> {
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    loop {
        // Waiting for a permit *before* accepting leaves further clients in the backlog
        // instead of holding a task and a socket for each of them.
        let Ok(permit) = permits.clone().acquire_owned().await else {
            unreachable!("the semaphore is never closed");
        };
        let stream = match listener.accept().await {
            Ok((stream, _peer)) => stream,
            Err(e) => {
                tracing::warn!(error = %e, "flow endpoint: accept failed; retrying");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let app = app.clone();
        let limits = limits.clone();
        tokio::spawn(async move {
            serve_connection(stream, app, &limits).await;
            drop(permit);
        });
    }
}

/// When the connection last moved a byte, and how many requests are being handled.
struct Activity {
    origin: Instant,
    last_ms: AtomicU64,
    in_flight: AtomicUsize,
}

impl Activity {
    fn touch(&self) {
        let ms = self.origin.elapsed().as_millis() as u64;
        self.last_ms.store(ms, Ordering::Relaxed);
    }
    /// When the idle deadline falls, or `None` while a request is being handled.
    fn idle_deadline(&self, idle: Duration) -> Option<Instant> {
        (self.in_flight.load(Ordering::Acquire) == 0).then(|| {
            self.origin + Duration::from_millis(self.last_ms.load(Ordering::Relaxed)) + idle
        })
    }
}

/// Decrements the in-flight count when the request's future completes or is dropped.
struct InFlight(Arc<Activity>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.touch();
        self.0.in_flight.fetch_sub(1, Ordering::AcqRel);
    }
}

async fn serve_connection(stream: TcpStream, app: Router, limits: &HttpLimits) {
    let activity = Arc::new(Activity {
        origin: Instant::now(),
        last_ms: AtomicU64::new(0),
        in_flight: AtomicUsize::new(0),
    });
    let io = TokioIo::new(Watched {
        inner: stream,
        activity: activity.clone(),
    });
    let tower = TowerToHyperService::new(app);
    let counted = activity.clone();
    let service = hyper::service::service_fn(move |req: Request<Incoming>| {
        counted.in_flight.fetch_add(1, Ordering::AcqRel);
        let guard = InFlight(counted.clone());
        let fut = hyper::service::Service::call(&tower, req);
        async move {
            let resp: Result<Response, Infallible> = fut.await;
            drop(guard);
            resp
        }
    });
    let conn = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .serve_connection(io, service);
    tokio::pin!(conn);
    loop {
        let deadline = activity.idle_deadline(limits.idle_timeout);
        let wait = async {
            match deadline {
                Some(at) => tokio::time::sleep_until(at.into()).await,
                // A handler is running: look again later rather than cut it off.
                None => tokio::time::sleep(limits.idle_timeout).await,
            }
        };
        tokio::select! {
            result = conn.as_mut() => {
                if let Err(e) = result {
                    tracing::debug!(error = %e, "flow endpoint connection ended");
                }
                return;
            }
            () = wait => {
                if activity
                    .idle_deadline(limits.idle_timeout)
                    .is_some_and(|at| at <= Instant::now())
                {
                    tracing::debug!("flow endpoint connection closed: idle");
                    return;
                }
            }
        }
    }
}

/// The connection's socket, recording each byte moved in [`Activity`].
struct Watched {
    inner: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let res = Pin::new(&mut self.inner).poll_read(cx, buf);
        if matches!(res, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.activity.touch();
        }
        res
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        let res = Pin::new(&mut self.inner).poll_write(cx, data);
        if matches!(res, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        res
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let res = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(res, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        res
    }
    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}
