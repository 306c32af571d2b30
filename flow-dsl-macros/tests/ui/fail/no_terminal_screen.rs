use flow_dsl::flow;

flow! {
    <Flow name=F version="7.3" data_api_version="3.0">
        <Screen id="START">
            <Footer label="Next" on-click-action={navigate(END)} />
        </Screen>
        <Screen id="END">
            <Footer label="Exchange" on-click-action={data_exchange({})} />
        </Screen>
    </Flow>
}

fn main() {}
