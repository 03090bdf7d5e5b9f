//! The offices' people pages: a unit admin's own unit (`/unit/people…`) and the city admin's units and people of every unit (`/city/units…`, `/city/people…`).

pub mod edit_person;
pub mod form;
pub mod list;
pub mod new_person;
pub mod office;
pub mod person;
pub mod strings;
pub mod units;

page_table! {
    GET  "/unit/people"                      => list::get_unit_people,
    GET  "/unit/people/new"                  => new_person::get_unit_person_new,
    POST "/unit/people/new"                  => new_person::post_unit_person_new,
    GET  "/unit/people/{id}"                 => person::get_unit_person,
    GET  "/unit/people/{id}/edit"            => edit_person::get_unit_person_edit,
    POST "/unit/people/{id}/edit"            => edit_person::post_unit_person_edit,
    POST "/unit/people/{id}/deactivate"      => person::post_unit_person_deactivate,
    POST "/unit/people/{id}/reactivate"      => person::post_unit_person_reactivate,
    POST "/unit/people/{id}/invitation"      => person::post_unit_person_invitation,
    GET  "/city/people"                      => list::get_city_people,
    GET  "/city/people/new"                  => new_person::get_city_person_new,
    POST "/city/people/new"                  => new_person::post_city_person_new,
    GET  "/city/people/{id}"                 => person::get_city_person,
    GET  "/city/people/{id}/edit"            => edit_person::get_city_person_edit,
    POST "/city/people/{id}/edit"            => edit_person::post_city_person_edit,
    POST "/city/people/{id}/deactivate"      => person::post_city_person_deactivate,
    POST "/city/people/{id}/reactivate"      => person::post_city_person_reactivate,
    POST "/city/people/{id}/invitation"      => person::post_city_person_invitation,
    GET  "/city/units"                       => units::get_units,
    GET  "/city/units/new"                   => units::get_unit_new,
    POST "/city/units/new"                   => units::post_unit_new,
    GET  "/city/units/{id}/edit"             => units::get_unit_edit,
    POST "/city/units/{id}/edit"             => units::post_unit_edit,
}
