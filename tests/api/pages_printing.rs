//! The printable documents as pages: who may open each, and what each holds.
