//! The page tests of the mentor's record pages (assessments, objections, benefits, lineage, appointment).
