//! The kinds of text GB/T 9704 sets in their own typeface (docs/spec/layout.md §8.5) and, for
//! each, the family names and Windows file names to look for, first installed wins.

/// What a face is used for in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// 小标宋: the title.
    Title,
    /// 仿宋: body text and tables.
    Body,
    /// 黑体: first-level headings (一、).
    Hei,
    /// 楷体: second-level headings (（一）).
    Kai,
    /// 宋体: page numbers.
    Song,
}

impl Role {
    /// All roles, in listing order.
    pub const ALL: [Role; 5] = [Role::Title, Role::Body, Role::Hei, Role::Kai, Role::Song];

    /// The Chinese name of the role.
    pub fn label(self) -> &'static str {
        match self {
            Role::Title => "标题（小标宋）",
            Role::Body => "正文（仿宋）",
            Role::Hei => "一级标题（黑体）",
            Role::Kai => "二级标题（楷体）",
            Role::Song => "页码（宋体）",
        }
    }

    /// The key used in `--font ROLE=NAME` overrides.
    pub fn key(self) -> &'static str {
        match self {
            Role::Title => "title",
            Role::Body => "body",
            Role::Hei => "hei",
            Role::Kai => "kai",
            Role::Song => "song",
        }
    }

    /// Parses an override key (`title`, `body`, `hei`, `kai`, `song`, or the Chinese names).
    pub fn parse(s: &str) -> Option<Role> {
        match s.trim() {
            "title" | "小标宋" | "标题" => Some(Role::Title),
            "body" | "仿宋" | "正文" => Some(Role::Body),
            "hei" | "黑体" => Some(Role::Hei),
            "kai" | "楷体" => Some(Role::Kai),
            "song" | "宋体" | "页码" => Some(Role::Song),
            _ => None,
        }
    }

    /// Family names to look for, first installed wins (docs/spec/layout.md §8.5), with the weight wanted.
    pub(super) fn candidates(self) -> &'static [(&'static str, u16)] {
        match self {
            Role::Title => &[
                ("方正小标宋简体", 400),
                ("FZXiaoBiaoSong-B05S", 400),
                ("方正小标宋_GBK", 400),
                ("华文中宋", 400),
                ("STZhongsong", 400),
                ("Source Han Serif SC", 700),
                ("Noto Serif CJK SC", 700),
                ("FandolSong", 700),
            ],
            Role::Body => &[
                ("仿宋_GB2312", 400),
                ("FangSong_GB2312", 400),
                ("仿宋", 400),
                ("FangSong", 400),
                ("STFangsong", 400),
                ("华文仿宋", 400),
                ("FZFangSong-Z02", 400),
                ("方正仿宋简体", 400),
                ("FandolFang", 400),
                ("Noto Serif CJK SC", 400),
                ("Source Han Serif SC", 400),
            ],
            Role::Hei => &[
                ("黑体", 400),
                ("SimHei", 400),
                ("Heiti SC", 400),
                ("STHeiti", 400),
                ("FZHei-B01", 400),
                ("方正黑体简体", 400),
                ("Noto Sans CJK SC", 500),
                ("Source Han Sans SC", 500),
                ("WenQuanYi Zen Hei", 400),
                ("FandolHei", 400),
            ],
            Role::Kai => &[
                ("楷体_GB2312", 400),
                ("KaiTi_GB2312", 400),
                ("楷体", 400),
                ("KaiTi", 400),
                ("Kaiti SC", 400),
                ("STKaiti", 400),
                ("华文楷体", 400),
                ("FZKai-Z03", 400),
                ("方正楷体简体", 400),
                ("FandolKai", 400),
                ("LXGW WenKai", 400),
                ("霞鹜文楷", 400),
                ("AR PL UKai CN", 400),
                ("AR PL KaitiM GB", 400),
            ],
            Role::Song => &[
                ("宋体", 400),
                ("SimSun", 400),
                ("Songti SC", 400),
                ("STSong", 400),
                ("FZShuSong-Z01", 400),
                ("Noto Serif CJK SC", 400),
                ("Source Han Serif SC", 400),
                ("FandolSong", 400),
                ("AR PL UMing CN", 400),
            ],
        }
    }

    /// The Windows file names (stems, compared without case) a family is installed under.
    /// A file found under one of these names counts as the family even when its name table
    /// says otherwise or cannot be read (older Chinese fonts name themselves in GB2312 only).
    /// `SIMFANG`/`SIMKAI` are 仿宋/楷体 since Windows Vista and were 仿宋_GB2312/楷体_GB2312 on
    /// Windows XP; those older files say so in their name table and match by name first.
    pub(super) fn windows_files(family: &str) -> &'static [&'static str] {
        match family {
            "方正小标宋简体" => &["FZXBSJW", "FZXBSJW--GB1-0", "方正小标宋简体"],
            "方正小标宋_GBK" => &["FZXBSK", "FZXBSK--GBK1-0", "方正小标宋_GBK"],
            "华文中宋" => &["STZHONGS", "华文中宋"],
            "仿宋_GB2312" => &[
                "仿宋_GB2312",
                "FS_GB2312",
                "FangSong_GB2312",
                "SIMFANG_GB2312",
            ],
            "仿宋" => &["SIMFANG", "仿宋"],
            "华文仿宋" => &["STFANGSO", "华文仿宋"],
            "方正仿宋简体" => &["FZFSJW", "FZFSJW--GB1-0", "方正仿宋简体"],
            "黑体" => &["SIMHEI", "黑体"],
            "方正黑体简体" => &["FZHTJW", "FZHTJW--GB1-0", "方正黑体简体"],
            "楷体_GB2312" => &["楷体_GB2312", "KaiTi_GB2312", "SIMKAI_GB2312"],
            "楷体" => &["SIMKAI", "楷体"],
            "华文楷体" => &["STKAITI", "华文楷体"],
            "方正楷体简体" => &["FZKTJW", "FZKTJW--GB1-0", "方正楷体简体"],
            "宋体" => &["SIMSUN", "宋体"],
            "STSong" => &["STSONG", "华文宋体"],
            _ => &[],
        }
    }

    /// The roles whose face stands in when this role has none of its own.
    pub(super) fn substitutes(self) -> &'static [Role] {
        match self {
            Role::Title => &[Role::Song, Role::Hei, Role::Body],
            Role::Body => &[Role::Song, Role::Kai, Role::Title, Role::Hei],
            Role::Hei => &[Role::Title, Role::Body, Role::Song],
            Role::Kai => &[Role::Body, Role::Song, Role::Title, Role::Hei],
            Role::Song => &[Role::Body, Role::Title, Role::Kai, Role::Hei],
        }
    }
}
