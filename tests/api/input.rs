//! Bad input: every malformed, mistyped, unknown, missing, oversized or unexpected piece of a
//! request gets a JSON error naming what was wrong, never a 500, and stores nothing.

use serde_json::{Value, json};

use crate::helpers::{Res, TestApp, spawn, spawn_with, two_units};
use peidai::domain::ids::UnitId;

const USERS: &str = "/api/v1/users";
const UNITS: &str = "/api/v1/units";
const JSON: &str = "application/json";

/// Asserts a JSON error body with this status and code, and never a 500.
fn refused(res: &Res, status: u16, code: &str) {
    assert_ne!(res.status, 500, "{}", res.body);
    assert_eq!(res.status, status, "{}", res.body);
    assert_eq!(res.body["error"], code, "{}", res.body);
    let message = res.body["message"].as_str().expect("a message");
    assert!(!message.is_empty());
}

/// Asserts a 422 whose `fields` name `field` with `code`.
fn refused_field(res: &Res, field: &str, code: &str) {
    refused(res, 422, "validation_failed");
    assert_eq!(res.field_code(field), Some(code), "{}", res.body);
    assert!(res.body["fields"][field]["message"].is_string());
}

/// A valid user body for `unit` with the fields of `patch` set over it.
fn user_body(unit: UnitId, patch: Value) -> Value {
    let mut body =
        json!({ "email": "new@test.cn", "name": "新人", "roles": ["mentee"], "unit_id": unit.0 });
    for (k, v) in patch.as_object().unwrap() {
        body[k] = v.clone();
    }
    body
}

/// Requests as one caller (app, token).
#[derive(Clone, Copy)]
struct As<'a>(&'a TestApp, &'a str);

impl As<'_> {
    async fn get(self, path: &str) -> Res {
        self.0.get(path, Some(self.1)).await
    }

    async fn post(self, path: &str, body: Value) -> Res {
        self.0.post(path, Some(self.1), body).await
    }

    async fn patch(self, path: &str, body: Value) -> Res {
        self.0.patch(path, Some(self.1), body).await
    }

    async fn raw(self, method: &str, path: &str, ct: &str, body: impl Into<Vec<u8>>) -> Res {
        self.0.send_raw(method, path, Some(self.1), ct, body).await
    }

    /// How many units exist.
    async fn units(self) -> i64 {
        self.get(UNITS).await.body["total"].as_i64().unwrap()
    }
}

#[actix_web::test]
async fn malformed_json_is_a_400_malformed_json() {
    let app = spawn().await;
    let t = two_units(&app).await;
    let city = As(&app, &t.city);
    let user = user_body(t.u1, json!({})).to_string();
    let unit = json!({ "name": "新单位", "kind": "other" }).to_string();
    for (path, valid) in [(USERS, user), (UNITS, unit)] {
        let bodies: [Vec<u8>; 6] = [
            b"{\"name\": ".to_vec(),
            b"{'name': 'x'}".to_vec(),
            Vec::new(),
            format!("{valid} trailing").into_bytes(),
            valid.as_bytes()[..valid.len() - 1].to_vec(),
            b"\xff\xfe".to_vec(),
        ];
        for body in bodies {
            refused(
                &city.raw("POST", path, JSON, body).await,
                400,
                "malformed_json",
            );
        }
        let ok = city.raw("POST", path, JSON, valid).await;
        assert_eq!(ok.status, 201, "the same body, well-formed: {}", ok.body);
    }
    let admin = format!("{USERS}/{}", t.admin1.0);
    refused(
        &city.raw("PATCH", &admin, JSON, "{").await,
        400,
        "malformed_json",
    );
}

#[actix_web::test]
async fn a_wrong_type_is_a_422_naming_the_field() {
    let app = spawn().await;
    let t = two_units(&app).await;
    let city = As(&app, &t.city);
    let with = |patch: Value| user_body(t.u1, patch);
    let profile = |p: Value| user_body(t.u1, json!({ "profile": p }));
    let cases = [
        (with(json!({ "roles": "mentor" })), "roles"),
        (with(json!({ "roles": ["mentor", "boss"] })), "roles[1]"),
        (with(json!({ "unit_id": "one" })), "unit_id"),
        (with(json!({ "email": 42 })), "email"),
        (with(json!({ "locale": "fr" })), "locale"),
        (
            profile(json!({ "birth_date": "1990-13-01" })),
            "profile.birth_date",
        ),
        (
            profile(json!({ "birth_date": "01/02/1990" })),
            "profile.birth_date",
        ),
        (
            profile(json!({ "from_outside_city": "yes" })),
            "profile.from_outside_city",
        ),
        (profile(json!("none")), "profile"),
        (json!([]), "body"),
    ];
    for (body, field) in cases {
        refused_field(&city.post(USERS, body).await, field, "invalid_value");
    }
    let unit = city
        .post(UNITS, json!({ "name": ["红山区"], "kind": "other" }))
        .await;
    refused_field(&unit, "name", "invalid_value");
    let path = format!("{UNITS}/{}", t.u1);
    let active = city.patch(&path, json!({ "active": "no" })).await;
    refused_field(&active, "active", "invalid_value");
}

#[actix_web::test]
async fn unknown_fields_are_a_422_unknown_field_at_their_path() {
    let app = spawn().await;
    let t = two_units(&app).await;
    let city = As(&app, &t.city);
    let top = city
        .post(USERS, user_body(t.u1, json!({ "is_admin": true })))
        .await;
    refused_field(&top, "is_admin", "unknown_field");
    let nested = user_body(t.u1, json!({ "profile": { "foo": 1 } }));
    refused_field(
        &city.post(USERS, nested).await,
        "profile.foo",
        "unknown_field",
    );
    let admin = format!("{USERS}/{}", t.admin1.0);
    let patch = city.patch(&admin, json!({ "status": "active" })).await;
    refused_field(&patch, "status", "unknown_field");
    let unit = json!({ "name": "新单位", "kind": "other", "active": false });
    refused_field(&city.post(UNITS, unit).await, "active", "unknown_field");
}

#[actix_web::test]
async fn a_missing_required_field_is_a_422_required() {
    let app = spawn().await;
    let t = two_units(&app).await;
    let city = As(&app, &t.city);
    for field in ["email", "name", "roles"] {
        let mut body = user_body(t.u1, json!({}));
        body.as_object_mut().unwrap().remove(field);
        refused_field(&city.post(USERS, body).await, field, "required");
    }
    let no_kind = city.post(UNITS, json!({ "name": "新单位" })).await;
    refused_field(&no_kind, "kind", "required");
    let no_name = city.post(UNITS, json!({ "kind": "other" })).await;
    refused_field(&no_name, "name", "required");
    let login = app
        .post("/api/v1/auth/login", None, json!({ "email": "a@test.cn" }))
        .await;
    refused_field(&login, "password", "required");
}

#[actix_web::test]
async fn a_body_that_is_not_json_is_a_415() {
    let app = spawn().await;
    let t = two_units(&app).await;
    let city = As(&app, &t.city);
    let valid = user_body(t.u1, json!({})).to_string();
    let form = "application/x-www-form-urlencoded";
    for ct in ["text/plain", form, "application/jsonx", "text/json"] {
        let res = city.raw("POST", USERS, ct, valid.clone()).await;
        refused(&res, 415, "unsupported_media_type");
    }
    let unit = r#"{"name":"新单位","kind":"other"}"#;
    let res = city.raw("POST", UNITS, "text/plain", unit).await;
    refused(&res, 415, "unsupported_media_type");
    // Parameters and the +json suffix are still JSON.
    let utf8 = "application/json; charset=utf-8";
    let ok = city.raw("POST", USERS, utf8, valid).await;
    assert_eq!(ok.status, 201, "{}", ok.body);
    let path = format!("{UNITS}/{}", t.u1);
    let merge = "application/merge-patch+json";
    let ok = city
        .raw("PATCH", &path, merge, r#"{"district":"红山区"}"#)
        .await;
    assert_eq!(ok.status, 200, "{}", ok.body);
}

#[actix_web::test]
async fn a_body_over_the_configured_limit_is_a_413() {
    let app = spawn_with(&[("server.max_body_bytes", "2048")]).await;
    let t = two_units(&app).await;
    let city = As(&app, &t.city);
    let (users, units) = (app.user_count(), city.units().await);
    let big = user_body(t.u1, json!({ "name": "长".repeat(1000) }));
    assert!(big.to_string().len() > 2048);
    refused(&city.post(USERS, big).await, 413, "payload_too_large");
    let unit = json!({ "name": "x".repeat(3000), "kind": "other" });
    refused(&city.post(UNITS, unit).await, 413, "payload_too_large");
    assert_eq!((app.user_count(), city.units().await), (users, units));
    let small = city.post(USERS, user_body(t.u1, json!({}))).await;
    assert_eq!(small.status, 201, "under the limit is fine: {}", small.body);
}

#[actix_web::test]
async fn bad_paging_and_unknown_query_parameters_are_a_422() {
    let app = spawn().await;
    let t = two_units(&app).await;
    let city = As(&app, &t.city);
    let cases = [
        ("per_page=0", "per_page", "out_of_range"),
        ("per_page=101", "per_page", "out_of_range"),
        ("page=0", "page", "out_of_range"),
        ("page=-1", "page", "invalid_value"),
        ("page=abc", "page", "invalid_value"),
        ("bogus=1", "bogus", "unknown_field"),
    ];
    for list in [USERS, UNITS, "/api/v1/audit-events"] {
        for (query, field, code) in cases {
            let res = city.get(&format!("{list}?{query}")).await;
            refused_field(&res, field, code);
        }
        let edge = city.get(&format!("{list}?page=1&per_page=100")).await;
        assert_eq!(edge.status, 200, "{list}: {}", edge.body);
    }
    let role = city.get(&format!("{USERS}?role=boss")).await;
    refused_field(&role, "role", "invalid_value");
    let active = city.get(&format!("{UNITS}?active=maybe")).await;
    refused_field(&active, "active", "invalid_value");
}

#[actix_web::test]
async fn a_non_numeric_id_and_an_unknown_route_are_json_404s() {
    let app = spawn().await;
    let t = two_units(&app).await;
    let city = As(&app, &t.city);
    let huge = "/api/v1/users/99999999999999999999";
    for path in ["/api/v1/users/abc", "/api/v1/units/1.5", huge] {
        refused(&city.get(path).await, 404, "not_found");
    }
    let patch = city
        .patch("/api/v1/units/abc", json!({ "name": "x" }))
        .await;
    refused(&patch, 404, "not_found");
    for path in ["/api/v1/nothing", "/nothing", "/api/v2/users"] {
        let res = app.get(path, None).await;
        refused(&res, 404, "not_found");
        assert_eq!(res.headers.get("content-type").unwrap(), JSON);
    }
}

#[actix_web::test]
async fn accept_language_en_gives_english_messages_and_chinese_is_the_default() {
    let app = spawn().await;
    let t = two_units(&app).await;
    let body = user_body(t.u1, json!({ "email": "not-an-email" }));
    let zh = As(&app, &t.city).post(USERS, body.clone()).await;
    refused_field(&zh, "email", "invalid_email");
    assert_eq!(zh.body["message"], "提交的内容有误，请按提示修改");
    assert_eq!(
        zh.body["fields"]["email"]["message"],
        "请输入有效的邮箱地址"
    );

    let english = |path: &str| {
        let req = app.client.post(format!("{}{path}", app.base));
        req.insert_header(("Authorization", format!("Bearer {}", t.city)))
            .insert_header(("Accept-Language", "en-US,en;q=0.9"))
    };
    let mut res = english(USERS).send_json(&body).await.unwrap();
    assert_eq!(res.status(), 422);
    let en: Value = res.json().await.unwrap();
    assert_eq!(en["message"], "Some fields were refused; see `fields`");
    let email = &en["fields"]["email"]["message"];
    assert_eq!(email, "must be a valid e-mail address");

    let mut res = english("/api/v1/nothing").send().await.unwrap();
    assert_eq!(res.json::<Value>().await.unwrap()["message"], "Not found");
    let zh = app.get("/api/v1/nothing", None).await;
    assert_eq!(zh.body["message"], "未找到");
}

#[actix_web::test]
async fn line_breaks_and_control_characters_in_text_fields_are_refused() {
    let app = spawn().await;
    let t = two_units(&app).await;
    let city = As(&app, &t.city);
    let specialty = json!({ "profile": { "specialty": "农学\nBcc: x@y.cn" } });
    for (patch, field) in [
        (json!({ "name": "a\r\nb" }), "name"),
        (json!({ "name": "张\u{0}三" }), "name"),
        (specialty, "profile.specialty"),
    ] {
        let res = city.post(USERS, user_body(t.u1, patch)).await;
        refused_field(&res, field, "control_character");
    }
    let email = user_body(t.u1, json!({ "email": "a@x.cn\r\nBcc: y@z.cn" }));
    refused_field(&city.post(USERS, email).await, "email", "invalid_email");
    let unit = json!({ "name": "红\r\n山", "kind": "other", "district": "a\tb" });
    let unit = city.post(UNITS, unit).await;
    refused_field(&unit, "name", "control_character");
    refused_field(&unit, "district", "control_character");
    let admin = format!("{USERS}/{}", t.admin1.0);
    let rename = city.patch(&admin, json!({ "name": "x\ry" })).await;
    refused_field(&rename, "name", "control_character");
}

#[actix_web::test]
async fn refused_requests_store_nothing() {
    let app = spawn().await;
    let t = two_units(&app).await;
    let city = As(&app, &t.city);
    let (users, units) = (app.user_count(), city.units().await);
    let admin = format!("{USERS}/{}", t.admin1.0);
    let before = city.get(&admin).await.body;
    let good = user_body(t.u1, json!({})).to_string();
    let responses = [
        city.raw("POST", USERS, JSON, "{\"email\":").await,
        city.raw("POST", USERS, "text/plain", good).await,
        city.post(USERS, user_body(t.u1, json!({ "extra": 1 })))
            .await,
        city.post(USERS, user_body(t.u1, json!({ "name": "a\nb" })))
            .await,
        city.post(
            USERS,
            user_body(t.u1, json!({ "roles": ["reviewer"], "unit_id": 999 })),
        )
        .await,
        city.post(
            USERS,
            user_body(t.u1, json!({ "profile": { "birth_date": "2100-01-01" } })),
        )
        .await,
        city.post(UNITS, json!({ "name": "新单位", "kind": "nope" }))
            .await,
        city.post(UNITS, json!({ "name": "新单位", "kind": "other", "x": 1 }))
            .await,
        city.raw("POST", UNITS, "text/plain", "{}").await,
        city.patch(&admin, json!({ "name": "改", "roles": [] }))
            .await,
        city.patch(&admin, json!({ "name": "改", "profile": { "foo": 1 } }))
            .await,
        city.patch(&admin, json!({ "name": "改", "unit_id": 999 }))
            .await,
    ];
    for res in &responses {
        assert!(res.status.is_client_error(), "{} {}", res.status, res.body);
        assert!(res.body["error"].is_string());
    }
    assert_eq!((app.user_count(), city.units().await), (users, units));
    let after = city.get(&admin).await.body;
    assert_eq!(after, before, "a refused PATCH changes nothing");
    let audit = city.get("/api/v1/audit-events?action=user.update").await;
    assert_eq!(audit.body["total"], 0, "nothing changed, nothing audited");
}

/// Sends `body` (JSON, when given) with `Accept-Language: lang`: the status and the JSON answer.
async fn send_in(
    app: &TestApp,
    method: &str,
    path: &str,
    token: &str,
    lang: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let method = awc::http::Method::from_bytes(method.as_bytes()).unwrap();
    let req = app
        .client
        .request(method, format!("{}{path}", app.base))
        .insert_header(("Authorization", format!("Bearer {token}")))
        .insert_header(("Accept-Language", lang));
    let mut res = match body {
        Some(b) => req.send_json(&b).await.unwrap(),
        None => req.send().await.unwrap(),
    };
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// What serde says, which a reader must never see: its phrases and its positions.
const INTERNALS: [&str; 8] = [
    "invalid type",
    "invalid value",
    "expected",
    "line",
    "column",
    "variant",
    "unknown",
    "`",
];

/// A refused request: method, path, body, field, code, and what the Chinese and the English
/// messages say.
type Case<'a> = (
    &'a str,
    String,
    Option<Value>,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
);

#[actix_web::test]
async fn refusals_are_the_services_own_sentences_naming_the_field_in_chinese_and_in_english() {
    let app = spawn().await;
    let t = two_units(&app).await;
    let round = json!({ "year": null, "opens_on": "2027-12-01", "closes_on": "2027-12-31" });
    let missing = json!({ "year": 2027, "closes_on": "2027-12-31" });
    let class = json!({ "year": 2027, "starts_on": "2027-02-30", "ends_on": "2027-03-02", "place": "市委党校" });
    let quota = json!({ "recuperation_leave": "十个" });
    let unit = json!({ "name": "新单位", "kind": "other", "colour": "red" });
    let roles = user_body(t.u1, json!({ "roles": ["boss"] }));
    let cases: Vec<Case> = vec![
        (
            "POST",
            "/api/v1/assessment-rounds".into(),
            Some(round),
            "year",
            "invalid_value",
            "「年度」不能为空，应为整数",
            "year must not be null",
        ),
        (
            "POST",
            "/api/v1/assessment-rounds".into(),
            Some(missing),
            "opens_on",
            "required",
            "请填写「开始日期」",
            "opens_on is required",
        ),
        (
            "POST",
            "/api/v1/training-classes".into(),
            Some(class),
            "starts_on",
            "invalid_value",
            "「开始日期」应为日期，格式为 年-月-日",
            "starts_on must be a date as YYYY-MM-DD",
        ),
        (
            "PUT",
            "/api/v1/benefit-quotas/2027".into(),
            Some(quota),
            "recuperation_leave",
            "invalid_value",
            "「休假疗养名额」应为不小于 0 的整数",
            "recuperation_leave must be a whole number",
        ),
        // The two objection outcomes (a notice's and an assessment's) are refused in the same
        // words only to a caller who reaches the objection (a missing one answers 404 before its
        // body): tests/api/policy.rs checks them on real objections.
        (
            "POST",
            UNITS.into(),
            Some(unit),
            "colour",
            "unknown_field",
            "「colour」",
            "colour is not a field of this request",
        ),
        (
            "POST",
            USERS.into(),
            Some(roles),
            "roles[0]",
            "invalid_value",
            "「角色」只能是：市级管理员、单位管理员、评审专家、培带人、培带对象",
            "roles[0] must be one of: city_admin, unit_admin, reviewer, mentor, mentee",
        ),
        (
            "POST",
            "/api/v1/assessment-rounds".into(),
            Some(
                json!({ "year": 2027, "opens_on": "2027-12-01", "closes_on": "2027-12-31", "consequence": "fire" }),
            ),
            "consequence",
            "invalid_value",
            "「不合格的处理方式」只能是：直接取消资格、先限期整改，仍不合格再取消资格",
            "consequence must be one of: revoke, rectify_then_revoke",
        ),
        (
            "GET",
            "/api/v1/benefits?kind=boat".into(),
            None,
            "kind",
            "invalid_value",
            "「类别」只能是：免费健康检查、人才公交IC卡",
            "kind must be one of: health_check, bus_card",
        ),
        (
            "GET",
            "/api/v1/assessment-rounds?page=abc".into(),
            None,
            "page",
            "invalid_value",
            "「页码」应为整数",
            "page must be a whole number",
        ),
        (
            "GET",
            "/api/v1/users?status=gone".into(),
            None,
            "status",
            "invalid_value",
            "「状态」只能是：已邀请、正常、已停用",
            "status must be one of: invited, active, deactivated",
        ),
        (
            "GET",
            "/api/v1/assessment-rounds/1/assessments?grade=A".into(),
            None,
            "grade",
            "invalid_value",
            "「评定等次」只能是：优秀、合格、基本合格、不合格",
            "grade must be one of: excellent, qualified, basically_qualified, unqualified",
        ),
    ];
    for (method, path, body, field, code, zh_words, en_words) in cases {
        let (status, zh) = send_in(&app, method, &path, &t.city, "zh-CN", body.clone()).await;
        assert_eq!(status, 422, "{method} {path}: {zh}");
        assert_eq!(zh["fields"][field]["code"], code, "{method} {path}: {zh}");
        let message = zh["fields"][field]["message"].as_str().unwrap();
        assert!(message.contains(zh_words), "{path}: {message}");
        for internal in INTERNALS {
            assert!(
                !message.contains(internal),
                "{path}: {internal} in {message}"
            );
        }
        let (_, en) = send_in(&app, method, &path, &t.city, "en", body).await;
        let message = en["fields"][field]["message"].as_str().unwrap();
        assert!(message.contains(en_words), "{path}: {message}");
        for internal in ["at line", "column", "`", "invalid type", "expected"] {
            assert!(
                !message.contains(internal),
                "{path}: {internal} in {message}"
            );
        }
    }
    let broken = city_raw_in(&app, &t.city).await;
    assert!(
        !broken.contains("expected") && broken.contains("第 1 行"),
        "{broken}"
    );
}

/// The message of a body that is not JSON, in Chinese.
async fn city_raw_in(app: &TestApp, token: &str) -> String {
    let res = As(app, token)
        .raw("POST", UNITS, JSON, "{\"name\": 红山区}")
        .await;
    assert_eq!(res.status, 400, "{}", res.body);
    res.body["message"].as_str().unwrap().to_owned()
}
