//! Integration tests: one binary, one module per concern.

mod analysts;
mod cases;
mod cli;
mod docs;
mod exactness;
mod properties;
mod offices;
mod reference;
mod robustness;
mod support;
