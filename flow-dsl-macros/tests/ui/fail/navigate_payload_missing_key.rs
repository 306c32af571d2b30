use flow_dsl::flow;

flow! {
    <Flow name=F version="7.3">
        <Screen id="START">
            <TextInput name="email" label="Email" />
            <Footer label="Next" on-click-action={navigate(END, {email: form.email})} />
        </Screen>
        <Screen id="END" terminal data={ email: String = "a@b.c", name: String = "Ana" }>
            <Footer label="Done" on-click-action={complete()} />
        </Screen>
    </Flow>
}

fn main() {}
