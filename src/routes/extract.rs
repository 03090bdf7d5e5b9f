//! Request extractors that answer bad input with field-level reasons instead of actix's plain-text
//! errors: malformed JSON is a 400, wrong types, unknown and missing fields are a 422 naming the
//! field, a body over the limit is a 413, a body that is not JSON a 415. Every message is the
//! service's own sentence in the request's language (serde's text names Rust types and byte
//! positions, which no reader should see): the field's name, and what it should be — the
//! allowed values of a choice in words, or the kind of value.
//!
//! A body about an object the path names (`JsonBody<T, NominationId>`, `QueryParams<T, ...>`)
//! is read only after the caller is known to reach that object (`reach::PathObject`): another
//! unit's object, or a missing one, answers 404 whatever the body holds, never a 400 or 422
//! that would tell the caller the object is there.

use actix_web::dev::Payload;
use actix_web::error::PayloadError;
use actix_web::http::header::CONTENT_TYPE;
use actix_web::{FromRequest, HttpRequest, web};
use std::marker::PhantomData;

use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;

use super::reach::PathObject;

use crate::domain::{choice, field_names, text};
use crate::error::{AppError, FieldError, FieldErrors};
use crate::i18n::Msg;

/// A JSON request body parsed into `T`, once the caller is known to reach the object `O` the
/// path's `{id}` names (`()`: the body is about no object of the path).
pub struct JsonBody<T, O = ()>(pub T, PhantomData<O>);

/// Query parameters parsed into `T`, once the caller is known to reach the object `O` the path's
/// `{id}` names (`()`: none).
pub struct QueryParams<T, O = ()>(pub T, PhantomData<O>);

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

impl<T: DeserializeOwned + 'static, O: PathObject> FromRequest for JsonBody<T, O> {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let json = is_json(req);
        let reach = O::check(req);
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            reach.await?;
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
            let value = match serde_path_to_error::deserialize::<_, T>(&mut de) {
                Ok(v) => {
                    de.end().map_err(|e| malformed(&e))?;
                    v
                }
                Err(e) => {
                    let path = e.path().to_string();
                    let inner = e.into_inner();
                    if !inner.is_data() {
                        return Err(malformed(&inner));
                    }
                    whole_numbers_as_integers::<T>(&bytes)
                        .ok_or_else(|| data_error(&path, &inner.to_string()))?
                }
            };
            Ok(JsonBody(value, PhantomData))
        })
    }
}

/// The body read again with every whole number written as a float (`1445.0`) taken as the
/// integer it is: JSON counts `1445.0` as an integer, and a client generated from the document
/// may send one where an integer is asked. Only tried after the direct parse refused the data,
/// so a good body costs nothing more; `None` when the body still does not fit `T`.
fn whole_numbers_as_integers<T: DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    fn normalise(v: &mut serde_json::Value) -> bool {
        match v {
            serde_json::Value::Number(n) if n.is_f64() => {
                let f = n.as_f64().unwrap_or(f64::NAN);
                if f.fract() == 0.0 && f.abs() < 9.0e15 {
                    *v = serde_json::Value::from(f as i64);
                    true
                } else {
                    false
                }
            }
            serde_json::Value::Array(items) => {
                items.iter_mut().fold(false, |c, i| normalise(i) | c)
            }
            serde_json::Value::Object(map) => map.values_mut().fold(false, |c, i| normalise(i) | c),
            _ => false,
        }
    }
    let mut value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    if !normalise(&mut value) {
        return None;
    }
    serde_json::from_value(value).ok()
}

impl<T: DeserializeOwned + 'static, O: PathObject> FromRequest for QueryParams<T, O> {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let reach = O::check(req);
        let parsed = bounded_query(req.query_string()).and_then(|()| {
            let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(
                req.query_string().as_bytes(),
            ));
            serde_path_to_error::deserialize(de)
                .map(|v| QueryParams(v, PhantomData))
                .map_err(|e| {
                    let path = e.path().to_string();
                    data_error(&path, &e.into_inner().to_string())
                })
        });
        Box::pin(async move {
            reach.await?;
            parsed
        })
    }
}

/// Refuses a query whose parameter holds more than [`text::MAX_QUERY_TEXT`] characters: a 422
/// naming the first such parameter (a search string that long is no search, and it would make a
/// LIKE pattern the database refuses).
pub fn bounded_query(query: &str) -> Result<(), AppError> {
    for (name, value) in form_urlencoded::parse(query.as_bytes()) {
        if value.chars().any(char::is_control) && name.chars().count() <= 100 {
            return Err(AppError::invalid_field_owned(
                &name,
                "control_character",
                Msg::new(
                    format!("「{}」不能包含控制字符", field_names::zh(&name)),
                    format!("{name} must not contain control characters"),
                ),
            ));
        }
        if value.chars().count() > text::MAX_QUERY_TEXT || name.chars().count() > 100 {
            let name: String = name.chars().take(100).collect();
            let max = text::MAX_QUERY_TEXT;
            return Err(AppError::invalid_field_owned(
                &name,
                "too_long",
                Msg::new(
                    format!("「{}」不能超过 {max} 个字符", field_names::zh(&name)),
                    format!("{name} must be at most {max} characters"),
                ),
            ));
        }
    }
    Ok(())
}

/// A 400 for a body that is not JSON at all, saying where it breaks off (not serde's text).
fn malformed(e: &serde_json::Error) -> AppError {
    let (line, column) = (e.line(), e.column());
    let message = if e.is_eof() {
        Msg::new(
            "请求内容不是有效的 JSON：内容不完整",
            "the body is not valid JSON: it ends too early",
        )
    } else {
        Msg::new(
            format!("请求内容不是有效的 JSON：第 {line} 行第 {column} 个字符处有误"),
            format!("the body is not valid JSON: an error at line {line}, character {column}"),
        )
    };
    AppError::BadRequest {
        code: "malformed_json",
        message,
        fields: FieldErrors::new(),
    }
}

/// Turns a serde data error at `path` into a 422 that names the field, in the service's own words.
fn data_error(path: &str, detail: &str) -> AppError {
    let base = if path == "." { "" } else { path };
    let join = |name: &str| {
        if base.is_empty() {
            name.to_owned()
        } else {
            format!("{base}.{name}")
        }
    };
    let detail = strip_position(detail);
    // serde_path_to_error's path already ends at an unknown field, but stops at the parent of a
    // missing one.
    let (field, reason) = if let Some(name) = quoted(detail, "unknown field `") {
        let field = if base.is_empty() {
            name
        } else {
            base.to_owned()
        };
        let reason = FieldError {
            code: "unknown_field",
            message: Msg::new(
                format!("不能提交「{field}」：没有这一项"),
                format!("{field} is not a field of this request"),
            ),
        };
        (field, reason)
    } else if let Some(name) = quoted(detail, "missing field `") {
        let field = join(&name);
        let reason = FieldError {
            code: "required",
            message: Msg::new(
                format!("请填写「{}」", field_names::zh(&field)),
                format!("{field} is required"),
            ),
        };
        (field, reason)
    } else {
        let field = if base.is_empty() {
            "body".to_owned()
        } else {
            base.to_owned()
        };
        let reason = FieldError {
            code: "invalid_value",
            message: refusal(&field, detail),
        };
        (field, reason)
    };
    let mut fields = FieldErrors::new();
    fields.insert(field, reason);
    AppError::Validation(fields)
}

/// The text between `prefix` and the next backquote.
fn quoted(detail: &str, prefix: &str) -> Option<String> {
    detail
        .strip_prefix(prefix)
        .and_then(|rest| rest.split('`').next())
        .map(str::to_owned)
}

/// serde_json's message without its ` at line L column C` ending.
fn strip_position(detail: &str) -> &str {
    match detail.rfind(" at line ") {
        Some(i) if detail[i..].contains(" column ") => &detail[..i],
        _ => detail,
    }
}

/// What a field of the wrong type or value should have been, in words.
#[derive(Clone, Copy)]
enum Kind {
    Integer,
    NonNegative,
    Number,
    Text,
    Boolean,
    List,
    Object,
    Date,
    Time,
}

impl Kind {
    /// The kind serde names after `expected` (`i64`, `a string`, `struct Profile`, ...).
    fn of_expected(expected: &str) -> Option<Self> {
        let e = expected.trim();
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        Some(match e {
            _ if e.starts_with('u') && (digits(&e[1..]) || e == "usize") => Self::NonNegative,
            _ if e.starts_with('i') && (digits(&e[1..]) || e == "isize") => Self::Integer,
            "f32" | "f64" => Self::Number,
            "a string" | "a borrowed string" | "a character" | "char" => Self::Text,
            "a boolean" => Self::Boolean,
            _ if e.starts_with("a sequence") || e.starts_with("a tuple") => Self::List,
            _ if e.starts_with("struct ") || e == "a map" => Self::Object,
            "a formatted date string" => Self::Date,
            _ if e.contains("date and time") || e.contains("RFC 3339") => Self::Time,
            _ => return None,
        })
    }

    /// The kind behind a parse error that names no type (query strings, dates).
    fn of_message(detail: &str) -> Option<Self> {
        Some(match detail {
            "invalid digit found in string"
            | "cannot parse integer from empty string"
            | "number too large to fit in target type"
            | "number too small to fit in target type" => Self::Integer,
            "invalid float literal" => Self::Number,
            _ if detail.starts_with("provided string was not `true` or `false`") => Self::Boolean,
            "input contains invalid characters"
            | "input is out of range"
            | "premature end of input"
            | "trailing input"
            | "input is not enough for unique date and time"
            | "no possible date and time matching input"
            | "bad or unsupported format string" => Self::Date,
            _ => return None,
        })
    }

    fn words(self) -> (&'static str, &'static str) {
        match self {
            Self::Integer => ("整数", "a whole number"),
            Self::NonNegative => ("不小于 0 的整数", "a whole number, 0 or more"),
            Self::Number => ("数字", "a number"),
            Self::Text => ("文字", "text"),
            Self::Boolean => ("是或否（true 或 false）", "true or false"),
            Self::List => ("列表", "a list"),
            Self::Object => ("一组字段（对象）", "an object"),
            Self::Date => (
                "日期，格式为 年-月-日，如 2027-06-30",
                "a date as YYYY-MM-DD, e.g. 2027-06-30",
            ),
            Self::Time => (
                "时间，如 2027-06-30T08:00:00Z",
                "a time such as 2027-06-30T08:00:00Z",
            ),
        }
    }
}

/// The service's sentence for a value serde refused at `field`: the allowed values of a choice,
/// or the kind of value expected; never serde's own text, which would show a Chinese reader
/// English internals.
fn refusal(field: &str, detail: &str) -> Msg {
    let zh_name = field_names::zh(field);
    if let Some((zh, en)) = choice::decode(detail) {
        return Msg::new(
            format!("「{zh_name}」只能是：{zh}"),
            format!("{field} must be one of: {en}"),
        );
    }
    if let Some(allowed) = derived_variants(detail) {
        return Msg::new(
            format!("「{zh_name}」只能是：{}", allowed.join("、")),
            format!("{field} must be one of: {}", allowed.join(", ")),
        );
    }
    let typed = detail
        .strip_prefix("invalid type: ")
        .map(|rest| (true, rest))
        .or_else(|| {
            detail
                .strip_prefix("invalid value: ")
                .map(|rest| (false, rest))
        })
        .and_then(|(wrong_type, rest)| {
            let (given, expected) = rest.split_once(", expected ")?;
            Some((wrong_type, given, Kind::of_expected(expected)?))
        });
    match typed {
        Some((true, "null", kind)) => {
            let (zh, en) = kind.words();
            Msg::new(
                format!("「{zh_name}」不能为空，应为{zh}"),
                format!("{field} must not be null: it must be {en}"),
            )
        }
        Some((false, given, Kind::Integer | Kind::NonNegative)) if given.starts_with("integer") => {
            Msg::new(
                format!("「{zh_name}」的数值超出范围"),
                format!("{field} is out of range"),
            )
        }
        Some((_, _, kind)) => must_be(field, &zh_name, kind),
        None => match Kind::of_message(detail) {
            Some(kind) => must_be(field, &zh_name, kind),
            None if detail.starts_with("invalid length") => match detail
                .split_once(", expected ")
                .and_then(|(_, expected)| Kind::of_expected(expected))
            {
                Some(Kind::Object) => must_be(field, &zh_name, Kind::Object),
                _ => Msg::new(
                    format!("「{zh_name}」的项数不对"),
                    format!("{field} has the wrong number of items"),
                ),
            },
            None => Msg::new(
                format!("「{zh_name}」的取值无效"),
                format!("{field} has an invalid value"),
            ),
        },
    }
}

fn must_be(field: &str, zh_name: &str, kind: Kind) -> Msg {
    let (zh, en) = kind.words();
    Msg::new(
        format!("「{zh_name}」应为{zh}"),
        format!("{field} must be {en}"),
    )
}

/// The codes of a derived enum's `unknown variant` message (`expected `a` or `b``,
/// `expected one of `a`, `b``).
fn derived_variants(detail: &str) -> Option<Vec<String>> {
    let rest = detail.strip_prefix("unknown variant `")?;
    let (_, expected) = rest.split_once(", expected ")?;
    let codes: Vec<String> = expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect();
    (!codes.is_empty()).then_some(codes)
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
    stored_file(
        actix_web::http::header::DispositionType::Attachment,
        file_name,
        content_type,
        bytes,
    )
}

/// A stored file shown in the browser (a photo or a PDF opened from a page), under its UTF-8
/// name, never sniffed.
pub fn inline_file_response(
    file_name: &str,
    content_type: &str,
    bytes: Vec<u8>,
) -> actix_web::HttpResponse {
    stored_file(
        actix_web::http::header::DispositionType::Inline,
        file_name,
        content_type,
        bytes,
    )
}

fn stored_file(
    disposition: actix_web::http::header::DispositionType,
    file_name: &str,
    content_type: &str,
    bytes: Vec<u8>,
) -> actix_web::HttpResponse {
    use actix_web::http::header::{Charset, ContentDisposition, DispositionParam, ExtendedValue};
    let disposition = ContentDisposition {
        disposition,
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
