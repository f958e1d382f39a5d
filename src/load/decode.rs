//! The bytes of a data file as text: UTF-8 (a BOM removed) or UTF-16 with a BOM (Notepad's
//! "Unicode"), and for anything else an `ENCODING` error that names what the file seems to be.

use crate::diag::{Diagnostic, Severity};

/// The text of a data file: UTF-8 (a BOM removed), or UTF-16 with a BOM (Notepad's "Unicode",
/// read as it is, with a note). Anything else is an error that names the encoding, with the
/// text to show beside it.
#[allow(clippy::result_large_err)]
pub(super) fn decode(bytes: &[u8]) -> Result<(String, Option<Diagnostic>), (Diagnostic, String)> {
    let encoding_error = |msg: String, help: &str| {
        Diagnostic::new("ENCODING", Severity::Error, msg).help(help.to_string())
    };
    const SAVE_AS: &str =
        "用记事本打开，“另存为”时编码选择 UTF-8（WPS：文件 → 另存为 → 编码 UTF-8）";
    if let Some((enc, _)) = encoding_rs::Encoding::for_bom(bytes)
        && enc != encoding_rs::UTF_8
    {
        let (text, had_errors) = enc.decode_with_bom_removal(bytes);
        if had_errors {
            let msg = format!("文件是 {} 编码，但内容不完整或已损坏", enc.name());
            return Err((encoding_error(msg, SAVE_AS), String::new()));
        }
        let note = Diagnostic::new(
            "ENCODING",
            Severity::Info,
            format!(
                "文件是 {} 编码（记事本的“Unicode”），已按此读取",
                enc.name()
            ),
        )
        .help(SAVE_AS);
        return Ok((text.into_owned(), Some(note)));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        // Old Mac line endings (CR alone): read as lines, same offsets.
        Ok(t) if !t.contains('\0') && t.contains('\r') && !t.contains('\n') => {
            let note = Diagnostic::new(
                "ENCODING",
                Severity::Info,
                "文件的换行符是单独的回车（旧版 Mac 格式），已按换行读取",
            )
            .help("用记事本打开后另存一次，换行会变成标准格式");
            Ok((t.replace('\r', "\n"), Some(note)))
        }
        Ok(t) if !t.contains('\0') => Ok((t.to_string(), None)),
        Ok(_) | Err(_) => {
            if let Some(which) = utf16_without_bom(bytes) {
                let msg = format!("文件是 {which} 编码（没有 BOM 标记），gxgk 只读 UTF-8");
                return Err((encoding_error(msg, SAVE_AS), String::new()));
            }
            let valid = std::str::from_utf8(bytes).map_or_else(|e| e.valid_up_to(), |t| t.len());
            let (gbk, _, gbk_errors) = encoding_rs::GBK.decode(bytes);
            let msg = if !gbk_errors {
                "文件是 GBK 编码（记事本的“ANSI”），gxgk 只读 UTF-8".to_string()
            } else {
                "文件不是 UTF-8 编码，也不是 GBK 或 UTF-16，可能不是文本文件".to_string()
            };
            let mut d = encoding_error(msg, SAVE_AS);
            // Show the line in GBK when that is what it is, so the clerk sees their own words.
            let shown = if gbk_errors {
                String::from_utf8_lossy(bytes).into_owned()
            } else {
                gbk.into_owned()
            };
            let at = if gbk_errors {
                valid
            } else {
                encoding_rs::GBK.decode(&bytes[..valid]).0.len()
            };
            d.span = Some(at..at);
            Err((d, shown.replace('\0', "")))
        }
    }
}

/// "UTF-16 LE" or "UTF-16 BE" when the bytes look like UTF-16 text without a BOM (many NULs,
/// all on one side of each pair).
pub(super) fn utf16_without_bom(bytes: &[u8]) -> Option<&'static str> {
    let pairs = bytes.len() / 2;
    if pairs < 2 {
        return None;
    }
    let zeros = |offset: usize| {
        bytes
            .iter()
            .skip(offset)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    let (even, odd) = (zeros(0), zeros(1));
    if odd * 3 > pairs && even * 10 < pairs {
        Some("UTF-16 LE")
    } else if even * 3 > pairs && odd * 10 < pairs {
        Some("UTF-16 BE")
    } else {
        None
    }
}
