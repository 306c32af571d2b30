//! The `flow!` example shown in README.md, compiled and checked.

flow_dsl::flow! {
    <Flow name=Survey version="7.3" categories=[SURVEY]>
        <Screen id="START" title="How did we do?">
            <TextInput name="email" label="Email" input-type="email" required />
            <Footer label="Next" on-click-action={navigate(DONE, {email: form.email})} />
        </Screen>
        <Screen id="DONE" terminal data={ email: String = "a@b.c" }>
            <TextBody text="Thanks!" />
            <Footer label="Finish" on-click-action={complete({email: data.email})} />
        </Screen>
    </Flow>
}

#[test]
fn readme_macro_example_builds_and_validates() {
    let flow = Survey::build().expect("the README example is a valid flow");
    let v = flow.to_value();
    assert_eq!(
        v["screens"][0]["layout"]["children"][1]["on-click-action"]["next"]["name"],
        "DONE"
    );
    let errors = flow_model::validate::validate(&flow);
    assert!(!errors.has_errors(), "{:?}", errors.findings);
    let done: SurveyCompletion = serde_json::from_str(r#"{"email": "a@b.c"}"#).unwrap();
    let _ = done;
}

/// The "Test your flow" example of README.md, verbatim.
mod test_your_flow {
    use super::*;
    use flow_dsl::sim::Simulator;

    #[test]
    fn survey_completes() -> Result<(), Box<dyn std::error::Error>> {
        let mut sim = Simulator::new(&Survey::build()?)?;
        let err = sim.tap_footer().unwrap_err().to_string();
        assert_eq!(
            err,
            "Footer disabled: required input 'email' is empty (screen START)"
        );
        sim.fill(Survey::start_inputs().email, "ana@example.com")
            .tap_footer()?;
        assert_eq!(sim.screen(), "DONE");
        let done: SurveyCompletion = sim.tap_footer()?.completion()?;
        assert_eq!(done.email, "ana@example.com");
        Ok(())
    }
}
