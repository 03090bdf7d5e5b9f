//! peidai (培带): the service that runs a city's 1-to-5 talent mentor program (人才培带人).
//! See README.md for running it and `docs/program-rules.md` for the program it runs.

pub mod auth;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod email;
pub mod error;
pub mod http_headers;
pub mod i18n;
pub mod import_command;
pub mod jobs;
pub mod memory;
pub mod routes;
pub mod services;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod web;
