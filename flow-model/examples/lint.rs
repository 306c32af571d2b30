//! Prints the validator's findings for each file given: `cargo run -p flow-model --example lint -- FILE...`
fn main() {
    for path in std::env::args().skip(1) {
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                println!("{path}: cannot read: {e}");
                continue;
            }
        };
        match flow_model::validate::validate_str(&text) {
            Err(e) => println!("{path}: not JSON: {e}"),
            Ok(v) => {
                println!(
                    "{path}: {} errors, {} warnings",
                    v.errors().count(),
                    v.warnings().count()
                );
                for f in &v.findings {
                    println!("  {f}");
                }
            }
        }
    }
}
