//! A refusal of the service as a mentee's form shows it: each reason beside the input it names
//! (through the form's own mapping of the service's field names), and one line above the form
//! for the rest. A refusal that is no answer to the input (403, 404, 500) is the error page.

use std::collections::BTreeMap;

use actix_web::ResponseError;
use actix_web::http::StatusCode;

use crate::error::AppError;
use crate::web::errors::PageError;
use crate::web::forms::{field_reasons, say};

/// What a form shows of a refusal.
pub struct Shown {
    pub status: StatusCode,
    /// Input name → reason.
    pub fields: BTreeMap<String, String>,
    /// The line above the form.
    pub banner: String,
}

/// Splits `err` by the inputs `input_of` maps the service's field names to.
pub fn show(err: AppError, input_of: impl Fn(&str) -> Option<String>) -> Result<Shown, PageError> {
    let status = ResponseError::status_code(&err);
    match (&err, field_reasons(&err)) {
        (_, Some(reasons)) => {
            let mut fields = BTreeMap::new();
            let mut above = None;
            for (field, reason) in reasons {
                match input_of(&field) {
                    Some(input) => {
                        fields.entry(input).or_insert(reason);
                    }
                    None => {
                        above.get_or_insert(reason);
                    }
                }
            }
            Ok(Shown {
                status,
                fields,
                banner: above.unwrap_or_else(|| say("form.fix")),
            })
        }
        (AppError::Validation(_) | AppError::Conflict { .. } | AppError::Gone { .. }, None) => {
            Ok(Shown {
                status,
                fields: BTreeMap::new(),
                banner: err.message().localized().to_owned(),
            })
        }
        _ => Err(err.into()),
    }
}
