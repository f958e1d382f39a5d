//! `gxgk stats`: the workbook is read back independently — by LibreOffice Calc (every sheet to
//! CSV) and from the sheet XML itself — and holds, per report, every cell under the template's
//! labels: numbers as numbers, blank cells empty, editions on their own sheets, unreadable
//! files listed.

use crate::common;

use std::path::Path;

use common::{gxgk_in, printed, scratch};

/// Every sheet of `xlsx` as CSV rows, through LibreOffice Calc.
fn sheets_as_csv(dir: &Path, xlsx: &str) -> Vec<(String, Vec<Vec<String>>)> {
    let status = std::process::Command::new("soffice")
        .args([
            "--headless",
            "--convert-to",
            // UTF-8, comma separated, every sheet to its own file (the trailing -1).
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            "--outdir",
            "csv",
            xlsx,
        ])
        .current_dir(dir)
        .output()
        .expect("LibreOffice is needed for this test: apt-get install libreoffice-calc");
    assert!(
        status.status.success(),
        "LibreOffice could not open the workbook (is libreoffice-calc installed?): {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let mut out: Vec<(String, Vec<Vec<String>>)> = std::fs::read_dir(dir.join("csv"))
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&p).unwrap();
            let rows = text
                .lines()
                .map(|l| l.split(',').map(str::to_string).collect())
                .collect();
            (name, rows)
        })
        .collect();
    assert!(
        !out.is_empty(),
        "LibreOffice wrote no sheets: install libreoffice-calc"
    );
    out.sort();
    out
}

#[test]
fn workbook_has_every_cell_of_every_report() {
    let dir = scratch("stats");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let ex2025 = std::fs::read_to_string(root.join("examples/2025-township.toml")).unwrap();
    std::fs::create_dir_all(dir.join("in")).unwrap();
    std::fs::write(dir.join("in/a.toml"), &ex2025).unwrap();
    std::fs::write(
        dir.join("in/b.toml"),
        ex2025.replace("磐石镇", "青山镇").replace(
            "fees      = { amount_wan = 0 }",
            "fees      = { amount_wan = 12.5 }",
        ),
    )
    .unwrap();
    // A 2019-edition report with blank cells (the 自然人 column of 表三 left empty).
    std::fs::copy(
        root.join("tests/fixtures/seed-002.toml"),
        dir.join("in/c.toml"),
    )
    .unwrap();
    std::fs::write(dir.join("in/d.toml"), "year = 2025\n[agency\n").unwrap();

    let o = gxgk_in(&dir, &["stats", "in", "-o", "统计.xlsx"]);
    let text = printed(&o);
    assert_eq!(
        o.status.code(),
        Some(2),
        "an unreadable file: exit 2\n{text}"
    );
    assert!(
        text.contains("已生成 统计.xlsx：4 份报告，其中 1 份无法读取"),
        "{text}"
    );
    // Never overwritten without --force.
    let o = gxgk_in(&dir, &["stats", "in", "-o", "统计.xlsx"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(printed(&o).contains("已存在"), "{}", printed(&o));

    let sheets = sheets_as_csv(&dir, "统计.xlsx");
    let names: Vec<&str> = sheets.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(
        names,
        [
            "统计-表三（2019版）",
            "统计-表三（2021版）",
            "统计-表二（2019版）",
            "统计-表二（2021版）",
            "统计-表四"
        ]
    );
    let sheet = |n: &str| &sheets.iter().find(|s| s.0.ends_with(n)).unwrap().1;
    // 表三（2021版）: two header rows, then a, b and the unreadable d.
    let t3 = sheet("表三（2021版）");
    assert_eq!(
        t3[0][..7],
        [
            "文件",
            "机关",
            "年度",
            "表格版本",
            "错误",
            "警告",
            "一、本年新收政府信息公开申请数量"
        ]
    );
    assert_eq!(
        t3[1][6..13],
        [
            "自然人",
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
            "总计"
        ]
    );
    assert_eq!(t3.len(), 5, "{t3:?}");
    assert_eq!(
        t3[2][..13],
        [
            "in/a.toml",
            "磐石镇人民政府",
            "2025",
            "2021",
            "0",
            "0",
            "9",
            "2",
            "0",
            "0",
            "1",
            "0",
            "12"
        ]
    );
    assert_eq!(t3[3][1], "青山镇人民政府");
    assert_eq!(t3[4][..2], ["in/d.toml", "（无法读取）"]);
    // 表二（2021版）: the fee amount in 万元 as a decimal number.
    let t2 = sheet("表二（2021版）");
    let fee = t2[0]
        .iter()
        .position(|h| h.contains("行政事业性收费"))
        .unwrap();
    assert_eq!(t2[3][fee], "12.5");
    // 表三（2019版）: c's blank cells (the five 法人 columns) are empty, not 0.
    let t3_2019 = sheet("表三（2019版）");
    let c = t3_2019.iter().find(|r| r[0] == "in/c.toml").unwrap();
    assert_eq!(c[6..13], ["46", "", "", "", "", "", "46"][..]);
    // 表四 lists every report, both editions.
    assert_eq!(sheet("表四").len(), 2 + 4);

    // Numbers are stored as numbers (no `t="s"`/`t="str"` on a figure cell).
    let file = std::fs::File::open(dir.join("统计.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet4.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    let g3 = xml.find("r=\"G3\"").expect("a figure in G3");
    let cell = &xml[xml[..g3].rfind("<c ").unwrap()..];
    let cell = &cell[..cell.find("</c>").unwrap()];
    assert!(!cell.contains(" t=\""), "G3 is not a number: {cell}");
    assert!(xml.contains("<pane"), "the header is frozen");
    let _ = std::fs::remove_dir_all(&dir);
}
