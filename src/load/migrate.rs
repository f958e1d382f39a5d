//! Keys renamed between versions of the data file (format 0.x): where an old name stands in
//! a file, and the file with the new names. `check` and `render` refuse an old name with a
//! located "已改名为 …" error; last year's file (`new --from`, `check --previous`) is read
//! under the new names with a note, since every office's previous file has the old ones.

use std::ops::Range;

/// A renamed key: the table it lives in, the old name, the new name, and what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rename {
    /// The table the key is directly under.
    pub table: &'static str,
    /// The name before.
    pub old: &'static str,
    /// The name now.
    pub new: &'static str,
    /// The template's wording of what the key holds.
    pub what: &'static str,
}

/// Every renamed key. `deny` (不予公开) and `reject` (不予处理) read alike in English and were
/// mixed up; the new names say what is refused: the information (withheld) or the
/// application itself (not processed).
pub const RENAMES: [Rename; 2] = [
    Rename {
        table: "t3",
        old: "deny",
        new: "withheld",
        what: "（三）不予公开",
    },
    Rename {
        table: "t3",
        old: "reject",
        new: "not_processed",
        what: "（五）不予处理",
    },
];

/// An old key found in a file: where its name is written, and the rename.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Byte range of the old name in the text.
    pub span: Range<usize>,
    /// The rename that applies.
    pub rename: Rename,
    /// The full key path as written, with the old name (`t3.deny.internal`).
    pub path: String,
}

/// Every place `text` writes an old key name: in table headers (`[t3.deny]`), in dotted keys
/// under `[t3]` (`deny.internal = …`) or at the top (`t3.deny.internal = …`), and as the key
/// of an inline table (`deny = { … }`). Text inside multi-line strings is not looked at.
pub fn find(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    let mut table: Vec<String> = Vec::new();
    let mut in_string: Option<&str> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if let Some(delim) = in_string {
            if line.matches(delim).count() % 2 == 1 {
                in_string = None;
            }
            continue;
        }
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some(rest) = trimmed.strip_prefix('[') {
            let array = rest.starts_with('[');
            let inner = rest.trim_start_matches('[');
            let Some(end) = inner.find(']') else { continue };
            let base = start + indent + 1 + usize::from(array);
            let segs = segments(&inner[..end], base);
            for i in 0..segs.len() {
                let parent: Vec<&str> = segs[..i].iter().map(|s| s.0.as_str()).collect();
                if let Some(r) = rename_for(&parent, &segs[i].0) {
                    let path: Vec<&str> = segs.iter().map(|s| s.0.as_str()).collect();
                    out.push(Found {
                        span: segs[i].1.clone(),
                        rename: r,
                        path: path.join("."),
                    });
                }
            }
            table = segs.into_iter().map(|s| s.0).collect();
            continue;
        }
        let Some(eq) = key_end(trimmed) else {
            if let Some(d) = opens_multiline(trimmed) {
                in_string = Some(d);
            }
            continue;
        };
        let base = start + indent;
        let segs = segments(&trimmed[..eq], base);
        let mut parent: Vec<&str> = table.iter().map(String::as_str).collect();
        for (name, range) in &segs {
            if let Some(r) = rename_for(&parent, name) {
                let mut path = parent.join(".");
                for (n, _) in &segs {
                    path.push('.');
                    path.push_str(n);
                }
                out.push(Found {
                    span: range.clone(),
                    rename: r,
                    path: path.trim_start_matches('.').to_string(),
                });
            }
            parent.push(name);
        }
        // `t3 = { deny = { … } }` and `deny = { … }` under [t3]: keys inside an inline table.
        let value = &trimmed[eq + 1..];
        inline_keys(value, start + indent + eq + 1, &parent, &mut out);
        if let Some(d) = opens_multiline(value) {
            in_string = Some(d);
        }
    }
    out.sort_by_key(|f| f.span.start);
    out.dedup_by(|a, b| a.span == b.span);
    out
}

/// The rename for key `name` directly under the table `parent`.
fn rename_for(parent: &[&str], name: &str) -> Option<Rename> {
    let [table] = parent else { return None };
    RENAMES
        .iter()
        .copied()
        .find(|r| r.table == *table && r.old == name)
}

/// The bare segments of a dotted key with their byte ranges (`base` is the key's offset);
/// quoted segments are kept as written without their quotes.
fn segments(key: &str, base: usize) -> Vec<(String, Range<usize>)> {
    let mut out = Vec::new();
    let mut pos = 0;
    for part in key.split('.') {
        let lead = part.len() - part.trim_start().len();
        let name = part.trim();
        let s = base + pos + lead;
        let unquoted = name.trim_matches(|c| c == '"' || c == '\'');
        let q = usize::from(unquoted.len() != name.len());
        out.push((unquoted.to_string(), s + q..s + q + unquoted.len()));
        pos += part.len() + 1;
    }
    out
}

/// Where the key of a `key = value` line ends (the `=`), when the line is one.
fn key_end(line: &str) -> Option<usize> {
    if line.starts_with('#') {
        return None;
    }
    let eq = line.find('=')?;
    let key = &line[..eq];
    let plain = key
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ' ' | '\t' | '"' | '\''));
    (plain && !key.trim().is_empty()).then_some(eq)
}

/// The delimiter of a multi-line string the value opens and does not close.
fn opens_multiline(value: &str) -> Option<&'static str> {
    ["\"\"\"", "'''"]
        .into_iter()
        .find(|d| value.matches(d).count() % 2 == 1)
}

/// Old names used as keys of the inline table that `value` holds (`t3 = { deny = {…} }`),
/// whose parent table is `parent`.
fn inline_keys(value: &str, base: usize, parent: &[&str], out: &mut Vec<Found>) {
    let mut depth = 0usize;
    let mut in_str = false;
    for (i, b) in value.bytes().enumerate() {
        let key_follows = match b {
            b'"' => {
                in_str = !in_str;
                false
            }
            b'{' if !in_str => {
                depth += 1;
                depth == 1
            }
            b'}' if !in_str => {
                depth = depth.saturating_sub(1);
                false
            }
            b',' if !in_str => depth == 1,
            _ => false,
        };
        if !key_follows {
            continue;
        }
        let rest = &value[i + 1..];
        let trimmed = rest.trim_start();
        let Some(eq) = key_end(trimmed) else { continue };
        let at = base + i + 1 + (rest.len() - trimmed.len());
        if let Some((name, range)) = segments(&trimmed[..eq], at).into_iter().next()
            && let Some(r) = rename_for(parent, &name)
        {
            out.push(Found {
                span: range,
                rename: r,
                path: format!("{}.{name}", parent.join(".")),
            });
        }
    }
}

/// `text` with every old name in `found` replaced by its new name, and a map from offsets in
/// the result back to offsets in `text`.
pub fn apply(text: &str, found: &[Found]) -> (String, OffsetMap) {
    let mut out = String::with_capacity(text.len() + 16 * found.len());
    let mut shifts = Vec::new();
    let mut at = 0;
    for f in found {
        out.push_str(&text[at..f.span.start]);
        out.push_str(f.rename.new);
        at = f.span.end;
        shifts.push((
            out.len(),
            f.rename.new.len() as isize - f.rename.old.len() as isize,
        ));
    }
    out.push_str(&text[at..]);
    (out, OffsetMap(shifts))
}

/// Maps offsets in a renamed text back to the text as written.
#[derive(Debug, Clone, Default)]
pub struct OffsetMap(Vec<(usize, isize)>);

impl OffsetMap {
    /// The offset in the original text of `offset` in the renamed one.
    pub fn back(&self, offset: usize) -> usize {
        let shift: isize = self
            .0
            .iter()
            .take_while(|(end, _)| *end <= offset)
            .map(|(_, d)| d)
            .sum();
        (offset as isize - shift).max(0) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<(String, &'static str)> {
        find(text)
            .into_iter()
            .map(|f| (text[f.span.clone()].to_string(), f.rename.new))
            .collect()
    }

    #[test]
    fn finds_old_names_in_every_shape_a_clerk_writes() {
        let text = "year = 2025\n[t3]\ndeny.internal = [1, 0, 0, 0, 0, 0]\n  reject.repeat=[0,0,0,0,0,0]\n\
                    [t3.deny]\nprocess = [0, 0, 0, 0, 0, 0]\n[ t3 . reject ]\nconfirm = [0, 0, 0, 0, 0, 0]\n";
        assert_eq!(
            names(text),
            [
                ("deny".into(), "withheld"),
                ("reject".into(), "not_processed"),
                ("deny".into(), "withheld"),
                ("reject".into(), "not_processed"),
            ]
        );
        let top = "t3.deny.internal = [1, 0, 0, 0, 0, 0]\nt3 = { reject = { repeat = [0, 0, 0, 0, 0, 0] } }\n";
        assert_eq!(
            names(top),
            [
                ("deny".into(), "withheld"),
                ("reject".into(), "not_processed")
            ]
        );
        let inline = "[t3]\ndeny = { internal = [1, 0, 0, 0, 0, 0] }\n";
        assert_eq!(names(inline), [("deny".into(), "withheld")]);
        let f = &find(inline)[0];
        assert_eq!(f.path, "t3.deny");
    }

    #[test]
    fn leaves_other_tables_text_and_new_names_alone() {
        let text = "[overview]\ntext = \"\"\"\n[t3]\ndeny.x = 1\n\"\"\"\ndeny = 1\n[t3]\nwithheld.internal = [0, 0, 0, 0, 0, 0]\n[t4.deny]\n";
        assert!(names(text).is_empty(), "{:?}", names(text));
        assert!(names("# [t3.deny]\n").is_empty());
    }

    #[test]
    fn renamed_text_maps_back_to_the_text_as_written() {
        let text = "[t3]\ndeny.internal = [1]\nreject.repeat = [x]\n";
        let found = find(text);
        let (renamed, map) = apply(text, &found);
        assert_eq!(
            renamed,
            "[t3]\nwithheld.internal = [1]\nnot_processed.repeat = [x]\n"
        );
        let x = renamed.find('x').unwrap();
        assert_eq!(map.back(x), text.find('x').unwrap());
        assert_eq!(map.back(2), 2);
    }
}
