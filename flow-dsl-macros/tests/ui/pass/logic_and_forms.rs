//! Expressions, If/Switch, Forms, endpoint actions and optional completion fields.

use flow_dsl::flow;

flow! {
    <Flow name=Order version="7.3" data_api_version="3.0" categories=[OTHER]>
        <Screen id="CART" title={"Cart of " + data.customer}
            data={ customer: String = "Ana", items: i64 = 2, price: f64 = 9.5, vip: bool = false,
                   kind: String = "gift", profile: Value = {address: {city: "Lisbon"}} }>
            <TextBody text={"City: " + data.profile.address.city} />
            <TextBody text={"Items: " + (data.items + 1)} visible={data.items >= 1 && !data.vip} />
            <TextCaption text={"Price: " + data.price} visible={data.price / 2.0 > 1.0 || data.vip} />
            <Switch value={data.kind}>
                <case value="gift"> <TextBody text="Wrapped" /> </case>
                <case value="self"> <TextBody text="Not wrapped" /> <TextCaption text="Saves paper" /> </case>
            </Switch>
            <Form name="details" init-values={{note: "none"}} error-messages={{note: "Too long"}}>
                <TextInput name="note" label="Note" />
                <Dropdown name="size" label="Size" data-source={[{id: "S", title: "Small"}]}
                    on-select-action={data_exchange({size: form.size})} />
                <OptIn name="terms" label="I accept" on-select-action={update_data({vip: true})} />
            </Form>
            <If condition={form.note != "" && data.items > 1}>
                <TextBody text="Several items" />
            </If>
            <Footer label="Pay" enabled={form.terms}
                on-click-action={data_exchange({note: form.note, size: form.size}, [PAID])} />
        </Screen>
        <Screen id="PAID" title="Paid" terminal success refresh_on_back data={ receipt: String = "R-1" }>
            <TextBody text={"Receipt " + data.receipt} />
            <Footer label="Close" on-click-action={complete({
                receipt: data.receipt, note: screen.CART.form.note, terms: screen.CART.form.terms,
                paid: true,
            })} />
        </Screen>
    </Flow>
}

fn main() {
    let v = Order::flow().to_value();
    let cart = &v["screens"][0];
    assert_eq!(cart["title"], "`'Cart of ' ${data.customer}`");
    let children = &cart["layout"]["children"];
    assert_eq!(children[0]["text"], "`'City: ' ${data.profile.address.city}`");
    assert_eq!(children[1]["text"], "`'Items: ' (${data.items} + 1)`");
    assert_eq!(children[1]["visible"], "`${data.items} >= 1 && !${data.vip}`");
    assert_eq!(children[3]["cases"]["self"].as_array().map(Vec::len), Some(2));
    assert_eq!(children[4]["init-values"]["note"], "none");
    assert_eq!(children[5]["condition"], "${form.note} != '' && ${data.items} > 1");
    assert_eq!(v["routing_model"]["CART"][0], "PAID");
    assert_eq!(Order::DATA_API_VERSION, Some("3.0"));
    // Inputs that are not required may be missing from the completion.
    let done: OrderCompletion = serde_json::from_str(r#"{"receipt": "R-9", "paid": true}"#).unwrap();
    assert_eq!(done.receipt, "R-9");
    assert_eq!(done.note, None);
    assert_eq!(done.terms, None);
    assert!(done.paid);
    let (_, findings) = Order::builder().build_report();
    let errors: Vec<_> = findings.iter().filter(|f| f.is_error()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}
