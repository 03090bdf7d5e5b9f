//! The mentor and the mentees: drafting the contract under `/mentor/contract` (five mentees,
//! indicators, signatures) and reviewing their training plans under `/mentor/plans`.

pub mod strings;

page_table! {}
