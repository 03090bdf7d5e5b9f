//! The benefits pages of the offices: a unit admin's read-only list (`/unit/benefits`) and the
//! city admin's pages (`/city/benefits…`): every kind with its figures and a list of all
//! benefits, one kind with its eligible mentors, applications, selections to issue, holders and
//! quota, and one benefit with the decision, schedule and issue forms its status allows. Every
//! form goes through `services::benefit_requests` / `benefit_decisions`, as the API does.

pub mod city_item;
pub mod city_kind;
pub mod city_list;
pub mod selection;
pub mod strings;
pub mod unit_list;
pub mod views;

page_table! {
    GET  "/unit/benefits"                          => unit_list::get_unit_benefits,
    GET  "/city/benefits"                          => city_list::get_city_benefits,
    GET  "/city/benefits/items/{id}"               => city_item::get_benefit,
    POST "/city/benefits/items/{id}/decision"      => city_item::post_benefit_decision,
    POST "/city/benefits/items/{id}/schedule"      => city_item::post_benefit_schedule,
    POST "/city/benefits/items/{id}/issue"         => city_item::post_benefit_issue,
    GET  "/city/benefits/{kind}"                   => city_kind::get_benefit_kind,
    POST "/city/benefits/{kind}/selections"        => selection::post_benefit_selection,
    POST "/city/benefits/{kind}/class"             => city_kind::post_training_class,
    POST "/city/benefits/{kind}/quota"             => city_kind::post_leave_quota,
}
