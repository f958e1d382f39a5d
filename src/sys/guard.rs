//! Panics inside libraries gxgk does not control (font subsetting on a damaged file) are caught
//! where they can happen and turned into Chinese errors; any other panic — a bug in gxgk — is
//! reported in Chinese with where it happened, never as Rust's English message.

use std::cell::Cell;

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Installs the process-wide panic message (call once, first thing in `main`).
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        if QUIET.with(Cell::get) {
            return;
        }
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        crate::errln!(
            "gxgk 内部错误（程序缺陷，不是您的数据的问题）：{at}。请把这条信息和数据文件发给维护者。"
        );
    }));
}

/// Runs `f`, turning a panic into `None` without printing anything.
pub fn quietly<R>(f: impl FnOnce() -> R) -> Option<R> {
    let before = QUIET.with(|q| q.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).ok();
    QUIET.with(|q| q.set(before));
    result
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_panic_becomes_none() {
        assert_eq!(super::quietly(|| 7), Some(7));
        let r: Option<()> = super::quietly(|| panic!("boom"));
        assert!(r.is_none());
    }
}
