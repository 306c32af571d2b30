//! The `flow!` versions of the example flows produce the same JSON as the builder versions, and
//! their completion structs read real `nfm_reply` webhooks.

use flow_dsl::webhook::WebhookPayload;
use flow_dsl_examples::flows::{booking, loan, signup, survey};
use flow_dsl_examples::macro_flows::*;
use pretty_assertions::assert_eq;

#[test]
fn survey_is_identical() {
    let built = survey::satisfaction_survey().build().unwrap();
    assert_eq!(Survey::flow().to_string_pretty(), built.to_string_pretty());
    assert!(Survey::build().is_ok());
}

#[test]
fn booking_is_identical() {
    let built = booking::appointment_booking().build().unwrap();
    assert_eq!(Booking::flow().to_string_pretty(), built.to_string_pretty());
    assert!(Booking::build().is_ok());
}

#[test]
fn signup_is_identical() {
    let built = signup::sign_up().build().unwrap();
    assert_eq!(SignUp::flow().to_string_pretty(), built.to_string_pretty());
    assert!(SignUp::build().is_ok());
}

#[test]
fn loan_is_identical() {
    let built = loan::loan_application().build().unwrap();
    assert_eq!(Loan::flow().to_string_pretty(), built.to_string_pretty());
    assert!(Loan::build().is_ok());
}

#[test]
fn generated_type_describes_the_flow() {
    assert_eq!(Booking::NAME, "Booking");
    assert_eq!(Booking::VERSION, "7.3");
    assert_eq!(Booking::CATEGORIES, &["APPOINTMENT_BOOKING"]);
    // Typed: what deploy sends, no `Category::from(*c)` needed.
    assert_eq!(
        Booking::CATEGORIES,
        &[flow_dsl::model::Category::AppointmentBooking]
    );
    let source = Booking::source();
    assert_eq!(source.name, "Booking");
    assert_eq!(source.categories, Booking::CATEGORIES);
    assert_eq!(
        source.json_text(),
        Booking::flow().to_string_pretty().as_str()
    );
    assert_eq!(Booking::SCREEN_IDS, &["APPOINTMENT", "DETAILS", "SUMMARY"]);
    assert_eq!(BookingScreen::ALL.len(), 3);
    assert_eq!(BookingScreen::Summary.id(), "SUMMARY");
    assert_eq!(
        BookingScreen::from_id("DETAILS"),
        Some(BookingScreen::Details)
    );
    assert_eq!(Loan::DATA_API_VERSION, Some("3.0"));
    // `endpoint_uri="…"` on <Flow> reaches the deploy through `source()`.
    assert_eq!(Loan::ENDPOINT_URI, Some("https://example.com/flows/loan"));
    assert_eq!(
        Loan::source().endpoint_uri.as_deref(),
        Some("https://example.com/flows/loan")
    );
    assert_eq!(Booking::ENDPOINT_URI, None);
    assert_eq!(source.endpoint_uri, None);
    assert_eq!(Survey::DATA_API_VERSION, None);
    assert_eq!(SurveyScreen::SurveyStart.id(), "SURVEY_START");
}

#[test]
fn nfm_reply_fixture_parses_into_the_booking_completion() {
    let raw = include_bytes!("../../flow-dsl/tests/fixtures/webhooks/nfm_reply.json");
    let payload = WebhookPayload::from_slice(raw).unwrap();
    let done = payload.flow_completions::<BookingCompletion>().unwrap();
    assert_eq!(done.len(), 1);
    let answer: &BookingSummaryCompletion = &done[0].response;
    assert_eq!(answer.department, "beauty");
    assert_eq!(answer.date, "2024-05-02");
    assert_eq!(answer.time, "11:30");
    assert_eq!(answer.name, "Kerry Fisher");
    assert_eq!(answer.email, "kerry@example.com");
    assert_eq!(answer.phone, "16315551181");
    assert_eq!(done[0].flow_token.as_deref(), Some("booking-7f3a"));
}

#[test]
fn completion_structs_read_plain_json() {
    let answer: SurveyCompletion = serde_json::from_str(r#"{"satisfaction": "neutral"}"#).unwrap();
    assert_eq!(answer.satisfaction, "neutral");
    let done: LoanCompletion = serde_json::from_str(r#"{"reference": "LN-1"}"#).unwrap();
    assert_eq!(done.reference, "LN-1");
}
