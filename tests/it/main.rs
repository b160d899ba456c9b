//! Integration tests: one binary, one module per area a user would recognise.

mod common;

mod classroom;
mod cli;
mod engine;
mod generated;
mod hostile;
mod library;
mod lrs;
mod outcome;
mod records;
mod robustness;
mod scoring;
mod studio;
mod ui;
mod understand;
mod validator;
mod window;
