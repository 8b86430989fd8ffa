//! `dibao`: the caseworker's command line. A thin adapter: it reads files,
//! calls the core, and prints. Exit codes: 0 assessed, 1 invalid input (or,
//! for `batch`, any invalid or mismatched row), 2 usage or I/O error.

fn main() -> std::process::ExitCode {
    dibao_cli::run()
}
