//! Every provider through the `flow-dsl` binary itself, against a local fake written from the
//! provider's seed document (../shared/seeds/) — not from this crate's client code: the full
//! lifecycle (deploy new → get → list → publish → unchanged redeploy → change and redeploy →
//! rename → deprecate → delete → preview → assets → send), then faults (a lost answer, 5xx then
//! success, validation errors, 401, a server that never answers). Each recorded request is
//! checked against the seed line quoted beside the check; no output ever shows a credential.
//!
//! Every fake answers 401 to a request without the seed's exact `Authorization` form, reads
//! JSON bodies only under `Content-Type: application/json` and multipart parts only under
//! `multipart/form-data` (`Recorded::json`, `Recorded::parts` assert it), so a request the
//! lifecycle gets through was authenticated and encoded as its seed says; the tests then check
//! each request's method, path, query, body fields and part names.

mod harness;

mod dreams;
mod jelou;
mod meta;
mod serpro;
mod turn;
