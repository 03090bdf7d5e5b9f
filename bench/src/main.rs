//! `peidai-bench`: the benchmark at national scale, outside the service's binary. A deterministic
//! data generator (`seed`) and a load and job harness (`run`) that prints its figures (beside the
//! stack's ceiling, when its binary is given) and writes them as JSON. Loopback only, bounded in time and count. It uses the `peidai` library for the
//! schema, the domain types, the jobs and the server itself.

mod ceiling;
mod cli;
mod jobs;
mod load;
mod run;
mod seed;
mod sink;

fn main() -> std::process::ExitCode {
    cli::main()
}
