//! The pages: the offices' contracts, activities and plans pages.
