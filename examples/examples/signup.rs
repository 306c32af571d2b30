//! Sign-up with OptIn, EmbeddedLink and open_url.
//!
//! `cargo run -p flow-dsl-examples --example signup`

// `pub`: tests/examples.rs compiles this file as a module and runs `main`.
pub fn main() {
    let flow = flow_dsl_examples::flows::signup::sign_up();
    match flow.build() {
        Ok(json) => {
            println!("{}", json.to_string_pretty());
            println!(
                "generated file: {}",
                flow_dsl_examples::generated_path("signup").display()
            );
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
