//! The crate documentation's example: one flow, its type, screens and completion struct.

use flow_dsl::flow;

flow! {
    <Flow name=Feedback version="7.3" categories=[SURVEY]>
        <Screen id="START" title="How did we do?">
            <TextInput name="email" label="Email" input-type="email" required />
            <RadioButtonsGroup name="rating" label="Rating" required
                data-source={[{id: "good", title: "Good"}, {id: "bad", title: "Bad"}]} />
            <TextArea name="comment" label="Tell us more" visible={form.rating == "bad"} />
            <Footer label="Next"
                on-click-action={navigate(THANKS, {email: form.email, rating: form.rating})} />
        </Screen>
        <Screen id="THANKS" title="Thank you" terminal success
                data={ email: String = "ana@example.com", rating: String = "good" }>
            <TextBody text={"We will write to " + data.email} />
            <If condition={data.rating == "bad"}>
                <then> <TextCaption text="Sorry to hear that." /> </then>
                <else> <TextCaption text="Glad you liked it!" /> </else>
            </If>
            <Footer label="Done"
                on-click-action={complete({email: data.email, rating: data.rating,
                                           comment: screen.START.form.comment})} />
        </Screen>
    </Flow>
}

fn main() {
    let json = Feedback::flow().to_value();
    assert_eq!(json["screens"][0]["id"], "START");
    assert_eq!(FeedbackScreen::Thanks.id(), "THANKS");
    assert_eq!(Feedback::CATEGORIES, &["SURVEY"]);
    assert!(Feedback::build().is_ok());
    let answer: FeedbackCompletion =
        serde_json::from_str(r#"{"email": "a@b.c", "rating": "bad", "comment": "slow"}"#).unwrap();
    assert_eq!(answer.comment.as_deref(), Some("slow"));
    let footer = &json["screens"][1]["layout"]["children"][2]["on-click-action"];
    assert_eq!(footer["payload"]["comment"], "${screen.START.form.comment}");
}
