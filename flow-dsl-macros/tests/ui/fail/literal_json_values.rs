//! Data examples and per-media `error-message` are literal JSON: a reference or an expression
//! inside is an error at it, never a silent `null`. A Form's `init-values`/`error-messages`
//! take bindings field by field, but not `null` beside one, and error messages are text.

use flow_dsl::flow;

flow! {
    <Flow name=F version="7.3">
        <Screen id="START" terminal
                data={ name: String = "Ana", count: i64 = 1,
                       profile: Value = {name: data.name, tags: ["a", form.note], age: null},
                       media: Vec<Value> = [{id: data.name + "!"}],
                       options: Vec<Choice> = [{id: "a", title: data.name}] }>
            <Form name="f" init-values={{note: data.name, other: null, both: [data.name, null]}} error-messages={{note: data.count}}>
                <TextInput name="note" label="Note" />
                <TextInput name="other" label="Other" />
                <TextInput name="both" label="Both" />
            </Form>
            <PhotoPicker name="photo" label="Photo" error-message={{photo: !data.name}} />
            <Footer label="Done" on-click-action={complete({})} />
        </Screen>
    </Flow>
}

fn main() {}
