//! The OpenAPI document describes the API a client can be generated from: every enum lists the
//! codes the service takes and sends, every `$ref` names a defined schema, and every operation
//! documents the error answers it can give, with the service's error body.

use std::collections::{BTreeMap, BTreeSet};

use peidai::domain::choice::Choice;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// The document as a client downloads it.
fn document() -> Value {
    serde_json::to_value(peidai::startup::openapi()).unwrap()
}

/// An enum type of the API: the codes it sends (its serde form) and whether it takes a code.
struct EnumType {
    codes: Vec<String>,
    takes: fn(&str) -> bool,
}

fn takes<T: DeserializeOwned>(code: &str) -> bool {
    serde_json::from_value::<T>(json!(code)).is_ok()
}

fn sent<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value).unwrap() {
        Value::String(s) => s,
        other => panic!("an enum value serialises as a string, not {other}"),
    }
}

/// A closed set of values: every value's serde form, checked to be its stored code.
fn choice<T: Choice + Serialize + DeserializeOwned>() -> EnumType {
    let codes = T::ALL
        .iter()
        .map(|v| {
            let code = sent(v);
            assert_eq!(code, v.code(), "serde sends the stored code");
            code
        })
        .collect();
    EnumType {
        codes,
        takes: takes::<T>,
    }
}

/// Every enum schema the document may hold, by its schema name.
fn enum_types() -> BTreeMap<&'static str, EnumType> {
    use peidai::domain::*;
    let mut t = BTreeMap::new();
    t.insert("Gender", choice::<profile::Gender>());
    t.insert("Education", choice::<profile::Education>());
    t.insert("TitleLevel", choice::<profile::TitleLevel>());
    t.insert("SkillLevel", choice::<profile::SkillLevel>());
    t.insert("UnitKind", choice::<unit::UnitKind>());
    t.insert("EndReason", choice::<end_reason::EndReason>());
    t.insert("IndicatorKind", choice::<indicator::IndicatorKind>());
    t.insert("BenefitKind", choice::<benefit::BenefitKind>());
    t.insert("BenefitStatus", choice::<benefit::BenefitStatus>());
    t.insert("UserStatus", choice::<user::UserStatus>());
    t.insert("AttendanceStatus", choice::<activity::AttendanceStatus>());
    t.insert("PlanStatus", choice::<plan::PlanStatus>());
    t.insert("PlanDecision", choice::<plan::PlanDecision>());
    t.insert("RoundStatus", choice::<selection::RoundStatus>());
    t.insert("NominationStatus", choice::<selection::NominationStatus>());
    t.insert("HonourLevel", choice::<selection::HonourLevel>());
    t.insert("TalentCategory", choice::<category::TalentCategory>());
    t.insert("Grade", choice::<assessment::Grade>());
    t.insert("AssessmentStatus", choice::<assessment::AssessmentStatus>());
    t.insert("AssessmentKind", choice::<assessment::AssessmentKind>());
    t.insert("Consequence", choice::<assessment::Consequence>());
    t.insert("ObjectionStatus", choice::<assessment::ObjectionStatus>());
    t.insert(
        "ObjectionDecision",
        choice::<assessment::ObjectionDecision>(),
    );
    t.insert("Recommendation", choice::<review::Recommendation>());
    t.insert("Decision", choice::<review::Decision>());
    t.insert("ObjectionOutcome", choice::<review::ObjectionOutcome>());
    t.insert("MentorStatus", choice::<review::MentorStatus>());
    t.insert("Measure", choice::<contract::Measure>());
    t.insert("ContractStatus", choice::<contract::ContractStatus>());
    t.insert("LeaveReason", choice::<contract::LeaveReason>());
    t.insert("Role", choice::<role::Role>());
    t.insert("Locale", choice::<peidai::i18n::Locale>());
    t.insert(
        "UnqualifiedConsequence",
        choice::<policy::UnqualifiedConsequence>(),
    );
    // Taken only (`?format=`): the codes are those it takes.
    t.insert(
        "ReportFormat",
        EnumType {
            codes: ["json", "csv", "xlsx"].map(String::from).to_vec(),
            takes: takes::<sheet::ReportFormat>,
        },
    );
    // Sent only (`/readyz`).
    t.insert(
        "Backend",
        EnumType {
            codes: [peidai::db::Backend::Sqlite, peidai::db::Backend::Postgres]
                .iter()
                .map(sent)
                .collect(),
            takes: |_| true,
        },
    );
    t
}

/// Every `enum` list anywhere in `value`, with where it is.
fn enum_lists(value: &Value, at: String, out: &mut Vec<(String, Vec<Value>)>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(list)) = map.get("enum") {
                out.push((at.clone(), list.clone()));
            }
            for (k, v) in map {
                enum_lists(v, format!("{at}/{k}"), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                enum_lists(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_enum_of_the_document_lists_the_codes_the_service_takes_and_sends() {
    let doc = document();
    let types = enum_types();
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    let mut seen = 0;
    for (name, schema) in schemas {
        let mut lists = Vec::new();
        enum_lists(schema, name.clone(), &mut lists);
        if lists.is_empty() {
            continue;
        }
        let Some(t) = types.get(name.as_str()) else {
            // An object schema may hold an inline enum: it must be one of the known lists.
            for (at, list) in lists {
                assert!(
                    types.values().any(|t| json!(t.codes) == json!(list)),
                    "{at}: an enum the table does not know: {list:?}"
                );
            }
            continue;
        };
        let listed: Vec<String> = lists[0]
            .1
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect();
        assert_eq!(listed, t.codes, "{name}: the document lists the codes sent");
        for code in &listed {
            assert!((t.takes)(code), "{name}: `{code}` is taken");
        }
        seen += 1;
    }
    assert!(seen >= 30, "the enums are in the components ({seen})");
    // Inline enums (parameters, bodies) are known lists too.
    let mut lists = Vec::new();
    enum_lists(&doc["paths"], "paths".into(), &mut lists);
    for (at, list) in lists {
        assert!(
            types.values().any(|t| json!(t.codes) == json!(list)),
            "{at}: an enum the table does not know: {list:?}"
        );
    }
    // The test fails where it should: a variant name is not a code.
    assert!(!(types["UnitKind"].takes)("CityDepartment"));
}

/// Every `$ref` in `value`.
fn refs(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("$ref", Value::String(r)) => {
                        out.insert(r.clone());
                    }
                    _ => refs(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

#[test]
fn every_ref_of_the_document_names_a_defined_schema() {
    let doc = document();
    let mut found = BTreeSet::new();
    refs(&doc, &mut found);
    assert!(found.len() > 50, "the document refers to its schemas");
    for r in &found {
        let name = r
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("{r} points into the schemas"));
        assert!(
            doc["components"]["schemas"][name].is_object(),
            "{r} is defined"
        );
    }
    assert!(doc["components"]["schemas"]["ReportFormat"].is_object());
}

#[test]
fn every_operation_documents_its_error_answers_with_the_error_body() {
    let doc = document();
    let mut operations = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let Some(responses) = op["responses"].as_object() else {
                continue;
            };
            operations += 1;
            let what = format!("{} {path}", method.to_uppercase());
            let signed_in = op["security"].is_array();
            let has_query = op["parameters"]
                .as_array()
                .is_some_and(|ps| ps.iter().any(|p| p["in"] == "query"));
            let has_body = op["requestBody"].is_object();
            let mut needed = Vec::new();
            if signed_in {
                needed.extend(["401", "403"]);
            }
            if path.contains('{') {
                needed.push("404");
            }
            if has_body {
                needed.extend(["400", "422"]);
            }
            if has_query {
                needed.push("422");
            }
            if signed_in && method != "get" {
                needed.push("409");
            }
            for status in needed {
                assert!(responses.contains_key(status), "{what} documents {status}");
            }
            for (status, answer) in responses {
                if status.starts_with('4') {
                    assert_eq!(
                        answer["content"]["application/json"]["schema"]["$ref"],
                        "#/components/schemas/ErrorBody",
                        "{what} {status} answers the error body"
                    );
                }
            }
        }
    }
    assert!(
        operations > 100,
        "the document lists the API ({operations})"
    );
}

/// Where `value` breaks `schema` (a small reading of the JSON Schema the document uses: `$ref`,
/// `type` (one or a list, `null` among them), `oneOf`/`anyOf`/`allOf`, `enum`, `properties`
/// with `required`, `items`, `additionalProperties`).
fn violations(doc: &Value, schema: &Value, value: &Value, at: &str, out: &mut Vec<String>) {
    if let Some(r) = schema["$ref"].as_str() {
        let name = r.rsplit('/').next().unwrap();
        return violations(doc, &doc["components"]["schemas"][name], value, at, out);
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(options) = schema[key].as_array() {
            let fits = options.iter().any(|o| {
                let mut none = Vec::new();
                violations(doc, o, value, at, &mut none);
                none.is_empty()
            });
            if !fits {
                out.push(format!("{at}: {value} fits none of {key}"));
            }
        }
    }
    if let Some(all) = schema["allOf"].as_array() {
        for s in all {
            violations(doc, s, value, at, out);
        }
    }
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if !types.is_empty() {
        let fits = types.iter().any(|t| match *t {
            "null" => value.is_null(),
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            "array" => value.is_array(),
            "object" => value.is_object(),
            _ => true,
        });
        if !fits {
            out.push(format!("{at}: {value} is not {types:?}"));
            return;
        }
    }
    if let Some(list) = schema["enum"].as_array()
        && !value.is_null()
        && !list.contains(value)
    {
        out.push(format!("{at}: {value} is not one of {list:?}"));
    }
    if let (Some(items), Some(values)) = (schema.get("items"), value.as_array()) {
        for (i, v) in values.iter().enumerate() {
            violations(doc, items, v, &format!("{at}[{i}]"), out);
        }
    }
    if let Some(map) = value.as_object() {
        let props = schema["properties"].as_object();
        for name in schema["required"].as_array().into_iter().flatten() {
            let name = name.as_str().unwrap();
            if !map.contains_key(name) {
                out.push(format!("{at}.{name}: required, missing"));
            }
        }
        for (k, v) in map {
            match props.and_then(|p| p.get(k)) {
                Some(s) => violations(doc, s, v, &format!("{at}.{k}"), out),
                None => match schema.get("additionalProperties") {
                    Some(Value::Bool(false)) => {
                        out.push(format!("{at}.{k}: not in the schema"));
                    }
                    Some(s) if s.is_object() => violations(doc, s, v, &format!("{at}.{k}"), out),
                    _ => {}
                },
            }
        }
    }
}

#[actix_web::test]
async fn the_json_answers_of_the_read_routes_fit_their_documented_schemas() {
    let y = crate::lists::program_year().await;
    let doc = document();
    let prefixes = [
        "/api/v1/contracts/",
        "/api/v1/activities/",
        "/api/v1/nominations/",
        "/api/v1/assessment-objections/",
        "/api/v1/assessment-rounds/",
        "/api/v1/selection-rounds/",
        "/api/v1/mentors/",
        "/api/v1/assessments/",
    ];
    let mut checked = 0;
    let mut failures = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        let Some(op) = item.get("get") else { continue };
        let Some(schema) = op["responses"]["200"]["content"].get("application/json") else {
            continue;
        };
        let rest = path.replace("{unit_id}", "").replace("{name}", "");
        let fillable = !rest.contains('{')
            || (rest.matches('{').count() == 1
                && rest.contains("{id}")
                && prefixes.iter().any(|p| path.starts_with(p)));
        if !fillable || path.contains("/files") || path.contains("openapi") {
            continue;
        }
        let url = crate::lists::fill(path, &y);
        let res = y.app.get(&url, Some(crate::lists::reader(path, &y))).await;
        if res.status != 200 {
            continue;
        }
        checked += 1;
        violations(&doc, &schema["schema"], &res.body, &url, &mut failures);
    }
    assert!(checked > 30, "the read routes answered ({checked})");
    // The check fails where it should: a page whose items are not a list, a unit without a name.
    let page = &doc["paths"]["/api/v1/units"]["get"]["responses"]["200"]["content"]["application/json"]
        ["schema"];
    let mut broken = Vec::new();
    violations(&doc, page, &json!({ "items": 1 }), "units", &mut broken);
    violations(
        &doc,
        page,
        &json!({ "items": [{ "id": "x" }], "page": 1, "per_page": 20, "total": 1 }),
        "units",
        &mut broken,
    );
    assert!(broken.len() >= 3, "{broken:?}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[actix_web::test]
async fn a_unit_created_with_each_kind_the_document_lists_is_created_and_answers_that_kind() {
    let app = crate::helpers::spawn().await;
    let (_, token) = app.city_admin().await;
    let doc = app.get("/api/v1/openapi.json", None).await.body;
    let kinds = doc["components"]["schemas"]["UnitKind"]["enum"]
        .as_array()
        .expect("UnitKind lists its values")
        .clone();
    assert!(kinds.len() >= 5, "{kinds:?}");
    for (i, kind) in kinds.iter().enumerate() {
        let res = app
            .post(
                "/api/v1/units",
                Some(&token),
                json!({ "name": format!("文档单位{i}"), "kind": kind }),
            )
            .await;
        assert_eq!(res.status, 201, "{kind}: {}", res.body);
        assert_eq!(&res.body["kind"], kind, "the answer sends the code it took");
    }
}
