//! The four example flows of [`crate::flows`], written with the `flow!` macro.
//!
//! Each produces the same Flow JSON as its builder version (see `tests/macro_flows.rs`), and
//! each terminal screen's `complete` payload has a typed struct for webhook handlers.

use flow_dsl::flow;

flow! {
    <Flow name=Survey version="7.2" categories=[SURVEY]>
        <Screen id="SURVEY_START" title="Satisfação do Cliente" terminal success>
            <TextHeading text="Qual é o seu nível de satisfação com nosso serviço?" />
            <RadioButtonsGroup name="satisfaction" label="Nível de satisfação" required
                data-source={[
                    {id: "very_satisfied", title: "Muito Satisfeito"},
                    {id: "satisfied", title: "Satisfeito"},
                    {id: "neutral", title: "Neutro"},
                    {id: "dissatisfied", title: "Insatisfeito"},
                ]} />
            <Footer label="Enviar" on-click-action={complete({satisfaction: form.satisfaction})} />
        </Screen>
    </Flow>
}

flow! {
    <Flow name=Booking version="7.3" categories=[APPOINTMENT_BOOKING]>
        <Screen id="APPOINTMENT" title="Book an appointment"
            data={ departments: Vec<Choice> = [
                {id: "dentist", title: "Dentist"},
                {id: "eyes", title: "Eye care"},
            ] }>
            <Dropdown name="department" label="Department" data-source={data.departments} required />
            <CalendarPicker name="date" label="Date" min-date="2025-01-01"
                include-days={["Mon", "Tue", "Wed", "Thu", "Fri"]} required />
            <Dropdown name="time" label="Time" required data-source={[
                {id: "09:00", title: "09:00"},
                {id: "11:00", title: "11:00"},
                {id: "14:00", title: "14:00"},
            ]} />
            <If condition={form.department == "dentist"}>
                <then> <TextBody text="Please bring your latest X-rays." /> </then>
                <else> <TextBody text="Arrive 10 minutes early." /> </else>
            </If>
            <Footer label="Continue" on-click-action={navigate(DETAILS, {
                department: form.department, date: form.date, time: form.time,
            })} />
        </Screen>
        <Screen id="DETAILS" title="Your details"
            data={ department: String = "dentist", date: String = "2025-01-06", time: String = "09:00" }>
            <TextInput name="name" label="Name" required />
            <TextInput name="email" label="Email" input-type="email" required />
            <TextInput name="phone" label="Phone" input-type="phone" />
            <Footer label="Review" on-click-action={navigate(SUMMARY, {
                department: data.department, date: data.date, time: data.time,
                email: form.email, phone: form.phone,
            })} />
        </Screen>
        <Screen id="SUMMARY" title="Confirm" terminal success
            data={ department: String = "dentist", date: String = "2025-01-06", time: String = "09:00",
                   email: String = "ana@example.com", phone: String = "+351 912 345 678" }>
            <TextHeading text="Almost done" />
            <TextBody text={"Thank you, " + screen.DETAILS.form.name + ". Your visit: "
                + data.department + ", " + data.date + " at " + data.time + "."} />
            <TextCaption text={"We will confirm by email to " + data.email} />
            <Footer label="Book" on-click-action={complete({
                department: data.department, date: data.date, time: data.time,
                name: screen.DETAILS.form.name, email: data.email, phone: data.phone,
            })} />
        </Screen>
    </Flow>
}

flow! {
    <Flow name=SignUp version="7.3" categories=[SIGN_UP]>
        <Screen id="SIGN_UP" title="Create your account" sensitive=["password"]>
            <TextInput name="first_name" label="First name" required />
            <TextInput name="last_name" label="Last name" required />
            <TextInput name="email" label="Email" input-type="email" required />
            <TextInput name="password" label="Password" input-type="password" min-chars=8
                helper-text="At least 8 characters" required />
            <OptIn name="terms" label="I accept the terms and conditions" required
                on-click-action={open_url("https://example.com/terms")} />
            <OptIn name="news" label="Send me news and offers" />
            <EmbeddedLink text="Privacy policy" on-click-action={open_url("https://example.com/privacy")} />
            <Footer label="Sign up" enabled={form.terms} on-click-action={navigate(WELCOME, {
                first_name: form.first_name, last_name: form.last_name, email: form.email,
                terms: form.terms, news: form.news,
            })} />
        </Screen>
        <Screen id="WELCOME" title="Welcome" terminal success
            data={ first_name: String = "Ana", last_name: String = "Silva",
                   email: String = "ana@example.com", terms: bool = true, news: bool = false }>
            <TextHeading text={"Welcome, " + data.first_name + "!"} />
            <TextBody text="Your account is ready." />
            <If condition={data.news}>
                <then> <TextCaption text="You will receive our newsletter." /> </then>
                <else> <TextCaption text="No newsletter, as you chose." /> </else>
            </If>
            <Footer label="Finish" on-click-action={complete({
                first_name: data.first_name, last_name: data.last_name, email: data.email,
                terms: data.terms, news: data.news,
            })} />
        </Screen>
    </Flow>
}

flow! {
    <Flow name=Loan version="7.3" data_api_version="3.0" categories=[LEAD_GENERATION]
          endpoint_uri="https://example.com/flows/loan">
        <Screen id="LOAN" title="Your loan"
            data={ amounts: Vec<Choice> = [{id: "5000", title: "€5,000"}, {id: "10000", title: "€10,000"}],
                   tenures: Vec<Choice> = [{id: "12", title: "12 months"}, {id: "24", title: "24 months"}] }>
            <TextHeading text="How much do you need?" />
            <Dropdown name="amount" label="Amount" data-source={data.amounts} required />
            <RadioButtonsGroup name="tenure" label="Duration" data-source={data.tenures} required />
            <Footer label="See my offer"
                on-click-action={data_exchange({amount: form.amount, tenure: form.tenure}, [OFFER])} />
        </Screen>
        <Screen id="OFFER" title="Your offer" refresh_on_back
            data={ monthly: String = "€440.00", rate: i64 = 7, approved: bool = true }>
            <TextHeading text={"Monthly payment: " + data.monthly} />
            <TextBody text={"Interest rate (%): " + data.rate} />
            <TextInput name="name" label="Full name" required visible={data.approved} />
            <TextInput name="tax_id" label="Tax number" input-type="number" required
                visible={data.approved} />
            <If condition={!data.approved}>
                <TextBody text="We cannot offer a loan at the moment." />
            </If>
            <Footer label="Apply" enabled={data.approved}
                on-click-action={data_exchange({name: form.name, tax_id: form.tax_id}, [CONFIRM])} />
        </Screen>
        <Screen id="CONFIRM" title="Done" terminal success data={ reference: String = "LN-2025-0001" }>
            <TextHeading text="Application received" />
            <TextBody text={"Your reference: " + data.reference} />
            <Footer label="Close" on-click-action={complete({reference: data.reference})} />
        </Screen>
    </Flow>
}
