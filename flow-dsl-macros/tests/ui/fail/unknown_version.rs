use flow_dsl::flow;

flow! {
    <Flow name=F version="7.4">
        <Screen id="START" terminal>
            <Footer label="Done" on-click-action={complete()} />
        </Screen>
    </Flow>
}

fn main() {}
