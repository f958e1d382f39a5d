//! Deflate for every output that compresses: zlib-wrapped for PDF streams (`/FlateDecode`),
//! raw for the DOCX package's ZIP entries — both by libdeflate, which at level 6 makes the
//! same size as miniz_oxide and zlib-rs in half the time (`bench/pdf.sh`).

use std::cell::RefCell;

use libdeflater::{CompressionLvl, Compressor};

/// The level every output uses, measured on the 2025 example's PDF with `bench/pdf.sh`
/// (levels 1–12): level 9 is within 200 B of it, level 1 is 2.4 % larger, and levels 10–12
/// save 1.4 KB for 3–5× the time.
pub const LEVEL: u8 = 6;

thread_local! {
    /// One compressor per thread and level (it allocates its match finder once).
    static COMPRESSOR: RefCell<Option<(u8, Compressor)>> = const { RefCell::new(None) };
}

/// The deflate stream's wrapper.
#[derive(Clone, Copy)]
enum Wrap {
    Zlib,
    Raw,
}

/// `data` deflated at `level` (1–12). The output depends only on the input, the level and
/// the libdeflate version, never on the thread or the CPU.
fn compress(data: &[u8], level: u8, wrap: Wrap) -> Vec<u8> {
    COMPRESSOR.with_borrow_mut(|slot| {
        let level = level.clamp(1, 12);
        if slot.as_ref().is_some_and(|(l, _)| *l != level) {
            *slot = None;
        }
        let (_, c) = slot.get_or_insert_with(|| {
            let lvl = CompressionLvl::new(i32::from(level)).unwrap_or_default();
            (level, Compressor::new(lvl))
        });
        // The bound is libdeflate's own worst case; should it ever run short, grow and redo.
        let bound = match wrap {
            Wrap::Zlib => c.zlib_compress_bound(data.len()),
            Wrap::Raw => c.deflate_compress_bound(data.len()),
        };
        let mut out = vec![0; bound];
        loop {
            let done = match wrap {
                Wrap::Zlib => c.zlib_compress(data, &mut out),
                Wrap::Raw => c.deflate_compress(data, &mut out),
            };
            match done {
                Ok(n) => {
                    out.truncate(n);
                    return out;
                }
                Err(_) => out.resize(out.len() * 2 + 64, 0),
            }
        }
    })
}

/// zlib-wrapped deflate (a PDF stream's `/FlateDecode`).
pub fn zlib(data: &[u8], level: u8) -> Vec<u8> {
    compress(data, level, Wrap::Zlib)
}

/// Raw deflate (a ZIP entry's method 8).
pub fn raw(data: &[u8], level: u8) -> Vec<u8> {
    compress(data, level, Wrap::Raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_wrappers_round_trip() {
        // Read back by another inflater (miniz_oxide), at every level, switching levels on one
        // thread's compressor; the same input at the same level gives the same bytes.
        let data = "政府信息公开".repeat(50);
        for level in [LEVEL, 1, 12, LEVEL] {
            let packed = zlib(data.as_bytes(), level);
            assert!(packed.len() < data.len() / 4);
            let back = miniz_oxide::inflate::decompress_to_vec_zlib(&packed).unwrap();
            assert_eq!(back, data.as_bytes());
            assert_eq!(packed, zlib(data.as_bytes(), level));
            let packed = raw(data.as_bytes(), level);
            let back = miniz_oxide::inflate::decompress_to_vec(&packed).unwrap();
            assert_eq!(back, data.as_bytes());
        }
        for empty in [zlib(b"", LEVEL), raw(b"", LEVEL)] {
            assert!(!empty.is_empty());
        }
        assert!(
            miniz_oxide::inflate::decompress_to_vec_zlib(&zlib(b"", LEVEL))
                .unwrap()
                .is_empty()
        );
        assert!(
            miniz_oxide::inflate::decompress_to_vec(&raw(b"", LEVEL))
                .unwrap()
                .is_empty()
        );
    }
}
