//! One flow per validator rule family (each code in flow_model::validate::codes): every code
//! shows in the .stderr at the token that caused it. See flow-dsl-macros/PARITY.md.
use flow_dsl::flow;

// InvalidPropertyKey
flow! {
    <Flow name=InvalidPropertyKey version="7.3">
        <Screen id="S" terminal>
            <RadioButtonsGroup name="r" label="R"
                data-source={[{id: "a", title: "A", colour: "red"}, {id: "b", title: "B"}]} />
            <Footer label="Done" on-click-action={complete()} />
        </Screen>
    </Flow>
}

// InvalidPropertyValueFormat
flow! {
    <Flow name=InvalidPropertyValueFormat version="7.3">
        <Screen id="S" terminal>
            <EmbeddedLink text="Site" on-click-action={open_url("example.com")} />
            <Footer label="Done" on-click-action={complete()} />
        </Screen>
    </Flow>
}

// InvalidDependencies
flow! {
    <Flow name=InvalidDependencies version="7.3">
        <Screen id="S" terminal>
            <TextInput name="p" label="Code" pattern="[0-9]+" />
            <Footer label="Done" on-click-action={complete()} />
        </Screen>
    </Flow>
}

// NotKeywordSchema
flow! {
    <Flow name=NotKeywordSchema version="7.3">
        <Screen id="S" terminal>
            <Footer label="Done" left-caption="L" center-caption="C" on-click-action={complete()} />
        </Screen>
    </Flow>
}

// InvalidActionPayloadProperty
flow! {
    <Flow name=InvalidActionPayloadProperty version="7.3">
        <Screen id="S" terminal>
            <Dropdown name="d" label="D" data-source={[{id: "a", title: "A"}]}
                on-select-action={update_data({nope: "x"})} />
            <Footer label="Done" on-click-action={complete()} />
        </Screen>
    </Flow>
}

// InvalidScreenDynamicData
flow! {
    <Flow name=InvalidScreenDynamicData version="7.3">
        <Screen id="S" terminal data={ items: Vec<String> = ["a"] }>
            <TextBody text={data.items.first} />
            <Footer label="Done" on-click-action={complete()} />
        </Screen>
    </Flow>
}

// MinValueGreaterThanMax
flow! {
    <Flow name=MinValueGreaterThanMax version="7.3">
        <Screen id="S" terminal>
            <TextInput name="t" label="T" min-chars=10 max-chars=5 />
            <Footer label="Done" on-click-action={complete()} />
        </Screen>
    </Flow>
}

// PickerRanges
flow! {
    <Flow name=PickerRanges version="7.3">
        <Screen id="S" terminal>
            <PhotoPicker name="photo" label="Photo" max-uploaded-photos=0 max-file-size-kb=99999 />
            <Footer label="Done" on-click-action={complete()} />
        </Screen>
    </Flow>
}

// PickerInPayload
flow! {
    <Flow name=PickerInPayload version="7.3">
        <Screen id="S" terminal>
            <PhotoPicker name="photo" label="Photo" max-uploaded-photos=3 />
            <Footer label="Done" on-click-action={complete({photo: form.photo})} />
        </Screen>
    </Flow>
}

// FooterInOneBranch
flow! {
    <Flow name=FooterInOneBranch version="7.3">
        <Screen id="S" terminal>
            <OptIn name="ok" label="OK" />
            <If condition={form.ok}>
                <Footer label="Done" on-click-action={complete()} />
            </If>
        </Screen>
    </Flow>
}

// FooterInOneCase
flow! {
    <Flow name=FooterInOneCase version="7.3">
        <Screen id="S" terminal>
            <Dropdown name="d" label="D" data-source={[{id: "a", title: "A"}, {id: "b", title: "B"}]} />
            <Switch value={form.d}>
                <case value="a"> <Footer label="Done" on-click-action={complete()} /> </case>
                <case value="b"> <TextBody text="B" /> </case>
            </Switch>
        </Screen>
    </Flow>
}

// FooterInsideAndOutside
flow! {
    <Flow name=FooterInsideAndOutside version="7.3">
        <Screen id="S" terminal>
            <OptIn name="ok" label="OK" />
            <If condition={form.ok}>
                <then> <Footer label="Yes" on-click-action={complete()} /> </then>
                <else> <Footer label="No" on-click-action={complete()} /> </else>
            </If>
            <Footer label="Done" on-click-action={complete()} />
        </Screen>
    </Flow>
}

// TwoFooters
flow! {
    <Flow name=TwoFooters version="7.3">
        <Screen id="S" terminal>
            <Footer label="One" on-click-action={complete()} />
            <Footer label="Two" on-click-action={complete()} />
        </Screen>
    </Flow>
}

// MustBeAlone
flow! {
    <Flow name=MustBeAlone version="7.3">
        <Screen id="S" terminal>
            <RichText text="# Terms" />
            <TextBody text="Read them" />
            <Footer label="Done" on-click-action={complete()} />
        </Screen>
    </Flow>
}

// TooManyOptions
flow! {
    <Flow name=TooManyOptions version="7.3">
        <Screen id="S" terminal>
            <RadioButtonsGroup name="r" label="R" data-source={[{id: "o0", title: "O0"}, {id: "o1", title: "O1"}, {id: "o2", title: "O2"}, {id: "o3", title: "O3"}, {id: "o4", title: "O4"}, {id: "o5", title: "O5"}, {id: "o6", title: "O6"}, {id: "o7", title: "O7"}, {id: "o8", title: "O8"}, {id: "o9", title: "O9"}, {id: "o10", title: "O10"}, {id: "o11", title: "O11"}, {id: "o12", title: "O12"}, {id: "o13", title: "O13"}, {id: "o14", title: "O14"}, {id: "o15", title: "O15"}, {id: "o16", title: "O16"}, {id: "o17", title: "O17"}, {id: "o18", title: "O18"}, {id: "o19", title: "O19"}, {id: "o20", title: "O20"}]} />
            <Footer label="Done" on-click-action={complete()} />
        </Screen>
    </Flow>
}

// FourImages
flow! {
    <Flow name=FourImages version="7.3">
        <Screen id="S" terminal>
            <Image src="iVBORw0KGgo=" alt-text="I0" />
            <Image src="iVBORw0KGgo=" alt-text="I1" />
            <Image src="iVBORw0KGgo=" alt-text="I2" />
            <Image src="iVBORw0KGgo=" alt-text="I3" />
            <Footer label="Done" on-click-action={complete()} />
        </Screen>
    </Flow>
}

// SixOptIns
flow! {
    <Flow name=SixOptIns version="7.3">
        <Screen id="S" terminal>
            <OptIn name="o0" label="O0" />
            <OptIn name="o1" label="O1" />
            <OptIn name="o2" label="O2" />
            <OptIn name="o3" label="O3" />
            <OptIn name="o4" label="O4" />
            <OptIn name="o5" label="O5" />
            <Footer label="Done" on-click-action={complete()} />
        </Screen>
    </Flow>
}

// MissingType
flow! {
    <Flow name=MissingType version="7.3">
        <Screen id="S" terminal>
            <Raw json={{text: "a component without a type"}} />
            <Footer label="Done" on-click-action={complete()} />
        </Screen>
    </Flow>
}

// InputOutsideForm
flow! {
    <Flow name=InputOutsideForm version="3.1">
        <Screen id="S" terminal>
            <TextInput name="t" label="T" />
            <Footer label="Done" on-click-action={complete()} />
        </Screen>
    </Flow>
}

// UnknownDataApi
flow! {
    <Flow name=UnknownDataApi version="7.3" data_api_version="9.9">
        <Screen id="S" terminal>
            <Footer label="Done" on-click-action={complete()} />
        </Screen>
    </Flow>
}

// NavigateFromTerminal
flow! {
    <Flow name=NavigateFromTerminal version="7.3">
        <Screen id="S" terminal>
            <Footer label="Again" on-click-action={navigate(T, {})} />
        </Screen>
        <Screen id="T" terminal>
            <Footer label="Done" on-click-action={complete()} />
        </Screen>
    </Flow>
}

// EmptyScreenId
flow! {
    <Flow name=EmptyScreenId version="7.3">
        <Screen id="" terminal>
            <Footer label="Done" on-click-action={complete()} />
        </Screen>
    </Flow>
}

fn main() {}
