//! Flows published by others than Meta (SDK documentation, fixtures), taken from the shared
//! corpus and rebuilt with the builders. The golden tests check that each serializes to the same
//! JSON value as the corpus file (see `tests/golden/README.md` for their provenance).

use flow_dsl::builder::*;

/// pywa's sign-up example (`david-lev/pywa` `docs/source/content/examples/sign_up_flow.rst`,
/// corpus `pywa/sign_up_flow.json`): an endpoint flow (Flow JSON 3.0, Data API 3.0) whose
/// Forms are prefilled from screen data through `init-values`, set field by field.
///
/// The routing model is given explicitly, as published. It has no `LOGIN → SIGN_UP` route
/// although LOGIN's "Don't have an account?" link navigates there (adding the route would make
/// a loop, which Meta refuses), so the validator reports that navigation as a routing error,
/// at the link's builder call; the golden test expects exactly that finding.
pub fn pywa_sign_up() -> Flow {
    let mut flow = Flow::new("3.0");
    flow.data_api_version("3.0");
    let start = flow.screen("START");
    let sign_up = flow.screen("SIGN_UP");
    let login = flow.screen("LOGIN");
    let login_success = flow.screen("LOGIN_SUCCESS");
    flow.route(start, [sign_up, login])
        .route(sign_up, [login])
        .route(login, [login_success])
        .route(login_success, []);

    // START: two links, each opening a form with empty initial values.
    flow.at(start)
        .title("Home")
        .child(TextHeading::new("Welcome to our app"))
        .child(EmbeddedLink::new(
            "Click here to sign up",
            navigate(sign_up)
                .with("first_name_initial_value", "")
                .with("last_name_initial_value", "")
                .with("email_initial_value", "")
                .with("password_initial_value", "")
                .with("confirm_password_initial_value", ""),
        ))
        .child(EmbeddedLink::new(
            "Click here to login",
            navigate(login)
                .with("email_initial_value", "")
                .with("password_initial_value", ""),
        ));

    // SIGN_UP: the endpoint answers with LOGIN.
    let s = flow.at(sign_up);
    s.title("Sign Up");
    let first_name_init = s.data::<String>("first_name_initial_value", "John");
    let last_name_init = s.data::<String>("last_name_initial_value", "Doe");
    let email_init = s.data::<String>("email_initial_value", "john.doe@gmail.com");
    let password_init = s.data::<String>("password_initial_value", "abc123");
    let confirm_init = s.data::<String>("confirm_password_initial_value", "abc123");
    s.child(TextHeading::new("Please enter your details"))
        .child(EmbeddedLink::new(
            "Already have an account?",
            navigate(login)
                .with("email_initial_value", "")
                .with("password_initial_value", ""),
        ));
    let mut form = s.form("form");
    form.init_value("first_name", &first_name_init)
        .init_value("last_name", &last_name_init)
        .init_value("email", &email_init)
        .init_value("password", &password_init)
        .init_value("confirm_password", &confirm_init);
    let first_name = form.add(
        TextInput::new("first_name", "First Name")
            .input_type(InputType::Text)
            .required(true),
    );
    let last_name = form.add(
        TextInput::new("last_name", "Last Name")
            .input_type(InputType::Text)
            .required(true),
    );
    let email = form.add(
        TextInput::new("email", "Email Address")
            .input_type(InputType::Email)
            .required(true),
    );
    let password = form.add(
        TextInput::new("password", "Password")
            .input_type(InputType::Password)
            .required(true)
            .min_chars(8)
            .max_chars(16)
            .helper_text("Password must contain at least one number"),
    );
    let confirm_password = form.add(
        TextInput::new("confirm_password", "Confirm Password")
            .input_type(InputType::Password)
            .required(true)
            .min_chars(8)
            .max_chars(16),
    );
    form.child(Footer::new(
        "Done",
        data_exchange()
            .routes_to(login)
            .with("first_name", &first_name)
            .with("last_name", &last_name)
            .with("email", &email)
            .with("password", &password)
            .with("confirm_password", &confirm_password),
    ));

    // LOGIN: the endpoint answers with LOGIN_SUCCESS.
    let l = flow.at(login);
    l.title("Login");
    let email_init = l.data::<String>("email_initial_value", "john.doe@gmail.com");
    let password_init = l.data::<String>("password_initial_value", "abc123");
    l.terminal(true)
        .child(TextHeading::new("Please enter your details"))
        .child(EmbeddedLink::new(
            "Don't have an account?",
            navigate(sign_up)
                .with("email_initial_value", "")
                .with("password_initial_value", "")
                .with("confirm_password_initial_value", "")
                .with("first_name_initial_value", "")
                .with("last_name_initial_value", ""),
        ));
    let mut form = l.form("form");
    form.init_value("email", &email_init)
        .init_value("password", &password_init);
    let email = form.add(
        TextInput::new("email", "Email Address")
            .input_type(InputType::Email)
            .required(true),
    );
    let password = form.add(
        TextInput::new("password", "Password")
            .input_type(InputType::Password)
            .required(true),
    );
    form.child(Footer::new(
        "Done",
        data_exchange()
            .routes_to(login_success)
            .with("email", &email)
            .with("password", &password),
    ));

    // LOGIN_SUCCESS: the flow ends here.
    let w = flow.at(login_success);
    w.title("Success")
        .terminal(true)
        .child(TextHeading::new("Welcome to our store"))
        .child(TextSubheading::new("You are now logged in"));
    let mut form = w.form("form");
    let stay = form.add(OptIn::new("stay_logged_in", "Stay logged in"));
    form.child(Footer::new(
        "Done",
        complete().with("stay_logged_in", &stay),
    ));
    flow
}
