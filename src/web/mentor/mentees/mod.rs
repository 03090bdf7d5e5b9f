//! The mentor and the mentees: drafting the contract under `/mentor/contract` (five mentees,
//! indicators, signatures) and reviewing their training plans under `/mentor/plans`.

pub mod contract;
pub mod draft_form;
pub mod plan_diff;
pub mod plans;
pub mod strings;

page_table! {
    GET  "/mentor/contract"                         => contract::get_contract,
    POST "/mentor/contract"                         => contract::post_contract,
    POST "/mentor/contract/{id}"                    => contract::post_contract_update,
    POST "/mentor/contract/{id}/request-signatures" => contract::post_request_signatures,
    POST "/mentor/contract/{id}/sign"               => contract::post_sign,
    GET  "/mentor/plans"                            => plans::get_plans,
    GET  "/mentor/plans/{id}"                       => plans::get_plan,
    POST "/mentor/plans/{id}/review"                => plans::post_plan_review,
}
