//! The benchmark at national scale: a deterministic data generator (`bench seed`) and a load and
//! job harness (`bench run`) that prints its figures and writes them as JSON. Loopback only,
//! bounded in time and count.

pub mod jobs;
pub mod load;
pub mod run;
pub mod seed;
pub mod sink;
