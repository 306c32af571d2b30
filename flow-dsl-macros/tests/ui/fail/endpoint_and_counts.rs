//! What flow-model's validator would reject at run time, reported at compile time: a
//! `data_exchange` in a flow without an endpoint, and option lists below Meta's minimum.

use flow_dsl::flow;

flow! {
    <Flow name=F version="7.3">
        <Screen id="A" terminal>
            <Dropdown name="d" label="D" data-source={[]} />
            <ChipsSelector name="c" label="C" data-source={[{id: "a", title: "A"}]} />
            <CheckboxGroup name="g" label="G" data-source={[{id: "a", title: "A"}]}
                on-select-action={data_exchange({})} />
            <Footer label="Done" on-click-action={data_exchange({})} />
        </Screen>
    </Flow>
}

flow! {
    <Flow name=Empty version="7.3">
    </Flow>
}

fn main() {}
