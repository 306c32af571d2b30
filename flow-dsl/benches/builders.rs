//! Build + pretty-serialize the reference workload of `shared/bench/README.md` (100 screens ×
//! 20 components, the shape of `pywa_baseline.py`) with the builders, beside
//! `serde_json::to_string_pretty` of a `serde_json::Value` holding the same document.
//!
//! Run: `cargo bench -p flow-dsl --bench builders -- --measurement-time 3`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group};
use flow_dsl::builder::*;

#[path = "../../flow-model/benches/support/paired.rs"]
mod paired;

const SCREENS: usize = 100;

fn options(prefix: &str) -> Vec<Choice> {
    (0..5)
        .map(|k| Choice::new(format!("{prefix}{k}"), format!("Option {k}")))
        .collect()
}

/// The synthetic flow of `pywa_baseline.py`, screen by screen.
fn workload() -> Flow {
    let mut flow = Flow::new("7.3");
    flow.data_api_version("4.0");
    let handles: Vec<ScreenHandle> = (0..SCREENS)
        .map(|i| flow.screen(format!("SCREEN_{i}")))
        .collect();
    for (i, &h) in handles.iter().enumerate() {
        let last = i == SCREENS - 1;
        let s = flow.at(h);
        s.title(format!("Step {i}"));
        if last {
            s.terminal(true);
        }
        let greeting = s.data::<String>("greeting", "Hello");
        let show_extra = s.data::<bool>("show_extra", true);
        let items = s.data::<Vec<Choice>>("items", vec![Choice::new("a", "A")]);
        s.child(TextHeading::new(format!("Screen {i}")));
        let first_input = h.form::<String>("in_0");
        let second_input = h.form::<String>("in_1");
        s.child(TextBody::new(greeting + ", you are on step " + &first_input).visible(&show_extra));
        for j in 0..6 {
            s.child(
                TextInput::new(format!("in_{j}"), format!("Field {j}"))
                    .input_type(InputType::Text)
                    .required(j % 2 == 0)
                    .helper_text("help"),
            );
        }
        s.child(TextArea::new("notes", "Notes").max_length(200));
        for j in 0..2 {
            s.child(Dropdown::new(format!("dd_{j}"), "Pick", options("d")));
        }
        s.child(Dropdown::new("dyn", "Dynamic", &items));
        for j in 0..2 {
            s.child(CheckboxGroup::new(format!("cb_{j}"), "Check", options("c")));
        }
        for j in 0..2 {
            s.child(RadioButtonsGroup::new(
                format!("rb_{j}"),
                "Radio",
                options("r"),
            ));
        }
        s.child(OptIn::new("opt_a", "Agree A"));
        s.child(OptIn::new("opt_b", "Agree B").visible(second_input.eq("yes")));
        s.child(DatePicker::new("when", "Date").min_date("2024-01-01"));
        let action = if last {
            complete().with("a", &first_input)
        } else {
            navigate(handles[i + 1])
                .with("greeting", &first_input)
                .with("show_extra", true)
                .with("items", vec![Choice::new("x", "X")])
        };
        s.child(Footer::new(if last { "Done" } else { "Next" }, action));
    }
    flow
}

/// Only the strings `workload` formats (81 per screen, as pywa's f-strings), made and freed:
/// the part of the workload any builder design pays before storing anything.
fn workload_strings() -> Vec<String> {
    let mut out = Vec::with_capacity(SCREENS * 81);
    for i in 0..SCREENS {
        out.extend([
            format!("SCREEN_{i}"),
            format!("Step {i}"),
            format!("Screen {i}"),
        ]);
        for j in 0..6 {
            out.extend([format!("in_{j}"), format!("Field {j}")]);
        }
        for prefix in ["dd_", "cb_", "rb_"] {
            out.extend((0..2).map(|j| format!("{prefix}{j}")));
        }
        for prefix in ["d", "d", "c", "c", "r", "r"] {
            for k in 0..5 {
                out.extend([format!("{prefix}{k}"), format!("Option {k}")]);
            }
        }
    }
    out
}

/// Every string of `v`, keys and values.
fn collect_strings<'v>(v: &'v serde_json::Value, out: &mut std::collections::HashSet<&'v str>) {
    match v {
        serde_json::Value::String(s) => {
            out.insert(s);
        }
        serde_json::Value::Array(items) => items.iter().for_each(|i| collect_strings(i, out)),
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                out.insert(k);
                collect_strings(v, out);
            }
        }
        _ => {}
    }
}

/// The same document written by hand as a `serde_json::Value` with `json!`, key for key: what
/// building the JSON without typed builders costs, for context beside the serialization-only
/// comparison the issue asks for.
fn value_workload() -> serde_json::Value {
    use serde_json::{Map, Value, json};
    let options = |prefix: &str| -> Value {
        (0..5)
            .map(|k| json!({"id": format!("{prefix}{k}"), "title": format!("Option {k}")}))
            .collect()
    };
    let mut routing = Map::new();
    let mut screens = Vec::with_capacity(SCREENS);
    for i in 0..SCREENS {
        let last = i == SCREENS - 1;
        // Each id is formatted once and cloned where it is used again, as the builders do.
        let id = format!("SCREEN_{i}");
        let next = (!last).then(|| format!("SCREEN_{}", i + 1));
        routing.insert(id.clone(), json!(next.iter().collect::<Vec<_>>()));
        let mut children = vec![
            json!({"type": "TextHeading", "text": format!("Screen {i}")}),
            json!({
                "type": "TextBody",
                "text": "`${data.greeting} ', you are on step ' ${form.in_0}`",
                "visible": "${data.show_extra}",
            }),
        ];
        for j in 0..6 {
            children.push(json!({
                "type": "TextInput", "name": format!("in_{j}"), "label": format!("Field {j}"),
                "input-type": "text", "required": j % 2 == 0, "helper-text": "help",
            }));
        }
        children.push(
            json!({"type": "TextArea", "name": "notes", "label": "Notes", "max-length": 200}),
        );
        for j in 0..2 {
            children.push(json!({
                "type": "Dropdown", "name": format!("dd_{j}"), "label": "Pick",
                "data-source": options("d"),
            }));
        }
        children.push(json!({
            "type": "Dropdown", "name": "dyn", "label": "Dynamic", "data-source": "${data.items}",
        }));
        for j in 0..2 {
            children.push(json!({
                "type": "CheckboxGroup", "name": format!("cb_{j}"), "data-source": options("c"),
                "label": "Check",
            }));
        }
        for j in 0..2 {
            children.push(json!({
                "type": "RadioButtonsGroup", "name": format!("rb_{j}"), "data-source": options("r"),
                "label": "Radio",
            }));
        }
        children.push(json!({"type": "OptIn", "name": "opt_a", "label": "Agree A"}));
        children.push(json!({
            "type": "OptIn", "name": "opt_b", "label": "Agree B",
            "visible": "`${form.in_1} == 'yes'`",
        }));
        children.push(json!({"type": "DatePicker", "name": "when", "label": "Date", "min-date": "2024-01-01"}));
        let action = if last {
            json!({"name": "complete", "payload": {"a": "${form.in_0}"}})
        } else {
            json!({
                "name": "navigate",
                "next": {"type": "screen", "name": next},
                "payload": {
                    "greeting": "${form.in_0}",
                    "show_extra": true,
                    "items": [{"id": "x", "title": "X"}],
                },
            })
        };
        children.push(json!({
            "type": "Footer", "label": if last { "Done" } else { "Next" }, "on-click-action": action,
        }));
        let mut screen = Map::new();
        screen.insert("id".into(), json!(id));
        screen.insert("title".into(), json!(format!("Step {i}")));
        if last {
            screen.insert("terminal".into(), json!(true));
        }
        screen.insert(
            "data".into(),
            json!({
                "greeting": {"type": "string", "__example__": "Hello"},
                "show_extra": {"type": "boolean", "__example__": true},
                "items": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {"id": {"type": "string"}, "title": {"type": "string"}},
                    },
                    "__example__": [{"id": "a", "title": "A"}],
                },
            }),
        );
        screen.insert(
            "layout".into(),
            json!({"type": "SingleColumnLayout", "children": children}),
        );
        screens.push(Value::Object(screen));
    }
    json!({
        "version": "7.3",
        "data_api_version": "4.0",
        "routing_model": routing,
        "screens": screens,
    })
}

fn bench(c: &mut Criterion) {
    let built = workload().build_unchecked();
    let value = built.to_value();
    let text = built.to_string_pretty();
    assert_eq!(value["screens"].as_array().map(Vec::len), Some(SCREENS));
    assert_eq!(
        serde_json::to_string_pretty(&value).ok().as_deref(),
        Some(text.as_str())
    );
    assert_eq!(
        serde_json::to_string_pretty(&value_workload())
            .ok()
            .as_deref(),
        Some(text.as_str()),
        "the json! workload writes the same document"
    );
    let mut in_document = std::collections::HashSet::new();
    collect_strings(&value, &mut in_document);
    let formatted = workload_strings();
    assert_eq!(formatted.len(), SCREENS * 81);
    assert!(
        formatted.iter().all(|s| in_document.contains(s.as_str())),
        "workload_strings makes strings of the document"
    );
    eprintln!(
        "workload: {} screens, {} components, {} bytes pretty",
        SCREENS,
        value["screens"].as_array().map_or(0, |s| s
            .iter()
            .map(|s| s["layout"]["children"].as_array().map_or(0, Vec::len))
            .sum::<usize>()),
        text.len()
    );

    let mut g = c.benchmark_group("workload_100x20");
    g.bench_function("builders: build (validated) + pretty", |b| {
        b.iter(|| {
            let json = workload().build().expect("valid");
            black_box(json.to_string_pretty())
        })
    });
    g.bench_function("builders: build_unchecked + pretty", |b| {
        b.iter(|| black_box(workload().build_unchecked().to_string_pretty()))
    });
    g.bench_function("builders: construct + build_unchecked", |b| {
        b.iter(|| black_box(workload().build_unchecked()))
    });
    g.bench_function("serde_json: Value to_string_pretty", |b| {
        b.iter(|| black_box(serde_json::to_string_pretty(&value).expect("serializes")))
    });
    g.bench_function("serde_json: build Value with json! + pretty", |b| {
        b.iter(|| black_box(serde_json::to_string_pretty(&value_workload()).expect("serializes")))
    });
    g.finish();
}

criterion_group!(benches, bench);

/// Builder/Value ratios in interleaved pairs (see flow-model's `benches/support/paired.rs`).
fn paired_ratios() {
    const ROUNDS: usize = 100;
    use paired::time;
    let value = workload().build_unchecked().to_value();
    let serde_pretty = || time(|| serde_json::to_string_pretty(black_box(&value)));
    println!(
        "\npaired ratios against serde_json Value pretty (minimum of {ROUNDS} interleaved rounds):"
    );
    let pair = paired::min_pair(
        ROUNDS,
        &|| time(|| workload().build().expect("valid").to_string_pretty()),
        &serde_pretty,
    );
    paired::report("build (validated) + pretty", "builders", "value", pair);
    let pair = paired::min_pair(
        ROUNDS,
        &|| time(|| workload().build_unchecked().to_string_pretty()),
        &serde_pretty,
    );
    paired::report("build_unchecked + pretty", "builders", "value", pair);
    let pair = paired::min_pair(
        ROUNDS,
        &|| time(|| workload().build_unchecked()),
        &serde_pretty,
    );
    paired::report("construct + build_unchecked", "builders", "value", pair);
    // Context, not a target: the same document built by hand as a Value, then printed.
    let pair = paired::min_pair(
        ROUNDS,
        &|| time(|| serde_json::to_string_pretty(&value_workload())),
        &serde_pretty,
    );
    paired::report("json! Value + pretty", "json!", "value", pair);
    let pair = paired::min_pair(
        ROUNDS,
        &|| time(|| workload().build_unchecked().to_string_pretty()),
        &|| time(|| serde_json::to_string_pretty(&value_workload())),
    );
    paired::report(
        "builders vs json! (both build + pretty)",
        "builders",
        "json!",
        pair,
    );
    // What any owned document costs to allocate and free, whoever builds it: a lower bound
    // for the build side of "build + serialize".
    let built = workload().build_unchecked();
    let pair = paired::min_pair(ROUNDS, &|| time(|| built.clone()), &serde_pretty);
    paired::report("floor: clone + drop the FlowJson", "model", "value", pair);
    // The floor of any design that lets the caller format! its strings and prints with our
    // writer: those strings plus printing, with no builder or model work at all.
    let pair = paired::min_pair(
        ROUNDS,
        &|| time(|| (workload_strings(), built.to_string_pretty())),
        &serde_pretty,
    );
    paired::report("floor: format! strings + print", "floor", "value", pair);

    // Where build_unchecked + pretty goes, phase by phase (minimum of each over the rounds).
    let mut phases = [f64::MAX; 5];
    for _ in 0..ROUNDS {
        let t0 = std::time::Instant::now();
        let flow = black_box(workload());
        let t1 = std::time::Instant::now();
        let doc = black_box(flow.build_unchecked());
        let t2 = std::time::Instant::now();
        let text = black_box(doc.to_string_pretty());
        let t3 = std::time::Instant::now();
        drop(doc);
        let t4 = std::time::Instant::now();
        let value_text = black_box(serde_json::to_string_pretty(&value).expect("serializes"));
        let t5 = std::time::Instant::now();
        drop((text, value_text));
        let spans = [t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4];
        for (min, span) in phases.iter_mut().zip(spans) {
            *min = min.min(span.as_secs_f64() * 1e3);
        }
    }
    println!(
        "  phases (ms): builder calls {:.3}, build_unchecked {:.3}, to_string_pretty {:.3}, \
         drop FlowJson {:.3}; serde_json Value pretty {:.3}",
        phases[0], phases[1], phases[2], phases[3], phases[4]
    );
}

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    // Only when benchmarking: `cargo test --all-targets` runs each benchmark once as a test.
    if std::env::args().any(|a| a == "--bench") {
        paired_ratios();
    }
}
