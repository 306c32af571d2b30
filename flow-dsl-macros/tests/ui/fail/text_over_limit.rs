use flow_dsl::flow;

flow! {
    <Flow name=F version="7.3">
        <Screen id="START" terminal>
            <TextInput name="email" label="Your professional email address" />
            <Footer label="Done" on-click-action={complete()} />
        </Screen>
    </Flow>
}

fn main() {}
