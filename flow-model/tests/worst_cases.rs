//! Documents built to hurt a validator (issue 22): findings stay bounded, suggestions stay
//! right, nothing is lost from the count. Their speed is measured in `benches/validate.rs`
//! (time per byte at 1×/3×/9×), not here.

#[path = "../benches/support/worst.rs"]
mod worst;

use flow_model::validate::{
    DEFAULT_MAX_FINDINGS_PER_CODE, ValidateOptions, codes, validate_str, validate_str_with,
};

#[test]
fn findings_are_capped_per_code_with_a_last_one_saying_how_many_more() {
    let text = worst::bad_targets(2_000);
    let v = validate_str(&text).unwrap();
    let nav: Vec<_> = v
        .findings
        .iter()
        .filter(|f| f.code == "INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME")
        .collect();
    assert_eq!(nav.len(), DEFAULT_MAX_FINDINGS_PER_CODE + 1);
    let last = nav.last().unwrap();
    assert_eq!(last.more_like_this, 2_000 - DEFAULT_MAX_FINDINGS_PER_CODE);
    assert!(
        last.message.starts_with("1900 more findings like this"),
        "{}",
        last.message
    );
    assert!(v.has_errors());
    // The kept ones still get their suggestion.
    assert!(
        nav[0].message.contains("Did you mean 'SCREEN_0'?"),
        "{}",
        nav[0].message
    );

    let all = validate_str_with(&text, &ValidateOptions::uncapped()).unwrap();
    let n = all
        .findings
        .iter()
        .filter(|f| f.code == "INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME")
        .count();
    assert_eq!(n, 2_000);
    assert!(all.findings.iter().all(|f| f.more_like_this == 0));
}

#[test]
fn the_document_cap_counts_every_code() {
    let text = worst::duplicate_keys(300);
    let options = ValidateOptions {
        max_findings_per_code: None,
        max_findings: Some(50),
        ..Default::default()
    };
    let v = validate_str_with(&text, &options).unwrap();
    let dups: Vec<_> = v
        .findings
        .iter()
        .filter(|f| f.code == codes::LOCAL_DUPLICATE_KEY)
        .collect();
    assert_eq!(dups.len(), 51);
    assert_eq!(dups.last().unwrap().more_like_this, 250);
    let total: usize = v.findings.iter().map(|f| f.more_like_this.max(1)).sum();
    assert_eq!(total, 300);
}

#[test]
fn a_900_kb_screen_id_is_reported_without_a_suggestion() {
    let text = worst::long_binding_id(90_000);
    assert!(text.len() > 900_000);
    let v = validate_str(&text).unwrap();
    assert!(
        v.findings
            .iter()
            .all(|f| !f.message.contains("Did you mean"))
    );
    assert!(v.has_errors(), "an id of bindings is not a screen id");
}

#[test]
fn long_keys_with_control_characters_are_kept_as_written() {
    let v = validate_str(&worst::long_keys_with_newlines(10)).unwrap();
    let unknown: Vec<_> = v
        .findings
        .iter()
        .filter(|f| f.path.starts_with("key_"))
        .collect();
    assert_eq!(unknown.len(), 10, "{:#?}", v.findings);
    // The model reports what the document says; escaping is the printer's job.
    assert!(unknown[0].path.contains('\u{1b}'));
}
