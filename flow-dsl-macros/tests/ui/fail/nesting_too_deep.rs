//! Elements nest at most 32 deep (`<Flow>` is the first level): the parser, the checks and the
//! expansion recurse once per level, and a proc macro that overflows its stack takes rustc down
//! with it. The 31st `<If>` here is level 33.

use flow_dsl::flow;

flow! {
    <Flow name=F version="7.3">
        <Screen id="START" terminal data={ on: bool = true }>
            <If condition={data.on}>
            <If condition={data.on}>
            <If condition={data.on}>
            <If condition={data.on}>
            <If condition={data.on}>
            <If condition={data.on}>
            <If condition={data.on}>
            <If condition={data.on}>
            <If condition={data.on}>
            <If condition={data.on}>
            <If condition={data.on}>
            <If condition={data.on}>
            <If condition={data.on}>
            <If condition={data.on}>
            <If condition={data.on}>
            <If condition={data.on}>
            <If condition={data.on}>
            <If condition={data.on}>
            <If condition={data.on}>
            <If condition={data.on}>
            <If condition={data.on}>
            <If condition={data.on}>
            <If condition={data.on}>
            <If condition={data.on}>
            <If condition={data.on}>
            <If condition={data.on}>
            <If condition={data.on}>
            <If condition={data.on}>
            <If condition={data.on}>
            <If condition={data.on}>
            <If condition={data.on}>
            <TextBody text="Deep" />
            </If></If></If></If></If></If></If></If></If></If></If></If></If></If></If></If></If></If></If></If></If></If></If></If></If></If></If></If></If></If></If>
            <Footer label="Done" on-click-action={complete({})} />
        </Screen>
    </Flow>
}

fn main() {}
