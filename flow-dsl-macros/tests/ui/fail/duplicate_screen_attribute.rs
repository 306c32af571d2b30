use flow_dsl::flow;

flow! {
    <Flow name=F version="7.3">
        <Screen id="START" id="OTHER" title="One" title="Two" terminal
            data={ a: String = "x" } data={ b: String = "y" }>
            <Footer label="Done" on-click-action={complete()} />
        </Screen>
    </Flow>
}

fn main() {}
