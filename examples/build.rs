//! Writes the example flows as JSON with `flow_dsl::assets`, failing the build with the
//! validator's report if one is invalid.
//!
//! - Always into `OUT_DIR` (the examples print the path; `include_str!` can embed them).
//! - Into the checked-in `flows/` directory too when `FLOW_DSL_UPDATE_FLOWS=1`; files are only
//!   rewritten when their content changes, so this never causes a rebuild loop.

// The flow definitions are the library's own modules, compiled into the build script too.
#[allow(dead_code)]
#[path = "src/flows/booking.rs"]
mod booking;
#[allow(dead_code)]
#[path = "src/flows/loan.rs"]
mod loan;
#[allow(dead_code)]
#[path = "src/flows/signup.rs"]
mod signup;
#[allow(dead_code)]
#[path = "src/flows/survey.rs"]
mod survey;

use flow_dsl::assets::{FlowAssets, build_rs_main};

fn main() {
    println!("cargo:rerun-if-changed=src/flows");
    println!("cargo:rerun-if-env-changed=FLOW_DSL_UPDATE_FLOWS");
    let flows = [
        ("survey", survey::satisfaction_survey()),
        ("booking", booking::appointment_booking()),
        ("signup", signup::sign_up()),
        ("loan", loan::loan_application()),
    ];
    let out_dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    let mut dirs = vec![std::path::PathBuf::from(out_dir)];
    if std::env::var_os("FLOW_DSL_UPDATE_FLOWS").is_some_and(|v| v == "1") {
        dirs.push(std::path::PathBuf::from("flows"));
    }
    for dir in dirs {
        let mut assets = FlowAssets::new(dir);
        for (name, flow) in &flows {
            assets = assets.add(*name, flow);
        }
        build_rs_main(&assets);
    }
}
