//! Bad input that once made a 500: a 50,000-character search string (SQLite refuses so long a
//! LIKE pattern) and identical files uploaded at the same moment. A query parameter over the
//! bound is a 422 naming it on the API and a 400 page on the pages; every upload is stored.

use serde_json::json;

use crate::helpers::{PASSWORD, spawn, two_units};
use crate::web_client::WebClient;

#[actix_web::test]
async fn a_search_string_over_the_bound_is_a_422_naming_the_parameter_never_a_500() {
    let app = spawn().await;
    let (_, city) = app.city_admin().await;
    let long = "a".repeat(50_000);
    for path in ["/api/v1/users", "/api/v1/mentors", "/api/v1/units"] {
        let res = app.get(&format!("{path}?q={long}"), Some(&city)).await;
        assert_eq!(res.status, 422, "{path}: {}", res.body);
        assert_eq!(
            res.field_code("q"),
            Some("too_long"),
            "{path}: {}",
            res.body
        );
        let message = res.body["fields"]["q"]["message"].to_string();
        assert!(
            message.contains("搜索内容") && message.contains("200"),
            "{message}"
        );
        // At the bound the search runs.
        let ok = app
            .get(
                &format!("{path}?q={}", "%E5%BC%A0".repeat(200)),
                Some(&city),
            )
            .await;
        assert_eq!(ok.status, 200, "{path}: {}", ok.body);
    }
    let audit = app
        .get(
            &format!("/api/v1/audit-events?action={}", "a".repeat(5_000)),
            Some(&city),
        )
        .await;
    assert_eq!(audit.status, 422, "{}", audit.body);
    assert_eq!(audit.field_code("action"), Some("too_long"));
}

#[actix_web::test]
async fn a_page_filter_over_the_bound_answers_a_400_page_never_a_500() {
    let app = spawn().await;
    app.city_admin().await;
    let mut web = WebClient::new(&app);
    web.sign_in("city.admin@test.cn", PASSWORD).await;
    let long = "a".repeat(50_000);
    for path in ["/city/people", "/city/units"] {
        let page = web.get(&format!("{path}?q={long}")).await;
        assert_eq!(page.status, 400, "{path}");
        assert!(
            page.html.contains("搜索内容") && page.html.contains("200"),
            "{path}: the page names the parameter"
        );
        let ok = web.get(&format!("{path}?q=%25_%5C")).await;
        assert_eq!(ok.status, 200, "{path}");
    }
}

#[actix_web::test]
async fn identical_files_uploaded_at_once_are_all_stored() {
    let app = spawn().await;
    let s = two_units(&app).await;
    let round = app
        .post(
            "/api/v1/selection-rounds",
            Some(&s.city),
            json!({ "name": "第五届人才培带人选拔", "year": 2027 }),
        )
        .await;
    let candidate = app
        .post(
            "/api/v1/users",
            Some(&s.city),
            json!({
                "email": "candidate@test.cn", "name": "候选人", "roles": ["mentee"], "unit_id": s.u1.0,
                "profile": { "birth_date": "1985-01-01", "city_work_start_date": "2010-01-01", "education": "doctorate" }
            }),
        )
        .await;
    let nomination = app
        .post(
            &format!("/api/v1/selection-rounds/{}/nominations", round.body["id"]),
            Some(&s.admin1.1),
            json!({ "candidate_id": candidate.body["id"], "category": "professional_technical" }),
        )
        .await;
    assert_eq!(nomination.status, 201, "{}", nomination.body);
    let owner = format!("/api/v1/nominations/{}", nomination.body["id"]);
    let mut pdf = b"%PDF-1.4\n".to_vec();
    pdf.resize(900_000, b'x');
    const UPLOADS: usize = 20;
    let path = format!("{owner}/files?name=same.pdf");
    let uploads = (0..UPLOADS).map(|_| {
        app.send_raw(
            "POST",
            &path,
            Some(&s.admin1.1),
            "application/pdf",
            pdf.clone(),
        )
    });
    let answers = futures_util::future::join_all(uploads).await;
    let mut ids = Vec::new();
    for up in &answers {
        assert_eq!(up.status, 201, "{}", up.body);
        ids.push(up.body["id"].as_i64().unwrap());
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), UPLOADS, "each upload is a file of its own");
    for id in [ids[0], ids[UPLOADS - 1]] {
        let file = app
            .client
            .get(format!("{}{owner}/files/{id}", app.base))
            .insert_header(("Authorization", format!("Bearer {}", s.city)))
            .send()
            .await
            .unwrap()
            .body()
            .limit(2_000_000)
            .await
            .unwrap();
        assert_eq!(file.len(), pdf.len(), "the stored file is whole");
    }
}
