//! The five cases of issue 17: flow!, the builders and `flow-dsl validate` agree.
use flow_dsl::flow;

flow! {
    <Flow name=F version="7.3" categories=[SURVY]>
        <Screen id="STEP2">
            <If condition={form.more}>
                <then>
                    <Footer label="Next" on-click-action={navigate(DETAIL, {})} />
                </then>
                <else>
                    <Footer label="Skip" on-click-action={navigate(DETAILS, {})} />
                </else>
            </If>
            <OptIn name="more" label="More" />
        </Screen>
        <Screen id="DETAILS" terminal>
            <PhotoPicker name="photo" label="Photo" />
            <DocumentPicker name="doc" label="Document" />
            <Footer label="Done" on-click-action={complete({who: "${user.wa_id}"})} />
        </Screen>
    </Flow>
}

fn main() {}
