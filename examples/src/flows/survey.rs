//! The satisfaction survey of Turn.io's WhatsApp Flows API documentation (seed 001).

use flow_dsl::builder::*;

/// The four satisfaction levels of the survey.
fn levels() -> Vec<Choice> {
    vec![
        Choice::new("very_satisfied", "Muito Satisfeito"),
        Choice::new("satisfied", "Satisfeito"),
        Choice::new("neutral", "Neutro"),
        Choice::new("dissatisfied", "Insatisfeito"),
    ]
}

/// The survey as published by Turn.io, written with the builders, byte for byte.
///
/// It is not valid as published: the RadioButtonsGroup label has 44 characters where Meta
/// allows 30, and the `complete` payload does not carry the answer. [`satisfaction_survey`] is
/// the corrected flow.
pub fn satisfaction_survey_as_published() -> Flow {
    let mut flow = Flow::new("7.2");
    let start = flow.screen("SURVEY_START");
    let s = flow.at(start);
    s.title("Satisfação do Cliente")
        .terminal(true)
        .child(TextHeading::new(
            "Qual é o seu nível de satisfação com nosso serviço?",
        ))
        .child(
            RadioButtonsGroup::new(
                "satisfaction",
                "Por favor, selecione seu nível de satisfação",
                levels(),
            )
            .required(true),
        )
        .child(Footer::new("Enviar", complete()));
    flow
}

/// The survey, fixed: a label within Meta's 30 characters, and the answer in the `complete`
/// payload so the business receives it in the `nfm_reply` webhook.
pub fn satisfaction_survey() -> Flow {
    let mut flow = Flow::new("7.2");
    let start = flow.screen("SURVEY_START");
    let s = flow.at(start);
    s.title("Satisfação do Cliente")
        .terminal(true)
        .success(true);
    s.child(TextHeading::new(
        "Qual é o seu nível de satisfação com nosso serviço?",
    ));
    let satisfaction = s.add(
        RadioButtonsGroup::new("satisfaction", "Nível de satisfação", levels()).required(true),
    );
    s.child(Footer::new(
        "Enviar",
        complete().with("satisfaction", &satisfaction),
    ));
    flow
}
