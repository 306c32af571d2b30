//! Appointment booking: a Dropdown bound to screen data, a CalendarPicker, an If, a global
//! reference to an earlier screen's form.

use flow_dsl::builder::*;

/// Three screens: choose the appointment, give contact details, confirm.
///
/// The entry screen's `departments` come from the message that opens the flow
/// (`flow_action_payload.data`); its example lists what the screen expects.
pub fn appointment_booking() -> Flow {
    let mut flow = Flow::new("7.3");
    let appointment = flow.screen("APPOINTMENT");
    let details = flow.screen("DETAILS");
    let summary = flow.screen("SUMMARY");

    let s = flow.at(appointment);
    s.title("Book an appointment");
    let departments = s.data::<Vec<Choice>>(
        "departments",
        vec![
            Choice::new("dentist", "Dentist"),
            Choice::new("eyes", "Eye care"),
        ],
    );
    let department = s.add(Dropdown::new("department", "Department", &departments).required(true));
    let date = s.add(
        CalendarPicker::new("date", "Date")
            .min_date("2025-01-01")
            .include_days([
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ])
            .required(true),
    );
    let time = s.add(
        Dropdown::new(
            "time",
            "Time",
            [
                Choice::new("09:00", "09:00"),
                Choice::new("11:00", "11:00"),
                Choice::new("14:00", "14:00"),
            ],
        )
        .required(true),
    );
    s.child(
        If::new(department.eq("dentist"))
            .then(TextBody::new("Please bring your latest X-rays."))
            .otherwise(TextBody::new("Arrive 10 minutes early.")),
    );
    s.child(Footer::new(
        "Continue",
        navigate(details)
            .with("department", &department)
            .with("date", &date)
            .with("time", &time),
    ));

    let d = flow.at(details);
    d.title("Your details");
    let department = d.data::<String>("department", "dentist");
    let date = d.data::<String>("date", "2025-01-06");
    let time = d.data::<String>("time", "09:00");
    let name = d.add(TextInput::new("name", "Name").required(true));
    let email = d.add(
        TextInput::new("email", "Email")
            .input_type(InputType::Email)
            .required(true),
    );
    let phone = d.add(TextInput::new("phone", "Phone").input_type(InputType::Phone));
    d.child(Footer::new(
        "Review",
        navigate(summary)
            .with("department", &department)
            .with("date", &date)
            .with("time", &time)
            .with("email", &email)
            .with("phone", &phone),
    ));

    let m = flow.at(summary);
    let department = m.data::<String>("department", "dentist");
    let date = m.data::<String>("date", "2025-01-06");
    let time = m.data::<String>("time", "09:00");
    let email = m.data::<String>("email", "ana@example.com");
    let phone = m.data::<String>("phone", "+351 912 345 678");
    m.title("Confirm")
        .terminal(true)
        .success(true)
        .child(TextHeading::new("Almost done"))
        // `name` was not passed along: read it from the DETAILS form (global reference, 4.0+).
        .child(TextBody::new(
            Expr::text("Thank you, ")
                + &name
                + ". Your visit: "
                + &department
                + ", "
                + &date
                + " at "
                + &time
                + ".",
        ))
        .child(TextCaption::new(
            Expr::text("We will confirm by email to ") + &email,
        ))
        .child(Footer::new(
            "Book",
            complete()
                .with("department", &department)
                .with("date", &date)
                .with("time", &time)
                .with("name", &name)
                .with("email", &email)
                .with("phone", &phone),
        ));
    flow
}
