//! Every example flow and every golden rebuild, clicked through end to end in the simulator:
//! each path to each terminal screen, with its completion payload. The loan example's
//! `data_exchange` goes through the real `Endpoint`, encrypted as the WhatsApp client does it.

use flow_dsl::endpoint::{Endpoint, FlowPrivateKey, FlowRequest, FlowResponse};
use flow_dsl::model::FlowJson;
use flow_dsl::sim::{EncryptedEndpoint, ExchangeRequest, SimError, Simulator};
use flow_dsl_examples::flows::{booking, loan, signup, survey};
use flow_dsl_examples::macro_flows::*;
use flow_dsl_examples::{corpus_examples, meta_examples, quickstart};
use pretty_assertions::assert_eq;
use serde_json::{Value, json};

fn built(flow: flow_dsl::builder::Flow) -> FlowJson {
    flow.build().expect("the example flows are valid")
}

fn unchecked(flow: flow_dsl::builder::Flow) -> FlowJson {
    flow.build_unchecked()
}

#[test]
fn survey_every_answer() {
    for answer in ["very_satisfied", "satisfied", "neutral", "dissatisfied"] {
        let mut sim = Simulator::new(&built(survey::satisfaction_survey())).unwrap();
        let err = sim.tap_footer().unwrap_err().to_string();
        assert!(
            err.contains("required input 'satisfaction' is empty"),
            "{err}"
        );
        sim.select("satisfaction", answer).tap_footer().unwrap();
        let done: SurveyCompletion = sim.completion().unwrap();
        assert_eq!(done.satisfaction, answer);
    }
}

#[test]
fn booking_both_branches_to_the_summary() {
    for (department, hint) in [
        ("dentist", "Please bring your latest X-rays."),
        ("eyes", "Arrive 10 minutes early."),
    ] {
        let mut sim = Simulator::new(&built(booking::appointment_booking())).unwrap();
        assert_eq!(sim.screen(), "APPOINTMENT");
        sim.select("department", department);
        assert!(sim.texts().contains(&hint.to_owned()), "{:?}", sim.texts());
        let err = sim.fill("date", "2024-12-31").tap_footer().unwrap_err();
        assert!(err.to_string().contains("min-date 2025-01-01"), "{err}");
        let err = sim.fill("date", "2025-01-04").tap_footer().unwrap_err();
        assert!(
            err.to_string()
                .contains("Sat is not among the include-days"),
            "{err}"
        );
        sim.fill("date", "2025-01-06")
            .select("time", "11:00")
            .tap_footer()
            .unwrap();
        assert_eq!(sim.screen(), "DETAILS");
        assert_eq!(sim.data()["department"], department);
        sim.fill("name", "Kerry")
            .fill("email", "kerry@example.com")
            .fill("phone", "+1 631 555 1181")
            .tap_footer()
            .unwrap();
        assert_eq!(sim.screen(), "SUMMARY");
        let texts = sim.texts().join("\n");
        assert!(
            texts.contains(&format!(
                "Thank you, Kerry. Your visit: {department}, 2025-01-06 at 11:00."
            )),
            "{texts}"
        );
        sim.tap_footer().unwrap();
        let done: BookingCompletion = sim.completion().unwrap();
        assert_eq!(done.name, "Kerry");
        assert_eq!(done.department, department);
        assert_eq!(done.date, "2025-01-06");
        assert_eq!(done.time, "11:00");
        assert_eq!(done.email, "kerry@example.com");
    }
}

#[test]
fn sign_up_with_and_without_news() {
    for news in [true, false] {
        let mut sim = Simulator::new(&built(signup::sign_up())).unwrap();
        sim.fill("first_name", "Ana")
            .fill("last_name", "Silva")
            .fill("email", "ana@example.com")
            .fill("password", "short");
        let err = sim.tap_footer().unwrap_err().to_string();
        assert!(err.contains("its 'enabled' is false"), "{err}");
        sim.check("terms");
        let err = sim.tap_footer().unwrap_err().to_string();
        assert!(
            err.contains("'password' needs at least 8 characters"),
            "{err}"
        );
        sim.tap_link("Privacy policy").unwrap();
        sim.tap_link("terms").unwrap();
        assert_eq!(
            sim.opened_urls(),
            ["https://example.com/privacy", "https://example.com/terms"]
        );
        sim.fill("password", "long enough");
        if news {
            sim.check("news");
        }
        sim.tap_footer().unwrap();
        assert_eq!(sim.screen(), "WELCOME");
        let texts = sim.texts();
        assert!(texts.contains(&"Welcome, Ana!".to_owned()), "{texts:?}");
        let caption = if news {
            "You will receive our newsletter."
        } else {
            "No newsletter, as you chose."
        };
        assert!(texts.contains(&caption.to_owned()), "{texts:?}");
        sim.tap_footer().unwrap();
        assert_eq!(
            sim.completion::<Value>().unwrap(),
            json!({"first_name": "Ana", "last_name": "Silva", "email": "ana@example.com",
                   "terms": true, "news": news})
        );
        let _typed: SignUpCompletion = sim.completion().unwrap();
    }
}

#[test]
fn quickstart_feedback() {
    let mut sim = Simulator::new(&built(quickstart::feedback_flow())).unwrap();
    sim.select("rating", "4")
        .fill("comment", "Friendly staff")
        .tap_footer()
        .unwrap();
    assert_eq!(sim.screen(), "THANKS");
    assert_eq!(sim.title().as_deref(), Some("Thank you"));
    sim.tap_footer().unwrap();
    assert_eq!(
        sim.completion::<Value>().unwrap(),
        json!({"rating": "4", "comment": "Friendly staff"})
    );
}

/// The loan endpoint: offers from the amount and tenure, refuses amounts over 10,000.
fn loan_endpoint(key: FlowPrivateKey) -> Endpoint {
    Endpoint::builder(key)
        .app_secret("app-secret")
        .on_init(|_req: FlowRequest| async {
            Ok(FlowResponse::next_screen("LOAN")
                .with(
                    "amounts",
                    json!([{"id": "5000", "title": "€5,000"}, {"id": "20000", "title": "€20,000"}]),
                )
                .with("tenures", json!([{"id": "12", "title": "12 months"}])))
        })
        .on_data_exchange("LOAN", |req: FlowRequest| async move {
            let amount: f64 = req.data["amount"]
                .as_str()
                .unwrap_or("0")
                .parse()
                .unwrap_or(0.0);
            let months: f64 = req.data["tenure"]
                .as_str()
                .unwrap_or("1")
                .parse()
                .unwrap_or(1.0);
            Ok(FlowResponse::next_screen("OFFER")
                .with("monthly", format!("€{:.2}", amount * 1.07 / months))
                .with("rate", 7)
                .with("approved", amount <= 10_000.0))
        })
        .on_back("OFFER", |_req: FlowRequest| async {
            Ok(FlowResponse::next_screen("LOAN").with(
                "amounts",
                json!([{"id": "5000", "title": "€5,000 (again)"}]),
            ))
        })
        .on_data_exchange("OFFER", |req: FlowRequest| async move {
            let tax = req.data["tax_id"].as_str().unwrap_or_default().to_owned();
            Ok(FlowResponse::next_screen("CONFIRM").with("reference", format!("LN-{tax}")))
        })
        .build()
        .unwrap()
}

fn loan_sim() -> Simulator {
    let key = FlowPrivateKey::generate().unwrap();
    let public = key.public_key_pem().unwrap();
    let endpoint = EncryptedEndpoint::new(loan_endpoint(key), &public)
        .unwrap()
        .app_secret("app-secret");
    Simulator::builder(&built(loan::loan_application()))
        .endpoint(endpoint)
        .flow_token("loan-1")
        .init_with_endpoint()
        .start()
        .unwrap()
}

#[test]
fn loan_through_the_encrypted_endpoint() {
    let mut sim = loan_sim();
    assert_eq!(sim.screen(), "LOAN");
    sim.select("amount", "5000")
        .select("tenure", "12")
        .tap_footer()
        .unwrap();
    assert_eq!(sim.screen(), "OFFER");
    assert!(
        sim.texts().contains(&"Monthly payment: €445.83".to_owned()),
        "{:?}",
        sim.texts()
    );
    assert!(sim.texts().contains(&"Interest rate (%): 7".to_owned()));
    let err = sim.fill("tax_id", "12a").tap_footer().unwrap_err();
    assert!(
        err.to_string().contains("keyboard types only digits"),
        "{err}"
    );
    sim.fill("name", "Ana Silva")
        .fill("tax_id", "123456789")
        .tap_footer()
        .unwrap();
    assert_eq!(sim.screen(), "CONFIRM");
    assert!(
        sim.texts()
            .contains(&"Your reference: LN-123456789".to_owned())
    );
    sim.tap_footer().unwrap();
    let done: LoanCompletion = sim.completion().unwrap();
    assert_eq!(done.reference, "LN-123456789");
    let calls: Vec<(&str, &str)> = sim
        .log()
        .iter()
        .map(|r| (r.action.as_str(), r.screen.as_str()))
        .collect();
    assert_eq!(
        calls,
        [
            ("INIT", ""),
            ("data_exchange", "LOAN"),
            ("data_exchange", "OFFER"),
            ("complete", "CONFIRM")
        ]
    );
    assert_eq!(
        sim.log()[1].payload,
        json!({"amount": "5000", "tenure": "12"})
    );
}

#[test]
fn loan_refused_offer_and_refresh_on_back() {
    let mut sim = loan_sim();
    sim.select("amount", "20000")
        .select("tenure", "12")
        .tap_footer()
        .unwrap();
    assert_eq!(sim.screen(), "OFFER");
    assert!(sim.component("name").is_none(), "hidden when not approved");
    assert!(
        sim.texts()
            .contains(&"We cannot offer a loan at the moment.".to_owned())
    );
    let err = sim.tap_footer().unwrap_err();
    assert!(matches!(err, SimError::FooterDisabled { .. }), "{err}");
    sim.back().unwrap();
    assert_eq!(sim.screen(), "LOAN");
    assert_eq!(sim.form()["amount"], "20000", "answers kept on BACK");
    assert_eq!(
        sim.data()["amounts"][0]["title"],
        "€5,000 (again)",
        "refresh_on_back asked the endpoint for fresh data"
    );
}

// ----- golden rebuilds -----

#[test]
fn golden_contact_us_and_agent_connect() {
    let mut sim = Simulator::new(&unchecked(meta_examples::contact_us())).unwrap();
    sim.fill("first_name", "Ana")
        .fill("second_name", "Silva")
        .fill("info", "The lift is broken")
        .tap_footer()
        .unwrap();
    assert_eq!(
        sim.completion::<Value>().unwrap(),
        json!({"firstname": "Ana", "secondname": "Silva", "issue": "The lift is broken", "flow_key": "contact"})
    );

    let mut sim = Simulator::new(&unchecked(meta_examples::agent_connect())).unwrap();
    let err = sim
        .fill("first_name", "Ana")
        .fill("second_name", "Silva")
        .tap_footer()
        .unwrap_err();
    assert!(
        err.to_string().contains("'services_interested' is empty"),
        "{err}"
    );
    sim.select("services_interested", "spa_services")
        .select("services_interested", "pet_services")
        .tap_footer()
        .unwrap();
    assert_eq!(
        sim.completion::<Value>().unwrap(),
        json!({"firstname": "Ana", "secondname": "Silva",
               "services_interested": ["spa_services", "pet_services"], "flow_key": "agentconnect"})
    );
}

#[test]
fn golden_tour_survey() {
    let mut sim = Simulator::new(&unchecked(meta_examples::tour_survey())).unwrap();
    let questions = [
        "source",
        "tour_type",
        "tour_quality",
        "decision_influencer",
        "tour_guides",
        "aspects_enjoyed",
        "improvements",
        "recommend",
        "return_booking",
    ];
    for q in questions {
        sim.select(q, "1");
    }
    sim.tap_footer().unwrap();
    let expected: serde_json::Map<String, Value> = questions
        .iter()
        .map(|q| (q.to_string(), json!("1")))
        .collect();
    assert_eq!(sim.completion::<Value>().unwrap(), Value::Object(expected));
}

#[test]
fn golden_hello_worlds() {
    for flow in [
        meta_examples::hello_world_postman(),
        meta_examples::hello_world_template_page(),
    ] {
        let mut sim = Simulator::new(&unchecked(flow)).unwrap();
        assert!(sim.is_terminal());
        sim.tap_footer().unwrap();
        assert_eq!(sim.completion::<Value>().unwrap(), json!({}));
    }
}

#[test]
fn golden_purchase_intent_and_its_terms_screen() {
    let mut sim = Simulator::new(&unchecked(meta_examples::purchase_intent())).unwrap();
    sim.tap_link("tos_optin").unwrap();
    assert_eq!(sim.screen(), "TERMS_AND_CONDITIONS");
    assert!(matches!(sim.tap_footer(), Err(SimError::NoFooter { .. })));
    sim.back().unwrap();
    sim.fill("name", "Ana")
        .fill("email", "ana@example.com")
        .check("tos_optin")
        .tap_footer()
        .unwrap();
    assert_eq!(sim.screen(), "CATEGORIES");
    sim.select("categories", "cameras").tap_footer().unwrap();
    assert_eq!(
        sim.completion::<Value>().unwrap(),
        json!({"name": "Ana", "email": "ana@example.com", "tos_optin": true,
               "marketing_optin": false, "categories": ["cameras"]})
    );
}

#[test]
fn golden_seed001_survey() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/golden/seed001-satisfaction-survey.json"
    ))
    .unwrap();
    let mut sim = Simulator::new(&FlowJson::from_str(&text).unwrap()).unwrap();
    sim.select("satisfaction", "neutral").tap_footer().unwrap();
    // Seed 001 completes with an empty payload, as published.
    assert_eq!(sim.completion::<Value>().unwrap(), json!({}));
}

/// pywa's sign-up server: SIGN_UP → LOGIN, LOGIN → LOGIN_SUCCESS.
fn pywa_server(req: &ExchangeRequest) -> Result<Value, String> {
    Ok(match req.screen.as_str() {
        "SIGN_UP" => json!({"screen": "LOGIN", "data": {
            "email_initial_value": req.data["email"], "password_initial_value": ""}}),
        "LOGIN" => json!({"screen": "LOGIN_SUCCESS", "data": {}}),
        other => return Err(format!("no handler for {other}")),
    })
}

#[test]
fn golden_pywa_sign_up_both_ways_in() {
    let flow = unchecked(corpus_examples::pywa_sign_up());
    // START → SIGN_UP → LOGIN → LOGIN_SUCCESS.
    let mut sim = Simulator::builder(&flow)
        .endpoint(pywa_server)
        .start()
        .unwrap();
    assert_eq!(sim.screen(), "START");
    let links: Vec<String> = sim
        .visible_components()
        .iter()
        .filter_map(|c| c.text("text").map(str::to_owned))
        .collect();
    sim.tap_link(&links[1]).unwrap();
    assert_eq!(sim.screen(), "SIGN_UP");
    sim.fill("first_name", "Ana")
        .fill("last_name", "Silva")
        .fill("email", "ana@example.com")
        .fill("password", "12345678")
        .fill("confirm_password", "12345678")
        .tap_footer()
        .unwrap();
    assert_eq!(sim.screen(), "LOGIN");
    assert_eq!(
        sim.form()["email"],
        "ana@example.com",
        "init-values from data"
    );
    // The published routing model lacks LOGIN → SIGN_UP (see golden/README.md).
    let back_to_sign_up = sim
        .visible_components()
        .iter()
        .find(|c| c.kind == "EmbeddedLink")
        .and_then(|c| c.text("text").map(str::to_owned))
        .unwrap();
    let err = sim.tap_link(&back_to_sign_up).unwrap_err();
    assert!(matches!(err, SimError::InvalidTransition(_)), "{err}");
    sim.fill("password", "12345678").tap_footer().unwrap();
    assert_eq!(sim.screen(), "LOGIN_SUCCESS");
    sim.check("stay_logged_in").tap_footer().unwrap();
    assert_eq!(
        sim.completion::<Value>().unwrap(),
        json!({"stay_logged_in": true})
    );

    // START → LOGIN directly.
    let mut sim = Simulator::builder(&flow)
        .endpoint(pywa_server)
        .start()
        .unwrap();
    sim.tap_link(&links[2]).unwrap();
    assert_eq!(sim.screen(), "LOGIN");
    sim.fill("email", "ana@example.com")
        .fill("password", "x")
        .tap_footer()
        .unwrap();
    sim.tap_footer().unwrap();
    assert_eq!(
        sim.completion::<Value>().unwrap(),
        json!({"stay_logged_in": false})
    );
}

#[test]
fn builder_handles_name_the_inputs() {
    use flow_dsl::builder::*;
    let mut flow = Flow::new("7.3");
    let start = flow.screen("START");
    let s = flow.at(start);
    s.terminal(true).success(true);
    let email = s.add(
        TextInput::new("email", "Email")
            .input_type(InputType::Email)
            .required(true),
    );
    let rating = s.add(
        RadioButtonsGroup::new(
            "rating",
            "Rating",
            vec![Choice::new("good", "Good"), Choice::new("bad", "Bad")],
        )
        .required(true),
    );
    s.child(Footer::new(
        "Send",
        complete().with("email", &email).with("rating", &rating),
    ));
    let mut sim = Simulator::new(&built(flow)).unwrap();
    sim.fill(&email, "a@b.co")
        .select(&rating, "good")
        .tap_footer()
        .unwrap();
    assert_eq!(
        sim.completion::<Value>().unwrap(),
        json!({"email": "a@b.co", "rating": "good"})
    );
}

#[test]
fn flow_macro_handles_name_the_inputs() {
    let mut sim = Simulator::new(&Booking::build().unwrap()).unwrap();
    let appointment = Booking::appointment_inputs();
    let details = Booking::details_inputs();
    // A handle knows its screen: naming a later screen's input is said as such.
    let err = sim.try_fill(details.name, "Kerry").unwrap_err();
    assert_eq!(
        err.to_string(),
        "input 'name' is on screen DETAILS, but the phone shows screen APPOINTMENT"
    );
    sim.select(appointment.department, "eyes")
        .fill(appointment.date, "2025-01-06")
        .select(appointment.time, "09:00")
        .tap_footer()
        .unwrap();
    assert_eq!(sim.screen(), BookingScreen::Details.id());
    sim.fill(details.name, "Kerry")
        .fill(details.email, "kerry@example.com")
        .fill(details.phone, "+1 631 555 1181")
        .tap_footer()
        .unwrap()
        .tap_footer()
        .unwrap();
    let done: BookingCompletion = sim.completion().unwrap();
    assert_eq!(
        (
            done.department.as_str(),
            done.name.as_str(),
            done.phone.as_str()
        ),
        ("eyes", "Kerry", "+1 631 555 1181")
    );
    // The handle's type is the input's answer: a Dropdown's is text, an OptIn's a bool.
    let _: flow_dsl::sim::Input<bool> = SignUp::sign_up_inputs().terms;
    let _: flow_dsl::sim::Input<String> = appointment.department;
}
