//! Forms that carry files (`multipart/form-data`): an activity's photos taken with the phone's
//! camera, an objection's documents. The CSRF token travels as a field of the form and is checked
//! before anything is kept; each file is bounded by the policy's evidence size and the form by a
//! count of files, so a hostile upload cannot fill memory. What the files are (PDF, JPEG, PNG) is
//! the evidence service's decision, as for the API.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;

use actix_multipart::Multipart;
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::StreamExt;

use super::csrf;
use super::errors::PageError;
use crate::state::AppState;

/// At most this many files in one form.
pub const MAX_FILES: usize = 10;
/// The text fields of a form, together, at most this many bytes.
const MAX_TEXT_BYTES: usize = 256 * 1024;

/// One file of a form.
pub struct Upload {
    /// The form field that carried it.
    pub field: String,
    /// The name the browser gave (the evidence service cleans it).
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// Why a file of the form was not taken; the page shows it beside the file field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileProblem {
    /// A file over the policy's size.
    TooLarge,
    /// More than [`MAX_FILES`] files.
    TooMany,
}

/// A `multipart/form-data` body whose CSRF token was checked: its text fields (a field may repeat,
/// as checkboxes do) and its files. Empty file inputs (no file chosen) are left out.
pub struct CheckedMultipart {
    pub fields: BTreeMap<String, Vec<String>>,
    pub files: Vec<Upload>,
    /// Set when a file was refused; the files before it are kept, the rest of the form is read.
    pub file_problem: Option<FileProblem>,
}

impl CheckedMultipart {
    /// The first value of `name`, or "".
    pub fn text(&self, name: &str) -> &str {
        self.fields
            .get(name)
            .and_then(|v| v.first())
            .map_or("", String::as_str)
    }

    /// Every value of `name` (the ticked boxes of a checkbox group).
    pub fn all(&self, name: &str) -> &[String] {
        self.fields.get(name).map_or(&[], Vec::as_slice)
    }
}

impl FromRequest for CheckedMultipart {
    type Error = PageError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, PageError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let multipart = Multipart::new(req.headers(), payload.take());
        Box::pin(async move {
            let state = req
                .app_data::<web::Data<AppState>>()
                .ok_or_else(|| PageError::internal(anyhow::anyhow!("no app state")))?
                .clone();
            let max_file = state.settings.policy.evidence_file_max_bytes as usize;
            let form = read(multipart, max_file).await?;
            let token = form.text("csrf");
            if token.is_empty() || !csrf::token_matches(&state, &req, token) {
                tracing::warn!(path = %req.path(), "upload refused: missing or foreign CSRF token");
                return Err(PageError::Csrf);
            }
            Ok(form)
        })
    }
}

/// Reads the whole form; a body that is not multipart, or text fields over their bound, is a
/// bad request.
async fn read(mut multipart: Multipart, max_file: usize) -> Result<CheckedMultipart, PageError> {
    let mut form = CheckedMultipart {
        fields: BTreeMap::new(),
        files: Vec::new(),
        file_problem: None,
    };
    let mut text_bytes = 0usize;
    while let Some(field) = multipart.next().await {
        let mut field = field.map_err(|_| PageError::BadRequest)?;
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field
            .content_disposition()
            .and_then(|d| d.get_filename())
            .map(str::to_owned);
        let mut bytes = Vec::new();
        let limit = if file_name.is_some() {
            max_file
        } else {
            MAX_TEXT_BYTES - text_bytes
        };
        let mut over = false;
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|_| PageError::BadRequest)?;
            if bytes.len() + chunk.len() > limit {
                over = true;
                continue; // drain the field without keeping it
            }
            bytes.extend_from_slice(&chunk);
        }
        match file_name {
            None if over => return Err(PageError::BadRequest),
            None => {
                text_bytes += bytes.len();
                let value = String::from_utf8(bytes).map_err(|_| PageError::BadRequest)?;
                form.fields.entry(name).or_default().push(value);
            }
            // An input left empty sends a part with no name and no bytes.
            Some(f) if f.is_empty() && bytes.is_empty() => {}
            Some(_) if over => form.file_problem = Some(FileProblem::TooLarge),
            Some(_) if form.files.len() >= MAX_FILES => {
                form.file_problem = Some(FileProblem::TooMany);
            }
            Some(file_name) => form.files.push(Upload {
                field: name,
                file_name,
                bytes,
            }),
        }
    }
    Ok(form)
}
