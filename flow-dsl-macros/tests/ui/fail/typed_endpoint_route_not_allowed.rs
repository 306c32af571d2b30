use flow_dsl::endpoint::HandlerError;
use flow_dsl::endpoint::typed::Ctx;
use flow_dsl::flow;

flow! {
    <Flow name=Quote version="7.3" data_api_version="3.0">
        <Screen id="START" title="Start">
            <TextInput name="email" label="Email" required />
            <TextInput name="phone" label="Phone" />
            <Footer label="Next"
                on-click-action={data_exchange({email: form.email, phone: form.phone}, [OFFER])} />
        </Screen>
        <Screen id="OFFER" title="Offer" data={ price: i64 = 10, currency: String = "EUR" }>
            <TextBody text={"Currency: " + data.currency} />
            <Footer label="Accept" on-click-action={data_exchange({}, [THANKS])} />
        </Screen>
        <Screen id="THANKS" title="Thanks" terminal success>
            <TextBody text="Thank you" />
            <Footer label="Close" on-click-action={complete()} />
        </Screen>
    </Flow>
}

// START may only answer OFFER (routing_model), not THANKS.
async fn start(_: Ctx, _: QuoteStartExchange) -> Result<QuoteStartNext, HandlerError> {
    Ok(QuoteStartNext::Thanks(QuoteThanksData {}))
}

async fn offer(_: Ctx, _: QuoteOfferExchange) -> Result<QuoteOfferNext, HandlerError> {
    Ok(QuoteOfferNext::Thanks(QuoteThanksData {}))
}


fn main() {
    let key = flow_dsl::endpoint::FlowPrivateKey::generate().unwrap();
    let _ = Quote::endpoint(key).on_start(start).on_offer(offer).build();
}

