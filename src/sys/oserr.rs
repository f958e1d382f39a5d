//! What the operating system says when a file cannot be read or written, in Chinese — never
//! the system's English phrase.

use std::io::ErrorKind;

/// A Chinese description of an I/O error (what happened and, where it helps, what to do).
pub fn io_cause(e: &std::io::Error) -> String {
    use ErrorKind::*;
    let text = match e.kind() {
        NotFound => "文件或文件夹不存在，请检查路径和文件名",
        PermissionDenied => "没有权限读取或写入（文件可能正被 Word/WPS 打开，或是只读的）",
        AlreadyExists => "文件已存在",
        IsADirectory => "这是一个文件夹，不是文件",
        NotADirectory => "路径中有一段是文件而不是文件夹",
        DirectoryNotEmpty => "文件夹不是空的",
        StorageFull => "磁盘空间不足，请清理磁盘后再运行",
        QuotaExceeded => "超出了磁盘配额",
        ReadOnlyFilesystem => "磁盘或文件夹是只读的",
        FileTooLarge => "文件太大",
        InvalidFilename => "文件名无效（太长或含有不允许的字符）",
        CrossesDevices => "不能跨磁盘移动文件",
        ResourceBusy | ExecutableFileBusy => "文件正被其他程序使用，请关闭后再试",
        TooManyLinks => "链接层数过多",
        StaleNetworkFileHandle | NetworkDown | NetworkUnreachable | HostUnreachable => {
            "网络磁盘无法访问"
        }
        TimedOut => "操作超时",
        Interrupted => "操作被中断",
        UnexpectedEof => "文件意外结束（可能不完整）",
        InvalidData => "文件内容无法识别",
        BrokenPipe => "输出管道已关闭",
        OutOfMemory => "内存不足",
        Unsupported => "此系统或磁盘不支持这个操作",
        _ => {
            return match e.raw_os_error() {
                Some(code) => format!("系统错误（代码 {code}）"),
                None => "系统错误".to_string(),
            };
        }
    };
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_english_reaches_the_user() {
        for kind in [
            ErrorKind::NotFound,
            ErrorKind::NotADirectory,
            ErrorKind::StorageFull,
            ErrorKind::Other,
        ] {
            let msg = io_cause(&std::io::Error::from(kind));
            assert!(!msg.is_ascii(), "{kind:?}: {msg}");
        }
        // ENOSPC as the OS reports it.
        let full = std::io::Error::from_raw_os_error(28);
        if cfg!(target_os = "linux") {
            assert!(io_cause(&full).contains("磁盘空间不足"));
        }
        assert!(io_cause(&std::io::Error::from_raw_os_error(9999)).contains("9999"));
    }
}
