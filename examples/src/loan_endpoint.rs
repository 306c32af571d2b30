//! The endpoint of the [`Loan`] flow, written on the typed endpoint
//! `flow!` generates: each handler receives the payload its screen sends as a struct and
//! answers with one of the screens `routing_model` allows from there, so a typo in a screen
//! id, a missing data field or a route the flow does not have is a compile error.
//!
//! `cargo run -p flow-dsl-examples --example loan -- serve` serves it.

use flow_dsl::endpoint::typed::{ChoiceItem, Ctx};
use flow_dsl::endpoint::{Endpoint, EndpointConfigError, FlowPrivateKey, HandlerError};

use crate::macro_flows::{
    Loan, LoanConfirmData, LoanInitNext, LoanLoanData, LoanLoanExchange, LoanLoanNext,
    LoanOfferBackNext, LoanOfferData, LoanOfferExchange, LoanOfferNext,
};

/// Yearly interest rate (%) by duration in months.
const RATES: [(&str, i64); 2] = [("12", 7), ("24", 9)];

/// Amounts on offer, in euros.
const AMOUNTS: [(&str, &str); 3] = [
    ("5000", "€5,000"),
    ("10000", "€10,000"),
    ("20000", "€20,000"),
];

fn loan_screen() -> LoanLoanData {
    LoanLoanData {
        amounts: AMOUNTS
            .iter()
            .map(|(id, title)| ChoiceItem::new(*id, *title))
            .collect(),
        tenures: RATES
            .iter()
            .map(|(months, _)| ChoiceItem::new(*months, format!("{months} months")))
            .collect(),
    }
}

/// INIT: the LOAN screen with today's amounts and durations. An empty flow token is refused
/// (HTTP 427): the flow was not sent by us.
async fn init(ctx: Ctx) -> Result<LoanInitNext, HandlerError> {
    if ctx.flow_token().is_empty() {
        return Err(HandlerError::invalid_flow_token(Some(
            "This link has expired",
        )));
    }
    Ok(LoanInitNext::Loan(loan_screen()))
}

/// LOAN → OFFER: the monthly payment of a simple-interest loan. Amounts above €10,000 are not
/// approved (the OFFER screen then hides its inputs).
async fn quote(_ctx: Ctx, ask: LoanLoanExchange) -> Result<LoanLoanNext, HandlerError> {
    let Some(rate) = RATES
        .iter()
        .find(|(months, _)| *months == ask.tenure)
        .map(|(_, r)| *r)
    else {
        return Ok(LoanLoanNext::Error("Please pick a duration".to_owned()));
    };
    let (Ok(amount), Ok(months)) = (ask.amount.parse::<i64>(), ask.tenure.parse::<i64>()) else {
        return Ok(LoanLoanNext::Error("Please pick an amount".to_owned()));
    };
    // Cents, so the total is exact: amount × (1 + rate × years) / months.
    let total_cents = amount * 100 * (100 * 12 + rate * months) / (100 * 12);
    let monthly = total_cents / months;
    Ok(LoanLoanNext::Offer(LoanOfferData {
        monthly: format!("€{}.{:02}", monthly / 100, monthly % 100),
        rate,
        approved: amount <= 10_000,
    }))
}

/// OFFER → CONFIRM: files the application and answers with its reference.
async fn apply(ctx: Ctx, form: LoanOfferExchange) -> Result<LoanOfferNext, HandlerError> {
    if form.name.trim().is_empty() {
        return Ok(LoanOfferNext::Error("Please enter your name".to_owned()));
    }
    Ok(LoanOfferNext::Confirm(LoanConfirmData {
        reference: format!("LN-{}-{}", form.tax_id % 10_000, ctx.flow_token()),
    }))
}

/// BACK from OFFER (`refresh_on_back`): LOAN again, with fresh options.
async fn back_from_offer(_ctx: Ctx) -> Result<LoanOfferBackNext, HandlerError> {
    Ok(LoanOfferBackNext::Loan(loan_screen()))
}

/// The endpoint of the loan flow; without `app_secret`, request signatures are not checked.
///
/// # Errors
/// An [`EndpointConfigError`] for inconsistent settings.
pub fn build_endpoint(
    key: FlowPrivateKey,
    app_secret: Option<&str>,
) -> Result<Endpoint, EndpointConfigError> {
    let mut endpoint = Loan::endpoint(key);
    if let Some(secret) = app_secret {
        endpoint = endpoint.app_secret(secret);
    }
    endpoint
        .on_init(init)
        .on_loan(quote)
        .on_offer(apply)
        .on_back_from_offer(back_from_offer)
        .build()
}
