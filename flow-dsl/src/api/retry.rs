//! Retry policy: exponential backoff with jitter, honouring `Retry-After` and
//! `X-Ratelimit-Reset`. Applied only to idempotent calls; a create is never retried.

use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;

/// How failed idempotent calls are retried.
///
/// Retried: timeouts and connection failures, HTTP 429, 500, 502, 503, 504, and Graph rate-limit
/// or transient error codes (4, 17, 32, 613, 80007, 1, 2). The delay is the server's
/// `Retry-After` (seconds or HTTP date) or `X-Ratelimit-Reset` (epoch seconds) when present,
/// otherwise `initial_backoff * 2^attempt` capped at `max_backoff`, with full jitter in
/// `[delay/2, delay]`.
///
/// ```
/// use std::time::Duration;
/// use flow_dsl::api::RetryPolicy;
/// let p = RetryPolicy::default().max_retries(5).initial_backoff(Duration::from_millis(200));
/// assert_eq!(p.max_retries, 5);
/// assert_eq!(RetryPolicy::none().max_retries, 0);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 disables retries).
    pub max_retries: u32,
    /// First backoff delay.
    pub initial_backoff: Duration,
    /// Cap of the computed backoff.
    pub max_backoff: Duration,
    /// If the server asks to wait longer than this, do not retry: return the error.
    pub max_server_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            max_server_wait: Duration::from_secs(120),
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }
    /// Sets the number of retries.
    pub fn max_retries(mut self, n: u32) -> Self {
        self.max_retries = n;
        self
    }
    /// Sets the first backoff delay.
    pub fn initial_backoff(mut self, d: Duration) -> Self {
        self.initial_backoff = d;
        self
    }
    /// Sets the backoff cap.
    pub fn max_backoff(mut self, d: Duration) -> Self {
        self.max_backoff = d;
        self
    }
    /// Sets the longest server-requested wait that is still honoured.
    pub fn max_server_wait(mut self, d: Duration) -> Self {
        self.max_server_wait = d;
        self
    }

    /// Delay before retry number `attempt + 1` (attempt counts from 0), or `None` to give up.
    pub(crate) fn delay(&self, attempt: u32, server_hint: Option<Duration>) -> Option<Duration> {
        if attempt >= self.max_retries {
            return None;
        }
        if let Some(hint) = server_hint {
            return (hint <= self.max_server_wait).then_some(hint);
        }
        let factor = 2u32.saturating_pow(attempt.min(31));
        let base = self
            .initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff);
        let half = base / 2;
        let jitter_nanos = u64::try_from(half.as_nanos()).unwrap_or(u64::MAX);
        Some(half + Duration::from_nanos(fastrand::u64(0..=jitter_nanos)))
    }
}

/// The wait the server asked for: `Retry-After` (delta seconds or HTTP date), else
/// `X-Ratelimit-Reset` (epoch seconds, Turn.io).
pub(crate) fn server_hint(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    if let Some(v) = headers
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
    {
        let v = v.trim();
        if let Ok(secs) = v.parse::<u64>() {
            return Some(Duration::from_secs(secs));
        }
        if let Ok(at) = httpdate::parse_http_date(v) {
            return Some(at.duration_since(now).unwrap_or(Duration::ZERO));
        }
    }
    let reset = headers
        .get("x-ratelimit-reset")?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()?;
    let at = SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(reset))?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn retry_after_seconds_and_date_and_reset() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let mut h = HeaderMap::new();
        h.insert("retry-after", HeaderValue::from_static("7"));
        assert_eq!(server_hint(&h, now), Some(Duration::from_secs(7)));

        let date = httpdate::fmt_http_date(now + Duration::from_secs(3));
        h.insert("retry-after", HeaderValue::from_str(&date).unwrap());
        assert_eq!(server_hint(&h, now), Some(Duration::from_secs(3)));

        let mut h = HeaderMap::new();
        h.insert("x-ratelimit-reset", HeaderValue::from_static("1700000010"));
        assert_eq!(server_hint(&h, now), Some(Duration::from_secs(10)));

        let mut h = HeaderMap::new();
        h.insert("retry-after", HeaderValue::from_static("soon"));
        assert_eq!(server_hint(&h, now), None);

        let mut h = HeaderMap::new();
        h.insert(
            "x-ratelimit-reset",
            HeaderValue::from_static("18446744073709551615"),
        );
        assert!(
            server_hint(&h, now).is_none_or(|d| d > Duration::from_secs(1 << 40)),
            "no overflow panic"
        );
        h.insert(
            "retry-after",
            HeaderValue::from_static("18446744073709551615"),
        );
        assert_eq!(server_hint(&h, now), Some(Duration::from_secs(u64::MAX)));
        assert_eq!(RetryPolicy::default().delay(0, server_hint(&h, now)), None);
    }

    #[test]
    fn backoff_grows_with_jitter_and_is_capped() {
        let p = RetryPolicy::default()
            .max_retries(10)
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(350));
        for _ in 0..50 {
            let d0 = p.delay(0, None).unwrap();
            assert!(
                d0 >= Duration::from_millis(50) && d0 <= Duration::from_millis(100),
                "{d0:?}"
            );
            let d2 = p.delay(2, None).unwrap();
            assert!(
                d2 >= Duration::from_millis(175) && d2 <= Duration::from_millis(350),
                "{d2:?}"
            );
            let d9 = p.delay(9, None).unwrap();
            assert!(d9 <= Duration::from_millis(350));
        }
        assert_eq!(p.delay(10, None), None);
        assert_eq!(
            p.delay(0, Some(Duration::from_secs(2))),
            Some(Duration::from_secs(2))
        );
        assert_eq!(p.delay(0, Some(Duration::from_secs(3600))), None);
        assert_eq!(RetryPolicy::none().delay(0, None), None);
    }
}
