//! Printing for the command line the way Unix tools behave: when the reader of standard output
//! goes away (`gxgk schema | head -c1`) the rest is dropped quietly and the command still
//! finishes its work; any other failure to print (a full disk behind `> file`) is remembered
//! and reported in Chinese at the end, with exit code 2. Nothing here panics.

use std::io::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

static CLOSED: AtomicBool = AtomicBool::new(false);
static FAILURE: Mutex<Option<String>> = Mutex::new(None);

/// Writes to standard output (use the [`out!`](crate::out) and [`outln!`](crate::outln) macros).
pub fn write_out(args: std::fmt::Arguments) {
    if CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args) {
        failed(e);
    }
}

/// Writes to standard error; a closed standard error is ignored (there is nowhere to say so).
pub fn write_err(args: std::fmt::Arguments) {
    let _ = std::io::stderr().lock().write_fmt(args);
}

fn failed(e: std::io::Error) {
    CLOSED.store(true, Ordering::Relaxed);
    if e.kind() != std::io::ErrorKind::BrokenPipe
        && let Ok(mut f) = FAILURE.lock()
    {
        f.get_or_insert_with(|| crate::oserr::io_cause(&e));
    }
}

/// Flushes standard output; returns the Chinese reason when printing failed other than by the
/// reader going away.
pub fn finish() -> Option<String> {
    if !CLOSED.load(Ordering::Relaxed)
        && let Err(e) = std::io::stdout().lock().flush()
    {
        failed(e);
    }
    FAILURE.lock().ok().and_then(|f| f.clone())
}

/// `print!` that never panics (see the module documentation).
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => { $crate::stdio::write_out(format_args!($($arg)*)) };
}

/// `println!` that never panics (see the module documentation).
#[macro_export]
macro_rules! outln {
    () => { $crate::stdio::write_out(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::stdio::write_out(format_args!("{}\n", format_args!($($arg)*))) };
}

/// `eprint!` that never panics.
#[macro_export]
macro_rules! err {
    ($($arg:tt)*) => { $crate::stdio::write_err(format_args!($($arg)*)) };
}

/// `eprintln!` that never panics.
#[macro_export]
macro_rules! errln {
    ($($arg:tt)*) => { $crate::stdio::write_err(format_args!("{}\n", format_args!($($arg)*))) };
}
