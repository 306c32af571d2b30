//! Inputs found by fuzzing the macro that once failed to expand: a float written `1.`, a screen
//! id that would make the variant `Self`, completion keys that share one Rust name, and screen
//! ids that differ only in case or underscores (once one variant, the others lost); an empty
//! `Vec<Choice>` example.

use flow_dsl::flow;

flow! {
    <Flow name=Edge version="7.3">
        <Screen id="SELF" data={ ratio: f64 = 1., options: Vec<Choice> = [] }>
            <TextBody text={"Ratio: " + data.ratio} />
            <Footer label="Next" on-click-action={navigate(DONE, {})} />
        </Screen>
        <Screen id="DONE" terminal>
            <Footer label="Done" on-click-action={complete({start-date: "a", start_date: "b", "start date": "c"})} />
        </Screen>
    </Flow>
}

flow! {
    <Flow name=Steps version="7.3">
        <Screen id="STEP_ONE">
            <EmbeddedLink text="Skip" on-click-action={navigate(Step_One)} />
            <Footer label="Next" on-click-action={navigate(STEP__ONE)} />
        </Screen>
        <Screen id="STEP__ONE" terminal>
            <Footer label="Done" on-click-action={complete({a: "1"})} />
        </Screen>
        <Screen id="Step_One" terminal>
            <Footer label="Done" on-click-action={complete({b: "2"})} />
        </Screen>
    </Flow>
}

fn main() {
    // An empty list is an example of `Vec<Choice>` (flow-dsl import writes such declarations).
    let options = &Edge::flow().to_value()["screens"][0]["data"]["options"];
    assert_eq!(options["items"]["properties"]["title"]["type"], "string");
    assert_eq!(options["__example__"], serde_json::json!([]));
    // Numbered in declaration order; each screen keeps its own variant and completion struct.
    assert_eq!(
        StepsScreen::ALL,
        &[StepsScreen::StepOne, StepsScreen::StepOne2, StepsScreen::StepOne3]
    );
    assert_eq!(StepsScreen::StepOne.id(), "STEP_ONE");
    assert_eq!(StepsScreen::StepOne2.id(), "STEP__ONE");
    assert_eq!(StepsScreen::StepOne3.id(), "Step_One");
    for s in StepsScreen::ALL {
        assert_eq!(StepsScreen::from_id(s.id()), Some(*s));
    }
    let a: StepsStepOne2Completion = serde_json::from_str(r#"{"a": "1"}"#).unwrap();
    let b: StepsStepOne3Completion = serde_json::from_str(r#"{"b": "2"}"#).unwrap();
    assert_eq!((a.a, b.b), ("1".into(), "2".into()));
    assert!(Steps::build().is_ok());

    assert_eq!(EdgeScreen::ScreenSelf.id(), "SELF");
    let v = Edge::flow().to_value();
    assert_eq!(v["screens"][0]["data"]["ratio"]["__example__"], 1.0);
    let done: EdgeCompletion = serde_json::from_str(
        r#"{"start-date": "a", "start_date": "b", "start date": "c"}"#,
    )
    .unwrap();
    assert_eq!((done.start_date, done.start_date_2, done.start_date_3), ("a".into(), "b".into(), "c".into()));
}
