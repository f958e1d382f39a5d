//! The ZIP container of a DOCX package (APPNOTE 6.3, no ZIP64): every part deflated by
//! [`crate::render::deflate`], stored under a fixed 1980-01-01 timestamp so equal parts give equal
//! bytes.

/// Why the parts do not fit a ZIP without ZIP64 extensions (4 GiB, 65,535 entries).
#[derive(Debug, thiserror::Error)]
#[error("文档过大，超出 ZIP 容量（{0}）")]
pub struct TooLarge(pub String);

/// DOS date of 1980-01-01 (year 0 since 1980, month 1, day 1), time 00:00:00.
const DOS_DATE: u16 = (1 << 5) | 1;
const DOS_TIME: u16 = 0;
/// Version 2.0: deflate.
const VERSION: u16 = 20;
const DEFLATED: u16 = 8;

fn u16_le(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn u32_le(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn fits<T: TryFrom<usize>>(n: usize, what: &str) -> Result<T, TooLarge> {
    T::try_from(n).map_err(|_| TooLarge(what.to_string()))
}

/// The ZIP file holding `parts` (name, bytes) in the given order.
pub fn zip(parts: &[(String, Vec<u8>)]) -> Result<Vec<u8>, TooLarge> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, bytes) in parts {
        let offset: u32 = fits(out.len(), name)?;
        let packed = crate::render::deflate::raw(bytes, crate::render::deflate::LEVEL);
        let crc = libdeflater::crc32(bytes);
        let (size, packed_size): (u32, u32) = (fits(bytes.len(), name)?, fits(packed.len(), name)?);
        let name_len: u16 = fits(name.len(), name)?;
        // What the local header and the central directory entry share, from the version
        // needed to extract on.
        let mut common = Vec::with_capacity(26);
        u16_le(&mut common, VERSION);
        u16_le(&mut common, 0); // flags
        u16_le(&mut common, DEFLATED);
        u16_le(&mut common, DOS_TIME);
        u16_le(&mut common, DOS_DATE);
        u32_le(&mut common, crc);
        u32_le(&mut common, packed_size);
        u32_le(&mut common, size);
        u16_le(&mut common, name_len);
        u16_le(&mut common, 0); // extra field length
        u32_le(&mut out, 0x0403_4b50);
        out.extend_from_slice(&common);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(&packed);
        u32_le(&mut central, 0x0201_4b50);
        u16_le(&mut central, VERSION); // made by: MS-DOS, 2.0
        central.extend_from_slice(&common);
        u16_le(&mut central, 0); // comment length
        u16_le(&mut central, 0); // disk number
        u16_le(&mut central, 0); // internal attributes
        u32_le(&mut central, 0); // external attributes
        u32_le(&mut central, offset);
        central.extend_from_slice(name.as_bytes());
    }
    let entries: u16 = fits(parts.len(), "部件数")?;
    let central_offset: u32 = fits(out.len(), "目录")?;
    let central_size: u32 = fits(central.len(), "目录")?;
    out.extend_from_slice(&central);
    u32_le(&mut out, 0x0605_4b50);
    u16_le(&mut out, 0); // this disk
    u16_le(&mut out, 0); // disk of the central directory
    u16_le(&mut out, entries);
    u16_le(&mut out, entries);
    u32_le(&mut out, central_size);
    u32_le(&mut out, central_offset);
    u16_le(&mut out, 0); // comment length
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn another_reader_gets_every_part_back() {
        let parts = vec![
            ("[Content_Types].xml".to_string(), b"<Types/>".to_vec()),
            (
                "word/document.xml".to_string(),
                "政府信息公开".repeat(200).into_bytes(),
            ),
            ("word/empty.xml".to_string(), Vec::new()),
        ];
        let bytes = zip(&parts).unwrap();
        assert_eq!(bytes, zip(&parts).unwrap());
        let mut archive = ::zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(archive.len(), 3);
        for (i, (name, want)) in parts.iter().enumerate() {
            let mut file = archive.by_index(i).unwrap();
            assert_eq!(file.name(), name);
            assert_eq!(file.compression(), ::zip::CompressionMethod::Deflated);
            let t = file.last_modified().unwrap();
            assert_eq!((t.year(), t.month(), t.day()), (1980, 1, 1));
            let mut got = Vec::new();
            file.read_to_end(&mut got).unwrap();
            assert_eq!(&got, want, "{name}");
        }
    }
}
