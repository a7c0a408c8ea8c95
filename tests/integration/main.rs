//! Integration tests: one binary, one module per concern.

mod analysts;
mod batch;
mod cases;
mod cli;
mod docs;
mod exactness;
mod limits;
mod offices;
mod properties;
mod reference;
mod robustness;
mod support;
