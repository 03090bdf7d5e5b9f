//! One run of a job at a time: a guard in the application instance, and on PostgreSQL also an advisory lock held
//! on a dedicated connection, so that two instances on one database do not run a job together.

use crate::db::{Backend, Db, Pooled, job_locks};
use crate::error::AppError;
use crate::state::jobs::{JobName, Running};

/// The advisory-lock key of a job: a fixed prefix and the job's position.
fn advisory_key(job: JobName) -> i64 {
    let index = JobName::ALL.iter().position(|j| *j == job).unwrap_or(0) as i64;
    0x7065_6964_0000_0000 | index
}

/// The transaction-lock key that orders the instances claiming one tick of `job`'s timer: apart
/// from [`advisory_key`], so a claim never waits for a run in progress.
pub fn tick_key(job: JobName) -> i64 {
    advisory_key(job) | 0x0001_0000
}

/// A held job lock; release it with [`JobLock::release`].
pub struct JobLock {
    job: JobName,
    running: Running,
    pg: Option<Pooled>,
}

impl JobLock {
    /// Takes the job's lock, or `None` if the job is running already.
    pub async fn acquire(
        db: &Db,
        running: &Running,
        job: JobName,
    ) -> Result<Option<Self>, AppError> {
        if !running.enter(job) {
            return Ok(None);
        }
        let db2 = db.clone();
        let pg = actix_web::web::block(move || -> Result<Option<Option<Pooled>>, AppError> {
            if db2.backend() != Backend::Postgres {
                return Ok(Some(None));
            }
            let mut conn = db2.get()?;
            let locked = job_locks::try_lock(&mut conn, advisory_key(job))?;
            Ok(if locked { Some(Some(conn)) } else { None })
        })
        .await
        .map_err(|e| AppError::internal(anyhow::anyhow!("blocking task failed: {e}")));
        match pg {
            Ok(Ok(Some(pg))) => Ok(Some(Self {
                job,
                running: running.clone(),
                pg,
            })),
            other => {
                running.leave(job);
                match other {
                    Ok(Ok(None)) => Ok(None),
                    Ok(Err(e)) | Err(e) => Err(e),
                    Ok(Ok(Some(_))) => unreachable!(),
                }
            }
        }
    }

    /// Lets the next run in.
    pub async fn release(self) {
        let Self { job, running, pg } = self;
        if let Some(mut conn) = pg {
            let _ = actix_web::web::block(move || job_locks::unlock(&mut conn, advisory_key(job)))
                .await;
        }
        running.leave(job);
    }
}
