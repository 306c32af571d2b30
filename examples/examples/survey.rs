//! The satisfaction survey of seed 001: build it, validate it, and show the file the build
//! script wrote.
//!
//! `cargo run -p flow-dsl-examples --example survey`

// `pub`: tests/examples.rs compiles this file as a module and runs `main`.
pub fn main() {
    let flow = flow_dsl_examples::flows::survey::satisfaction_survey();
    match flow.build() {
        Ok(json) => {
            println!("{}", json.to_string_pretty());
            println!(
                "written by build.rs to {}",
                flow_dsl_examples::generated_path("survey").display()
            );
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
    // The survey as Turn.io published it: the builders point at the offending line.
    let published = flow_dsl_examples::flows::survey::satisfaction_survey_as_published();
    let (_, findings) = published.build_report();
    for f in findings {
        println!("as published: {f}");
    }
}
