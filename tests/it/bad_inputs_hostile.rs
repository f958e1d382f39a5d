//! Hostile files a reviewer may have downloaded: a DOCX whose body inflates to
//! a gigabyte, a PDF whose one content stream does, a page of 200,000 nested `<div>`s. They are
//! generated here (never committed) and read by the built `gxgk` under a memory limit: each is
//! refused with a Chinese message naming the file (exit 2), and a batch goes on with the rest.

use crate::common;

use std::path::Path;
use std::process::{Command, Output};

use common::{printed, scratch};

/// The child's address-space limit: far below what inflating any of the files would take.
const MEMORY_LIMIT: u64 = 1024 * 1024 * 1024;

/// Runs `gxgk` under [`MEMORY_LIMIT`] (util-linux `prlimit`, else `ulimit -v` through sh).
fn gxgk_limited(dir: &Path, args: &[&str]) -> Output {
    let bin = env!("CARGO_BIN_EXE_gxgk");
    let prlimit = Command::new("prlimit").arg("--version").output().is_ok();
    let mut cmd = if prlimit {
        let mut c = Command::new("prlimit");
        c.arg(format!("--as={MEMORY_LIMIT}")).arg(bin);
        c
    } else {
        let mut c = Command::new("sh");
        c.arg("-c")
            .arg(format!(
                "ulimit -v {}; exec \"$0\" \"$@\"",
                MEMORY_LIMIT / 1024
            ))
            .arg(bin);
        c
    };
    cmd.args(args).current_dir(dir).output().expect("run gxgk")
}

/// Writes bits least significant first, as deflate does.
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    fn put(&mut self, value: u64, len: u32) {
        self.acc |= value << self.n;
        self.n += len;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }
    /// A Huffman code: written most significant bit first.
    fn code(&mut self, code: u64, len: u32) {
        let rev = (0..len).fold(0, |r, i| r | (((code >> i) & 1) << (len - 1 - i)));
        self.put(rev, len);
    }
}

/// A raw deflate stream of `1 + 258 * matches` bytes of `a`: one fixed-Huffman block of a
/// literal and `matches` copies of length 258 at distance 1 (13 bits each).
fn deflate_bomb(matches: u64) -> Vec<u8> {
    let mut b = Bits {
        out: Vec::new(),
        acc: 0,
        n: 0,
    };
    b.put(1, 1); // final block
    b.put(1, 2); // fixed Huffman codes
    b.code(0x30 + u64::from(b'a'), 8);
    for _ in 0..matches {
        b.code(0xC0 + (285 - 280), 8); // length 258
        b.code(0, 5); // distance 1
    }
    b.code(0, 7); // end of block
    b.put(0, 7);
    b.out
}

/// About a gigabyte inflated.
const MATCHES: u64 = 4_000_000;

fn le16(v: usize) -> [u8; 2] {
    (v as u16).to_le_bytes()
}
fn le32(v: u64) -> [u8; 4] {
    (v as u32).to_le_bytes()
}

/// A .docx (zip) whose `word/document.xml` inflates to about 1 GB; the sizes it declares are
/// the true ones, so only a cap on what is read stops it.
fn docx_bomb() -> Vec<u8> {
    let name = b"word/document.xml";
    let data = deflate_bomb(MATCHES);
    let size = 1 + 258 * MATCHES;
    let mut z = Vec::new();
    let header = |sig: u32, central: bool| {
        let mut h = sig.to_le_bytes().to_vec();
        if central {
            h.extend(le16(20)); // made by
        }
        h.extend(le16(20)); // version needed
        h.extend(le16(0)); // flags
        h.extend(le16(8)); // deflate
        h.extend(le16(0));
        h.extend(le16(0x21)); // time, date
        h.extend(le32(0)); // CRC-32 (never reached: reading stops at the cap)
        h.extend(le32(data.len() as u64));
        h.extend(le32(size));
        h.extend(le16(name.len()));
        h.extend(le16(0)); // extra
        if central {
            h.extend(le16(0)); // comment
            h.extend(le16(0)); // disk
            h.extend(le16(0)); // internal attributes
            h.extend(le32(0)); // external attributes
            h.extend(le32(0)); // offset of the local header
        }
        h.extend_from_slice(name);
        h
    };
    z.extend(header(0x0403_4b50, false));
    z.extend(&data);
    let cd_start = z.len();
    z.extend(header(0x0201_4b50, true));
    let cd_len = z.len() - cd_start;
    z.extend(0x0605_4b50u32.to_le_bytes());
    z.extend([0, 0, 0, 0]);
    z.extend(le16(1));
    z.extend(le16(1));
    z.extend(le32(cd_len as u64));
    z.extend(le32(cd_start as u64));
    z.extend(le16(0));
    z
}

/// A one-page PDF whose content stream (zlib) inflates to about 1 GB.
fn pdf_bomb() -> Vec<u8> {
    let mut stream = vec![0x78, 0x01];
    stream.extend(deflate_bomb(MATCHES));
    // Adler-32 of 1 + 258 * MATCHES bytes of `a`, in closed form.
    let (n, v, m) = (1 + 258 * MATCHES, u64::from(b'a'), 65521u64);
    let a = (1 + n % m * v) % m;
    let b = (n % m + v * (n * (n + 1) / 2 % m)) % m;
    stream.extend(((b << 16 | a) as u32).to_be_bytes());
    let mut pdf = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_vec(),
        {
            let mut s = format!(
                "<< /Length {} /Filter /FlateDecode >>\nstream\n",
                stream.len()
            )
            .into_bytes();
            s.extend(&stream);
            s.extend(b"\nendstream");
            s
        },
    ];
    for (i, o) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n", i + 1).into_bytes());
        pdf.extend(o);
        pdf.extend(b"\nendobj\n");
    }
    let xref = pdf.len();
    pdf.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).into_bytes());
    for o in offsets {
        pdf.extend(format!("{o:010} 00000 n \n").into_bytes());
    }
    pdf.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .into_bytes(),
    );
    pdf
}

/// A page of 200,000 nested `<div>`s around a line of text (no report in it).
fn deep_html() -> Vec<u8> {
    let n = 200_000;
    format!(
        "<html><body>{}<p>深处的一行文字</p>{}</body></html>",
        "<div>".repeat(n),
        "</div>".repeat(n)
    )
    .into_bytes()
}

fn hostile_folder(name: &str) -> std::path::PathBuf {
    let dir = scratch(name);
    std::fs::write(dir.join("炸弹.docx"), docx_bomb()).unwrap();
    std::fs::write(dir.join("炸弹.pdf"), pdf_bomb()).unwrap();
    std::fs::write(dir.join("嵌套.html"), deep_html()).unwrap();
    dir
}

#[test]
fn the_generated_bombs_are_small_and_really_inflate() {
    let d = docx_bomb();
    assert!(d.len() < 8 * 1024 * 1024, "{}", d.len());
    // The first megabyte inflates as declared (the stream is valid deflate).
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&d)).unwrap();
    let f = zip.by_name("word/document.xml").unwrap();
    assert_eq!(f.size(), 1 + 258 * MATCHES);
    let mut head = Vec::new();
    std::io::Read::read_to_end(&mut std::io::Read::take(f, 1 << 20), &mut head).unwrap();
    assert_eq!(head.len(), 1 << 20);
    assert!(head.iter().all(|&c| c == b'a'));
    assert!(pdf_bomb().len() < 8 * 1024 * 1024);
}

#[test]
fn each_hostile_file_is_refused_within_the_memory_limit() {
    let dir = hostile_folder("hostile-each");
    for (file, says) in [
        ("炸弹.docx", "解压后超过 32 MB 的上限"),
        ("炸弹.pdf", "解压后超过 16 MB 的上限"),
        ("嵌套.html", "嵌套.html"),
    ] {
        let o = gxgk_limited(&dir, &["import", file, "-o", "out.toml"]);
        let text = printed(&o);
        assert_eq!(o.status.code(), Some(2), "{file}: {o:?}\n{text}");
        assert!(text.contains(file), "{file}: {text}");
        assert!(text.contains(says), "{file}: {text}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_batch_reports_hostile_files_unreadable_and_goes_on() {
    let dir = hostile_folder("hostile-batch");
    std::fs::copy("examples/2025-township.toml", dir.join("好.toml")).unwrap();
    let o = gxgk_limited(&dir, &["check", "."]);
    let text = printed(&o);
    assert_eq!(o.status.code(), Some(2), "{o:?}\n{text}");
    for f in ["炸弹.docx", "炸弹.pdf", "嵌套.html", "好.toml"] {
        assert!(text.contains(f), "{f} missing from\n{text}");
    }
    assert!(text.contains("解压后超过"), "{text}");
    std::fs::remove_dir_all(&dir).ok();
}
