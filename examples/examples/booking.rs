//! Appointment booking: a Dropdown bound to screen data, a CalendarPicker, an If and a global
//! reference. Prints the JSON the build script wrote.
//!
//! `cargo run -p flow-dsl-examples --example booking`

/// The document the build script generated, embedded at compile time.
const BOOKING_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/booking.json"));

// `pub`: tests/examples.rs compiles this file as a module and runs `main`.
pub fn main() {
    let flow = flow_dsl_examples::flows::booking::appointment_booking();
    let json = match flow.build() {
        Ok(json) => json,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let text = format!("{}\n", json.to_string_pretty());
    assert_eq!(text, BOOKING_JSON, "build.rs output is up to date");
    print!("{text}");
    println!(
        "generated file: {}",
        flow_dsl_examples::generated_path("booking").display()
    );
}
