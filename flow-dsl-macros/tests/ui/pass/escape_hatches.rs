//! The less common keys: `data={}`, actions without a payload, an explicit routing model, and
//! the `raw:`/`<Raw>` escape hatches for what this version of the table does not know.
use flow_dsl::flow;

flow! {
    <Flow name=Endpoint version="7.3" data_api_version="3.0"
          routing_model={{START: [END], END: []}}>
        <Screen id="START" data={}>
            <Footer label="Next" on-click-action={navigate(END)} />
        </Screen>
        <Screen id="END" terminal>
            <Footer label="Done" on-click-action={complete()} />
        </Screen>
    </Flow>
}

flow! {
    <Flow name=Hatch version="7.3">
        <Screen id="START" terminal raw:x-note="kept">
            <TextBody text="Hello" raw:x-hint={{"a": [1, 2]}} />
            <Raw json={{type: "Sparkles", amount: 3}} />
            <Footer label="Done" on-click-action={complete({})} />
        </Screen>
    </Flow>
}

fn main() {
    let json = Endpoint::flow().to_value();
    assert_eq!(json["routing_model"]["START"][0], "END");
    let start = &json["screens"][0];
    assert_eq!(start["data"], serde_json::json!({}));
    let nav = &start["layout"]["children"][0]["on-click-action"];
    assert!(nav.get("payload").is_none(), "{nav}");
    let done = &json["screens"][1]["layout"]["children"][0]["on-click-action"];
    assert!(done.get("payload").is_none(), "{done}");
    assert!(Endpoint::build().is_ok());

    let json = Hatch::flow().to_value();
    let s = &json["screens"][0];
    assert_eq!(s["x-note"], "kept");
    assert_eq!(s["layout"]["children"][0]["x-hint"]["a"][1], 2);
    assert_eq!(s["layout"]["children"][1]["type"], "Sparkles");
    assert_eq!(s["layout"]["children"][2]["on-click-action"]["payload"], serde_json::json!({}));
    // The validator still reports what the table does not know, in build(), located at the
    // element that wrote it (line 21), not at the macro's first line (17).
    let err = Hatch::build().unwrap_err();
    let unknown = err
        .findings
        .iter()
        .find(|f| f.path == "screens[0].layout.children[1].type")
        .expect("the unknown component is reported");
    assert_eq!(unknown.code, "INVALID_PROPERTY_VALUE");
    assert_eq!(unknown.location.map(|l| l.line()), Some(21), "{unknown:?}");
}
