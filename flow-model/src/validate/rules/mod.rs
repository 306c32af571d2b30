//! The rules, grouped by spec section.

use super::context::Cx;

pub(crate) fn run(cx: &mut Cx<'_>) {
    let _ = cx;
}
