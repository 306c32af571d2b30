use flow_dsl::flow;

flow! {
    <Flow name=F version="7.3">
        <Screen id="START" terminal data={ items: i64 = 2 }>
            <If condition={data.items % 2 == 0}>
                <TextBody text="Even" />
            </If>
            <Footer label="Done" on-click-action={complete()} />
        </Screen>
    </Flow>
}

fn main() {}
