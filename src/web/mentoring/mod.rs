//! The offices' view of the mentoring work: a unit admin's contracts, activities and plans (`/unit/contracts`, `/unit/activities`, `/unit/plans`), and the city admin's contracts overview (`/city/contracts…`).

pub mod activities;
pub mod contracts;
pub mod draft;
pub mod plans;
pub mod strings;
pub mod terminate;

page_table! {
    GET  "/unit/contracts"                 => contracts::get_unit_contracts,
    GET  "/unit/contracts/new"             => draft::get_contract_new,
    POST "/unit/contracts/new"             => draft::post_contract_new,
    GET  "/unit/contracts/{id}"            => contracts::get_unit_contract,
    GET  "/unit/contracts/{id}/edit"       => draft::get_contract_edit,
    POST "/unit/contracts/{id}/edit"       => draft::post_contract_edit,
    POST "/unit/contracts/{id}/request-signatures" => draft::post_request_signatures,
    GET  "/unit/activities"                => activities::get_unit_activities,
    GET  "/unit/plans"                     => plans::get_unit_plans,
    GET  "/unit/plans/{id}"                => plans::get_unit_plan,
    GET  "/city/contracts"                 => contracts::get_city_contracts,
    GET  "/city/contracts/{id}"            => contracts::get_city_contract,
    POST "/city/contracts/{id}/terminate"  => terminate::post_contract_terminate,
}
