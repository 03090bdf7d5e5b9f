//! The `peidai` binary: a thin command line over the library.

fn main() -> std::process::ExitCode {
    peidai::cli::main()
}
