//! A Form's `init-values` and `error-messages`: bound as a whole to screen data declared as
//! `Value`, or field by field with literals beside references (the corpus's usual prefill).

use flow_dsl::flow;

flow! {
    <Flow name=Prefilled version="7.3">
        <Screen id="START"
            data={ defaults: Value = {note: "none"}, messages: Value = {note: "Too long"} }>
            <Form name="details" init-values={data.defaults} error-messages={data.messages}>
                <TextInput name="note" label="Note" />
            </Form>
            <Footer label="Next" on-click-action={navigate(PROFILE, {first: "Ana", news: true, email_error: ""})} />
        </Screen>
        <Screen id="PROFILE" terminal
            data={ first: String = "Ana", news: bool = true, email_error: String = "" }>
            <Form name="profile"
                  init-values={{first_name: data.first, email: "ana@example.com", news: data.news,
                                tags: ["a", data.first]}}
                  error-messages={{email: data.email_error}}>
                <TextInput name="first_name" label="First name" />
                <TextInput name="email" label="Email" />
                <OptIn name="news" label="News" />
                <CheckboxGroup name="tags" label="Tags"
                               data-source={[{id: "a", title: "A"}, {id: "Ana", title: "Ana"}]} />
            </Form>
            <Footer label="Done" on-click-action={complete({first: form.first_name})} />
        </Screen>
    </Flow>
}

fn main() {
    let v = Prefilled::flow().to_value();
    let form = &v["screens"][0]["layout"]["children"][0];
    assert_eq!(form["init-values"], "${data.defaults}");
    assert_eq!(form["error-messages"], "${data.messages}");
    let profile = &v["screens"][1]["layout"]["children"][0];
    assert_eq!(
        profile["init-values"],
        serde_json::json!({
            "first_name": "${data.first}",
            "email": "ana@example.com",
            "news": "${data.news}",
            "tags": ["a", "${data.first}"]
        })
    );
    assert_eq!(
        profile["error-messages"],
        serde_json::json!({"email": "${data.email_error}"})
    );
}
