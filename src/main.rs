//! The `complaint-dojo` binary: argument parsing only. See `complaint_dojo::cli`.

fn main() -> std::process::ExitCode {
    restore_default_sigpipe();
    complaint_dojo::cli::run()
}

/// Rust ignores SIGPIPE, so `complaint-dojo list | head` would panic on the closed pipe.
/// A command-line tool should instead end quietly, as `cat` does.
#[cfg(unix)]
fn restore_default_sigpipe() {
    // SAFETY: called once at start-up, before any thread exists; SIG_DFL is a valid action.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn restore_default_sigpipe() {}
