//! A Form's `init-values` and `error-messages` bound to screen data declared as `Value`.

use flow_dsl::flow;

flow! {
    <Flow name=Prefilled version="7.3">
        <Screen id="START" terminal
            data={ defaults: Value = {note: "none"}, messages: Value = {note: "Too long"} }>
            <Form name="details" init-values={data.defaults} error-messages={data.messages}>
                <TextInput name="note" label="Note" />
            </Form>
            <Footer label="Done" on-click-action={complete({note: form.note})} />
        </Screen>
    </Flow>
}

fn main() {
    let v = Prefilled::flow().to_value();
    let form = &v["screens"][0]["layout"]["children"][0];
    assert_eq!(form["init-values"], "${data.defaults}");
    assert_eq!(form["error-messages"], "${data.messages}");
}
