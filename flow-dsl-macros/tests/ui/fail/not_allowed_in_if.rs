use flow_dsl::flow;

flow! {
    <Flow name=F version="7.3">
        <Screen id="START" terminal data={ show: bool = true }>
            <If condition={data.show}>
                <PhotoPicker name="photo" label="Photo" />
            </If>
            <Footer label="Done" on-click-action={complete()} />
        </Screen>
    </Flow>
}

fn main() {}
