//! The simulator on the shared corpus: every flow the validator accepts opens and renders its
//! first screen; with sample answers (and the flow's own examples standing in for its
//! endpoint) the test reports how many reach a terminal screen and complete.

use std::collections::BTreeMap;

use flow_dsl::model::FlowJson;
use flow_dsl::model::validate::validate;
use flow_dsl::sim::{ExampleEndpoint, SimError, Simulator};

use crate::paths::corpus_files;

/// Taps through with sample answers: the Footer, else the first link or list item.
fn walk(sim: &mut Simulator) -> Result<(), SimError> {
    for _ in 0..40 {
        if sim.is_complete() {
            return Ok(());
        }
        sim.fill_samples();
        match sim.tap_footer() {
            Ok(_) => continue,
            Err(SimError::NoFooter { .. }) => {}
            Err(e) => return Err(e),
        }
        let shown = sim.visible_components();
        if let Some(list) = shown.iter().find(|c| c.kind == "NavigationList") {
            let (name, ids) = (list.name.clone().unwrap_or_default(), list.option_ids());
            let first = ids.first().cloned().unwrap_or_default();
            sim.tap_item(&name, &first)?;
        } else if let Some(link) = shown
            .iter()
            .find(|c| c.kind == "EmbeddedLink")
            .and_then(|c| c.text("text").map(str::to_owned))
        {
            sim.tap_link(&link)?;
        } else {
            return Err(SimError::NoFooter {
                screen: sim.screen().to_owned(),
            });
        }
    }
    Err(SimError::Completion("no end after 40 taps".into()))
}

#[test]
fn every_accepted_corpus_flow_opens_and_most_complete() {
    let (mut accepted, mut completed) = (0, 0);
    let mut stuck: BTreeMap<String, usize> = BTreeMap::new();
    for path in corpus_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        let Ok(flow) = FlowJson::from_str(&text) else {
            continue;
        };
        if validate(&flow).has_errors() {
            continue;
        }
        accepted += 1;
        let mut sim = Simulator::builder(&flow)
            .endpoint(ExampleEndpoint::new(flow.to_value()))
            .start()
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let shown = sim.visible_components();
        assert!(
            !shown.is_empty(),
            "{}: first screen {} renders nothing",
            path.display(),
            sim.screen()
        );
        let _ = sim.title();
        match walk(&mut sim) {
            Ok(()) => completed += 1,
            Err(e) => {
                let kind = format!("{e:?}");
                let kind = kind.split([' ', '(']).next().unwrap_or("").to_owned();
                *stuck.entry(kind).or_default() += 1;
                eprintln!("stuck: {}: {e}", path.display());
            }
        }
    }
    println!(
        "corpus: {accepted} flows accepted by the validator, all open in the simulator; \
         {completed} reach a terminal screen and complete with sample inputs; stuck: {stuck:?}"
    );
    assert!(accepted > 50, "only {accepted} accepted flows");
    assert!(
        completed * 2 > accepted,
        "{completed} of {accepted} complete"
    );
}
