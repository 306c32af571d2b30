//! Data and payload keys written as raw identifiers (`r#type`) name the plain key (`type`) in
//! Flow JSON: there is no `r#` in JSON.

use flow_dsl::flow;

flow! {
    <Flow name=Raw version="7.3">
        <Screen id="START">
            <TextInput name="kind" label="Kind" />
            <Footer label="Next" on-click-action={navigate(DONE, {r#type: form.kind, match: "x"})} />
        </Screen>
        <Screen id="DONE" terminal data={ r#type: String = "a", r#match: String = "b" }>
            <TextBody text={data.r#type + data.match} />
            <Footer label="Done" on-click-action={complete({r#type: data.r#type})} />
        </Screen>
    </Flow>
}

fn main() {
    let v = Raw::flow().to_value();
    let data = &v["screens"][1]["data"];
    assert_eq!(data["type"]["__example__"], "a");
    assert_eq!(data["match"]["__example__"], "b");
    assert!(!v.to_string().contains("r#"), "{v}");
    let payload = &v["screens"][0]["layout"]["children"][1]["on-click-action"]["payload"];
    assert_eq!(payload["type"], "${form.kind}");
    assert!(Raw::build().is_ok(), "{:?}", Raw::build().err());
    let done: RawCompletion = serde_json::from_str(r#"{"type": "t"}"#).unwrap();
    assert_eq!(done.type_, "t");
}
