use flow_dsl::flow;

flow! {
    <Flow name=F version="7.3">
        <Screen id="START" terminal>
            <TextBody text="Bye" />
        </Screen>
    </Flow>
}

fn main() {}
