//! The Content-Security-Policy of every answer that does not carry its own. The pages set theirs
//! (`web::layout`); everything else gets one here, chosen by path: the API's JSON, the OpenAPI
//! document, health and metrics load nothing, so nothing is allowed; the API docs viewer gets the
//! smallest policy it runs under (its own script, style and images from this site).

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{CONTENT_SECURITY_POLICY, HeaderValue};
use actix_web::middleware::Next;

/// Answers that load nothing: the API's JSON, the OpenAPI document, health, metrics, files.
pub const NOTHING_CSP: &str = "default-src 'none'; frame-ancestors 'none'";

/// The API docs viewer (Swagger UI): its script and style from this site, the OpenAPI document
/// fetched from this site, and the icons its stylesheet carries as `data:` images. Its script
/// adds one `<style>` element of its own; that element alone is allowed, by its hash (a newer
/// viewer with other text would be refused it, and only lose that bit of styling).
pub const DOCS_CSP: &str = "default-src 'none'; script-src 'self'; \
                            style-src 'self' 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='; \
                            img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; \
                            base-uri 'none'; form-action 'none'";

/// The folder the API docs viewer is served from.
const DOCS_PREFIX: &str = "/api/docs";

/// The policy an answer to `path` gets when it carries none of its own.
pub fn policy_for(path: &str) -> &'static str {
    if path == DOCS_PREFIX || path.starts_with("/api/docs/") {
        DOCS_CSP
    } else {
        NOTHING_CSP
    }
}

/// Adds [`policy_for`] the request's path to an answer that has no Content-Security-Policy.
pub async fn content_security_policy(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let policy = policy_for(req.path());
    let mut res = next.call(req).await?;
    let headers = res.headers_mut();
    if !headers.contains_key(CONTENT_SECURITY_POLICY) {
        headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(policy));
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_docs_viewer_gets_its_policy_and_everything_else_none() {
        assert_eq!(policy_for("/api/docs/"), DOCS_CSP);
        assert_eq!(policy_for("/api/docs/swagger-ui.css"), DOCS_CSP);
        assert_eq!(policy_for("/api/v1/openapi.json"), NOTHING_CSP);
        assert_eq!(policy_for("/api/v1/users"), NOTHING_CSP);
        assert_eq!(policy_for("/healthz"), NOTHING_CSP);
        assert_eq!(policy_for("/api/docsx"), NOTHING_CSP);
    }
}
