use flow_dsl::flow;

flow! {
    <Flow name=F version="6.3">
        <Screen id="START" terminal>
            <TextInput name="name" label="Name" label-variant="large" />
            <Footer label="Done" on-click-action={complete()} />
        </Screen>
    </Flow>
}

fn main() {}
