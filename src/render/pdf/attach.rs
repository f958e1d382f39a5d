//! The report's data (`view::data`) as a file embedded in the PDF: an `EmbeddedFiles` entry
//! of the catalog's name tree and, as PDF 2.0 and PDF/A-3 associate a document's data, the
//! catalog's `/AF` (relationship `Data`). Compressed with the document's deflate level and
//! dated with the document's date, so equal reports give equal bytes.

use pdf_writer::types::AssociationKind;
use pdf_writer::writers::Catalog;
use pdf_writer::{Date, Filter, Finish, Name, Pdf, Ref, Str, TextStr};

/// The embedded file's name, also what `gxgk import` looks for.
pub const FILE_NAME: &str = "gxgk-data.json";

/// Where the written data is, to link from the catalog.
#[derive(Debug, Clone, Copy)]
pub struct Attached {
    spec: Ref,
}

/// Writes the embedded file and its file specification.
pub fn write(pdf: &mut Pdf, next: &mut Ref, data: &str, date: Date, level: u8) -> Attached {
    let (file, spec) = (next.bump(), next.bump());
    let packed = crate::render::deflate::zlib(data.as_bytes(), level);
    let mut f = pdf.embedded_file(file, &packed);
    f.filter(Filter::FlateDecode);
    f.subtype(Name(b"application#2Fjson"));
    f.params()
        .size(i32::try_from(data.len()).unwrap_or(i32::MAX))
        .modification_date(date);
    f.finish();
    pdf.file_spec(spec)
        .path(Str(FILE_NAME.as_bytes()))
        .unic_file(TextStr(FILE_NAME))
        .description(TextStr("政府信息公开工作年度报告的数据（gxgk）"))
        .association_kind(AssociationKind::Data)
        .embedded_file(file);
    Attached { spec }
}

/// Links the file from the catalog: `/Names /EmbeddedFiles` and `/AF`.
pub fn link(catalog: &mut Catalog<'_>, a: Attached) {
    catalog
        .names()
        .embedded_files()
        .names()
        .insert(Str(FILE_NAME.as_bytes()), a.spec);
    catalog.insert(Name(b"AF")).array().item(a.spec);
}
