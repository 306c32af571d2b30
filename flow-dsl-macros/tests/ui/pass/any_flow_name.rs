//! A flow may take any type name, even one the expansion itself uses (`String`, `Option`, `str`,
//! `__flow`…): the expansion names every type by its full path, and keeps its locals and the
//! completion structs in a module of their own. A flow declared in a function works too.

use flow_dsl::flow;

/// One flow per module, named `$name`, using every data type and a completion struct.
macro_rules! named {
    ($module:ident, $name:ident) => {
        #[allow(non_camel_case_types, dead_code)]
        pub mod $module {
            use flow_dsl::flow;

            flow! {
                <Flow name=$name version="7.3">
                    <Screen id="START" terminal
                            data={ s: String = "s", i: i64 = 1, f: f64 = 1.5, b: bool = true,
                                   l: Vec<String> = ["a"], c: Vec<Choice> = [{id: "a", title: "A"}],
                                   m: Vec<Value> = [{k: 1}], v: Value = {k: [1, 2], t: {u: "x"}} }>
                        <TextInput name="name" label="Name" required />
                        <TextArea name="note" label="Note" visible={data.b && data.i > 0} />
                        <Footer label="Done" on-click-action={complete({
                            name: form.name, note: form.note, s: data.s, i: data.i, f: data.f,
                            b: data.b, l: data.l,
                        })} />
                    </Screen>
                </Flow>
            }
        }
    };
}

named!(string, String);
named!(vec, Vec);
named!(option, Option);
named!(result, Result);
named!(some, Some);
named!(none, None);
named!(boxed, Box);
named!(value, Value);
named!(choice, Choice);
named!(primitive_str, str);
named!(primitive_bool, bool);
named!(primitive_i64, i64);
named!(primitive_f64, f64);
named!(primitive_u64, u64);
named!(local_flow, __flow);
named!(local_screen, __s);
named!(local_map, __m);
named!(local_handle, __screen_0);

fn main() {
    let json = string::String::flow().to_value();
    assert_eq!(json["screens"][0]["data"]["v"]["__example__"]["t"]["u"], "x");
    string::String::build().unwrap();
    assert!(vec::Vec::build().is_ok());
    assert!(option::Option::build().is_ok());
    assert!(result::Result::build().is_ok());
    assert!(some::Some::build().is_ok());
    assert!(none::None::build().is_ok());
    assert!(boxed::Box::build().is_ok());
    assert!(value::Value::build().is_ok());
    assert!(choice::Choice::build().is_ok());
    assert!(primitive_str::str::build().is_ok());
    assert!(primitive_bool::bool::build().is_ok());
    assert!(primitive_i64::i64::build().is_ok());
    assert!(primitive_f64::f64::build().is_ok());
    assert!(primitive_u64::u64::build().is_ok());
    assert!(local_flow::__flow::build().is_ok());
    assert!(local_screen::__s::build().is_ok());
    assert!(local_map::__m::build().is_ok());
    assert!(local_handle::__screen_0::build().is_ok());
    assert_eq!(option::OptionScreen::Start.id(), "START");
    let done: string::StringCompletion = serde_json::from_str(
        r#"{"name": "Ana", "s": "s", "i": 1, "f": 1.5, "b": true, "l": ["a"]}"#,
    )
    .unwrap();
    assert_eq!((done.name.as_str(), done.note), ("Ana", None));
    let done: primitive_str::strCompletion = serde_json::from_str(
        r#"{"name": "Ana", "note": "n", "s": "s", "i": 1, "f": 1.5, "b": true, "l": ["a"]}"#,
    )
    .unwrap();
    assert_eq!(done.note.as_deref(), Some("n"));

    flow! {
        <Flow name=InFn version="7.3">
            <Screen id="ONLY" terminal>
                <Footer label="Done" on-click-action={complete({answer: "yes"})} />
            </Screen>
        </Flow>
    }
    let done: InFnCompletion = serde_json::from_str(r#"{"answer": "yes"}"#).unwrap();
    assert_eq!(done.answer, "yes");
    assert!(InFn::build().is_ok());
}
