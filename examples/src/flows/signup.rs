//! Sign-up: OptIn with a "Read more" link, EmbeddedLink and open_url.

use flow_dsl::builder::*;

/// A sign-up form and a welcome screen.
pub fn sign_up() -> Flow {
    let mut flow = Flow::new("7.3");
    let sign_up = flow.screen("SIGN_UP");
    let welcome = flow.screen("WELCOME");

    let s = flow.at(sign_up);
    s.title("Create your account").sensitive(["password"]);
    let first_name = s.add(TextInput::new("first_name", "First name").required(true));
    let last_name = s.add(TextInput::new("last_name", "Last name").required(true));
    let email = s.add(
        TextInput::new("email", "Email")
            .input_type(InputType::Email)
            .required(true),
    );
    s.add(
        TextInput::new("password", "Password")
            .input_type(InputType::Password)
            .min_chars(8)
            .helper_text("At least 8 characters")
            .required(true),
    );
    let terms = s.add(
        OptIn::new("terms", "I accept the terms and conditions")
            .required(true)
            .on_click_action(open_url("https://example.com/terms")),
    );
    let news = s.add(OptIn::new("news", "Send me news and offers"));
    s.child(EmbeddedLink::new(
        "Privacy policy",
        open_url("https://example.com/privacy"),
    ));
    s.child(
        Footer::new(
            "Sign up",
            navigate(welcome)
                .with("first_name", &first_name)
                .with("last_name", &last_name)
                .with("email", &email)
                .with("terms", &terms)
                .with("news", &news),
        )
        .enabled(&terms),
    );

    let w = flow.at(welcome);
    let first_name = w.data::<String>("first_name", "Ana");
    let last_name = w.data::<String>("last_name", "Silva");
    let email = w.data::<String>("email", "ana@example.com");
    let terms = w.data::<bool>("terms", true);
    let news = w.data::<bool>("news", false);
    w.title("Welcome")
        .terminal(true)
        .success(true)
        .child(TextHeading::new(
            Expr::text("Welcome, ") + &first_name + "!",
        ))
        .child(TextBody::new("Your account is ready."))
        .child(
            If::new(&news)
                .then(TextCaption::new("You will receive our newsletter."))
                .otherwise(TextCaption::new("No newsletter, as you chose.")),
        )
        .child(Footer::new(
            "Finish",
            complete()
                .with("first_name", &first_name)
                .with("last_name", &last_name)
                .with("email", &email)
                .with("terms", &terms)
                .with("news", &news),
        ));
    flow
}
