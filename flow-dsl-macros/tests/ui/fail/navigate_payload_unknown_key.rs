use flow_dsl::flow;

flow! {
    <Flow name=F version="7.3">
        <Screen id="START">
            <TextInput name="email" label="Email" />
            <Footer label="Next" on-click-action={navigate(END, {emial: form.email})} />
        </Screen>
        <Screen id="END" terminal data={ email: String = "a@b.c" }>
            <Footer label="Done" on-click-action={complete({email: data.email})} />
        </Screen>
    </Flow>
}

fn main() {}
