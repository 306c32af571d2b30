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
//! flow!   := <Flow name=TypeName version="7.3" [data_api_version="3.0"] [categories=[SURVEY, ..]]
//!                  [endpoint_uri="https://…"]>
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
//!   (validated), `Survey::builder()` (the builder), `Survey::source()` (a
//!   `flow_dsl::FlowSource` named `Survey` with its categories and `endpoint_uri`, for build.rs
//!   assets and `flow_dsl::deploy::deploy`), and consts `NAME`, `VERSION`, `DATA_API_VERSION`,
//!   `ENDPOINT_URI`,
//!   `CATEGORIES` (`&[flow_dsl::model::Category]`; a misspelt category is a compile error at
//!   its token, with rustc's "a constant with a similar name exists"), `SCREEN_IDS`;
//! - `pub enum SurveyScreen` with one variant per screen (`SURVEY_START` → `SurveyStart`),
//!   `id()`, `from_id()` and `ALL`. Ids that differ only in case or underscores would share a
//!   variant; the later ones are numbered from 2 in declaration order (`STEP_ONE`, `STEP__ONE`
//!   → `StepOne`, `StepOne2`), so every screen has its own;
//! - for each terminal screen with a `complete` payload, a
//!   `#[derive(Deserialize)] pub struct Survey{Variant}Completion` (the screen's variant name)
//!   whose fields are the payload keys with their types (inputs that are not `required` are
//!   `Option`s), and the alias `SurveyCompletion` when there is only one.
//! - for each screen with inputs, a `pub struct Survey{Variant}Inputs` of
//!   `flow_dsl::sim::Input<T>` handles (one per input, typed by its answer) and
//!   `Survey::{variant}_inputs()` (`SURVEY_START` → `survey_start_inputs()`), so a simulator
//!   test writes `sim.fill(Survey::survey_start_inputs().email, "a@b.c")` and a renamed input
//!   does not compile.
//!
//! The expansion names every type by its full path (`::core::option::Option`,
//! `::core::primitive::str`…), so the flow can have any name, `String` or `Option` included.
//!
//! # Checks
//!
//! One rule engine: at compile time the macro builds the Flow JSON document the expansion's
//! builders will render (the static markup says everything; a `data.x`/`form.x` binding is
//! written as the `${data.x}` text the builders write), keeps a map from each JSON path to the
//! token that wrote it, and runs [`flow_model::validate`] on it. Every finding is reported at
//! its token, its code first, all of them in one compile:
//!
//! ```text
//! error: INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME: Unknown screen ids found: 'DETAIL' is not a
//!        screen of this flow. Did you mean 'DETAILS'?
//!   --> src/flows.rs:12:57
//!    |
//! 12 |     <Footer label="Next" on-click-action={navigate(DETAIL, {})} />
//!    |                                                    ^^^^^^
//! ```
//!
//! - **Errors** fail the compile (`compile_error!` at the attribute, value or element).
//! - **Warnings** (rules the spec marks UNCONFIRMED, such as digits in a screen id `STEP2`, and
//!   Meta's advice) never fail it: they are compiler warnings, on stable, through a deprecated
//!   constant used at the token (`warning: use of deprecated constant `…`: PATTERN_MISMATCH:
//!   …`). `build()` and `flow-dsl validate` report the same findings. Under `-D warnings` they
//!   fail the build like any warning; `#[allow(deprecated)]` on the enclosing module silences
//!   them.
//! - A finding that only a run can know does not exist here: the document is static. What
//!   `build()` reports is located at the element that produced it (the expansion's builder
//!   calls carry the element's span, so their `#[track_caller]` locations are the markup's).
//!
//! What the macro checks itself is what JSON cannot say: unknown components, attributes and
//! actions (with "did you mean"), the `then`/`else`/`case` structure, the Rust types of
//! `data.x`, `form.x` and `screen.ID.…` references and of expressions on them, and what the
//! builders need written as a literal (see below). `categories=[..]` is checked against
//! flow-model's list (`INVALID_ENUM_VALUE`).
//!
//! # Escape hatches and less common keys
//!
//! - `raw:KEY=value` on `<Flow>`, `<Screen>` or a component writes a key this version of the
//!   table does not know, as literal JSON: `<TextInput name="a" label="A" raw:new-prop=3 />`.
//!   `<Raw json={{type: "NewThing", text: "hi"}} />` writes a whole component. They are kept
//!   as written; the validator's findings about them are compile-time warnings (the author
//!   chose to go past the table) and remain errors in `build()`.
//! - `routing_model={{START: [NEXT], NEXT: []}}` on `<Flow>` gives the routing model, with or
//!   without an endpoint; without it an endpoint flow's model is derived from the navigations
//!   and `data_exchange` routes.
//! - `data={}` writes `"data": {}`; `complete()`, `navigate(NEXT)` and the other actions
//!   written without a payload object write no `"payload"` key (`complete({})` writes `{}`).
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
mod doc;
mod endpoint_types;
mod expand;
mod expr;
mod findings;
mod input_handles;
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
    findings::report(doc::build(&model), &mut diags);
    findings::report_categories(&flow, &mut diags);
    let full = diags.is_empty();
    let items = expand::expand(&model, full);
    let mut out = diags.emit();
    out.extend(items);
    out.extend(endpoint_types::expand(&model, full));
    out.extend(input_handles::expand(&model));
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
        // Every screen goes on to the next and back to the first. The validator reports the
        // loop once for the flow, not once per screen. (Meta allows 100 screens; 400 keeps
        // the test quick while every screen misspells a target.)
        let n = 400;
        let out = run_timed(
            big_flow(n, |i| (i + 1) % n, |_| 0),
            "400 screens in one loop",
        );
        assert!(
            out.matches("INVALID_ROUTING_MODEL").count() <= 2,
            "{}",
            &out[..2000]
        );
        assert_eq!(out.matches("MAX_SCREENS_NUMBER").count(), 1);
        // Unknown targets are reported at their own tokens up to the validator's cap per code
        // (flow_model::validate::DEFAULT_MAX_FINDINGS_PER_CODE), then once as "N more".
        let cap = flow_model::validate::DEFAULT_MAX_FINDINGS_PER_CODE;
        assert_eq!(
            out.matches("INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME")
                .count(),
            cap + 1
        );
        assert!(out.contains("more findings like this"));
        assert!(out.len() < 4_000_000, "{} bytes", out.len());
    }

    #[test]
    fn many_loops_stay_bounded() {
        // Screens go in pairs that navigate to each other: 200 separate cycles.
        let n = 400;
        let pair = |i: usize| i ^ 1;
        let out = run_timed(big_flow(n, pair, pair), "200 two-screen loops");
        assert!(out.matches("INVALID_ROUTING_MODEL").count() <= 3);
        assert!(out.len() < 4_000_000, "{} bytes", out.len());
    }
}

/// Writes the compile-time document of every `flow!` in the trybuild compile-fail cases as a
/// JSON fixture, for the parity test (`flow-dsl/tests/macro_parity.rs`): the same document
/// given to the validator as JSON must get the codes the `.stderr` shows, each at the JSON path
/// recorded beside it in `<case>.expect.json`. Regenerate with
/// `UI_DIR=flow-dsl-macros/tests/ui/fail OUT_DIR=flow-dsl/tests/fixtures/parity cargo test -p
/// flow-dsl-macros --lib parity_fixtures -- --ignored`, then review the diff.
#[cfg(test)]
mod parity_fixtures {
    use proc_macro2::{TokenStream, TokenTree};

    /// The bodies of every `flow! { .. }` in `ts`, in order.
    fn flow_calls(ts: TokenStream, out: &mut Vec<TokenStream>) {
        let toks: Vec<TokenTree> = ts.into_iter().collect();
        let mut k = 0;
        while k < toks.len() {
            if let (Some(TokenTree::Ident(i)), Some(TokenTree::Punct(p)), Some(TokenTree::Group(g))) =
                (toks.get(k), toks.get(k + 1), toks.get(k + 2))
                && i == "flow"
                && p.as_char() == '!'
            {
                out.push(g.stream());
                k += 3;
                continue;
            }
            if let TokenTree::Group(g) = &toks[k] {
                flow_calls(g.stream(), out);
            }
            k += 1;
        }
    }

    #[test]
    #[ignore = "writes fixtures; run by hand"]
    fn parity_fixtures() {
        let dir = std::env::var("UI_DIR").expect("UI_DIR");
        let out_dir = std::env::var("OUT_DIR").expect("OUT_DIR");
        std::fs::create_dir_all(&out_dir).unwrap();
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "rs"))
            .collect();
        files.sort();
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            let Ok(ts) = text.parse::<TokenStream>() else {
                continue;
            };
            let mut calls = Vec::new();
            flow_calls(ts, &mut calls);
            let stem = f.file_stem().unwrap().to_string_lossy().into_owned();
            let many = calls.len() > 1;
            for (k, input) in calls.into_iter().enumerate() {
                let mut diags = crate::diag::Diags::default();
                let Some(flow) = crate::parse::parse(input, &mut diags) else {
                    continue;
                };
                let model = crate::model::Model::new(&flow);
                let doc = crate::doc::build(&model);
                let base = if many {
                    format!("{stem}.{k:02}")
                } else {
                    stem.clone()
                };
                let out = std::path::Path::new(&out_dir);
                let pretty = serde_json::to_string_pretty(&doc.json).unwrap();
                std::fs::write(out.join(format!("{base}.json")), pretty + "\n").unwrap();
                // What the macro reports, and where in the document: the parity test asks the
                // validator for each (code, path) of this sidecar.
                crate::check::check(&model, &mut diags);
                let expect: Vec<serde_json::Value> = crate::findings::report(doc, &mut diags)
                    .into_iter()
                    .map(|f| {
                        serde_json::json!({
                            "code": f.code,
                            "path": f.path,
                            "severity": match f.severity {
                                flow_model::validate::Severity::Error => "error",
                                flow_model::validate::Severity::Warning => "warning",
                            },
                        })
                    })
                    .collect();
                let pretty = serde_json::to_string_pretty(&expect).unwrap();
                std::fs::write(out.join(format!("{base}.expect.json")), pretty + "\n").unwrap();
            }
        }
    }
}
