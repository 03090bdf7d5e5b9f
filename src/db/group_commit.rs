//! SQLite's writer lane, with group commit.
//!
//! SQLite allows one writer at a time, and with `synchronous = FULL` each commit waits for the
//! disk (an fsync, hundreds of microseconds on the machines we run on). Committing each request
//! alone caps the writes at one per fsync, however little each one does. Here one thread owns the
//! writer connection and takes the write requests from a queue: it takes every request already
//! waiting (up to [`MAX_BATCH`]), runs them one after the other in one `BEGIN IMMEDIATE`
//! transaction, each in a savepoint of its own, and commits once. A request that fails is rolled
//! back to its savepoint alone, and the others go on. No answer leaves before its batch is
//! durable: a request's result is handed back only after the commit returned, and if the commit
//! fails, every request of the batch gets the error (nothing of the batch was stored).
//!
//! A request alone in the queue is committed at once: the lane never waits to fill a batch, so a
//! quiet service answers as fast as before and a busy one shares each fsync among the requests
//! that queued during the previous one. Work that commits item by item itself (a job, an import:
//! [`super::Db::write_each`]) runs alone, between batches, outside any transaction.

use std::collections::VecDeque;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;

use std::ops::DerefMut;

use diesel::Connection;

use crate::error::AppError;

/// What the lane needs of the writer: a connection, and how to open and close a batch's
/// transaction on it (`BEGIN IMMEDIATE` on SQLite). The database handle provides it; the lane
/// knows nothing else of the database.
pub trait Writer: Send + 'static {
    type Conn: Connection;
    type Held: DerefMut<Target = Self::Conn>;
    /// A connection for the next batch; an error answers every request of the batch.
    fn connection(&self) -> Result<Self::Held, AppError>;
    fn begin(conn: &mut Self::Conn) -> diesel::QueryResult<()>;
    /// Commits (`true`) or rolls back.
    fn finish(conn: &mut Self::Conn, commit: bool) -> diesel::QueryResult<()>;
}

/// The most requests one commit carries: enough to share an fsync among every request a busy
/// instance has waiting, few enough that one batch's work stays short.
pub const MAX_BATCH: usize = 64;

/// What the lane does with a request once its transaction's fate is known.
type Deliver = Box<dyn FnOnce(Result<(), SharedError>) + Send>;

/// A request's work: given the connection (or the error that kept the lane from one), it runs
/// and gives back what to do once its batch is committed or rolled back.
type Run<C> = Box<dyn FnOnce(Result<&mut C, AppError>) -> Deliver + Send>;

/// A request for the lane: `grouped` ones run in the batch's transaction, the others by
/// themselves. `run` gets the connection (or the error that kept the lane from one) and gives
/// back what to do once the batch is committed or rolled back.
struct Job<C> {
    grouped: bool,
    run: Run<C>,
}

/// What every request of a batch that failed as a whole is told (diesel's errors are not
/// `Clone`): "locked" and "busy" are 503s, as they are for a request alone.
#[derive(Debug, Clone)]
pub struct SharedError {
    unavailable: bool,
    message: String,
}

impl SharedError {
    fn of(e: &diesel::result::Error) -> Self {
        let locked = matches!(
            e,
            diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::SerializationFailure,
                _
            )
        ) || e.to_string().contains("database is locked");
        Self {
            unavailable: locked,
            message: e.to_string(),
        }
    }

    fn panicked() -> Self {
        Self {
            unavailable: false,
            message: "another write of the batch panicked".into(),
        }
    }

    fn to_app(&self) -> AppError {
        if self.unavailable {
            tracing::warn!("database is locked");
            AppError::Unavailable
        } else {
            AppError::internal(anyhow::anyhow!("the write batch failed: {}", self.message))
        }
    }
}

/// The sending end of the lane; cloned with the [`super::Db`] handle. The lane's thread ends
/// when the last handle is dropped.
pub struct GroupWriter<C> {
    queue: mpsc::Sender<Job<C>>,
    /// How many batches were committed (the tests see the batching with it).
    commits: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl<C> Clone for GroupWriter<C> {
    fn clone(&self) -> Self {
        Self {
            queue: self.queue.clone(),
            commits: self.commits.clone(),
        }
    }
}

impl<C: Connection + 'static> GroupWriter<C> {
    /// Starts the lane's thread over the writer (one connection).
    pub fn start<W: Writer<Conn = C>>(writer: W) -> std::io::Result<Self> {
        let (queue, jobs) = mpsc::channel::<Job<C>>();
        let commits = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
        let counted = commits.clone();
        std::thread::Builder::new()
            .name("peidai-writer".into())
            .spawn(move || serve(&writer, &jobs, &counted))?;
        Ok(Self { queue, commits })
    }

    /// How many batches the lane has committed since it started.
    pub fn commits(&self) -> u64 {
        self.commits.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Runs `f` in the next batch, in a savepoint of its own; its result comes back once the
    /// batch is durable.
    pub async fn grouped<T, F>(&self, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut C) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        self.submit(true, move |conn| {
            conn.transaction::<T, AppError, _>(|c| f(c))
        })
        .await
    }

    /// Runs `f` alone on the writer connection, outside any transaction.
    pub async fn alone<T, F>(&self, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut C) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        self.submit(false, f).await
    }

    async fn submit<T, F>(&self, grouped: bool, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut C) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let (answer, answered) = tokio::sync::oneshot::channel::<Result<T, AppError>>();
        let run = move |conn: Result<&mut C, AppError>| {
            let result = conn.and_then(f);
            Box::new(move |batch: Result<(), SharedError>| {
                let _ = answer.send(match (result, batch) {
                    (Ok(value), Ok(())) => Ok(value),
                    (Ok(_), Err(e)) => Err(e.to_app()),
                    (Err(e), _) => Err(e),
                });
            }) as Deliver
        };
        self.queue
            .send(Job {
                grouped,
                run: Box::new(run),
            })
            .map_err(|_| AppError::internal(anyhow::anyhow!("the writer lane has stopped")))?;
        answered.await.map_err(|_| {
            AppError::internal(anyhow::anyhow!("a write was lost by the writer lane"))
        })?
    }
}

/// The lane's thread: batch after batch until every sender is gone.
fn serve<W: Writer>(
    writer: &W,
    jobs: &mpsc::Receiver<Job<W::Conn>>,
    commits: &std::sync::atomic::AtomicU64,
) {
    let mut waiting: VecDeque<Job<W::Conn>> = VecDeque::new();
    loop {
        if waiting.is_empty() {
            match jobs.recv() {
                Ok(job) => waiting.push_back(job),
                Err(_) => return,
            }
        }
        while waiting.len() < MAX_BATCH {
            match jobs.try_recv() {
                Ok(job) => waiting.push_back(job),
                Err(_) => break,
            }
        }
        let mut conn = match writer.connection() {
            Ok(conn) => conn,
            Err(_) => {
                for job in waiting.drain(..) {
                    (job.run)(Err(AppError::Unavailable))(Ok(()));
                }
                continue;
            }
        };
        // Consecutive grouped requests share a batch; a request that runs alone ends it. After
        // a panic the connection is given up (the pool drops it, and SQLite rolls back what it
        // held), and what had not run yet waits for the next connection.
        while let Some(job) = waiting.pop_front() {
            if !job.grouped {
                if run_alone(&mut *conn, job) {
                    break;
                }
                continue;
            }
            let mut batch = vec![job];
            while waiting.front().is_some_and(|j| j.grouped) {
                batch.extend(waiting.pop_front());
            }
            if let Some(rest) = commit_batch::<W>(&mut *conn, batch, commits) {
                for job in rest.into_iter().rev() {
                    waiting.push_front(job);
                }
                break;
            }
        }
    }
}

/// Runs a request alone; a panic in it is that request's error, and gives the connection up
/// (`true`), since it may have left a transaction open.
fn run_alone<C>(conn: &mut C, job: Job<C>) -> bool {
    match catch_unwind(AssertUnwindSafe(|| (job.run)(Ok(conn)))) {
        Ok(deliver) => {
            deliver(Ok(()));
            false
        }
        Err(_) => {
            tracing::error!("a write run alone panicked");
            true
        }
    }
}

/// One transaction for the batch, each request in its savepoint, one commit; then the answers.
/// After a panic in a request, the batch is rolled back and answered with an error, and the
/// requests that had not run yet are given back (`Some`): the connection must not be used again.
fn commit_batch<W: Writer>(
    conn: &mut W::Conn,
    batch: Vec<Job<W::Conn>>,
    commits: &std::sync::atomic::AtomicU64,
) -> Option<Vec<Job<W::Conn>>> {
    if let Err(e) = W::begin(conn) {
        let shared = SharedError::of(&e);
        for job in batch {
            (job.run)(Err(shared.to_app()))(Ok(()));
        }
        return None;
    }
    let mut delivers = Vec::with_capacity(batch.len());
    let mut jobs = batch.into_iter();
    for job in jobs.by_ref() {
        match catch_unwind(AssertUnwindSafe(|| (job.run)(Ok(&mut *conn)))) {
            Ok(deliver) => delivers.push(deliver),
            Err(_) => {
                tracing::error!("a write in a batch panicked; the batch is rolled back");
                for deliver in delivers {
                    deliver(Err(SharedError::panicked()));
                }
                return Some(jobs.collect());
            }
        }
    }
    let outcome = W::finish(conn, true).map_err(|e| SharedError::of(&e));
    if outcome.is_err() {
        let _ = W::finish(conn, false);
    } else {
        commits.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
    for deliver in delivers {
        deliver(outcome.clone());
    }
    None
}

#[cfg(test)]
mod tests {
    use diesel::RunQueryDsl;
    use diesel::connection::SimpleConnection;
    use diesel::sql_types::BigInt;

    use super::*;
    use crate::db::{AnyConnection, ConnectionManager, DatabaseUrl, StatementCounter};
    use diesel::r2d2;

    /// The lane's writer in these tests: a pool of one, as the handle's.
    struct TestWriter(r2d2::Pool<ConnectionManager>);

    impl Writer for TestWriter {
        type Conn = AnyConnection;
        type Held = r2d2::PooledConnection<ConnectionManager>;
        fn connection(&self) -> Result<Self::Held, AppError> {
            self.0.get().map_err(|_| AppError::Unavailable)
        }
        fn begin(conn: &mut AnyConnection) -> diesel::QueryResult<()> {
            crate::db::begin_immediate(conn)
        }
        fn finish(conn: &mut AnyConnection, commit: bool) -> diesel::QueryResult<()> {
            crate::db::finish(conn, commit)
        }
    }

    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }

    /// A lane over a fresh SQLite file with a table `t(v)`.
    fn lane(dir: &std::path::Path) -> (GroupWriter<AnyConnection>, r2d2::Pool<ConnectionManager>) {
        let manager = |read_only| ConnectionManager {
            url: DatabaseUrl::Sqlite(dir.join("lane.db")),
            busy_timeout_ms: 5000,
            read_only,
            statements: StatementCounter::default(),
        };
        let pool = |read_only| {
            r2d2::Pool::builder()
                .max_size(1)
                .build(manager(read_only))
                .expect("pool")
        };
        let writer = pool(false);
        writer
            .get()
            .unwrap()
            .batch_execute("CREATE TABLE t (v BIGINT NOT NULL UNIQUE)")
            .unwrap();
        (GroupWriter::start(TestWriter(writer)).unwrap(), pool(true))
    }

    fn stored(reader: &r2d2::Pool<ConnectionManager>) -> i64 {
        diesel::sql_query("SELECT count(*) AS n FROM t")
            .get_result::<Count>(&mut *reader.get().unwrap())
            .unwrap()
            .n
    }

    fn insert(v: i64) -> impl FnOnce(&mut AnyConnection) -> Result<i64, AppError> {
        move |c| {
            diesel::sql_query(format!("INSERT INTO t (v) VALUES ({v})")).execute(c)?;
            Ok(v)
        }
    }

    #[actix_web::test]
    async fn waiting_writes_share_a_commit_and_a_failed_one_is_rolled_back_alone() {
        let dir = tempfile::tempdir().unwrap();
        let (lane, reader) = lane(dir.path());
        // 200 writes at once; every seventh inserts a value already taken and fails.
        let writes = (0..200i64).map(|i| {
            let lane = lane.clone();
            let v = if i % 7 == 6 { i - 1 } else { i };
            async move { lane.grouped(insert(v)).await }
        });
        let answers = futures_util::future::join_all(writes).await;
        let ok = answers.iter().filter(|a| a.is_ok()).count() as i64;
        let failed = answers.iter().filter(|a| a.is_err()).count() as i64;
        assert_eq!(failed, 200 / 7, "the duplicates fail, and only they");
        assert_eq!(
            stored(&reader),
            ok,
            "every acknowledged write is stored, no other"
        );
        assert!(
            lane.commits() < 200 - failed as u64,
            "writes waiting together share commits: {} commits for {ok} writes",
            lane.commits()
        );
    }

    #[actix_web::test]
    async fn a_panic_rolls_its_batch_back_and_the_lane_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let (lane, reader) = lane(dir.path());
        let writes = (0..50i64).map(|i| {
            let lane = lane.clone();
            async move {
                if i == 20 {
                    lane.grouped(|_| -> Result<i64, AppError> { panic!("a bug") })
                        .await
                } else {
                    lane.grouped(insert(i)).await
                }
            }
        });
        let answers = futures_util::future::join_all(writes).await;
        assert!(answers[20].is_err());
        let ok = answers.iter().filter(|a| a.is_ok()).count() as i64;
        assert_eq!(
            stored(&reader),
            ok,
            "acknowledged and stored agree after a panic"
        );
        // The lane still serves, alone and grouped.
        assert_eq!(lane.grouped(insert(1000)).await.unwrap(), 1000);
        let alone = lane
            .alone(|c| crate::db::write_transaction(c, insert(1001)))
            .await;
        assert_eq!(alone.unwrap(), 1001);
        assert_eq!(stored(&reader), ok + 2);
    }
}
