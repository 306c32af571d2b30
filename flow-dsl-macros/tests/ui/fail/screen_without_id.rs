use flow_dsl::flow;

// A screen without `id` is Meta's MISSING_REQUIRED_PROPERTY, reported at `<Screen>` with its code.
flow! {
    <Flow name=F version="7.3">
        <Screen terminal>
            <Footer label="Done" on-click-action={complete()} />
        </Screen>
    </Flow>
}

fn main() {}
