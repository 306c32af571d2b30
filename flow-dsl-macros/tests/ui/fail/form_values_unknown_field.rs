//! A Form's `init-values`/`error-messages` can only name the screen's inputs: a typo is an
//! error at the key, with the closest name.

use flow_dsl::flow;

flow! {
    <Flow name=F version="7.3">
        <Screen id="START" terminal data={ email: String = "ana@example.com" }>
            <Form name="f" init-values={{emial: data.email, city: "Lisbon"}}
                  error-messages={{emali: "Not an address"}}>
                <TextInput name="email" label="Email" />
            </Form>
            <Footer label="Done" on-click-action={complete({})} />
        </Screen>
    </Flow>
}

fn main() {}
