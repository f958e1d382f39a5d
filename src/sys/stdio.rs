//! Printing for the command line the way Unix tools behave: when the reader of standard output
//! goes away (`gxgk schema | head -c1`) the rest is dropped quietly and the command still
//! finishes its work; any other failure to print (a full disk behind `> file`) is remembered
//! and reported in Chinese at the end, with exit code 2. Nothing here panics.

use std::cell::RefCell;
use std::io::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

static CLOSED: AtomicBool = AtomicBool::new(false);
static FAILURE: Mutex<Option<String>> = Mutex::new(None);

thread_local! {
    /// While [`captured`] runs on this thread: what was printed, in order.
    static CAPTURE: RefCell<Option<Captured>> = const { RefCell::new(None) };
}

/// Output held back while one report of a batch was processed on a worker thread, to be
/// printed in input order (a batch prints the same as the files checked one by one).
#[derive(Debug, Default)]
pub struct Captured(Vec<(Stream, String)>);

/// Where a printed text goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stream {
    Out,
    Err,
}

impl Captured {
    /// Prints what was held back, standard output and standard error each to its own.
    pub fn replay(self) {
        for (stream, text) in self.0 {
            match stream {
                Stream::Err => write_err(format_args!("{text}")),
                Stream::Out => write_out(format_args!("{text}")),
            }
        }
    }
}

/// Runs `f` with everything it prints on this thread held back, and returns both.
pub fn captured<T>(f: impl FnOnce() -> T) -> (T, Captured) {
    let before = CAPTURE.with(|c| c.borrow_mut().replace(Captured::default()));
    let value = f();
    let held = CAPTURE.with(|c| std::mem::replace(&mut *c.borrow_mut(), before));
    (value, held.unwrap_or_default())
}

/// Holds `args` back when a capture runs on this thread; `false` when it does not.
fn held(stream: Stream, args: std::fmt::Arguments) -> bool {
    CAPTURE.with(|c| match c.borrow_mut().as_mut() {
        Some(cap) => {
            cap.0.push((stream, args.to_string()));
            true
        }
        None => false,
    })
}

/// Writes to standard output (use the [`out!`](crate::out) and [`outln!`](crate::outln) macros).
pub fn write_out(args: std::fmt::Arguments) {
    if held(Stream::Out, args) || CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args) {
        failed(e);
    }
}

/// Writes to standard error; a closed standard error is ignored (there is nowhere to say so).
pub fn write_err(args: std::fmt::Arguments) {
    if held(Stream::Err, args) {
        return;
    }
    let _ = std::io::stderr().lock().write_fmt(args);
}

fn failed(e: std::io::Error) {
    CLOSED.store(true, Ordering::Relaxed);
    if e.kind() != std::io::ErrorKind::BrokenPipe
        && let Ok(mut f) = FAILURE.lock()
    {
        f.get_or_insert_with(|| crate::sys::oserr::io_cause(&e));
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
    ($($arg:tt)*) => { $crate::sys::stdio::write_out(format_args!($($arg)*)) };
}

/// `println!` that never panics (see the module documentation).
#[macro_export]
macro_rules! outln {
    () => { $crate::sys::stdio::write_out(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::sys::stdio::write_out(format_args!("{}\n", format_args!($($arg)*))) };
}

/// `eprint!` that never panics.
#[macro_export]
macro_rules! err {
    ($($arg:tt)*) => { $crate::sys::stdio::write_err(format_args!($($arg)*)) };
}

/// `eprintln!` that never panics.
#[macro_export]
macro_rules! errln {
    ($($arg:tt)*) => { $crate::sys::stdio::write_err(format_args!("{}\n", format_args!($($arg)*))) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capture_holds_output_back_in_order_and_nests() {
        let ((), outer) = captured(|| {
            crate::outln!("one");
            let ((), inner) = captured(|| crate::errln!("inner"));
            crate::errln!("two");
            assert_eq!(inner.0, [(Stream::Err, "inner\n".to_string())]);
        });
        assert_eq!(
            outer.0,
            [
                (Stream::Out, "one\n".to_string()),
                (Stream::Err, "two\n".to_string())
            ]
        );
    }
}
