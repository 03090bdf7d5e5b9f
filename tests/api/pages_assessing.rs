//! The pages: the offices' assessment pages.
