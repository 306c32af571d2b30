//! Example flows written with `flow_dsl::builder`.
//!
//! Each function returns the [`Flow`](flow_dsl::builder::Flow) builder; the same functions are
//! used by this crate's build script (which writes `NAME.json` into `OUT_DIR`), by the
//! runnable examples in `examples/`, by the tests, and by the `flow!` macro tests that check
//! the macro produces identical JSON.
//!
//! - [`flows::survey::satisfaction_survey`]: the satisfaction survey of seed 001.
//! - [`flows::booking::appointment_booking`]: CalendarPicker, a Dropdown bound to screen
//!   data, If, a global reference.
//! - [`flows::signup::sign_up`]: OptIn, EmbeddedLink, open_url.
//! - [`flows::loan::loan_application`]: an endpoint flow with a derived routing model.
//! - [`macro_flows`]: the same four flows written with the `flow!` macro (identical JSON,
//!   typed completion structs).
//! - [`loan_endpoint`]: the loan flow's endpoint on the typed endpoint `flow!` generates
//!   (`cargo run --example loan -- serve`).
//! - [`meta_examples`]: Meta's published example flows, rebuilt (golden tests).
//! - [`corpus_examples`]: other published flows of the shared corpus (pywa), rebuilt (golden
//!   tests).
//! - [`quickstart`]: build, validate, write, deploy and publish a flow (`cargo run --example quickstart`).
#![warn(missing_docs)]

pub mod flows {
    //! The four example flows (also compiled into the build script).
    pub mod booking;
    pub mod loan;
    pub mod signup;
    pub mod survey;
}
pub mod corpus_examples;
pub mod loan_endpoint;
pub mod macro_flows;
pub mod meta_examples;
pub mod quickstart;

/// Every example flow with the file name the build script gives it.
pub fn all() -> Vec<(&'static str, flow_dsl::builder::Flow)> {
    vec![
        ("survey", flows::survey::satisfaction_survey()),
        ("booking", flows::booking::appointment_booking()),
        ("signup", flows::signup::sign_up()),
        ("loan", flows::loan::loan_application()),
    ]
}

/// The path of a flow written by the build script (`OUT_DIR/NAME.json`).
pub fn generated_path(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("OUT_DIR")).join(format!("{name}.json"))
}
