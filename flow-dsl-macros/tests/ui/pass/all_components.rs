//! Every component, with its properties, expands to builder calls that compile and validate.

use flow_dsl::flow;

flow! {
    <Flow name=Showcase version="7.3" categories=[OTHER]>
        <Screen id="TEXTS" title="Texts"
            data={ items: Vec<Choice> = [{id: "a", title: "A"}],
                   nav: Value = [{id: "n", main-content: {title: "N"}}] }>
            <TextHeading text="Heading" visible />
            <TextSubheading text="Subheading" />
            <TextBody text="Body" font-weight="bold" strikethrough=false markdown=false />
            <TextCaption text={["First paragraph", "Second"]} font-weight="italic" />
            <Image src="aGVsbG8=" width=100 height=50 scale-type="cover" aspect-ratio=1.5 alt-text="Logo" />
            <ImageCarousel images={[{src: "aGVsbG8=", alt-text: "One"}]} aspect-ratio="16:9" scale-type="contain" />
            <EmbeddedLink text="Rich" on-click-action={navigate(RICH)} />
            <Footer label="Go" left-caption="Left" right-caption="Right" enabled
                on-click-action={navigate(INPUTS)} />
        </Screen>
        <Screen id="RICH" title="Rich text">
            <RichText text="# Title" />
            <Footer label="Next" on-click-action={navigate(INPUTS)} />
        </Screen>
        <Screen id="INPUTS" title="Inputs">
            <TextInput name="t" label="Text" label-variant="large" input-type="number" pattern="[0-9]+"
                helper-text="Digits" required min-chars=1 max-chars=5 init-value="1" error-message="Bad" />
            <TextArea name="ta" label="Area" max-length=100 helper-text="Help" enabled />
            <CheckboxGroup name="cb" label="Boxes" description="Pick" min-selected-items=1
                max-selected-items=2 media-size="large" init-value={["a"]}
                data-source={[{id: "a", title: "A", description: "First", metadata: "M"},
                              {id: "b", title: "B", enabled: false}]}
                on-select-action={update_data({})} />
            <RadioButtonsGroup name="rb" label="Radio" init-value="a"
                data-source={[{id: "a", title: "A"}, {id: "b", title: "B"}]} />
            <Dropdown name="dd" label="Drop" init-value="x"
                data-source={[{id: "x", title: "X", on-select-action: update_data({})}]} />
            <ChipsSelector name="cs" label="Chips" max-selected-items=2
                data-source={[{id: "a", title: "A"}, {id: "b", title: "B"}]} />
            <OptIn name="oi" label="I agree" required init-value=true
                on-click-action={open_url("https://example.com")} />
            <DatePicker name="dp" label="Date" min-date="2025-01-01" max-date="2025-12-31"
                unavailable-dates={["2025-05-01"]} helper-text="Pick" />
            <CalendarPicker name="cp" label={{start-date: "From", end-date: "To"}} mode="range"
                title="Stay" required={{start-date: true, end-date: false}} min-days=1 max-days=7
                include-days={["Mon", "Fri"]} />
            <PhotoPicker name="pp" label="Photo" photo-source="camera" max-file-size-kb=1024
                min-uploaded-photos=0 max-uploaded-photos=3 />
            <Footer label="Next" on-click-action={navigate(LIST, {
                text: form.t, boxes: form.cb, agreed: form.oi,
            })} />
        </Screen>
        <Screen id="LIST" title="Pick"
            data={ text: i64 = 1, boxes: Vec<String> = ["a"], agreed: bool = true }>
            <NavigationList name="plans" label="Plans" description="Choose" media-size="regular"
                list-items={[
                    {id: "basic", main-content: {title: "Basic", description: "Cheap", metadata: "1€"},
                     end: {title: "1€"}, badge: "New", tags: ["Tag"],
                     on-click-action: navigate(DONE, {plan: "basic"})},
                    {id: "pro", main-content: {title: "Pro"},
                     on-click-action: navigate(DONE, {plan: "pro"})},
                ]} />
        </Screen>
        <Screen id="DONE" title="Done" terminal success data={ plan: String = "basic" }>
            <TextBody text={"Plan: " + data.plan} />
            <DocumentPicker name="dc" label="Document" allowed-mime-types={["application/pdf"]}
                max-uploaded-documents=2 />
            <Footer label="Finish" center-caption="Thanks" on-click-action={complete({
                plan: data.plan, text: screen.INPUTS.form.t, boxes: screen.INPUTS.form.cb,
                agreed: screen.INPUTS.form.oi, source: "bot", count: 3, extra: {nested: [1, 2]},
            })} />
        </Screen>
    </Flow>
}

fn main() {
    let flow = Showcase::flow();
    let v = flow.to_value();
    assert_eq!(v["screens"].as_array().map(Vec::len), Some(5));
    let inputs = &v["screens"][2]["layout"]["children"];
    assert_eq!(inputs[0]["input-type"], "number");
    assert_eq!(inputs[8]["label"]["start-date"], "From");
    let done: ShowcaseCompletion = serde_json::from_str(
        r#"{"plan": "pro", "text": 1, "boxes": ["a"], "agreed": true, "source": "bot",
            "count": 3, "extra": {"nested": [1, 2]}}"#,
    )
    .unwrap();
    assert_eq!(done.plan, "pro");
    assert_eq!(done.text, 1);
    assert!(done.agreed);
    assert_eq!(done.count, 3);
    let (_, findings) = Showcase::builder().build_report();
    let errors: Vec<_> = findings.iter().filter(|f| f.is_error()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}
