//! The endpoint under hostile clients, over real TCP against `endpoint::axum::serve`: a client
//! that sends half the headers or half a body, or nothing at all, is cut off within the limit;
//! an oversized body is refused with 413; the connection cap holds. Limits are set to a few
//! hundred milliseconds so that the tests stay fast.
#![cfg(feature = "axum")]

use std::net::SocketAddr;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use flow_dsl::endpoint::axum::{HttpLimits, serve};
use flow_dsl::endpoint::{ClientSimulator, Endpoint, FlowPrivateKey};
use serde_json::json;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const SHORT: Duration = Duration::from_millis(300);
const LONG: Duration = Duration::from_secs(20);

fn key_pem() -> &'static str {
    static PEM: OnceLock<String> = OnceLock::new();
    PEM.get_or_init(|| {
        FlowPrivateKey::generate()
            .expect("keygen")
            .to_pkcs8_pem()
            .expect("pem")
            .to_string()
    })
}

fn relaxed() -> HttpLimits {
    HttpLimits::default()
        .header_read_timeout(LONG)
        .body_read_timeout(LONG)
        .idle_timeout(LONG)
}

async fn start(limits: HttpLimits) -> SocketAddr {
    let key = FlowPrivateKey::from_pem(key_pem()).expect("key");
    let endpoint = Endpoint::builder(key).build().expect("endpoint");
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(serve(listener, endpoint, limits));
    addr
}

/// Reads until the server closes the connection; gives up after `max`.
async fn read_until_closed(
    stream: &mut (impl AsyncRead + Unpin),
    max: Duration,
) -> Option<(String, Duration)> {
    let started = Instant::now();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let left = max.checked_sub(started.elapsed())?;
        match tokio::time::timeout(left, stream.read(&mut buf)).await {
            Err(_) => return None,
            Ok(Ok(0) | Err(_)) => {
                return Some((
                    String::from_utf8_lossy(&got).into_owned(),
                    started.elapsed(),
                ));
            }
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
        }
    }
}

/// Keeps writing `chunk` every 50 ms (so the socket is never idle) until the write fails.
fn dribble(mut writer: tokio::net::tcp::OwnedWriteHalf, chunk: &'static [u8]) {
    tokio::spawn(async move {
        for _ in 0..200 {
            tokio::time::sleep(Duration::from_millis(50)).await;
            if writer.write_all(chunk).await.is_err() {
                return;
            }
        }
    });
}

#[tokio::test]
async fn a_client_sending_headers_slowly_is_cut_off() {
    let addr = start(relaxed().header_read_timeout(SHORT)).await;
    let stream = TcpStream::connect(addr).await.expect("connect");
    let (mut reader, mut writer) = stream.into_split();
    writer
        .write_all(b"POST / HTTP/1.1\r\nHost: flow\r\n")
        .await
        .expect("write");
    // One more header line every 50 ms: never idle, never done.
    dribble(writer, b"X-Slow: 1\r\n");
    let (_, after) = read_until_closed(&mut reader, Duration::from_secs(3))
        .await
        .expect("the server closes the connection");
    assert!(after < Duration::from_secs(2), "closed after {after:?}");
}

#[tokio::test]
async fn a_client_sending_half_a_body_gets_408_and_is_cut_off() {
    let addr = start(relaxed().body_read_timeout(SHORT)).await;
    let stream = TcpStream::connect(addr).await.expect("connect");
    let (mut reader, mut writer) = stream.into_split();
    writer
        .write_all(
            b"POST / HTTP/1.1\r\nHost: flow\r\nContent-Type: application/json\r\n\
              Content-Length: 100000\r\n\r\n{\"encrypted_flow_data\":\"",
        )
        .await
        .expect("write");
    dribble(writer, b"A");
    let (answer, after) = read_until_closed(&mut reader, Duration::from_secs(3))
        .await
        .expect("the server closes the connection");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(after < Duration::from_secs(2), "closed after {after:?}");
}

#[tokio::test]
async fn a_silent_connection_is_closed_when_idle() {
    let addr = start(relaxed().idle_timeout(SHORT)).await;
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let (answer, after) = read_until_closed(&mut stream, Duration::from_secs(3))
        .await
        .expect("the server closes the connection");
    assert_eq!(answer, "");
    assert!(after < Duration::from_secs(2), "closed after {after:?}");
}

#[tokio::test]
async fn oversized_bodies_get_413() {
    let addr = start(relaxed().max_body_bytes(1024)).await;

    // Announced by Content-Length: refused before reading it.
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream
        .write_all(b"POST / HTTP/1.1\r\nHost: flow\r\nContent-Length: 5000000\r\n\r\n")
        .await
        .expect("write");
    let (answer, _) = read_until_closed(&mut stream, Duration::from_secs(3))
        .await
        .expect("closed");
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");

    // Chunked, no length given: refused once the limit is passed.
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let mut req = b"POST / HTTP/1.1\r\nHost: flow\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
    for _ in 0..3 {
        req.extend_from_slice(b"400\r\n");
        req.extend_from_slice(&[b'x'; 0x400]);
        req.extend_from_slice(b"\r\n");
    }
    req.extend_from_slice(b"0\r\n\r\n");
    stream.write_all(&req).await.expect("write");
    let (answer, _) = read_until_closed(&mut stream, Duration::from_secs(3))
        .await
        .expect("closed");
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");

    // Within the limit the endpoint answers (here 421: the body is not an encrypted request).
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream
        .write_all(
            b"POST / HTTP/1.1\r\nHost: flow\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}",
        )
        .await
        .expect("write");
    let (answer, _) = read_until_closed(&mut stream, Duration::from_secs(3))
        .await
        .expect("closed");
    assert!(answer.starts_with("HTTP/1.1 421"), "{answer}");
}

#[tokio::test]
async fn the_connection_cap_holds() {
    let addr = start(relaxed().max_connections(2)).await;
    let first = TcpStream::connect(addr).await.expect("connect");
    let _second = TcpStream::connect(addr).await.expect("connect");
    tokio::time::sleep(Duration::from_millis(100)).await;

    // The third connection is left in the backlog: its request is not answered...
    let mut third = TcpStream::connect(addr).await.expect("connect (backlog)");
    third
        .write_all(
            b"POST / HTTP/1.1\r\nHost: flow\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}",
        )
        .await
        .expect("write");
    let mut buf = [0u8; 64];
    let early = tokio::time::timeout(Duration::from_millis(500), third.read(&mut buf)).await;
    assert!(early.is_err(), "answered beyond the cap: {early:?}");

    // ...until one of the first two goes away.
    drop(first);
    let (answer, _) = read_until_closed(&mut third, Duration::from_secs(3))
        .await
        .expect("answered once a slot is free");
    assert!(answer.starts_with("HTTP/1.1 421"), "{answer}");
}

#[tokio::test]
async fn a_real_request_is_served_within_the_limits() {
    let addr = start(HttpLimits::default().max_connections(4)).await;
    let key = FlowPrivateKey::from_pem(key_pem()).expect("key");
    let phone = ClientSimulator::new(&key.public_key_pem().expect("pem")).expect("client");
    let (request, pending) = phone
        .encrypt_request(br#"{"version":"3.0","action":"ping"}"#)
        .expect("encrypt");
    let resp = reqwest::Client::new()
        .post(format!("http://{addr}/"))
        .json(&request)
        .send()
        .await
        .expect("answer");
    assert_eq!(resp.status(), 200);
    let plain = pending
        .decrypt_response(&resp.text().await.expect("body"))
        .expect("decrypts");
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&plain).expect("json"),
        json!({"data": {"status": "active"}})
    );
}
