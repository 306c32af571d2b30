use flow_dsl::flow;

flow! {
    <Flow name=F version="7.3">
        <Screen id="START" terminal>
            <TextImput name="email" label="Email" />
            <Footer label="Done" on-click-action={complete()} />
        </Screen>
    </Flow>
}

fn main() {}
