use flow_dsl::flow;

flow! {
    <Flow name=F version="7.3">
        <Screen id="START" title terminal>
            <TextInput name="age" label required />
            <Footer label="Done" on-click-action={complete()} />
        </Screen>
    </Flow>
}

fn main() {}
