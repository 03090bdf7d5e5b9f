//! The city admin's import pages.
