//! The `complaint-dojo` binary: argument parsing only. See `complaint_dojo::cli`.

fn main() -> std::process::ExitCode {
    complaint_dojo::cli::run()
}
