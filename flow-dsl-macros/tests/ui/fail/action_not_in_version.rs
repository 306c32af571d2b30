use flow_dsl::flow;

flow! {
    <Flow name=F version="5.1">
        <Screen id="START" terminal>
            <EmbeddedLink text="Terms" on-click-action={open_url("https://example.com")} />
            <Footer label="Done" on-click-action={complete()} />
        </Screen>
    </Flow>
}

fn main() {}
