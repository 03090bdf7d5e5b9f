//! The pages: the offices' benefits pages.
