//! A Form's literal `init-values` have their input's type (text inputs a string, CheckboxGroup
//! a list of option ids), and pickers cannot be prefilled; bindings are left to the validator.
//! Error messages are text.

use flow_dsl::flow;

flow! {
    <Flow name=F version="7.3">
        <Screen id="START" terminal data={ email: String = "a@b.c" }>
            <Form name="f" init-values={{email: 5, tags: "a", more: ["a", 1], photo: "x", name: data.email}}
                  error-messages={{email: 3, name: "Too short"}}>
                <TextInput name="email" label="Email" />
                <TextInput name="name" label="Name" />
                <CheckboxGroup name="tags" label="Tags" data-source={[{id: "a", title: "A"}]} />
                <CheckboxGroup name="more" label="More" data-source={[{id: "a", title: "A"}]} />
                <PhotoPicker name="photo" label="Photo" />
            </Form>
            <Footer label="Done" on-click-action={complete({})} />
        </Screen>
    </Flow>
}

fn main() {}
