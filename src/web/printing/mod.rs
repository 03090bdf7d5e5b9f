//! The printable documents (A4, a print stylesheet): the appointment certificate, the contract for
//! signature, the application form, the assessment notice and the notice of revocation, and the
//! public notice of a round. Each is one page showing the document as a sheet on screen with a
//! print button and a back link; on paper only the document is printed. Each reads its data
//! through `services::printing` (or the notice's own service), scoped as its source is.

pub mod appointment;
pub mod assessment;
pub mod contract;
pub mod nomination;
pub mod notice;
pub mod sheet;
pub mod strings;

page_table! {
    GET "/print/certificates/{entry_id}" => appointment::get_certificate,
    GET "/print/revocations/{entry_id}"  => appointment::get_revocation,
    GET "/print/contracts/{id}"          => contract::get_contract,
    GET "/print/nominations/{id}"        => nomination::get_nomination,
    GET "/print/assessments/{id}"        => assessment::get_assessment,
    GET "/notice/{round_id}/print"       => notice::get_notice,
}
