//! Item ids, carousel images, CalendarPicker ranges and a list item's `end`, `start.alt-text`,
//! `tags` and action are written by the builder as given: a value it cannot take is an error at
//! the value, never a silent `""`, `null` or nothing.

use flow_dsl::flow;

flow! {
    <Flow name=F version="7.3">
        <Screen id="START" data={ code: String = "a", text: String = "From", on: bool = true }>
            <RadioButtonsGroup name="pick" label="Pick"
                data-source={[{id: data.code, title: "A"}, {id: 2, title: "B"}]} />
            <ImageCarousel images={[{src: data.code, alt-text: "One"}]} />
            <CalendarPicker name="stay" mode="range" label={{start-date: data.text, end-date: "To"}}
                required={{start-date: "yes", end-date: data.on}} helper-text={{start-date: "From"}} />
            <Footer label="Next" on-click-action={navigate(LIST, {title: "Basic"})} />
        </Screen>
        <Screen id="LIST" data={ title: String = "Basic" }>
            <NavigationList name="plans" label="Plans" list-items={[
                {id: data.title, main-content: {title: data.title}, on-click-action: "DONE"},
                {main-content: {description: "No title"}, end: {title: data.title},
                 start: {image: "aGVsbG8=", alt-text: data.title}, tags: ["a", data.title]},
                {id: "c", main-content: "C", on-click-action: navigate(DONE)},
            ]} />
        </Screen>
        <Screen id="DONE" terminal>
            <Footer label="Done" on-click-action={complete({})} />
        </Screen>
    </Flow>
}

fn main() {}
