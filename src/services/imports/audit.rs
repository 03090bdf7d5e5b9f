//! The audit log entries an import writes: one per record it creates or changes (as the API's
//! own changes are recorded), and one for the import as a whole.

use serde_json::Value;

use crate::db::AnyConnection;
use crate::db::audit::{self, Entry};
use crate::error::AppError;
use crate::services::audit_trail::Subject;

use super::ImportContext;

/// Records `action` on `subject` by the importing admin (or the command line), in the import's
/// transaction; `summary` gets `"source": "import"`.
pub fn record(
    c: &mut AnyConnection,
    ctx: &ImportContext,
    action: &str,
    subject: Subject,
    mut summary: Value,
) -> Result<(), AppError> {
    if let Value::Object(map) = &mut summary {
        map.insert("source".into(), Value::from("import"));
    }
    audit::record(
        c,
        ctx.at.naive_utc(),
        &ctx.origin,
        Entry {
            actor: ctx.actor,
            action,
            object_type: Some(subject.object_type),
            object_id: subject.object_id,
            unit_id: subject.unit_id,
            summary,
        },
    )
}
