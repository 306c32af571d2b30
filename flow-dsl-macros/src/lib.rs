//! The `flow!` macro: a WhatsApp Flow written as markup in Rust, checked at compile time.
//!
//! Use it through `flow_dsl` (`use flow_dsl::flow;`), which re-exports it: the expansion calls
//! `flow_dsl`'s builders, so a flow written with `flow!` and the same flow written with the
//! builders produce the same JSON.
//!
//! # Grammar
//!
//! The markup is RSX (parsed with [rstml], as yew's `html!` and leptos' `view!`): components are
//! elements, properties are attributes **named exactly as in Flow JSON** (`input-type`,
//! `on-click-action`, `refresh_on_back`), so Meta's reference reads directly.
//!
//! ```text
//! flow!   := <Flow name=TypeName version="7.3" [data_api_version="3.0"] [categories=[SURVEY, ..]]>
//!              screen*
//!            </Flow>
//! screen  := <Screen id="ID" [title=value] [terminal] [success] [refresh_on_back]
//!                    [sensitive=["field", ..]] [data={ key: Type = example, .. }]>
//!              component*
//!            </Screen>
//! component := <Component prop=value .. />            (TextInput, Footer, Dropdown, …)
//!            | <Form name="..." [init-values={{..}}]> component* </Form>
//!            | <If condition={..}> [<then>] component* [</then>] [<else> component* </else>] </If>
//!            | <Switch value={data.x}> (<case value="key"> component* </case>)* </Switch>
//! value   := "text" | 12 | 1.5 | true | flag (a bare attribute is `true`)
//!            | {expression} | {["a", "b"]} | {[{id: "a", title: "A"}, ..]} | {{key: value, ..}}
//!            | {action}
//! expression := literal | form.NAME | data.NAME(.FIELD)* | screen.ID.form.NAME | screen.ID.data.NAME
//!            | !e | e && e | e || e | e == e | e != e | e < e | e <= e | e > e | e >= e
//!            | e + e (numbers; joins text when a side is text) | e - e | e / e | e % e | (e)
//! action  := navigate(ID, {key: value, ..}) | complete({..}) | data_exchange({..}, [ID, ..])
//!            | update_data({..}) | open_url("https://...")
//! Type    := String | i64 | f64 | bool | Vec<String> | Vec<Choice> | Vec<Value> | Value
//! ```
//!
//! Departures from plain RSX, with their reasons:
//! - Screen `data` is one attribute holding `key: Type = example` declarations: each field needs
//!   a Rust type (for typed references and completion structs) and Meta's mandatory
//!   `__example__`; a child element per field would be longer and not Flow JSON either.
//! - `If` branches are `<then>`/`<else>` elements (Flow JSON's keys); children written directly
//!   in `<If>` go to `then`. `Switch` cases are `<case value="...">` elements, since Flow JSON's
//!   `cases` is a map keyed by value, which has no element form.
//! - `data_exchange` takes, as a second argument, the screens the endpoint may answer with, so
//!   the routing model can be derived (and checked for cycles) at compile time.
//!
//! # What it generates
//!
//! For `<Flow name=Survey ...>`:
//! - `pub struct Survey;` with `Survey::flow()` (the `flow_model::FlowJson`), `Survey::build()`
//!   (validated), `Survey::builder()` (the builder), and consts `NAME`, `VERSION`,
//!   `DATA_API_VERSION`, `CATEGORIES`, `SCREEN_IDS`;
//! - `pub enum SurveyScreen` with one variant per screen (`SURVEY_START` → `SurveyStart`),
//!   `id()`, `from_id()` and `ALL`. Ids that differ only in case or underscores would share a
//!   variant; the later ones are numbered from 2 in declaration order (`STEP_ONE`, `STEP__ONE`
//!   → `StepOne`, `StepOne2`), so every screen has its own;
//! - for each terminal screen with a `complete` payload, a
//!   `#[derive(Deserialize)] pub struct Survey{Variant}Completion` (the screen's variant name)
//!   whose fields are the payload keys with their types (inputs that are not `required` are
//!   `Option`s), and the alias `SurveyCompletion` when there is only one.
//!
//! The expansion names every type by its full path (`::core::option::Option`,
//! `::core::primitive::str`…), so the flow can have any name, `String` or `Option` included.
//!
//! # Checks
//!
//! Each problem is a `compile_error!` at the offending token, all of them in one compile, with
//! "did you mean" for names: navigate targets (unknown, self), screen ids (duplicate, invalid,
//! reserved `SUCCESS`), duplicate input names (across Forms and branches), `form.x`, `data.x` and
//! `screen.S.…` references, navigate payloads against the target's `data`, components,
//! properties and actions against the declared version, literal text against Meta's character
//! limits, per-screen counts, terminal screens (Footer, at least one), `complete` outside a
//! terminal screen, and cycles in the navigation (each group of looping screens once, at most
//! 20). Property values are checked against the JSON type the property takes (`label` text,
//! `max-chars` an integer, `visible` a boolean…), literals and `data.x`/`form.x` alike; option
//! lists against Meta's item counts; a flow needs a screen, and `data_exchange` needs
//! `data_api_version`. Rules and limits are read from `flow_model`'s tables and reader.
//!
//! A raw identifier names the plain key: `data={ r#type: String = "a" }` and `data.r#type` are
//! the Flow JSON key `type`.
//!
//! Where the builders take a value only as written, anything else is an error, never a silent
//! `""` or `null`: item `id`s, a carousel image's `src`/`alt-text`, CalendarPicker ranges, a
//! list item's `end`, `start.alt-text` and `tags` are literals; data examples and per-media
//! `error-message` are literal JSON (no `data.x`). A Form's `init-values`/`error-messages` are
//! either one binding (`{data.defaults}`) or an object whose fields are literal JSON or
//! bindings (`{{email: data.email, city: "Lisbon"}}`); error messages must be text.
//! Elements nest at most 32 deep (`<Flow>` is the first level).
//!
//! # Example
//!
//! ```rust,ignore
//! use flow_dsl::flow;
//!
//! flow! {
//!     <Flow name=Feedback version="7.3" categories=[SURVEY]>
//!         <Screen id="START" title="How did we do?">
//!             <TextInput name="email" label="Email" input-type="email" required />
//!             <RadioButtonsGroup name="rating" label="Rating" required
//!                 data-source={[{id: "good", title: "Good"}, {id: "bad", title: "Bad"}]} />
//!             <TextArea name="comment" label="Tell us more" visible={form.rating == "bad"} />
//!             <Footer label="Next"
//!                 on-click-action={navigate(THANKS, {email: form.email, rating: form.rating})} />
//!         </Screen>
//!         <Screen id="THANKS" title="Thank you" terminal success
//!                 data={ email: String = "ana@example.com", rating: String = "good" }>
//!             <TextBody text={"We will write to " + data.email} />
//!             <If condition={data.rating == "bad"}>
//!                 <then> <TextCaption text="Sorry to hear that." /> </then>
//!                 <else> <TextCaption text="Glad you liked it!" /> </else>
//!             </If>
//!             <Footer label="Done"
//!                 on-click-action={complete({email: data.email, rating: data.rating,
//!                                            comment: screen.START.form.comment})} />
//!         </Screen>
//!     </Flow>
//! }
//!
//! let json = Feedback::flow().to_value();
//! assert_eq!(json["screens"][0]["id"], "START");
//! assert_eq!(FeedbackScreen::Thanks.id(), "THANKS");
//! assert_eq!(Feedback::CATEGORIES, &["SURVEY"]);
//! assert!(Feedback::build().is_ok());
//! let answer: FeedbackCompletion = serde_json::from_str(
//!     r#"{"email": "a@b.c", "rating": "bad", "comment": "slow"}"#).unwrap();
//! assert_eq!(answer.comment.as_deref(), Some("slow"));
//! ```
//!
//! [rstml]: https://docs.rs/rstml
#![warn(missing_docs)]

mod ast;
mod check;
mod diag;
mod endpoint_types;
mod expand;
mod expr;
mod model;
mod parse;

use proc_macro::TokenStream;

/// A whole flow as markup; see the [crate documentation](crate) for the grammar.
#[proc_macro]
pub fn flow(input: TokenStream) -> TokenStream {
    run(input.into()).into()
}

fn run(input: proc_macro2::TokenStream) -> proc_macro2::TokenStream {
    let mut diags = diag::Diags::default();
    let Some(flow) = parse::parse(input, &mut diags) else {
        if diags.is_empty() {
            diags.error(
                diag::Sp::one(proc_macro2::Span::call_site()),
                "expected `<Flow name=TypeName version=\"...\"> ... </Flow>`",
            );
        }
        return diags.emit();
    };
    let model = model::Model::new(&flow);
    check::check(&model, &mut diags);
    let full = diags.is_empty();
    let items = expand::expand(&model, full);
    let mut out = diags.emit();
    out.extend(items);
    out.extend(endpoint_types::expand(&model, full));
    out
}

#[cfg(test)]
mod scale_tests {
    use std::time::Instant;

    /// A screen id made of letters only (`S_A`, `S_B`, …, `S_BA`…).
    fn id(mut i: usize) -> String {
        let mut s = String::new();
        loop {
            s.insert(0, char::from(b'A' + (i % 26) as u8));
            i /= 26;
            if i == 0 {
                break;
            }
        }
        format!("S_{s}")
    }

    /// `n` screens; screen `i` navigates to `next(i)` and `back(i)`, and to a misspelt id (a
    /// suggestion is searched among all ids). The last screen is terminal.
    fn big_flow(
        n: usize,
        next: impl Fn(usize) -> usize,
        back: impl Fn(usize) -> usize,
    ) -> proc_macro2::TokenStream {
        let mut src = String::from("<Flow name=Big version=\"7.3\">");
        for i in 0..n {
            src.push_str(&format!(
                "<Screen id=\"{}\"{}>\
                 <TextBody text=\"Screen {i}\" />\
                 <EmbeddedLink text=\"Back\" on-click-action={{navigate({}, {{}})}} />\
                 <EmbeddedLink text=\"Typo\" on-click-action={{navigate({}x, {{}})}} />\
                 <Footer label=\"Next\" on-click-action={{navigate({}, {{}})}} />\
                 </Screen>",
                id(i),
                if i + 1 == n { " terminal" } else { "" },
                id(back(i)),
                id(i),
                id(next(i)),
            ));
        }
        src.push_str("</Flow>");
        src.parse().unwrap()
    }

    fn run_timed(input: proc_macro2::TokenStream, what: &str) -> String {
        let start = Instant::now();
        let out = crate::run(input).to_string();
        eprintln!(
            "flow! on {what}: {:?}, {} bytes of output",
            start.elapsed(),
            out.len()
        );
        out
    }

    #[test]
    fn one_big_loop_is_one_error() {
        // Every screen goes on to the next and back to the first: one strongly connected
        // component, reported once (it used to be one error per screen, each listing the whole
        // path: 23 MB of output and 13 s in a debug build).
        let n = 3000;
        let out = run_timed(
            big_flow(n, |i| (i + 1) % n, |_| 0),
            "3000 screens in one loop",
        );
        assert_eq!(
            out.matches("navigation cycle").count(),
            1,
            "{}",
            &out[..2000]
        );
        assert!(
            out.contains("navigation cycle: S_A → S_B → S_A (2998 more screens loop with these)")
        );
        // 3000 unknown targets, searched among 3000 ids: no suggestion past 200 candidates.
        assert_eq!(out.matches("unknown screen").count(), n);
        assert!(!out.contains("did you mean"));
        assert!(out.len() < 2_000_000);
    }

    #[test]
    fn many_loops_are_capped() {
        // Screens go in pairs that navigate to each other: 1500 separate cycles.
        let n = 3000;
        let pair = |i: usize| i ^ 1;
        let out = run_timed(big_flow(n, pair, pair), "1500 two-screen loops");
        assert_eq!(out.matches("navigation cycle:").count(), 20);
        assert!(out.contains("navigation cycle: S_A → S_B → S_A;"));
        assert!(out.contains("and 1480 more navigation cycles"));
    }
}
