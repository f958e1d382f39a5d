//! The build identity: a hash of everything that goes into the binary from this repository
//! (the sources, the embedded templates, the manifest and the locked dependency versions),
//! given to the code as `GXGK_BUILD_ID`. The per-user cache keys its entries by it, so a build
//! whose code changed never reads what another build wrote, even under the same version number.

use std::path::{Path, PathBuf};

const INPUTS: [&str; 4] = ["src", "templates", "Cargo.toml", "Cargo.lock"];

fn main() {
    let mut files = Vec::new();
    for input in INPUTS {
        println!("cargo:rerun-if-changed={input}");
        collect(Path::new(input), &mut files);
    }
    files.sort();
    // FNV-1a, 64 bits: stable across compilers, unlike std's hasher.
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    let mut eat = |bytes: &[u8]| {
        for b in bytes {
            hash = (hash ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    for path in &files {
        let bytes = std::fs::read(path).unwrap_or_default();
        // Names with `/` on every system, so one tree hashes the same everywhere.
        eat(path.to_string_lossy().replace('\\', "/").as_bytes());
        eat(&(bytes.len() as u64).to_le_bytes());
        eat(&bytes);
    }
    eat(std::env::var("PROFILE").unwrap_or_default().as_bytes());
    eat(std::env::var("TARGET").unwrap_or_default().as_bytes());
    println!("cargo:rustc-env=GXGK_BUILD_ID={hash:016x}");
}

/// Every file under `path` (or `path` itself when it is a file).
fn collect(path: &Path, out: &mut Vec<PathBuf>) {
    match std::fs::read_dir(path) {
        Ok(list) => {
            for e in list.flatten() {
                collect(&e.path(), out);
            }
        }
        Err(_) if path.is_file() => out.push(path.to_path_buf()),
        Err(_) => {}
    }
}
