use flow_dsl::flow;

flow! {
    <Flow name=F version="7.3">
        <Screen id="A" terminal data={ count: i64 = 3, ratio: f64 = 1.5 }>
            <TextInput name="n" label=5 max-chars="ten" visible="yes" />
            <TextInput name="m" label="M" min-chars=1.5 helper-text={data.count} />
            <TextBody text=true />
            <TextCaption text={{a: "b"}} />
            <CheckboxGroup name="c" label="C" max-selected-items={data.ratio}
                data-source={[{id: "a", title: 1}, {id: "b", title: "B", enabled: "no"}]} />
            <Image src="aGVsbG8=" width="wide" />
            <Footer label={[1, 2]} on-click-action={complete()} />
        </Screen>
    </Flow>
}

fn main() {}
