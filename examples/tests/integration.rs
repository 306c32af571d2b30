//! The examples' tests, as modules of one binary: each file used to be a binary of its own
//! that linked flow-dsl with its HTTP stack again (about 30 MB of target/ and a link each).

mod endpoint_server;
mod examples;
mod golden;
mod loan_endpoint;
mod macro_flows;
mod preview_browser;
mod quickstart;
mod readme;
mod sim;
mod support;
