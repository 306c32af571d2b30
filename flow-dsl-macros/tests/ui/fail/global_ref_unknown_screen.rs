use flow_dsl::flow;

flow! {
    <Flow name=F version="7.3">
        <Screen id="START">
            <TextInput name="email" label="Email" />
            <Footer label="Next" on-click-action={navigate(END)} />
        </Screen>
        <Screen id="END" terminal>
            <Footer label="Done" on-click-action={complete({email: screen.STRAT.form.email})} />
        </Screen>
    </Flow>
}

fn main() {}
