use flow_dsl::flow;

flow! {
    <Flow name=F version="6.0">
        <Screen id="START" terminal>
            <ChipsSelector name="tags" label="Tags"
                data-source={[{id: "a", title: "A"}, {id: "b", title: "B"}]} />
            <Footer label="Done" on-click-action={complete()} />
        </Screen>
    </Flow>
}

fn main() {}
