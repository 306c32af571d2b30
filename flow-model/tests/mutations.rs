//! Mutated corpus documents keep the model's promises.
//!
//! Each corpus document is mutated a bounded number of times by a fixed-seed RNG, so a failure
//! reproduces on every machine: nodes replaced, inserted or removed (odd numbers, multi-byte and
//! expression strings, foreign components, nesting past serde_json's and the source map's depth
//! limits), the text broken (truncated, a bit flipped, multi-byte characters before the break, a
//! stray token), and keys written twice. For every resulting text:
//!
//! - nothing panics: parsing, validating (the model and the text), locating findings, writing,
//!   `SourceMap::new`, `duplicate_keys`;
//! - serde_json is the reference: `to_value` is the value serde_json reads (a key written twice
//!   keeps its last value in both), numbers exactly; the pretty output is serde_json's pretty
//!   printing of that value and a fixed point; pretty and compact output read back to the same
//!   flow;
//! - `validate_str` finds what `validate` finds, plus one `FLOWDSL_DUPLICATE_KEY` per entry of
//!   `duplicate_keys`, which is empty exactly when no key is written twice;
//! - a text that is not a Flow document fails where serde_json fails, the column in characters.
//!
//! Hand-written tests cover the cases someone thought of; this one covers combinations nobody
//! did, at a cost that fits a debug `cargo test`.

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};

use flow_model::validate::{self, codes};
use flow_model::{FlowJson, ParseErrorKind, SourceMap, duplicate_keys};
use serde_json::Value;

/// Cases per document and family. Documents over `LARGE` bytes get one case per family: a case
/// costs time in proportion to the document, and the large ones bring no new shapes.
const STRUCTURAL: usize = 16;
const RAW: usize = 16;
const DUPLICATE: usize = 8;
const LARGE: usize = 100_000;

#[test]
fn structural_mutations() {
    run("structural", STRUCTURAL, Some(false), structural);
}

#[test]
fn broken_text() {
    run("raw", RAW, None, raw);
}

#[test]
fn keys_written_twice() {
    run("duplicate", DUPLICATE, Some(true), duplicate);
}

/// One mutated text, what was done, and the byte offset where it was done.
struct Case {
    label: String,
    text: String,
    at: usize,
}

/// Checks `cases` mutations of every corpus document, catching panics so that every failure is
/// reported with its document and mutation. `dups`: whether the family writes a key twice.
fn run(family: &str, cases: usize, dups: Option<bool>, mutate: fn(&str, &Value, &mut Rng) -> Case) {
    let mut failures = Vec::new();
    for (name, path) in common::corpus_files() {
        let original = std::fs::read_to_string(&path).unwrap();
        let doc: Value = serde_json::from_str(&original).unwrap();
        // Seeded by family and file, so a new corpus file does not change the other cases.
        let mut rng = Rng::new(&format!("{family}/{name}"));
        let cases = if original.len() > LARGE { 1 } else { cases };
        for n in 0..cases {
            let case = mutate(&original, &doc, &mut rng);
            let outcome = catch_unwind(AssertUnwindSafe(|| check(&case.text, dups)))
                .unwrap_or_else(|p| Err(format!("panic: {}", panic_message(&*p))));
            if let Err(why) = outcome {
                let near = excerpt(&case.text, case.at);
                failures.push(format!(
                    "{name}, {family} case {n} ({}): {why}\n    input near byte {}: {near}",
                    case.label, case.at
                ));
            }
        }
    }
    let n = failures.len();
    assert!(n == 0, "{n} failures:\n{}", failures.join("\n"));
}

/// `Err(message)` unless `cond`.
macro_rules! ensure {
    ($cond:expr, $($message:tt)+) => {
        if !$cond {
            return Err(format!($($message)+));
        }
    };
}

/// Every property of the module doc, on one text.
fn check(text: &str, dups: Option<bool>) -> Result<(), String> {
    let reference = serde_json::from_str::<Value>(text);
    let found = duplicate_keys(text);
    let _ = SourceMap::new(text);
    if let Some(d) = dups {
        ensure!(d != found.is_empty(), "duplicate_keys gave {found:?}");
    }
    let flow = match (FlowJson::from_str(text), reference) {
        (Ok(flow), Ok(reference)) => {
            let d = diff(&reference, &flow.to_value(), "");
            ensure!(d.is_none(), "to_value is not serde_json's value: {d:?}");
            flow
        }
        (Ok(_), Err(e)) => return Err(format!("accepted, serde_json says {e}")),
        (Err(e), reference) => {
            let _ = e.to_validation_error();
            let same = validate::validate_str(text).err().as_ref() == Some(&e);
            ensure!(same, "validate_str does not fail like from_str ({e})");
            match reference {
                Ok(Value::Object(_)) => return Err(format!("serde_json reads an object: {e}")),
                Ok(_) => ensure!(e.kind == ParseErrorKind::NotAnObject, "{e:?}"),
                Err(s) => {
                    let column = char_column(text, s.line(), s.column());
                    let want = (s.line(), column, s.is_eof());
                    let got = (e.line, e.column, e.kind == ParseErrorKind::Eof);
                    ensure!(
                        want == got,
                        "(line, column, eof) {got:?}, not {want:?}: {e}"
                    );
                }
            }
            return Ok(());
        }
    };
    let pretty = flow.to_string_pretty();
    let canonical = serde_json::to_string_pretty(&flow.to_value()).unwrap();
    same_text(&pretty, &canonical, "pretty output vs serde_json's")?;
    let again = FlowJson::from_str(&pretty).map_err(|e| format!("pretty output: {e}"))?;
    ensure!(
        again == flow,
        "the pretty output reads back as another flow"
    );
    same_text(&pretty, &again.to_string_pretty(), "pretty output re-read")?;
    let compact = FlowJson::from_str(&flow.to_string_compact());
    ensure!(
        compact.as_ref() == Ok(&flow),
        "compact output reads back differently"
    );

    let plain = validate::validate(&flow);
    let located = validate::validate_str(text).map_err(|e| format!("validate_str: {e}"))?;
    let (dup_findings, rest): (Vec<_>, Vec<_>) =
        (located.findings.iter()).partition(|f| f.code == codes::LOCAL_DUPLICATE_KEY);
    ensure!(
        rest.into_iter().eq(&plain.findings),
        "validate_str disagrees"
    );
    let reported: Vec<_> = dup_findings.iter().map(|f| &f.path).collect();
    let expected: Vec<_> = found.iter().map(|d| &d.path).collect();
    ensure!(
        reported == expected,
        "FLOWDSL_DUPLICATE_KEY at {reported:?}"
    );
    let lines = text.split('\n').count() as u32;
    for e in located.to_validation_errors(Some(text)) {
        for p in e.pointers {
            if let (Some(l), Some(c)) = (p.line_start, p.column_start) {
                ensure!(l >= 1 && l <= lines && c >= 1, "{} at {l}:{c}", e.error);
            }
        }
    }
    Ok(())
}

/// Order-insensitive, numbers exactly (`1.0` is not `1`, `-0.0` is not `0.0`): the first
/// difference.
fn diff(a: &Value, b: &Value, at: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) if x.len() == y.len() => {
            x.iter().find_map(|(k, v)| {
                let at = format!("{at}/{k}");
                (y.get(k)).map_or(Some(format!("{at} missing")), |w| diff(v, w, &at))
            })
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => (x.iter().zip(y))
            .enumerate()
            .find_map(|(i, (v, w))| diff(v, w, &format!("{at}/{i}"))),
        (Value::Number(x), Value::Number(y)) => {
            let exact = |n: &serde_json::Number| {
                let bits = n.as_f64().map(f64::to_bits);
                (n.is_f64(), n.as_u64(), n.as_i64(), bits)
            };
            (exact(x) != exact(y)).then(|| format!("{at}: {x} vs {y}"))
        }
        _ => (a != b).then(|| {
            let (a, b) = (excerpt(&a.to_string(), 0), excerpt(&b.to_string(), 0));
            format!("{at}: {a} vs {b}")
        }),
    }
}

/// The 1-based character column of the byte serde_json stopped at (its columns count bytes).
fn char_column(text: &str, line: usize, byte_column: usize) -> usize {
    if byte_column == 0 {
        return 0; // nothing of the line read, as `ParseError::column` documents
    }
    let start: usize = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    let mut at = (start + byte_column - 1).min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    text[start..at].chars().count() + 1
}

/// Values written as JSON text, not built as `Value`: serde_json would normalise `-0`, `1E+2`
/// or an integer past u64 before the parser under test ever saw them.
#[rustfmt::skip]
const VALUES: &[&str] = &[
    "-0", "-0.0", "1.0", "1E+2", "0.1e-5", "5e-324", "1e308", "-1e308", "0.30000000000000004",
    "123438903467834567890", "18446744073709551615", "18446744073709551616",
    "-9223372036854775808", "-9223372036854775809", "975953367878.4046", "null", "true", "[]",
    "{}", r#""""#, r#""${data.x}""#, r#""`${form.a} > 1`""#, r#""${screen.S.form.y}""#,
    r#""`(((${data.b}`""#, r#""${""#, r#""é😀中\u0000\"\\\n\u2028\ufeff""#, r#""\ud83d\ude00""#,
    r#""2024-02-30""#, r#""7.10""#, r#""SUCCESS""#, r#"[null, 1, "a", {"type": "TextBody"}]"#,
    r#"{"type": "TextInput", "name": "é", "label": "${form.x}"}"#, r#"{"type": "Sparkles"}"#,
    r#"{"type": "If", "condition": "`${data.a} == 1`", "then": [{"type": "TextBody"}]}"#,
    r#"{"name": "navigate", "next": {"type": "screen", "name": "X"}, "payload": {}}"#,
    r#"{"type": "string", "__example__": 1.5}"#,
];

/// Keys the model gives a meaning to, so that inserting them reaches typed code.
#[rustfmt::skip]
const KEYS: &[&str] = &[
    "type", "name", "version", "data_api_version", "routing_model", "screens", "id", "layout",
    "children", "data", "terminal", "visible", "condition", "then", "else", "cases", "payload",
    "next", "on-click-action", "init-value", "init-values", "data-source", "label", "text",
    "__example__", "x-unknown", "", "é",
];

/// A value as JSON text: a listed one, a long multi-byte string, a subtree of the document, or
/// (when `deep`) a nest past serde_json's recursion limit (128) or the source map's (512).
fn value_text(doc: &Value, all: &[String], deep: bool, rng: &mut Rng) -> String {
    match rng.below(10) {
        0 if deep => {
            let n = *rng.pick(&[100, 127, 128, 129, 513, 20_000]);
            let (open, close) = *rng.pick(&[("[", "]"), (r#"{"k":"#, "}")]);
            format!("{}0{}", open.repeat(n), close.repeat(n))
        }
        1 => serde_json::to_string(&"é😀".repeat(rng.below(300))).unwrap(),
        2 => doc.pointer(rng.pick::<String>(all)).unwrap().to_string(),
        _ => rng.pick(VALUES).to_string(),
    }
}

/// JSON pointers of every node, the root first.
fn pointers(v: &Value, at: &str, out: &mut Vec<String>) {
    out.push(at.to_owned());
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let k = k.replace('~', "~0").replace('/', "~1");
                pointers(x, &format!("{at}/{k}"), out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                pointers(x, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Placeholders put in the value and replaced in its text: any JSON text (or a key a second
/// time) can then go anywhere, and its offset is known.
const HOLE: &str = "\u{1}hole\u{1}";
const HOLE_KEY: &str = "\u{1}key\u{1}";

/// `v` as compact text (style 0), pretty with CRLF (1) or pretty, with the holes filled, and the
/// offset of the first hole.
fn render(v: &Value, key: &str, value: &str, style: usize) -> (String, usize) {
    let text = match style {
        0 => serde_json::to_string(v).unwrap(),
        1 => serde_json::to_string_pretty(v)
            .unwrap()
            .replace('\n', "\r\n"),
        _ => serde_json::to_string_pretty(v).unwrap(),
    };
    let hole_key = serde_json::to_string(HOLE_KEY).unwrap();
    let hole = serde_json::to_string(HOLE).unwrap();
    let at = [text.find(&hole_key), text.find(&hole)]
        .into_iter()
        .flatten()
        .min();
    let key = serde_json::to_string(key).unwrap();
    let text = text.replacen(&hole_key, &key, 1).replacen(&hole, value, 1);
    (text, at.unwrap_or(0))
}

/// Replace, insert or remove one node.
fn structural(_: &str, doc: &Value, rng: &mut Rng) -> Case {
    let mut all = Vec::new();
    pointers(doc, "", &mut all);
    let value = value_text(doc, &all, true, rng);
    let (op, style, hole) = (rng.below(3), rng.below(4), Value::String(HOLE.into()));
    let mut v = doc.clone();
    let node = rng.pick(&all[1..]).clone();
    let label = match (op, v.pointer_mut(&node).unwrap()) {
        (0, Value::Object(m)) => {
            let key = rng.pick(KEYS).to_string();
            // A key already there is moved, and must then go to an index inside the map.
            let i = rng
                .below(m.len() + 1)
                .min(m.len() - usize::from(m.contains_key(&key)));
            m.shift_insert(i, key.clone(), hole);
            format!("insert {key:?} into {node}")
        }
        (0, Value::Array(a)) => {
            let i = rng.below(a.len() + 1);
            a.insert(i, hole);
            format!("insert {node}/{i}")
        }
        (_, slot) => {
            *slot = hole;
            format!("{} {node}", if op == 1 { "remove" } else { "replace" })
        }
    };
    let (text, at) = render(&v, "", &value, style);
    if op != 1 {
        let label = format!("{label} with {}", excerpt(&value, 0));
        return Case { label, text, at };
    }
    // The hole marked where the node was; now remove it.
    let (parent, last) = node.rsplit_once('/').unwrap();
    match v.pointer_mut(parent).unwrap() {
        Value::Object(m) => drop(m.shift_remove(&last.replace("~1", "/").replace("~0", "~"))),
        Value::Array(a) => drop(a.remove(last.parse().unwrap())),
        _ => unreachable!("a parent is a container"),
    }
    let text = render(&v, "", "", style).0;
    Case { label, text, at }
}

/// Break the original text, keeping it UTF-8 (`from_str` takes `&str`).
fn raw(original: &str, _: &Value, rng: &mut Rng) -> Case {
    const TOKENS: &[&str] = &[
        "{", "}", "]", ",", ":", "\"", "\\", "\r", "\u{1}", "tru", "1e999",
    ];
    let mut text = original.to_owned();
    let mut at = rng.below(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let label = match rng.below(4) {
        0 => {
            // An ASCII byte (a JSON object ends with one) with one of its low seven bits
            // flipped stays ASCII.
            at += text[at..].bytes().position(|b| b.is_ascii()).unwrap();
            let mut bytes = std::mem::take(&mut text).into_bytes();
            bytes[at] ^= 1 << rng.below(7);
            text = String::from_utf8(bytes).unwrap();
            "flip a bit"
        }
        1 => {
            text.truncate(at);
            "truncate"
        }
        2 => {
            text.insert_str(at, rng.pick::<&str>(TOKENS));
            "insert a token"
        }
        _ => {
            // Multi-byte characters just before the break: columns must count characters.
            let chars: String = (0..=rng.below(4))
                .map(|_| *rng.pick(&['é', '😀', '中']))
                .collect();
            text.insert_str(at, &chars);
            at = (at + chars.len() + rng.below(6)).min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            match rng.below(2) {
                0 => text.truncate(at),
                _ => text.insert_str(at, rng.pick::<&str>(TOKENS)),
            }
            "multi-byte characters, then a break"
        }
    };
    Case {
        label: format!("{label} at byte {at}"),
        text,
        at,
    }
}

/// Write a key of an object a second time, before or after the first.
fn duplicate(_: &str, doc: &Value, rng: &mut Rng) -> Case {
    let mut all = Vec::new();
    pointers(doc, "", &mut all);
    let entries: Vec<(&String, &String, &Value)> = (all.iter())
        .filter_map(|p| Some((p, doc.pointer(p)?.as_object()?)))
        .flat_map(|(p, m)| m.iter().map(move |(k, v)| (p, k, v)))
        .collect();
    // A third of the time a component's `type`, which decides how the rest is read; a third a
    // list or object, which the model reads typed: the value it keeps must be the last one.
    let want = rng.below(3);
    let pool: Vec<_> = (entries.iter())
        .filter(|(_, k, v)| match want {
            0 => *k == "type",
            1 => v.is_array() || v.is_object(),
            _ => true,
        })
        .collect();
    let pool = if pool.is_empty() {
        entries.iter().collect()
    } else {
        pool
    };
    let &(node, key, _) = *rng.pick(&pool);
    let value = match rng.below(3) {
        0 => serde_json::to_string(rng.pick(&["TextBody", "Form", "If", "Sparkles"])).unwrap(),
        // Not too deep: duplicate_keys stops at the source map's depth limit.
        _ => value_text(doc, &all, false, rng),
    };
    let mut v = doc.clone();
    let m = v.pointer_mut(node).unwrap().as_object_mut().unwrap();
    let i = rng.below(m.len() + 1);
    m.shift_insert(i, HOLE_KEY.into(), Value::String(HOLE.into()));
    let (text, at) = render(&v, key, &value, rng.below(4));
    let label = format!("{key:?} again in {node}: {}", excerpt(&value, 0));
    Case { label, text, at }
}

/// xorshift64*: no dependency, the same cases everywhere.
struct Rng(u64);

impl Rng {
    fn new(name: &str) -> Self {
        let fnv = (name.bytes()).fold(0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
        Rng((fnv ^ 0x00F1_0A5E_ED00_2024) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn same_text(a: &str, b: &str, what: &str) -> Result<(), String> {
    let i = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    ensure!(
        a == b,
        "{what}: at byte {i} {} vs {}",
        excerpt(a, i),
        excerpt(b, i)
    );
    Ok(())
}

/// About 80 bytes of `text` around byte `at`, escaped.
fn excerpt(text: &str, at: usize) -> String {
    let mut start = at.saturating_sub(30).min(text.len());
    let mut end = (at + 50).min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    format!("{:?}", &text[start..end])
}

fn panic_message(p: &(dyn std::any::Any + Send)) -> &str {
    let text = p.downcast_ref::<String>().map(String::as_str);
    text.or(p.downcast_ref::<&str>().copied()).unwrap_or("?")
}
