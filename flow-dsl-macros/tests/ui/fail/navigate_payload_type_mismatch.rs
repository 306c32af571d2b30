use flow_dsl::flow;

flow! {
    <Flow name=F version="7.3">
        <Screen id="START">
            <OptIn name="news" label="Send me news" />
            <Footer label="Next" on-click-action={navigate(END, {count: form.news})} />
        </Screen>
        <Screen id="END" terminal data={ count: i64 = 1 }>
            <Footer label="Done" on-click-action={complete()} />
        </Screen>
    </Flow>
}

fn main() {}
