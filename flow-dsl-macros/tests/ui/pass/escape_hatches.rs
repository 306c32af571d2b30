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

// `raw:` on the containers too (once a panic in the macro for Form): `flow-dsl import` keeps
// their unknown keys this way.
flow! {
    <Flow name=Containers version="7.3">
        <Screen id="START" terminal data={ kind: String = "a" }>
            <Form name="f" raw:x-form="kept">
                <TextInput name="t" label="T" />
            </Form>
            <If condition={data.kind == "a"} raw:x-if={[1]}>
                <TextBody text="A" />
            </If>
            <Switch value={data.kind} raw:x-switch={{k: true}}>
                <case value="a"> <TextBody text="A" /> </case>
            </Switch>
            <Footer label="Done" on-click-action={complete({})} />
        </Screen>
    </Flow>
}

fn main() {
    let c = &Containers::flow().to_value()["screens"][0]["layout"]["children"];
    assert_eq!(c[0]["x-form"], "kept");
    assert_eq!(c[1]["x-if"], serde_json::json!([1]));
    assert_eq!(c[2]["x-switch"], serde_json::json!({"k": true}));
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
