//! The pages: the people pages of the offices.
