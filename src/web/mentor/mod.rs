//! The mentor's pages under `/mentor`, in three areas: the year's work (`progress`), the contract
//! with the mentees and their plans (`mentees`), and the mentor's record (`record`).

pub mod mentees;
pub mod progress;
pub mod record;
pub mod strings;

page_table! {
    @area progress;
    @area mentees;
    @area record;
}
