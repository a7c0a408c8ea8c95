//! Integration tests: one binary, one module per concern.

mod analysts;
mod batch;
mod cases;
mod cli;
mod docs;
mod exactness;
mod hostile;
mod limits;
mod locations;
mod msrv;
mod numbers;
mod offices;
mod outputs;
mod properties;
mod reference;
mod robustness;
mod support;
