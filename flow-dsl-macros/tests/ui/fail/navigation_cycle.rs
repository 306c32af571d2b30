use flow_dsl::flow;

flow! {
    <Flow name=F version="7.3">
        <Screen id="A">
            <Footer label="Next" on-click-action={navigate(B)} />
        </Screen>
        <Screen id="B">
            <Footer label="Next" on-click-action={navigate(C)} />
        </Screen>
        <Screen id="C" terminal>
            <EmbeddedLink text="Start over" on-click-action={navigate(A)} />
            <Footer label="Done" on-click-action={complete()} />
        </Screen>
    </Flow>
}

fn main() {}
