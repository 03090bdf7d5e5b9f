//! Request extractors that answer bad input with field-level reasons instead of actix's plain-text
//! errors: malformed JSON is a 400, wrong types, unknown and missing fields are a 422 naming the
//! field, a body over the limit is a 413, a body that is not JSON a 415.

use actix_web::dev::Payload;
use actix_web::error::PayloadError;
use actix_web::http::header::CONTENT_TYPE;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::{LocalBoxFuture, Ready, ready};
use serde::de::DeserializeOwned;

use crate::error::{AppError, FieldError, FieldErrors};
use crate::i18n::Msg;

/// A JSON request body parsed into `T`.
pub struct JsonBody<T>(pub T);

/// Query parameters parsed into `T`.
pub struct QueryParams<T>(pub T);

fn is_json(req: &HttpRequest) -> bool {
    req.headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|m| {
            let m = m.trim().to_ascii_lowercase();
            m == "application/json" || (m.starts_with("application/") && m.ends_with("+json"))
        })
        .unwrap_or(false)
}

impl<T: DeserializeOwned + 'static> FromRequest for JsonBody<T> {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let json = is_json(req);
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            if !json {
                return Err(AppError::UnsupportedMediaType);
            }
            let bytes = body.await.map_err(|e| match e.as_error::<PayloadError>() {
                Some(PayloadError::Overflow) => AppError::PayloadTooLarge,
                _ => AppError::BadRequest {
                    code: "unreadable_body",
                    message: Msg::new("无法读取请求内容", "the request body could not be read"),
                    fields: FieldErrors::new(),
                },
            })?;
            let mut de = serde_json::Deserializer::from_slice(&bytes);
            let value = serde_path_to_error::deserialize(&mut de)
                .map_err(|e| {
                    let path = e.path().to_string();
                    let inner = e.into_inner();
                    if inner.is_data() {
                        data_error(&path, &inner.to_string())
                    } else {
                        malformed(&inner.to_string())
                    }
                })
                .and_then(|v| de.end().map(|()| v).map_err(|e| malformed(&e.to_string())))?;
            Ok(JsonBody(value))
        })
    }
}

impl<T: DeserializeOwned> FromRequest for QueryParams<T> {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(
            req.query_string().as_bytes(),
        ));
        ready(
            serde_path_to_error::deserialize(de)
                .map(QueryParams)
                .map_err(|e| {
                    let path = e.path().to_string();
                    data_error(&path, &e.into_inner().to_string())
                }),
        )
    }
}

fn malformed(detail: &str) -> AppError {
    AppError::BadRequest {
        code: "malformed_json",
        message: Msg::new(
            format!("请求内容不是有效的 JSON：{detail}"),
            format!("the body is not valid JSON: {detail}"),
        ),
        fields: FieldErrors::new(),
    }
}

/// Turns a serde data error at `path` into a 422 that names the field.
fn data_error(path: &str, detail: &str) -> AppError {
    let base = if path == "." { "" } else { path };
    let join = |name: &str| {
        if base.is_empty() {
            name.to_owned()
        } else {
            format!("{base}.{name}")
        }
    };
    let quoted = |prefix: &str| {
        detail
            .strip_prefix(prefix)
            .and_then(|rest| rest.split('`').next())
            .map(str::to_owned)
    };
    // serde_path_to_error's path already ends at an unknown field, but stops at the parent of a
    // missing one.
    let (field, reason) = if let Some(name) = quoted("unknown field `") {
        (
            if base.is_empty() {
                name
            } else {
                base.to_owned()
            },
            FieldError::new("unknown_field", "不认识的字段", "unknown field"),
        )
    } else if let Some(name) = quoted("missing field `") {
        (
            join(&name),
            FieldError::new("required", "缺少必填字段", "this field is required"),
        )
    } else {
        (
            if base.is_empty() {
                "body".to_owned()
            } else {
                base.to_owned()
            },
            FieldError {
                code: "invalid_value",
                message: Msg::new(
                    format!("取值无效：{detail}"),
                    format!("invalid value: {detail}"),
                ),
            },
        )
    };
    let mut fields = FieldErrors::new();
    fields.insert(field, reason);
    AppError::Validation(fields)
}

/// Reads a raw upload body, refusing one over `limit` bytes with 413 as soon as it is exceeded.
pub async fn read_upload(mut payload: web::Payload, limit: usize) -> Result<Vec<u8>, AppError> {
    use futures_util::StreamExt;
    let mut bytes = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| AppError::BadRequest {
            code: "unreadable_body",
            message: Msg::new("无法读取上传内容", "the upload could not be read"),
            fields: FieldErrors::new(),
        })?;
        if bytes.len() + chunk.len() > limit {
            return Err(AppError::PayloadTooLarge);
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// A stored file as a download: its type, an attachment with the UTF-8 name, never sniffed.
pub fn file_response(
    file_name: &str,
    content_type: &str,
    bytes: Vec<u8>,
) -> actix_web::HttpResponse {
    use actix_web::http::header::{
        Charset, ContentDisposition, DispositionParam, DispositionType, ExtendedValue,
    };
    let disposition = ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![DispositionParam::FilenameExt(ExtendedValue {
            charset: Charset::Ext("UTF-8".into()),
            language_tag: None,
            value: file_name.as_bytes().to_vec(),
        })],
    };
    actix_web::HttpResponse::Ok()
        .content_type(content_type)
        .insert_header(disposition)
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .body(bytes)
}
