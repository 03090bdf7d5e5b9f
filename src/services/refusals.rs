//! Refusals that many services give in the same words and code, kept in one place so that the
//! API answers them alike.

use crate::error::AppError;

/// The record's current status does not allow the change: 409 `wrong_status` on the `status`
/// field, with the reason in Chinese and English.
pub fn wrong_status(zh: &'static str, en: &'static str) -> AppError {
    AppError::conflict_field("status", "wrong_status", zh, en)
}
