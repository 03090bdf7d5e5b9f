//! The Content-Security-Policy of every kind of answer: the pages keep theirs; the API's JSON
//! (answers and errors), the OpenAPI document, health and metrics allow nothing; the API docs
//! viewer allows its own script, style and images from this site.

use crate::helpers::spawn;

const NOTHING: &str = "default-src 'none'; frame-ancestors 'none'";

#[actix_web::test]
async fn every_kind_of_answer_carries_a_content_security_policy() {
    let app = spawn().await;
    let (_, city) = app.city_admin().await;
    let csp = |res: &crate::helpers::Res| {
        res.headers
            .get("content-security-policy")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    for (path, token, status) in [
        ("/api/v1/users", Some(city.as_str()), 200),
        ("/api/v1/users", None, 401),
        ("/api/v1/users?page=x", Some(city.as_str()), 422),
        ("/api/v1/no-such-thing", None, 404),
        ("/api/v1/openapi.json", None, 200),
        ("/healthz", None, 200),
        ("/readyz", None, 200),
        ("/metrics", None, 200),
    ] {
        let res = app.get(path, token).await;
        assert_eq!(res.status, status, "{path}");
        assert_eq!(csp(&res), NOTHING, "{path}");
    }
    for path in [
        "/api/docs/",
        "/api/docs/swagger-ui.css",
        "/api/docs/swagger-initializer.js",
    ] {
        let res = app.get(path, None).await;
        assert_eq!(res.status, 200, "{path}");
        let policy = csp(&res);
        assert!(
            policy.contains("script-src 'self'")
                && policy.contains("default-src 'none'")
                && policy.contains("frame-ancestors 'none'")
                && !policy.contains("unsafe"),
            "{path}: {policy}"
        );
    }
    // The pages keep their own policy.
    let login = app.get("/login", None).await;
    assert!(
        csp(&login).starts_with("default-src 'self'"),
        "{}",
        csp(&login)
    );
}
