//! A write transaction whose work is kept only when it says so: the imports' dry run (always
//! rolled back) and their apply (rolled back when any row is refused) run the very same code,
//! and answer what it found either way.

use super::{AnyConnection, write_transaction};
use crate::error::AppError;

/// How a trial transaction ended: failed, or rolled back on purpose with its value.
enum End<T> {
    Failed(AppError),
    RolledBack(T),
}

impl<T> From<diesel::result::Error> for End<T> {
    fn from(e: diesel::result::Error) -> Self {
        End::Failed(e.into())
    }
}

/// Runs `f` in a write transaction ([`write_transaction`]); `f` answers its value and whether to
/// keep what it wrote. The value comes back whether the work was committed or rolled back.
pub fn write_transaction_keeping<T>(
    conn: &mut AnyConnection,
    f: impl FnOnce(&mut AnyConnection) -> Result<(T, bool), AppError>,
) -> Result<T, AppError> {
    let ended = write_transaction(conn, |c| match f(c) {
        Ok((value, true)) => Ok(value),
        Ok((value, false)) => Err(End::RolledBack(value)),
        Err(e) => Err(End::Failed(e)),
    });
    match ended {
        Ok(value) | Err(End::RolledBack(value)) => Ok(value),
        Err(End::Failed(e)) => Err(e),
    }
}
