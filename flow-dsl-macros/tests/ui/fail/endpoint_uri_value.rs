//! `endpoint_uri` on <Flow> takes the endpoint's URL as a non-empty string.
use flow_dsl::flow;

flow! {
    <Flow name=Empty version="7.3" data_api_version="3.0" endpoint_uri="">
        <Screen id="START" terminal>
            <Footer label="Done" on-click-action={complete()} />
        </Screen>
    </Flow>
}

flow! {
    <Flow name=NotText version="7.3" data_api_version="3.0" endpoint_uri=42>
        <Screen id="START" terminal>
            <Footer label="Done" on-click-action={complete()} />
        </Screen>
    </Flow>
}

fn main() {}
