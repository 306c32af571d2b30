//! Loan application: an endpoint flow (`data_exchange`, Data API 3.0) whose routing model is
//! derived from the actions.

use flow_dsl::builder::*;

/// Three screens; the endpoint computes the offer and answers with the next screen.
///
/// Routing model derived by `build()`: `LOAN → [OFFER]`, `OFFER → [CONFIRM]`, `CONFIRM → []`.
pub fn loan_application() -> Flow {
    let mut flow = Flow::new("7.3");
    flow.data_api_version("3.0");
    let loan = flow.screen("LOAN");
    let offer = flow.screen("OFFER");
    let confirm = flow.screen("CONFIRM");

    let s = flow.at(loan);
    s.title("Your loan");
    let amounts = s.data::<Vec<Choice>>(
        "amounts",
        vec![
            Choice::new("5000", "€5,000"),
            Choice::new("10000", "€10,000"),
        ],
    );
    let tenures = s.data::<Vec<Choice>>(
        "tenures",
        vec![
            Choice::new("12", "12 months"),
            Choice::new("24", "24 months"),
        ],
    );
    s.child(TextHeading::new("How much do you need?"));
    let amount = s.add(Dropdown::new("amount", "Amount", &amounts).required(true));
    let tenure = s.add(RadioButtonsGroup::new("tenure", "Duration", &tenures).required(true));
    s.child(Footer::new(
        "See my offer",
        data_exchange()
            .with("amount", &amount)
            .with("tenure", &tenure)
            .routes_to(offer),
    ));

    let o = flow.at(offer);
    o.title("Your offer").refresh_on_back(true);
    let monthly = o.data::<String>("monthly", "€440.00");
    let rate = o.data::<i64>("rate", 7);
    let approved = o.data::<bool>("approved", true);
    o.child(TextHeading::new(Expr::text("Monthly payment: ") + &monthly))
        .child(TextBody::new(
            Expr::text("Interest rate (%): ") + rate.as_text(),
        ));
    let name = o.add(
        TextInput::new("name", "Full name")
            .required(true)
            .visible(&approved),
    );
    let tax_id = o.add(
        TextInput::new("tax_id", "Tax number")
            .input_type(InputType::Number)
            .required(true)
            .visible(&approved),
    );
    o.child(If::new(!&approved).then(TextBody::new("We cannot offer a loan at the moment.")));
    o.child(
        Footer::new(
            "Apply",
            data_exchange()
                .with("name", &name)
                .with("tax_id", &tax_id)
                .routes_to(confirm),
        )
        .enabled(&approved),
    );

    let c = flow.at(confirm);
    let reference = c.data::<String>("reference", "LN-2025-0001");
    c.title("Done")
        .terminal(true)
        .success(true)
        .child(TextHeading::new("Application received"))
        .child(TextBody::new(Expr::text("Your reference: ") + &reference))
        .child(Footer::new(
            "Close",
            complete().with("reference", &reference),
        ));
    flow
}
