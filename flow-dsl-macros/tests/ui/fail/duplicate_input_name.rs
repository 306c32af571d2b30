use flow_dsl::flow;

flow! {
    <Flow name=F version="7.3">
        <Screen id="START" terminal data={ vip: bool = true }>
            <Form name="form">
                <TextInput name="email" label="Email" />
            </Form>
            <If condition={data.vip}>
                <then> <TextInput name="email" label="Work email" /> </then>
                <else> <TextArea name="note" label="Note" /> </else>
            </If>
            <Switch value={data.vip}>
                <case value="false"> <TextArea name="note" label="Other note" /> </case>
            </Switch>
            <Footer label="Done" on-click-action={complete()} />
        </Screen>
    </Flow>
}

fn main() {}
