//! Integration tests: one binary, one module per concern.

mod analysts;
mod args;
mod batch;
mod cases;
#[cfg(unix)]
mod chromium;
mod cli;
mod comparison;
mod docs;
mod documents;
mod exactness;
mod help;
mod hostile;
mod languages;
mod limits;
mod locations;
mod msrv;
mod numbers;
mod offices;
mod outputs;
mod properties;
mod reference;
mod robustness;
mod rounds;
mod shapes;
mod spreadsheets;
mod support;
mod surveys;
mod terminal;
mod tracking;
mod widths;
