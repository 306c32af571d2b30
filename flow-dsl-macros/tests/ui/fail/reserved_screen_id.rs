use flow_dsl::flow;

flow! {
    <Flow name=F version="7.3">
        <Screen id="SUCCESS" terminal>
            <Footer label="Done" on-click-action={complete()} />
        </Screen>
    </Flow>
}

fn main() {}
