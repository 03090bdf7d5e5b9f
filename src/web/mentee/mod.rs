//! The mentee's pages under `/mentee`: my contract (and signing it when asked), my training
//! plan (draft, submit, the mentor's comments, earlier versions, progress on milestones), the
//! activities I attended (confirm or dispute), and the reminders that concern me.

pub mod strings;

page_table! {}
