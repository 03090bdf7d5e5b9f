//! One black-box integration test binary: the real application on a random port, a fresh
//! database per test (SQLite, or PostgreSQL when `TEST_DATABASE_URL` is set).

mod helpers;
mod smtp_sink;
mod web_client;

mod activities;
mod appointment;
mod assessments;
mod audit;
mod auth;
mod benefits;
mod city_reminders;
mod cli;
mod contracts;
mod demo;
mod email;
mod evidence;
mod input;
mod jobs;
mod journey;
mod lineage;
mod lists;
mod pages;
mod pages_everywhere;
mod pages_mentee;
mod pages_mentor_mentees;
mod pages_mentor_progress;
mod pages_mentor_record;
mod plans;
mod policy;
mod reminders;
mod replacement;
mod review;
mod schema;
mod selection;
mod timezone;
mod units;
mod users;
mod words;
