//! Loan application: an endpoint flow (`data_exchange`, Data API 3.0) whose routing model is
//! derived from its actions.
//!
//! `cargo run -p flow-dsl-examples --example loan`

fn main() {
    let flow = flow_dsl_examples::flows::loan::loan_application();
    match flow.build() {
        Ok(json) => {
            let routing = json.routing_model.clone().unwrap_or_default();
            for (from, to) in &routing {
                println!("{from} -> {to:?}");
            }
            println!("{}", json.to_string_pretty());
            println!(
                "generated file: {}",
                flow_dsl_examples::generated_path("loan").display()
            );
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
