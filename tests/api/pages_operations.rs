//! The pages: the city admin's operations pages.
