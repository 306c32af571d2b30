//! One compile reports every problem, parsing recovers after a syntax error, and the generated
//! type still exists (`main` uses it without further errors).

use flow_dsl::flow;

flow! {
    <Flow name=Broken version="7.3">
        <Screen id="START">
            <TextInput name="email" label="Email" input-typ="email" />
            <TextInput name="age" label=={18} />
            <Footer label="Next" on-click-action={navigate(ENDD, {email: form.emial})} />
        </Screen>
        <Screen id="END" terminal data={ email: String = "a@b.c" }>
            <TextBody text={"Bye " + data.mail} />
        </Screen>
    </Flow>
}

fn main() {
    let _ = Broken::NAME;
    let _ = BrokenScreen::Start.id();
}
