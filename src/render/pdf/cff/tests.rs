//! Tests of the CFF subsetter.

use super::*;

#[test]
fn indexes_round_trip() {
    for items in [
        vec![],
        vec![&b"a"[..]],
        vec![&b"Adobe"[..], b"Identity", b""],
        vec![&[7u8; 300][..], &[9u8; 70_000][..]],
    ] {
        let mut out = vec![0xAA];
        write_index(&mut out, &items);
        let (index, end) = Index::parse(&out, 1).unwrap();
        assert_eq!(end, out.len());
        assert_eq!(index.count, items.len());
        for (i, item) in items.iter().enumerate() {
            assert_eq!(index.get(i).unwrap(), *item);
        }
        assert!(index.get(items.len()).is_none());
    }
    // An INDEX running past the data is refused.
    assert!(Index::parse(&[0, 1, 1, 1, 9, 0], 0).is_none());
}

#[test]
fn dicts_read_every_operand_form() {
    // 100 (1 byte), 1000 (2 bytes), -1000, 10000 (28), 100000 (29), a real, op 17;
    // then 12 36 with one operand.
    let mut d = vec![
        239, 250, 124, 254, 124, 28, 0x27, 0x10, 29, 0, 1, 0x86, 0xa0,
    ];
    d.extend([30, 0x1a, 0x5f, 17, 139, 12, 36]);
    let e = dict(&d).unwrap();
    assert_eq!(e.len(), 2);
    assert_eq!(e[0].op, 17);
    assert_eq!(e[0].args, [100.0, 1000.0, -1000.0, 10000.0, 100_000.0, 0.0]);
    assert_eq!((e[1].op, e[1].raw), (1236, &[139, 12, 36][..]));
    assert!(dict(&[255]).is_none());
}

/// Runs the inliner on `glyph` with two subroutines: local 0 (bias 107: called as -107)
/// `0 10 rlineto return`, global 1 (called as -106) `1 2 vstem return`; the charstring
/// written and the stems counted.
fn inline(glyph: &[u8], hints: bool) -> (Vec<u8>, usize) {
    let mut locals = Vec::new();
    write_index(&mut locals, &[&[139, 149, 5, 11][..]]);
    let mut globals = Vec::new();
    write_index(&mut globals, &[&[11][..], &[140, 141, 3, 11][..]]);
    let (locals, _) = Index::parse(&locals, 0).unwrap();
    let (gsubrs, _) = Index::parse(&globals, 0).unwrap();
    let empty = [0u8, 0];
    let (charstrings, _) = Index::parse(&empty, 0).unwrap();
    let cff = Cff {
        name: b"x",
        top: Vec::new(),
        gsubrs,
        charstrings,
        fds: Vec::new(),
        fd_select: &[],
    };
    let mut inliner = Inliner::new(&cff, locals, hints);
    inliner.run(glyph, 0).unwrap();
    assert!(inliner.done);
    (inliner.out, inliner.stems)
}

#[test]
fn subroutines_are_inlined_and_hint_masks_kept_whole() {
    // 10 20 hstem; callgsubr(-106) → 1 2 vstem; 3 4 (implied vstem) hintmask + 1 byte
    // (3 stems); callsubr(-107) → 0 10 rlineto; endchar; anything after is not read.
    let glyph = [
        149,
        159,
        1,
        33,
        29,
        142,
        143,
        19,
        0b1110_0000,
        32,
        10,
        14,
        99,
    ];
    let (out, stems) = inline(&glyph, true);
    assert_eq!(
        out,
        [
            149,
            159,
            1,
            140,
            141,
            3,
            142,
            143,
            19,
            0b1110_0000,
            139,
            149,
            5,
            14
        ]
    );
    assert_eq!(stems, 3);
    assert_eq!((bias(1239), bias(1240), bias(33_900)), (107, 1131, 32768));
}

#[test]
fn hints_dropped_keep_the_width_and_the_outline() {
    let run = |glyph: &[u8]| inline(glyph, false).0;
    // Body of each case: callgsubr(-106) → 1 2 vstem; 3 4 (implied vstem) hintmask + 1
    // byte; 5 6 rmoveto; callsubr(-107) → 0 10 rlineto; cntrmask + 1 byte; endchar.
    let body = [
        33, 29, 142, 143, 19, 0xe0, 144, 145, 21, 32, 10, 20, 0xe0, 14,
    ];
    let drawn = [144, 145, 21, 139, 149, 5, 14];
    // Width 100 on hstem (10 20): the width stays, the hints go.
    let with_width = [&[239, 149, 159, 1][..], &body].concat();
    assert_eq!(run(&with_width), [&[239][..], &drawn].concat());
    // No width: nothing before the moveto.
    let without = [&[149, 159, 18][..], &body].concat();
    assert_eq!(run(&without), drawn);
    // Width on a hint mask that is the first operator (its implied vstem 3 4).
    assert_eq!(
        run(&[239, 142, 143, 19, 0x80, 144, 145, 21, 14]),
        [239, 144, 145, 21, 14]
    );
    // A later odd operand count is not a width: an hstem after the moveto goes whole.
    assert_eq!(
        run(&[144, 145, 21, 139, 149, 159, 1, 139, 149, 5, 14]),
        [144, 145, 21, 139, 149, 5, 14]
    );
}

#[test]
fn damaged_outlines_never_panic() {
    // The body face of the fonts found (Noto Serif CJK where scripts/test installs it),
    // with bytes of its CFF table scrambled: subset() may give up, never panic or hang.
    let fonts = crate::sys::fonts::resolve(&crate::sys::fonts::FontOptions::default())
        .unwrap_or_else(|e| panic!("a CJK font is needed (scripts/test installs one): {e}"));
    let face = &fonts.faces()[fonts.face_of(crate::sys::fonts::Role::Body)];
    let data = face.data.as_slice();
    let raw = ttf_parser::RawFace::parse(data, face.index).unwrap();
    let cff = raw
        .table(ttf_parser::Tag::from_bytes(b"CFF "))
        .expect("a CFF face");
    let start = cff.as_ptr() as usize - data.as_ptr() as usize;
    let gids: Vec<u16> = (0..200).map(|g| g * 97).collect();
    let good = subset(
        data,
        face.index,
        std::path::Path::new("/good"),
        &gids,
        false,
    );
    assert!(
        good.is_some(),
        "{} could not be subset",
        face.path.display()
    );
    let mut x: u64 = 7;
    for round in 0..12 {
        let mut bytes = data.to_vec();
        for _ in 0..400 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let at = start + (x >> 33) as usize % cff.len().min(400_000);
            bytes[at] = (x >> 13) as u8;
        }
        // A path of its own: the cache must not answer for a different file.
        let path = PathBuf::from(format!("/damaged/{round}"));
        let _ = subset(&bytes, face.index, &path, &gids, round % 2 == 0);
    }
}
