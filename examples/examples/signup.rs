//! Sign-up with OptIn, EmbeddedLink and open_url.
//!
//! `cargo run -p flow-dsl-examples --example signup`

fn main() {
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
