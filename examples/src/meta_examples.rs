//! Meta's example flows (WhatsApp-Flows-Tools and Meta's documentation pages), rebuilt with the
//! builders. The golden tests check that each serializes to the same JSON value as the
//! published file in the shared corpus.

use flow_dsl::builder::*;

/// `WhatsApp/WhatsApp-Flows-Tools` `articles/llama-chatbot-flows/contact-us.json`.
pub fn contact_us() -> Flow {
    let mut flow = Flow::new("3.1");
    let screen = flow.screen("CONTACT_US");
    let s = flow.at(screen);
    s.title("Contact us").terminal(true).empty_data();
    let mut form = s.form("form");
    let first = form.add(TextInput::new("first_name", "First Name").required(true));
    let second = form.add(TextInput::new("second_name", "Last Name/Surname").required(true));
    let info = form.add(TextArea::new("info", "Type your message").required(true));
    form.child(TextBody::new(
        "We will try to reach out to you as soon as possible! Please allow 2 business days to receive a response.",
    ))
    .child(Footer::new(
        "Submit",
        complete()
            .with("firstname", &first)
            .with("secondname", &second)
            .with("issue", &info)
            .with("flow_key", "contact"),
    ));
    flow
}

/// `WhatsApp/WhatsApp-Flows-Tools` `articles/llama-chatbot-flows/agent-connect.json`.
pub fn agent_connect() -> Flow {
    let mut flow = Flow::new("3.1");
    let screen = flow.screen("TALK_TO_AN_AGENT");
    let s = flow.at(screen);
    s.title("Talk to an Agent").terminal(true).empty_data();
    let mut form = s.form("form");
    let first = form.add(TextInput::new("first_name", "First Name").required(true));
    let second = form.add(TextInput::new("second_name", "Last Name/Surname").required(true));
    let services = form.add(
        CheckboxGroup::new(
            "services_interested",
            "Service(s) interested in",
            [
                Choice::new("accomodation_services", "Accommodation Services"),
                Choice::new("spa_services", "Spa Services"),
                Choice::new("dining_services", "Dining Services"),
                Choice::new("recreational_services", "Recreational Facilities"),
                Choice::new("business_conf_services", "Business & Conference Services"),
                Choice::new("transportation_services", "Transportation Services"),
                Choice::new("accessibility_services", "Accessibility Services"),
                Choice::new("pet_services", "Pet-Friendly Services"),
                Choice::new("any_other_services", "Other Services"),
            ],
        )
        .required(true),
    );
    let more = form.add(TextArea::new("additional_info", "More information").required(false));
    form.child(TextBody::new(
        "We will try to reach out to you as soon as possible! Please allow 2 business days to receive a response.",
    ))
    .child(Footer::new(
        "Submit",
        complete()
            .with("firstname", &first)
            .with("secondname", &second)
            .with("services_interested", &services)
            .with("additional_info", &more)
            .with("flow_key", "agentconnect"),
    ));
    flow
}

/// `WhatsApp/WhatsApp-Flows-Tools` `articles/creating-surveys/survey.json`: nine questions,
/// each a subheading and a required RadioButtonsGroup without label (valid before 4.0).
pub fn tour_survey() -> Flow {
    let questions: [(&str, &str, &[&str]); 9] = [
        (
            "How did you hear about our tour company?",
            "source",
            &[
                "Online search",
                "Social media",
                " Referral from a friend/family",
                "Advertisement",
                "Others",
            ],
        ),
        (
            "Which type of tour did you recently experience with us?",
            "tour_type",
            &[
                "Cultural tour",
                "Adventure tour",
                "Historical tour",
                "Wildlife tour",
            ],
        ),
        (
            "On a scale of 1 to 5, how would you rate the overall quality of the tour?",
            "tour_quality",
            &[
                "1 - Poor",
                "2 - Below Average",
                "3 - Average",
                "4 - Good",
                "5 - Excellent",
            ],
        ),
        (
            "What influenced your decision to choose our tour company?",
            "decision_influencer",
            &[
                "Positive reviews",
                "Pricing",
                "Tour destinations offered",
                "Reputation",
            ],
        ),
        (
            "How knowledgeable and friendly were our tour guides?",
            "tour_guides",
            &[
                "Knowledgeable and friendly",
                "Knowledgeable but not friendly",
                "Friendly but not knowledgeable",
                "Neither of the two",
                "I didn\u{2019}t interact with them",
            ],
        ),
        (
            "What aspects of the tour did you find most enjoyable?",
            "aspects_enjoyed",
            &[
                "Tourist attractions visited",
                "Tour guide's commentary",
                " Group dynamics/interaction",
                "Activities offered",
            ],
        ),
        (
            "Were there any aspects of the tour that could be improved?",
            "improvements",
            &[
                "Tour itinerary",
                "Communication before the tour",
                "Transportation arrangements",
                "Advertisement",
                "Accommodation quality",
            ],
        ),
        (
            "Would you recommend our tour company to a friend or family member?",
            "recommend",
            &[
                "Yes, definitely",
                "Yes, but with reservations",
                "No, I would not",
            ],
        ),
        (
            "How likely are you to book another tour with us in the future?",
            "return_booking",
            &["Very likely", "Likely", "Undecided", "Unlikely"],
        ),
    ];

    let mut flow = Flow::new("3.1");
    let screen = flow.screen("SURVEY_SCREEN");
    let s = flow.at(screen);
    s.title("Survey").terminal(true).empty_data();
    let mut form = s.form("form");
    form.child(TextHeading::new("Tour Company Feedback Survey"))
        .child(TextCaption::new(
            "Enhancing Your Tour Experience. Your Valuable Feedback Matters.\n\n",
        ));
    let mut done = complete();
    for (question, name, options) in questions {
        form.child(TextSubheading::new(question));
        let choices: Vec<Choice> = options
            .iter()
            .enumerate()
            .map(|(i, title)| Choice::new(i.to_string(), *title))
            .collect();
        let answer = form.add(RadioButtonsGroup::without_label(name, choices).required(true));
        done = done.with(name, &answer);
    }
    form.child(Footer::new("Submit", done));
    flow
}

/// The "Hello World" flow of Meta's Postman collection (`WhatsApp/WhatsApp-Flows-Tools`).
pub fn hello_world_postman() -> Flow {
    hello_world("Hello World")
}

/// The same flow as printed on Meta's template API page, whose heading has a no-break space
/// (U+00A0) between the words.
pub fn hello_world_template_page() -> Flow {
    hello_world("Hello\u{a0}World")
}

fn hello_world(heading: &str) -> Flow {
    let mut flow = Flow::new("5.0");
    let screen = flow.screen("WELCOME_SCREEN");
    flow.at(screen)
        .title("Welcome")
        .terminal(true)
        .success(true)
        .empty_data()
        .child(TextHeading::new(heading))
        .child(Footer::new("Complete", complete()));
    flow
}

/// Meta's "Purchase intent" guide: an OptIn whose "Read more" navigates to the terms, and a
/// navigate payload typed against the next screen's data.
pub fn purchase_intent() -> Flow {
    let mut flow = Flow::new("7.2");
    let join = flow.screen("JOIN_NOW");
    let categories = flow.screen("CATEGORIES");
    let terms = flow.screen("TERMS_AND_CONDITIONS");

    let s = flow.at(join);
    s.title("Join Now").empty_data();
    let mut form = s.form("form");
    form.child(TextSubheading::new(
        "Get early access to our Mega Sales Day deals. Register now!",
    ));
    let name = form.add(
        TextInput::new("name", "Name")
            .input_type(InputType::Text)
            .required(true),
    );
    let email = form.add(
        TextInput::new("email", "Email")
            .input_type(InputType::Email)
            .required(true),
    );
    let tos = form.add(
        OptIn::new("tos_optin", "I agree to the terms.")
            .required(true)
            .on_click_action(navigate(terms)),
    );
    let marketing = form.add(OptIn::new(
        "marketing_optin",
        "Keep me up to date about offers and promotions",
    ));
    form.child(Footer::new(
        "Continue",
        navigate(categories)
            .with("name", &name)
            .with("email", &email)
            .with("tos_optin", &tos)
            .with("marketing_optin", &marketing),
    ));

    let c = flow.at(categories);
    c.title("Join now");
    let name = c.data::<String>("name", "Example");
    let email = c.data::<String>("email", "Example");
    let tos = c.data::<bool>("tos_optin", false);
    let marketing = c.data::<bool>("marketing_optin", false);
    c.terminal(true).success(true);
    let mut form = c.form("form");
    form.child(TextSubheading::new(
        "Let us know which category you are interested in?",
    ));
    let chosen = form.add(
        CheckboxGroup::new(
            "categories",
            "Select categories",
            [
                Choice::new("mobile_phones", "Mobile phones"),
                Choice::new("televisions", "Televisions"),
                Choice::new("home_audio", "Home audio"),
                Choice::new("headphones", "Headphones & earphones"),
                Choice::new("ebook_readers", "eBook readers"),
                Choice::new("cameras", "Cameras"),
                Choice::new("accessories", "Accessories"),
            ],
        )
        .required(true),
    );
    form.child(Footer::new(
        "Confirm",
        complete()
            .with("name", &name)
            .with("email", &email)
            .with("tos_optin", &tos)
            .with("marketing_optin", &marketing)
            .with("categories", &chosen),
    ));

    let lorem = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. Sed vitae odio dui. Praesent ut nulla tincidunt, scelerisque augue malesuada, volutpat lorem. Aliquam iaculis ex at diam posuere mollis. Suspendisse eget purus ac tellus interdum pharetra. In quis dolor turpis. Fusce in porttitor enim, vitae efficitur nunc. Fusce dapibus finibus volutpat. Fusce velit mi, ullamcorper ac gravida vitae, blandit quis ex. Fusce ultrices diam et justo blandit, quis consequat nisl euismod. Vestibulum pretium est sem, vitae convallis justo sollicitudin non. Morbi bibendum purus mattis quam condimentum, a scelerisque erat bibendum. Nullam sit amet bibendum lectus.";
    flow.at(terms)
        .title("Terms and conditions")
        .empty_data()
        .child(TextHeading::new("Our Terms"))
        .child(TextSubheading::new("Data usage"))
        .child(TextBody::new(lorem))
        .child(TextSubheading::new("Privacy policy"))
        .child(TextBody::new(lorem));
    flow
}
