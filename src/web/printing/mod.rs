//! The printable documents (A4, a print stylesheet): the appointment certificate, the contract for
//! signature, the application form, the assessment notice and the notice of revocation, and the
//! public notice of a round.

pub mod strings;

page_table! {}
