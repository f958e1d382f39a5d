//! Documents gxgk renders carry their data: `render` then `import` of the HTML,
//! DOCX and PDF gives back the data file's values exactly through the embedded data, and
//! through the visible tables alone when the data is removed; a table edited after rendering
//! is a located IMPORT-DATA-MISMATCH.

use crate::common;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use common::{gxgk_in, printed, scratch};
use gxgk::model::Report;

/// Every value the comparison covers: table cells (how a 万元 amount was written aside), the
/// report's fields, and its texts (exactly, or with whitespace squashed when `loose`).
fn values(r: &Report, loose: bool) -> Vec<String> {
    let text = |s: &str| {
        if loose {
            s.chars().filter(|c| !c.is_whitespace()).collect()
        } else {
            s.trim().to_string()
        }
    };
    let mut out = common::table_cells(r);
    out.push(format!("year {} {:?}", r.year, r.edition()));
    out.push(format!("agency {} {:?}", r.agency.name, r.agency.level));
    out.push(format!("contact {:?}", r.agency.contact));
    out.push(format!("title {}", r.title()));
    out.push(format!("date {:?}", r.publication.date));
    out.push(format!("intro {}", text(&r.intro)));
    for (name, n) in [
        ("overview", &r.overview),
        ("problems", &r.problems),
        ("other", &r.other_matters.narrative()),
    ] {
        out.push(format!("{name} {}", text(&n.text)));
        for p in &n.parts {
            out.push(format!(
                "{name} part {} / {}",
                text(&p.heading),
                text(&p.text)
            ));
        }
    }
    out.push(format!("fees {:?}", r.other_matters.info_fees));
    out
}

/// The document without the data it carries.
fn strip(path: &Path) {
    let bytes = std::fs::read(path).unwrap();
    let out: Vec<u8> = match path.extension().unwrap().to_str().unwrap() {
        "html" => {
            let s = String::from_utf8(bytes).unwrap();
            let a = s
                .find("<script type=\"application/json\" id=\"gxgk-data\">")
                .unwrap();
            let b = a + s[a..].find("</script>").unwrap() + "</script>".len();
            format!("{}{}", &s[..a], &s[b..]).into_bytes()
        }
        "docx" => {
            let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
            let mut buf = std::io::Cursor::new(Vec::new());
            let mut zout = zip::ZipWriter::new(&mut buf);
            for i in 0..zin.len() {
                let f = zin.by_index_raw(i).unwrap();
                if f.name() != "customXml/item1.xml" {
                    zout.raw_copy_file(f).unwrap();
                }
            }
            zout.finish().unwrap();
            buf.into_inner()
        }
        "pdf" => {
            let mut doc = lopdf::Document::load_mem(&bytes).unwrap();
            let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
            let cat = doc.get_object_mut(root).unwrap().as_dict_mut().unwrap();
            cat.remove(b"Names");
            cat.remove(b"AF");
            let mut out = Vec::new();
            doc.save_to(&mut out).unwrap();
            out
        }
        other => panic!("{other}"),
    };
    std::fs::write(path, out).unwrap();
}

fn render(dir: &Path, data: &Path, format: &str) -> PathBuf {
    let o = gxgk_in(
        dir,
        &[
            "render",
            data.to_str().unwrap(),
            &format!("--{format}"),
            "-o",
            ".",
            "--force",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", printed(&o));
    dir.join(format!(
        "{}.{format}",
        data.file_stem().unwrap().to_string_lossy()
    ))
}

/// Renders `data`, imports the document (stripped of its data when `stripped`), and compares
/// every value. Returns the import's summary.
fn round_trip(dir: &Path, data: &Path, format: &str, stripped: bool) -> String {
    let doc = render(dir, data, format);
    if stripped {
        strip(&doc);
    }
    let back = dir.join(format!("back-{format}-{stripped}.toml"));
    let o = gxgk_in(
        dir,
        &[
            "import",
            doc.to_str().unwrap(),
            "-o",
            back.to_str().unwrap(),
            "--force",
        ],
    );
    let summary = printed(&o);
    assert_eq!(o.status.code(), Some(0), "{summary}");
    assert_eq!(summary.contains("文档内嵌的数据"), !stripped, "{summary}");
    assert!(
        summary.contains("拆分有歧义 0 格") && summary.contains("缺少 0 项"),
        "{summary}"
    );
    let a = values(&gxgk::load::load_file(data).unwrap().report, stripped);
    let b = values(&gxgk::load::load_file(&back).unwrap().report, stripped);
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x, y, "{format}, stripped: {stripped}\n{summary}");
    }
    summary
}

#[test]
fn examples_round_trip_through_embedded_data_and_visible_tables() {
    let dir = scratch("embedded-examples");
    for example in ["examples/2025-township.toml", "examples/2020-street.toml"] {
        let data = std::fs::canonicalize(example).unwrap();
        for format in ["html", "docx", "pdf"] {
            for stripped in [false, true] {
                round_trip(&dir, &data, format, stripped);
            }
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// xorshift64*.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n.max(1)
    }
    fn figure(&mut self) -> i64 {
        match self.below(10) {
            0..6 => 0,
            6..9 => 1 + self.below(30) as i64,
            _ => 100 + self.below(900) as i64,
        }
    }
}

/// The 2021 example with random tables that keep the template's identities.
fn random_report(rng: &mut Rng) -> String {
    let text = std::fs::read_to_string("examples/2025-township.toml").unwrap();
    let end = text.find("\n[problems]\n").unwrap();
    let mut f = || rng.figure();
    let mut t = format!(
        "\n[t2]\nrules = {{ issued = {}, abolished = {}, in_force = {} }}\nnormative = {{ issued = {}, abolished = {}, in_force = {} }}\npermit = {{ decisions = {} }}\npenalty = {{ decisions = {} }}\ncoercion = {{ decisions = {} }}\nfees = {{ amount_wan = {} }}\n\n[t3]\n",
        f(),
        f(),
        f(),
        f(),
        f(),
        f(),
        f(),
        f(),
        f(),
        f()
    );
    let outcomes: Vec<&str> = gxgk::import::tables::t3_rows(gxgk::model::Edition::E2021)
        .iter()
        .map(|d| d.key)
        .filter(|k| !matches!(*k, "new" | "carried_in" | "total" | "carried_out"))
        .collect();
    let mut rows: std::collections::BTreeMap<&str, [i64; 7]> = Default::default();
    for c in 0..6 {
        let mut total = 0;
        for k in &outcomes {
            let v = if rng.below(3) == 0 { rng.figure() } else { 0 };
            rows.entry(k).or_default()[c] = v;
            total += v;
        }
        let out = rng.figure();
        let carried = rng.below((total + out) as u64 + 1) as i64;
        rows.entry("total").or_default()[c] = total;
        rows.entry("carried_out").or_default()[c] = out;
        rows.entry("carried_in").or_default()[c] = carried;
        rows.entry("new").or_default()[c] = total + out - carried;
    }
    for d in gxgk::import::tables::t3_rows(gxgk::model::Edition::E2021) {
        let r = rows.get_mut(d.key).unwrap();
        r[6] = r[..6].iter().sum();
        let v: Vec<String> = r.iter().map(|x| x.to_string()).collect();
        t.push_str(&format!("{} = [{}]\n", d.key, v.join(", ")));
    }
    t.push_str("\n[t4]\n");
    for k in ["review", "suit_direct", "suit_after_review"] {
        let mut g: Vec<i64> = (0..4).map(|_| rng.figure()).collect();
        g.push(g.iter().sum());
        let v: Vec<String> = g.iter().map(|x| x.to_string()).collect();
        t.push_str(&format!("{k} = [{}]\n", v.join(", ")));
    }
    // The example's overview states its own figures; random tables get prose without any.
    let ov = text.find("\n[overview]\n").unwrap();
    let overview = "\n[overview]\ntext = \"本年度依法做好政府信息公开工作，各项工作平稳有序。\"\n\n\
        [[overview.parts]]\nheading = \"主动公开\"\ntext = \"\"\"\n按照要求主动公开政府信息，\
        及时更新网站专栏。\n\n同步做好政策解读。\n\"\"\"\n";
    format!("{}{overview}{t}{}", &text[..ov], &text[end..])
}

#[test]
fn random_reports_round_trip_through_every_format() {
    let dir = scratch("embedded-random");
    let mut rng = Rng(0xDA7A_2025);
    let mut trips = 0;
    for i in 0..6 {
        let data = dir.join(format!("random{i}.toml"));
        std::fs::write(&data, random_report(&mut rng)).unwrap();
        for format in ["html", "docx", "pdf"] {
            for stripped in [false, true] {
                round_trip(&dir, &data, format, stripped);
                trips += 1;
            }
        }
    }
    eprintln!("{trips} round trips of random reports, every value back exactly");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_table_edited_after_rendering_is_a_located_mismatch() {
    let dir = scratch("embedded-mismatch");
    let data = std::fs::canonicalize("examples/2025-township.toml").unwrap();
    // The page: 行政处罚 18 changed to 19 in the visible table.
    let page = render(&dir, &data, "html");
    let html = std::fs::read_to_string(&page).unwrap();
    let cell = "<td class=\"num a-center\" colspan=\"3\">18</td>";
    assert_eq!(
        html.matches(cell).count(),
        1,
        "the 行政处罚 cell as rendered"
    );
    let line = html[..html.find(cell).unwrap()].lines().count();
    std::fs::write(&page, html.replace(cell, &cell.replace("18", "19"))).unwrap();
    let o = gxgk_in(&dir, &["check", page.to_str().unwrap()]);
    let text = printed(&o);
    assert_eq!(o.status.code(), Some(1), "{text}");
    assert!(
        text.contains("IMPORT-DATA-MISMATCH")
            && text.contains("表二“行政处罚”一行，文档中可见的表格是 [19]，文档内嵌的数据是 [18]"),
        "{text}"
    );
    assert!(
        text.contains(&format!("2025-township.html:{line}:")),
        "located at line {line}: {text}"
    );
    let o = gxgk_in(&dir, &["import", page.to_str().unwrap(), "-o", "x.toml"]);
    assert_eq!(o.status.code(), Some(1), "{}", printed(&o));
    assert!(
        printed(&o).contains("可见表格与之不一致 1 处"),
        "{}",
        printed(&o)
    );
    // The Word file: a figure of the (一)予以公开 row edited in word/document.xml.
    let docx = render(&dir, &data, "docx");
    let mut zin = zip::ZipArchive::new(std::fs::File::open(&docx).unwrap()).unwrap();
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zout = zip::ZipWriter::new(&mut buf);
        for i in 0..zin.len() {
            let mut f = zin.by_index(i).unwrap();
            let name = f.name().to_string();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            if name == "word/document.xml" {
                let s = String::from_utf8(bytes).unwrap();
                let at = s.find("（一）予以公开").unwrap();
                let six = at + s[at..].find(">6</w:t>").unwrap();
                bytes =
                    format!("{}>7</w:t>{}", &s[..six], &s[six + ">6</w:t>".len()..]).into_bytes();
            }
            zout.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            zout.write_all(&bytes).unwrap();
        }
        zout.finish().unwrap();
    }
    std::fs::write(&docx, buf.into_inner()).unwrap();
    let o = gxgk_in(&dir, &["check", docx.to_str().unwrap()]);
    let text = printed(&o);
    assert!(
        text.contains("IMPORT-DATA-MISMATCH") && text.contains("“（一）予以公开”一行"),
        "{text}"
    );
    std::fs::remove_dir_all(&dir).ok();
}
