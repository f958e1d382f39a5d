//! The logical structure the layout records for a tagged PDF (PDF/UA-1, ISO 14289-1 §7):
//! structure elements in reading order, each naming its parent. Every run of text names the
//! element it belongs to, or none when it is an artifact (page numbers, the draft watermark
//! and notice, repeated table headers and labels); table rules are always artifacts.

use super::text::Item;

/// Which header a `TH` is (the `/Scope` attribute, ISO 32000-1 §14.8.5.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Heads the cells to its right (`（一）予以公开`).
    Row,
    /// Heads the cells below it (`自然人`, `第二十条第（一）项`).
    Column,
}

/// A structure element's type (standard structure types, ISO 32000-1 §14.8.4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tag {
    /// The title.
    H1,
    /// 一、 section heading.
    H2,
    /// （一） part heading.
    H3,
    /// A paragraph: the preamble, body text, each line of the sign-off.
    P,
    /// A statistics table, or one 第二十条 part of 表二.
    Table,
    /// The sub-caption that heads one part of 表二 (`第二十条第（一）项`).
    Caption,
    /// A table row.
    TR,
    /// A header cell, with its spans.
    TH {
        /// What it heads.
        scope: Scope,
        /// Rows spanned.
        rows: usize,
        /// Columns spanned.
        cols: usize,
    },
    /// A data cell, with its spans.
    TD {
        /// Rows spanned.
        rows: usize,
        /// Columns spanned.
        cols: usize,
    },
    /// A web or e-mail address in a paragraph, with its target.
    Link {
        /// `https://…` or `mailto:…`.
        uri: String,
        /// The address as printed (the annotation's `/Contents`).
        text: String,
    },
}

/// A structure element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Elem {
    /// Its type.
    pub tag: Tag,
    /// Its parent element, `None` for a child of the document.
    pub parent: Option<usize>,
}

/// The target of an address printed in the text: `https://` and `http://` addresses as they
/// are, `www.` ones over http (the scheme the reader's browser upgrades), e-mail addresses
/// as `mailto:`. Punctuation after the address is not part of it.
pub fn link_target(text: &str) -> Option<(String, String)> {
    let t = text.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '\'', '"']);
    let lower = t.to_ascii_lowercase();
    let uri = if lower.starts_with("http://") || lower.starts_with("https://") {
        (t.len() > lower.find("://")? + 3).then(|| t.to_string())?
    } else if lower.starts_with("www.") && t.len() > 4 && t[4..].contains('.') {
        format!("http://{t}")
    } else {
        let (user, host) = t.split_once('@')?;
        let ok = !user.is_empty()
            && user
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c))
            && host.contains('.')
            && !host.starts_with('.')
            && !host.ends_with('.')
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-".contains(c));
        if !ok {
            return None;
        }
        format!("mailto:{t}")
    };
    Some((uri, t.to_string()))
}

/// The addresses among a paragraph's items, as (first item, items after the last, uri, text):
/// an address is a word (a run of non-wide, non-space items, a long address broken into
/// pieces) that [`link_target`] accepts; only its own characters belong to the link.
pub(super) fn addresses(items: &[Item]) -> Vec<(usize, usize, String, String)> {
    let mut out = Vec::new();
    let mut k = 0;
    while k < items.len() {
        if items[k].wide || items[k].space {
            k += 1;
            continue;
        }
        let mut end = k + 1;
        while end < items.len() && items[end].url_piece {
            end += 1;
        }
        let word: String = items[k..end].iter().map(|i| i.text.as_str()).collect();
        if let Some((uri, text)) = link_target(&word) {
            // Trailing punctuation cut from the address stays outside the link when it is
            // an item of its own; inside an item it is drawn with it.
            let mut stop = end;
            let mut len: usize = items[k..end].iter().map(|i| i.text.len()).sum();
            while stop > k + 1 && len - items[stop - 1].text.len() >= text.len() {
                len -= items[stop - 1].text.len();
                stop -= 1;
            }
            out.push((k, stop, uri, text));
        }
        k = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::link_target;

    #[test]
    fn addresses_become_links() {
        let t = |s: &str| link_target(s).map(|(u, _)| u);
        assert_eq!(
            t("https://www.example.gov.cn/psz"),
            Some("https://www.example.gov.cn/psz".into())
        );
        assert_eq!(
            t("www.example.gov.cn/psz"),
            Some("http://www.example.gov.cn/psz".into())
        );
        assert_eq!(
            t("xxgk@example.gov.cn."),
            Some("mailto:xxgk@example.gov.cn".into())
        );
        assert_eq!(t("GB/T9704-2012"), None);
        assert_eq!(t("12.5"), None);
        assert_eq!(t("a@b"), None);
        assert_eq!(t("https://"), None);
    }
}
