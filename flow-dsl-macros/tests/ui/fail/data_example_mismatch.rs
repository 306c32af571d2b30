use flow_dsl::flow;

flow! {
    <Flow name=F version="7.3">
        <Screen id="START" terminal data={ count: i64 = "three", name: Strin = "Ana" }>
            <TextBody text={"Count: " + data.count} />
            <Footer label="Done" on-click-action={complete()} />
        </Screen>
    </Flow>
}

fn main() {}
