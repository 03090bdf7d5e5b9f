//! One error type for the whole service. Each variant has a stable snake_case code and a safe
//! message in the caller's language; causes of internal errors go to the log, never to the client.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::http::header::{ALLOW, HeaderValue, RETRY_AFTER};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

use crate::i18n::{Msg, current};

/// Why one field was refused.
#[derive(Debug, Clone)]
pub struct FieldError {
    pub code: &'static str,
    pub message: Msg,
}

/// Field-level reasons, keyed by the field's path (`profile.birth_date`, `roles[1]`).
pub type FieldErrors = BTreeMap<String, FieldError>;

/// Collects field errors while a request body is parsed into domain values.
#[derive(Debug, Default)]
pub struct Problems(FieldErrors);

impl Problems {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a reason for `field` (the first reason per field wins).
    pub fn add(&mut self, field: impl Into<String>, code: &'static str, message: Msg) {
        self.0
            .entry(field.into())
            .or_insert(FieldError { code, message });
    }

    /// Keeps a parsed value, or records its error and gives `None`.
    pub fn take<T>(&mut self, field: &str, r: Result<T, FieldError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.entry(field.to_owned()).or_insert(e);
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(())` when nothing was recorded, else a 422 with every reason.
    pub fn finish(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(self.0))
        }
    }
}

impl FieldError {
    pub fn new(code: &'static str, zh: &'static str, en: &'static str) -> Self {
        Self {
            code,
            message: Msg::new(zh, en),
        }
    }
}

fn one_field(field: &str, code: &'static str, zh: &'static str, en: &'static str) -> FieldErrors {
    FieldErrors::from([(field.to_owned(), FieldError::new(code, zh, en))])
}

/// Every way a request can fail.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// 400: the body is not JSON, or not the JSON we expect (wrong type, unknown field).
    #[error("bad request: {code}")]
    BadRequest {
        code: &'static str,
        message: Msg,
        fields: FieldErrors,
    },
    /// 422: well-formed but refused values, with a reason per field.
    #[error("validation failed")]
    Validation(FieldErrors),
    /// 401: no valid access token.
    #[error("unauthorized")]
    Unauthorized,
    /// 401: the email or the password is wrong (the same answer for both).
    #[error("invalid credentials")]
    InvalidCredentials,
    /// 403: known caller, not allowed.
    #[error("forbidden: {code}")]
    Forbidden { code: &'static str, message: Msg },
    /// 404: missing, or outside the caller's scope (the same answer for both).
    #[error("not found")]
    NotFound,
    /// 410: a link that worked once (expired or already used).
    #[error("gone: {code}")]
    Gone { code: &'static str, message: Msg },
    /// 409: the change conflicts with what is stored.
    #[error("conflict: {code}")]
    Conflict {
        code: &'static str,
        message: Msg,
        fields: FieldErrors,
    },
    /// 405: the path is a route of the API, but not for this method; `allow` lists its methods.
    #[error("method not allowed")]
    MethodNotAllowed { allow: String },
    /// 413: the body is over the configured size.
    #[error("payload too large")]
    PayloadTooLarge,
    /// 415: the body is not `application/json`.
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// 429: too many attempts; retry after the given seconds.
    #[error("too many requests")]
    TooManyRequests { retry_after_secs: u64 },
    /// 503: the database is busy or unreachable; retry shortly.
    #[error("service unavailable")]
    Unavailable,
    /// 500: a bug or an unexpected failure; the cause is logged, not shown.
    #[error("internal error: {0}")]
    Internal(anyhow::Error),
}

/// The JSON body of every error response.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// Stable machine-readable code, e.g. `validation_failed`.
    pub error: String,
    /// Human-readable text in the caller's language.
    pub message: String,
    /// Per-field reasons, when the request had refused fields.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<String, FieldReason>>,
    /// The request id to quote when reporting an internal error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// One field's reason in an error body.
#[derive(Debug, Serialize, ToSchema)]
pub struct FieldReason {
    pub code: String,
    pub message: String,
}

impl AppError {
    /// The `Retry-After` of a 503 (the database busy or locked), in seconds: a locked SQLite
    /// database is usually free again within the busy timeout of the next try.
    pub const RETRY_AFTER_BUSY_SECS: u64 = 1;

    pub fn internal(e: impl Into<anyhow::Error>) -> Self {
        Self::Internal(e.into())
    }

    pub fn forbidden(code: &'static str, zh: &'static str, en: &'static str) -> Self {
        Self::Forbidden {
            code,
            message: Msg::new(zh, en),
        }
    }

    /// A 409 naming one field.
    pub fn conflict_field(
        field: &str,
        code: &'static str,
        zh: &'static str,
        en: &'static str,
    ) -> Self {
        Self::Conflict {
            code,
            message: Msg::new(zh, en),
            fields: one_field(field, code, zh, en),
        }
    }

    /// A 422 for one field, with a message built at run time.
    pub fn invalid_field_owned(field: &str, code: &'static str, message: Msg) -> Self {
        Self::Validation(FieldErrors::from([(
            field.to_owned(),
            FieldError { code, message },
        )]))
    }

    /// The same field reasons, as a 409: the request is valid but conflicts with what is stored.
    pub fn into_conflict(self) -> Self {
        match self {
            Self::Validation(fields) => {
                let (code, message) = fields
                    .values()
                    .next()
                    .map(|f| (f.code, f.message.clone()))
                    .unwrap_or(("conflict", Msg::new("冲突", "conflict")));
                Self::Conflict {
                    code,
                    message,
                    fields,
                }
            }
            other => other,
        }
    }

    /// A 422 for one field.
    pub fn invalid_field(
        field: &str,
        code: &'static str,
        zh: &'static str,
        en: &'static str,
    ) -> Self {
        Self::Validation(one_field(field, code, zh, en))
    }

    fn code(&self) -> &'static str {
        match self {
            Self::BadRequest { code, .. } => code,
            Self::Validation(_) => "validation_failed",
            Self::Unauthorized => "unauthorized",
            Self::InvalidCredentials => "invalid_credentials",
            Self::Forbidden { code, .. } | Self::Gone { code, .. } => code,
            Self::NotFound => "not_found",
            Self::Conflict { code, .. } => code,
            Self::MethodNotAllowed { .. } => "method_not_allowed",
            Self::PayloadTooLarge => "payload_too_large",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::TooManyRequests { .. } => "too_many_requests",
            Self::Unavailable => "service_unavailable",
            Self::Internal(_) => "internal_error",
        }
    }

    /// The safe text of the error, in both languages.
    pub fn message(&self) -> Msg {
        match self {
            Self::BadRequest { message, .. }
            | Self::Forbidden { message, .. }
            | Self::Gone { message, .. }
            | Self::Conflict { message, .. } => message.clone(),
            Self::Validation(_) => Msg::new(
                "提交的内容有误，请按提示修改",
                "Some fields were refused; see `fields`",
            ),
            Self::Unauthorized => Msg::new("请先登录", "Authentication required"),
            Self::InvalidCredentials => Msg::new("邮箱或密码不正确", "Wrong email or password"),
            Self::NotFound => Msg::new("未找到", "Not found"),
            Self::MethodNotAllowed { .. } => Msg::new(
                "该地址不支持这种请求方式",
                "This address does not take this request method",
            ),
            Self::PayloadTooLarge => Msg::new("提交的内容过大", "The request body is too large"),
            Self::UnsupportedMediaType => Msg::new(
                "请以 application/json 格式提交",
                "The body must be application/json",
            ),
            Self::TooManyRequests { .. } => Msg::new(
                "尝试次数过多，请稍后再试",
                "Too many attempts; try again later",
            ),
            Self::Unavailable => Msg::new(
                "服务繁忙，请稍后再试",
                "The service is busy; try again shortly",
            ),
            Self::Internal(_) => Msg::new(
                "服务器内部错误，请联系管理员并提供请求编号",
                "Internal error; report it with the request id",
            ),
        }
    }

    fn fields(&self) -> Option<&FieldErrors> {
        match self {
            Self::BadRequest { fields, .. }
            | Self::Conflict { fields, .. }
            | Self::Validation(fields)
                if !fields.is_empty() =>
            {
                Some(fields)
            }
            _ => None,
        }
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::BadRequest { .. } => StatusCode::BAD_REQUEST,
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Unauthorized | Self::InvalidCredentials => StatusCode::UNAUTHORIZED,
            Self::Forbidden { .. } => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Gone { .. } => StatusCode::GONE,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let ctx = current();
        if let Self::Internal(cause) = self {
            tracing::error!(request_id = %ctx.request_id, error = %cause, "internal error");
        }
        let body = ErrorBody {
            error: self.code().to_owned(),
            message: self.message().get(ctx.locale).to_owned(),
            fields: self.fields().map(|f| {
                f.iter()
                    .map(|(k, v)| {
                        (
                            k.clone(),
                            FieldReason {
                                code: v.code.to_owned(),
                                message: v.message.get(ctx.locale).to_owned(),
                            },
                        )
                    })
                    .collect()
            }),
            request_id: matches!(self, Self::Internal(_)).then_some(ctx.request_id),
        };
        let mut res = HttpResponse::build(self.status_code()).json(body);
        let retry = match self {
            Self::TooManyRequests { retry_after_secs } => Some(*retry_after_secs),
            Self::Unavailable => Some(Self::RETRY_AFTER_BUSY_SECS),
            _ => None,
        };
        if let Self::MethodNotAllowed { allow } = self
            && let Ok(value) = HeaderValue::from_str(allow)
        {
            res.headers_mut().insert(ALLOW, value);
        }
        if let Some(secs) = retry {
            res.headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from(secs.max(1)));
        }
        res
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match &e {
            Error::NotFound => Self::NotFound,
            Error::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => Self::Unavailable,
            Error::DatabaseError(_, info) if info.message().contains("database is locked") => {
                tracing::warn!("database is locked");
                Self::Unavailable
            }
            _ => Self::Internal(e.into()),
        }
    }
}
