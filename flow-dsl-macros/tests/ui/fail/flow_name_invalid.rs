use flow_dsl::flow;

flow! {
    <Flow name=self version="7.3">
        <Screen id="START" terminal>
            <Footer label="Done" on-click-action={complete()} />
        </Screen>
    </Flow>
}

fn main() {}
