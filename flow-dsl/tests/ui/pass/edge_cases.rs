//! Inputs found by fuzzing the macro that once failed to expand: a float written `1.`, a screen
//! id that would make the variant `Self`, and completion keys that share one Rust name.

use flow_dsl::flow;

flow! {
    <Flow name=Edge version="7.3">
        <Screen id="SELF" data={ ratio: f64 = 1. }>
            <TextBody text={"Ratio: " + data.ratio} />
            <Footer label="Next" on-click-action={navigate(DONE, {})} />
        </Screen>
        <Screen id="DONE" terminal>
            <Footer label="Done" on-click-action={complete({start-date: "a", start_date: "b", "start date": "c"})} />
        </Screen>
    </Flow>
}

fn main() {
    assert_eq!(EdgeScreen::ScreenSelf.id(), "SELF");
    let v = Edge::flow().to_value();
    assert_eq!(v["screens"][0]["data"]["ratio"]["__example__"], 1.0);
    let done: EdgeCompletion = serde_json::from_str(
        r#"{"start-date": "a", "start_date": "b", "start date": "c"}"#,
    )
    .unwrap();
    assert_eq!((done.start_date, done.start_date_2, done.start_date_3), ("a".into(), "b".into(), "c".into()));
}
