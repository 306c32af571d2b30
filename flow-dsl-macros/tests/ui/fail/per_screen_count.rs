use flow_dsl::flow;

flow! {
    <Flow name=F version="7.3">
        <Screen id="START" terminal>
            <EmbeddedLink text="One" on-click-action={open_url("https://example.com/1")} />
            <EmbeddedLink text="Two" on-click-action={open_url("https://example.com/2")} />
            <EmbeddedLink text="Three" on-click-action={open_url("https://example.com/3")} />
            <Footer label="Done" on-click-action={complete()} />
        </Screen>
    </Flow>
}

fn main() {}
