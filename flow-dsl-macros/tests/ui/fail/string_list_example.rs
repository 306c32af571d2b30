use flow_dsl::flow;

flow! {
    <Flow name=F version="7.3">
        <Screen id="START" terminal data={ tags: Vec<String> = ["a", 1, true] }>
            <Footer label="Done" on-click-action={complete()} />
        </Screen>
    </Flow>
}

fn main() {}
