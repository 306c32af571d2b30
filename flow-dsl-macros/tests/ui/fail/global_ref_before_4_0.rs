use flow_dsl::flow;

flow! {
    <Flow name=F version="3.1">
        <Screen id="START">
            <Form name="form">
                <TextInput name="email" label="Email" />
                <Footer label="Next" on-click-action={navigate(END)} />
            </Form>
        </Screen>
        <Screen id="END" terminal>
            <Footer label="Done" on-click-action={complete({email: screen.START.form.email})} />
        </Screen>
    </Flow>
}

fn main() {}
