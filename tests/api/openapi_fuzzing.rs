//! What schema-driven fuzzing of the OpenAPI document (.ci/schemathesis.sh) found, each kept
//! fixed: a request the document calls valid is one the service takes, the document names every
//! answer the service gives, and two request types never share one schema name.

use serde_json::{Value, json};

/// The document as a client downloads it.
fn document() -> Value {
    serde_json::to_value(peidai::startup::openapi()).unwrap()
}

/// Every operation of the document, as ("METHOD /path", operation).
fn operations(doc: &Value) -> Vec<(String, &Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if op["responses"].is_object() {
                out.push((format!("{} {path}", method.to_uppercase()), op));
            }
        }
    }
    out
}

/// The schema of a request body property (the body schema is a `$ref` to a component).
fn body_property<'a>(doc: &'a Value, method: &str, path: &str, property: &str) -> &'a Value {
    let body = &doc["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"];
    let name = body["$ref"]
        .as_str()
        .unwrap_or_else(|| panic!("{method} {path} refers to its body schema: {body}"))
        .rsplit('/')
        .next()
        .unwrap();
    &doc["components"]["schemas"][name]["properties"][property]
}

/// The schema of a named parameter of an operation.
fn parameter<'a>(doc: &'a Value, method: &str, path: &str, name: &str) -> &'a Value {
    doc["paths"][path][method]["parameters"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["name"] == name))
        .map(|p| &p["schema"])
        .unwrap_or_else(|| panic!("{method} {path} has the parameter {name}"))
}

#[test]
fn every_operation_with_a_body_documents_the_413_and_for_json_the_415() {
    let doc = document();
    let mut bodies = 0;
    for (what, op) in operations(&doc) {
        let Some(content) = op["requestBody"]["content"].as_object() else {
            continue;
        };
        bodies += 1;
        let responses = &op["responses"];
        assert!(responses["413"].is_object(), "{what} documents 413");
        if content.contains_key("application/json") {
            assert!(responses["415"].is_object(), "{what} documents 415");
            assert_eq!(
                responses["415"]["content"]["application/json"]["schema"]["$ref"],
                "#/components/schemas/ErrorBody"
            );
        }
    }
    assert!(bodies > 40, "the document lists the bodies ({bodies})");
}

#[actix_web::test]
async fn a_json_body_sent_as_another_type_answers_the_documented_415() {
    let app = crate::helpers::spawn().await;
    let (_, token) = app.city_admin().await;
    let res = app
        .send_raw("POST", "/api/v1/units", Some(&token), "text/plain", "{}")
        .await;
    assert_eq!(res.status, 415, "{}", res.body);
    assert_eq!(res.body["error"], "unsupported_media_type");
}

#[test]
fn every_paging_parameter_documents_its_bounds() {
    let doc = document();
    let mut lists = 0;
    for (what, op) in operations(&doc) {
        for p in op["parameters"].as_array().into_iter().flatten() {
            match p["name"].as_str() {
                Some("page") => {
                    lists += 1;
                    assert_eq!(p["schema"]["minimum"], 1, "{what}: page from 1");
                }
                Some("per_page") => {
                    assert_eq!(p["schema"]["minimum"], 1, "{what}: per_page from 1");
                    assert_eq!(p["schema"]["maximum"], 100, "{what}: per_page to 100");
                }
                _ => {}
            }
        }
    }
    assert!(lists > 25, "the document lists the lists ({lists})");
}

#[actix_web::test]
async fn the_paging_bounds_the_document_gives_are_the_ones_the_service_keeps() {
    let app = crate::helpers::spawn().await;
    let (_, token) = app.city_admin().await;
    let ok = app
        .get("/api/v1/units?page=1&per_page=100", Some(&token))
        .await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    for (query, field) in [
        ("per_page=101", "per_page"),
        ("page=0", "page"),
        ("page=2147483648", "page"),
    ] {
        let res = app
            .get(&format!("/api/v1/units?{query}"), Some(&token))
            .await;
        assert_eq!(res.status, 422, "{query}: {}", res.body);
        assert_eq!(res.field_code(field), Some("out_of_range"), "{query}");
    }
}

#[test]
fn the_years_and_counts_the_service_bounds_are_bounded_in_the_document() {
    let doc = document();
    let years = [
        parameter(&doc, "get", "/api/v1/activity-statistics", "year"),
        parameter(&doc, "put", "/api/v1/benefit-quotas/{year}", "year"),
        body_property(&doc, "post", "/api/v1/selection-rounds", "year"),
        body_property(&doc, "post", "/api/v1/assessment-rounds", "year"),
        body_property(&doc, "post", "/api/v1/training-classes", "year"),
    ];
    for (i, year) in years.iter().enumerate() {
        assert_eq!(year["minimum"], 2000, "year {i}: {year}");
        assert_eq!(year["maximum"], 2100, "year {i}: {year}");
    }
    for path in ["/api/v1/selection-rounds", "/api/v1/selection-rounds/{id}"] {
        let method = if path.contains('{') { "patch" } else { "post" };
        let term = body_property(&doc, method, path, "appointment_term_years");
        assert_eq!(
            (&term["minimum"], &term["maximum"]),
            (&json!(1), &json!(10))
        );
        let scores = body_property(&doc, method, path, "min_scores");
        assert_eq!(
            (&scores["minimum"], &scores["maximum"]),
            (&json!(1), &json!(100))
        );
    }
    for (field, max) in [("objection_days", 90), ("rectification_days", 730)] {
        let days = body_property(&doc, "post", "/api/v1/assessment-rounds", field);
        assert_eq!(
            (&days["minimum"], &days["maximum"]),
            (&json!(1), &json!(max))
        );
    }
    for (method, path) in [
        ("post", "/api/v1/contracts/{id}/activities"),
        ("patch", "/api/v1/activities/{id}"),
    ] {
        let hours = body_property(&doc, method, path, "hours");
        let bound = |k: &str| hours[k].as_f64();
        assert_eq!(
            (bound("minimum"), bound("maximum"), bound("multipleOf")),
            (Some(0.25), Some(24.0), Some(0.25)),
            "{method} {path}: {hours}"
        );
        assert_eq!(
            body_property(&doc, method, path, "attendee_ids")["minItems"],
            1
        );
    }
    let status = parameter(&doc, "get", "/api/v1/admin/emails", "status");
    assert_eq!(status["pattern"], "^(pending|sending|sent|dead)$");
    let places = body_property(
        &doc,
        "put",
        "/api/v1/benefit-quotas/{year}",
        "recuperation_leave",
    );
    assert_eq!(places["maximum"], 100_000);
}

#[test]
fn the_passwords_and_the_lists_that_need_one_item_say_so_in_the_document() {
    let doc = document();
    for (path, field) in [
        ("/api/v1/auth/password", "new_password"),
        ("/api/v1/auth/invitations/accept", "password"),
        ("/api/v1/auth/password-reset/confirm", "new_password"),
    ] {
        let p = body_property(&doc, "post", path, field);
        assert_eq!((&p["minLength"], &p["maxLength"]), (&json!(8), &json!(128)));
    }
    for (method, path, field) in [
        ("post", "/api/v1/users", "roles"),
        ("patch", "/api/v1/users/{id}", "roles"),
        (
            "post",
            "/api/v1/selection-rounds/{id}/reviewers",
            "categories",
        ),
    ] {
        let p = body_property(&doc, method, path, field);
        assert_eq!(p["minItems"], 1, "{method} {path} {field}: {p}");
    }
}

/// The texts the service trims and requires (a reason, a name), with the most characters each
/// takes: the document's schema of each.
fn required_texts(doc: &Value) -> Vec<(String, usize, Value)> {
    let mut out = Vec::new();
    for (method, path, field, max) in [
        ("post", "/api/v1/assessments/{id}/return", "reason", 2000),
        (
            "post",
            "/api/v1/assessments/{id}/objection",
            "content",
            5000,
        ),
        (
            "post",
            "/api/v1/assessment-objections/{id}/decision",
            "reason",
            2000,
        ),
        ("post", "/api/v1/nominations/{id}/decision", "reason", 2000),
        (
            "post",
            "/api/v1/nominations/{id}/decision",
            "signed_by",
            100,
        ),
        (
            "post",
            "/api/v1/nominations/{id}/objections",
            "content",
            5000,
        ),
        ("post", "/api/v1/nominations/{id}/return", "comment", 2000),
        ("post", "/api/v1/objections/{id}/outcome", "reason", 2000),
        ("post", "/api/v1/contracts/{id}/terminate", "reason", 2000),
        ("post", "/api/v1/units", "name", 100),
        ("post", "/api/v1/users", "name", 100),
        ("patch", "/api/v1/users/{id}", "name", 100),
        ("patch", "/api/v1/units/{id}", "name", 100),
        ("post", "/api/v1/contracts/{id}/activities", "title", 200),
        ("patch", "/api/v1/activities/{id}", "title", 200),
        ("post", "/api/v1/training-classes", "place", 200),
    ] {
        let p = body_property(doc, method, path, field).clone();
        out.push((format!("{method} {path} {field}"), max, p));
    }
    for path in [
        "/api/v1/nominations/{id}/files",
        "/api/v1/activities/{id}/files",
        "/api/v1/assessment-objections/{id}/files",
    ] {
        let p = parameter(doc, "post", path, "name").clone();
        out.push((format!("post {path} name"), 200, p));
    }
    out
}

#[test]
fn a_required_text_is_documented_with_the_pattern_the_service_applies() {
    let doc = document();
    let fixed = [
        "理由",
        "  有前后空格  ",
        "a",
        "x y",
        "",
        " ",
        "\t\n",
        "\u{3000}",
        "换\n行",
        "控制\u{1}字符",
        "\u{7f}",
        "\u{85}首",
        "尾\u{9f}",
        " \u{2003}全角空格\u{3000} ",
        "\u{1c}前",
    ];
    for (what, max, schema) in required_texts(&doc) {
        assert_eq!(schema["minLength"], 1, "{what}: {schema}");
        let pattern = schema["pattern"]
            .as_str()
            .unwrap_or_else(|| panic!("{what} has a pattern: {schema}"));
        let re = regex::RegexBuilder::new(pattern)
            .size_limit(1 << 30)
            .build()
            .expect("the pattern is a regular expression");
        let mut samples: Vec<String> = fixed.iter().map(|s| (*s).to_owned()).collect();
        // The bound counts the trimmed text: padding does not count, one more character does.
        samples.push("字".repeat(max));
        samples.push("字".repeat(max + 1));
        samples.push(format!("{0}字{0}", "\u{85}".repeat(max)));
        samples.push(format!(" {} ", "字".repeat(max)));
        for s in &samples {
            assert_eq!(
                re.is_match(s),
                peidai::domain::text::required(s, max).is_ok(),
                "{what}: the document and the service agree on {s:?}"
            );
        }
    }
}

#[test]
fn request_types_of_one_rust_name_have_their_own_schemas() {
    let doc = document();
    let keys = |method: &str, path: &str| -> Vec<String> {
        let body =
            &doc["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"];
        let name = body["$ref"].as_str().unwrap().rsplit('/').next().unwrap();
        let mut keys: Vec<String> = doc["components"]["schemas"][name]["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("{name} has properties"))
            .keys()
            .cloned()
            .collect();
        keys.sort();
        keys
    };
    assert_eq!(
        keys("post", "/api/v1/nominations/{id}/decision"),
        [
            "decision",
            "reason",
            "score_exception_reason",
            "signed_by",
            "signed_on"
        ]
    );
    assert_eq!(
        keys("post", "/api/v1/benefits/{id}/decision"),
        ["outcome", "reason"]
    );
    assert_eq!(keys("post", "/api/v1/nominations/{id}/return"), ["comment"]);
    assert_eq!(keys("post", "/api/v1/assessments/{id}/return"), ["reason"]);
    let notice = &doc["components"]["schemas"]["NoticeObjection"]["properties"];
    let assessment = &doc["components"]["schemas"]["Objection"]["properties"];
    assert!(notice.is_object() && assessment.is_object());
    assert_ne!(notice, assessment, "two objections, two schemas");
}

#[test]
fn the_unit_report_documents_its_csv_and_xlsx_answers() {
    let doc = document();
    let content = &doc["paths"]["/api/v1/assessment-rounds/{id}/units/{unit_id}/report"]["get"]["responses"]
        ["200"]["content"];
    for kind in [
        "application/json",
        "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ] {
        assert!(content[kind].is_object(), "{kind}: {content}");
    }
}

#[actix_web::test]
async fn a_method_a_route_does_not_take_answers_405_with_the_methods_it_takes() {
    let app = crate::helpers::spawn().await;
    let (_, token) = app.city_admin().await;
    for (method, path, allow) in [
        ("TRACE", "/api/v1/auth/me", "GET"),
        ("DELETE", "/api/v1/units", "GET, POST"),
        ("PUT", "/healthz", "GET"),
    ] {
        let res = app.request(method, path, Some(&token), None).await;
        assert_eq!(res.status, 405, "{method} {path}: {}", res.body);
        assert_eq!(res.body["error"], "method_not_allowed");
        assert_eq!(
            res.headers.get("allow").and_then(|v| v.to_str().ok()),
            Some(allow),
            "{method} {path}"
        );
    }
    let unknown = app.get("/api/v1/no-such-route", Some(&token)).await;
    assert_eq!(unknown.status, 404, "an unknown path is still a 404");
}

#[test]
fn a_date_excel_cannot_hold_is_written_as_text_instead_of_failing_the_workbook() {
    use chrono::NaiveDate;
    use peidai::domain::sheet::{Cell, Column, Sheet};
    use peidai::i18n::{Locale, Msg};
    let mut sheet = Sheet::new(
        Msg::new("名册", "Register"),
        "全市",
        NaiveDate::from_ymd_opt(2026, 12, 4).unwrap(),
        vec![Column::date("开始日期", "start")],
    );
    for (y, m, d) in [(132, 5, 1), (2026, 1, 5), (1899, 12, 31)] {
        sheet.push(vec![Cell::Date(NaiveDate::from_ymd_opt(y, m, d).unwrap())]);
    }
    let book = peidai::domain::sheet_xlsx::to_xlsx(&sheet, Locale::ZhCn);
    assert!(book.is_ok(), "{:?}", book.err());
}

#[test]
fn a_unit_district_is_documented_with_the_pattern_the_service_applies() {
    let doc = document();
    for (method, path) in [("post", "/api/v1/units"), ("patch", "/api/v1/units/{id}")] {
        let schema = body_property(&doc, method, path, "district");
        let pattern = schema["pattern"]
            .as_str()
            .unwrap_or_else(|| panic!("{method} {path} district has a pattern: {schema}"));
        let re = regex::Regex::new(pattern).expect("the pattern is a regular expression");
        let long = "区".repeat(51);
        for s in [
            "红山区",
            "",
            "  ",
            " 松山区 ",
            "红\u{13}山",
            "换\n行",
            long.as_str(),
        ] {
            assert_eq!(
                re.is_match(s),
                peidai::domain::text::optional(Some(s), 50).is_ok(),
                "{method} {path}: the document and the service agree on {s:?}"
            );
        }
    }
}

/// A whole number written as a float (`1445.0`) is an integer to JSON Schema, so a field the
/// document types `integer` takes it; a fraction is still refused on the field.
#[actix_web::test]
async fn a_whole_number_written_as_a_float_is_taken_where_an_integer_is_asked() {
    let app = crate::helpers::spawn().await;
    let (_, city) = app.city_admin().await;
    let put = |v: Value| {
        app.request(
            "PUT",
            "/api/v1/benefit-quotas/2027",
            Some(&city),
            Some(json!({ "recuperation_leave": v })),
        )
    };
    let whole = put(json!(1445.0)).await;
    assert_eq!(whole.status, 200, "{}", whole.body);
    assert_eq!(whole.body["quota"], 1445, "{}", whole.body);
    let fraction = put(json!(2.5)).await;
    assert_eq!(fraction.status, 422, "{}", fraction.body);
    assert!(
        fraction.body["fields"]["recuperation_leave"].is_object(),
        "{}",
        fraction.body
    );
}

/// A control character in a query parameter (a NUL, which PostgreSQL's text refuses) answers 422
/// naming the parameter, on every route, before any query runs.
#[actix_web::test]
async fn a_control_character_in_a_query_parameter_answers_422_naming_it() {
    let app = crate::helpers::spawn().await;
    let (_, city) = app.city_admin().await;
    for path in ["/api/v1/mentors?q=a%00b", "/api/v1/users?q=%07"] {
        let res = app.get(path, Some(&city)).await;
        assert_eq!(res.status, 422, "{path}: {}", res.body);
        assert_eq!(
            res.field_code("q"),
            Some("control_character"),
            "{}",
            res.body
        );
        assert!(
            res.body["fields"]["q"]["message"]
                .as_str()
                .unwrap()
                .contains("控制字符"),
            "{}",
            res.body
        );
    }
    let fine = app.get("/api/v1/mentors?q=%E6%9D%8E", Some(&city)).await;
    assert_eq!(fine.status, 200, "{}", fine.body);
}

/// Every free-text query parameter of the document says what the service keeps: at most 200
/// characters and no control character, with a pattern that refuses a NUL (a search `q` takes
/// Chinese).
#[test]
fn every_free_text_query_parameter_documents_its_length_and_characters() {
    let doc = document();
    let mut checked = 0;
    for (what, op) in operations(&doc) {
        for p in op["parameters"].as_array().into_iter().flatten() {
            let schema = &p["schema"];
            let stringy = schema["type"] == "string"
                || schema["type"]
                    .as_array()
                    .is_some_and(|t| t.iter().any(|t| t == "string"));
            if p["in"] != "query" || !stringy || schema["enum"].is_array() {
                continue;
            }
            let name = p["name"].as_str().unwrap();
            if let Some(max) = schema["maxLength"].as_u64() {
                assert!(max <= 200, "{what} ?{name}: {schema}");
            }
            let pattern = schema["pattern"]
                .as_str()
                .unwrap_or_else(|| panic!("{what} ?{name} has no pattern: {schema}"));
            let re = regex::Regex::new(pattern).unwrap();
            if name == "q" {
                assert!(re.is_match("李华 li"), "{what} ?{name} takes a name");
            }
            assert!(!re.is_match("a\u{0}b"), "{what} ?{name}");
            assert!(!re.is_match("\u{7}"), "{what} ?{name}");
            let too_long = "字".repeat(201);
            assert!(
                schema["maxLength"].is_u64() || !re.is_match(&too_long),
                "{what} ?{name} bounds its length: {schema}"
            );
            checked += 1;
        }
    }
    assert!(
        checked >= 7,
        "the free-text query parameters were found: {checked}"
    );
}
