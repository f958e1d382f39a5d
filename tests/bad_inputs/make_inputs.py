#!/usr/bin/env python3
"""Writes the bad-input catalogue's data files (tests/bad_inputs/files/) from the shipped
example, one mistake per file, in the ways clerks really make them. Run it again after the
example changes; the transcripts (*.trycmd) pin what gxgk says about each file."""
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BASE = open(os.path.join(ROOT, "examples", "2025-township.toml"), encoding="utf-8").read()
OUT = os.path.join(HERE, "files")
os.makedirs(OUT, exist_ok=True)


def sub(old, new, text=BASE, count=1):
    assert old in text, old
    return text.replace(old, new, count)


def put(name, content):
    mode = "wb" if isinstance(content, bytes) else "w"
    kw = {} if isinstance(content, bytes) else {"encoding": "utf-8", "newline": ""}
    with open(os.path.join(OUT, name), mode, **kw) as f:
        f.write(content)


HEAD = 'heading = "主动公开"'
NEW = "new                       = [9, 2, 0, 0, 1, 0, 12]"
GRANTED = "granted                   = [5, 1, 0, 0, 0, 0, 6]"
assert NEW in BASE and GRANTED in BASE

cases = {
    # headings numbered every way clerks number them
    "heading-01-dun.toml": sub(HEAD, 'heading = "01、主动公开"'),
    "heading-001-dun.toml": sub(HEAD, 'heading = "001、主动公开"'),
    "heading-paren-01.toml": sub(HEAD, 'heading = "（01）主动公开"'),
    "heading-01-only.toml": sub(HEAD, 'heading = "01、"'),
    "heading-ascii-paren-01.toml": sub(HEAD, 'heading = "(01)主动公开"'),
    # punctuation and digits typed in Chinese input mode
    "fullwidth-equals.toml": sub("year = 2025", "year ＝ 2025"),
    "fullwidth-commas.toml": sub(NEW, "new                       = [9，2，0，0，1，0，12]"),
    "fullwidth-digit.toml": sub(NEW, "new                       = [９, 2, 0, 0, 1, 0, 12]"),
    "fullwidth-minus-text.toml": sub(NEW, 'new                       = ["－1", 2, 0, 0, 1, 0, 12]'),
    "fullwidth-brackets.toml": sub(NEW, "new                      = ［9, 2, 0, 0, 1, 0, 12］"),
    "dunhao-separators.toml": sub(NEW, "new                       = [9、2、0、0、1、0、12]"),
    "ideographic-space.toml": sub("year = 2025", "year　= 2025"),
    "chinese-quotes.toml": sub('level = "乡镇"', "level = “乡镇”"),
    "chinese-key.toml": sub("year = 2025", "年度 = 2025"),
    "bare-text-line.toml": sub("[agency]\n", "本年度主动公开信息326条\n[agency]\n"),
    # strings
    "backslash-path.toml": sub('website = "https://www.example.gov.cn/psz"', 'website = "D:\\报告\\2025"'),
    "unclosed-multiline.toml": sub('编制。\n"""\n', "编制。\n", BASE),
    "unclosed-multiline-at-end.toml": BASE.rstrip().rstrip('"') + "\n补充说明一句。\n",
    "unclosed-string.toml": sub('name = "磐石镇人民政府"', 'name = "磐石镇人民政府'),
    "unquoted-text.toml": sub('level = "乡镇"', "level = 乡镇"),
    "triple-quote-in-text.toml": sub("接受群众监督。", '接受群众监督。"""引号"""'),
    "raw-control-char.toml": sub("接受群众监督。", "接受群众\x01监督。"),
    "escaped-control-char.toml": sub(HEAD, 'heading = "主动\\u0007公开"'),
    "bidi-override.toml": sub("接受群众监督。", "接受群众\u202e监督。"),
    "zero-width-space.toml": sub("接受群众监督。", "接受\u200b群众监督。"),
    "emoji.toml": sub("接受群众监督。", "接受群众监督😀。"),
    "rare-cjk.toml": sub("接受群众监督。", "接受群众监督𪚥。"),
    # values and keys
    "empty-year.toml": sub("year = 2025", "year = "),
    "year-as-text.toml": sub("year = 2025", 'year = "2025"'),
    "year-2018.toml": sub("year = 2025", "year = 2018"),
    "year-2099.toml": sub("year = 2025", "year = 2099"),
    "edition-2020.toml": sub("edition = 2021", "edition = 2020"),
    "year-overflow.toml": sub("year = 2025", "year = 99999999999999999999"),
    "duplicate-key.toml": sub("year = 2025", "year = 2025\nyear = 2026"),
    "level-number.toml": sub('level = "乡镇"', "level = 1"),
    "level-unknown.toml": sub('level = "乡镇"', 'level = "乡政府"'),
    "missing-agency.toml": re.sub(r"\[agency\]\nname = .*\nlevel = .*\n", "", BASE),
    "unknown-key.toml": sub(GRANTED, GRANTED.replace("granted ", "grantd  ")),
    # Last year's key names (format 0.x renamed them): located "已改名为" errors.
    "old-keys.toml": BASE.replace("\nwithheld.", "\ndeny.").replace("\nnot_processed.", "\nreject."),
    "other-edition-key.toml": sub("[t2]\n", "[t2]\nprocurement = { count = 1, amount_wan = 3 }\n"),
    "signatory-empty.toml": sub('signatory = "磐石镇人民政府"', 'signatory = ""'),
    "agency-name-empty.toml": sub('name = "磐石镇人民政府"', 'name = ""'),
    "inline-agency.toml": sub('[agency]\nname = "磐石镇人民政府"\nlevel = "乡镇"\n', 'agency = "磐石镇人民政府"\n'),
    "deep-nesting.toml": sub("year = 2025", "year = 2025\nx = " + "[" * 200 + "]" * 200),
    "long-key.toml": sub("year = 2025", "year = 2025\n" + "k" * 5000 + " = 1"),
    # dates
    "date-dots.toml": sub("date = 2026-01-20", "date = 2026.01.20"),
    "date-chinese-unquoted.toml": sub("date = 2026-01-20", "date = 2026年1月20日"),
    "date-slashes.toml": sub("date = 2026-01-20", "date = 2026/1/20"),
    "date-not-real.toml": sub("date = 2026-01-20", "date = 2026-02-30"),
    "date-text-not-real.toml": sub("date = 2026-01-20", 'date = "2026年2月30日"'),
    "date-9999.toml": sub("date = 2026-01-20", "date = 9999-12-31"),
    "date-same-year.toml": sub("date = 2026-01-20", "date = 2025-12-20"),
    # table cells
    "cell-huge.toml": sub(GRANTED, "granted                   = [9223372036854775807, 9223372036854775807, 0, 0, 0, 0, 0]"),
    "cell-u64-max.toml": sub(GRANTED, "granted                   = [18446744073709551615, 1, 0, 0, 0, 0, 6]"),
    "cell-negative.toml": sub(GRANTED, "granted                   = [-5, 1, 0, 0, 0, 0, 6]"),
    "cell-float.toml": sub(GRANTED, "granted                   = [5.5, 1, 0, 0, 0, 0, 6]"),
    "cell-word.toml": sub(GRANTED, 'granted                   = ["五", 1, 0, 0, 0, 0, 6]'),
    "cell-with-unit.toml": sub(GRANTED, 'granted                   = ["5件", 1, 0, 0, 0, 0, 6]'),
    "row-too-short.toml": sub(GRANTED, "granted                   = [5, 1, 0, 0, 0, 6]"),
    "row-too-long.toml": sub(GRANTED, "granted                   = [5, 1, 0, 0, 0, 0, 0, 6]"),
    "unclosed-array.toml": sub(GRANTED, GRANTED[:-1]),
    "extra-comma.toml": sub(GRANTED, "granted                   = [5, 1, 0, 0, 0, 0, 6,,]"),
    "leading-zero.toml": sub(GRANTED, "granted                   = [05, 1, 0, 0, 0, 0, 6]"),
    "money-yuan.toml": re.sub(r"amount_wan = [0-9.]+", 'amount_wan = "7399700元"', BASE, count=1),
    "money-garbage.toml": re.sub(r"amount_wan = [0-9.]+", 'amount_wan = "约七百万"', BASE, count=1),
    "money-negative.toml": re.sub(r"amount_wan = [0-9.]+", "amount_wan = -3", BASE, count=1),
    "money-huge.toml": re.sub(r"amount_wan = [0-9.]+", "amount_wan = 99999999999", BASE, count=1),
    # several mistakes at once: all reported, in file order
    "many-mistakes.toml": sub(
        GRANTED,
        "granted                   = [5，1, 0, 0, 0, 0, 6]",
        sub("year = 2025", "年度 = 2025", sub('website = "https://www.example.gov.cn/psz"', 'website = "D:\\报告"')),
    ),
    # whole-file shapes
    "empty.toml": "",
    "whitespace-only.toml": "   \n\n\t\n",
    "comment-only.toml": "# 只有一行注释\n",
    "long-line.toml": sub(HEAD, 'heading = "' + "很长的小标题" * 12000 + '"x = 1'),
    "cr-only.toml": BASE.replace("\n", "\r"),
}

for name, content in cases.items():
    put(name, content)

# Encodings: what Notepad, WPS and other programs save.
put("utf8-bom.toml", b"\xef\xbb\xbf" + BASE.encode("utf-8"))
put("crlf.toml", BASE.replace("\n", "\r\n").encode("utf-8"))
put("utf16le-bom.toml", b"\xff\xfe" + BASE.encode("utf-16-le"))
put("utf16be-bom.toml", b"\xfe\xff" + BASE.encode("utf-16-be"))
put("utf16le-nobom.toml", BASE.encode("utf-16-le"))
put("gbk.toml", BASE.encode("gbk"))
put("nul-bytes.toml", BASE.encode("utf-8").replace(b"[agency]", b"[agency]\x00\x00", 1))
put("binary.toml", bytes((i * 97 + 13) % 256 for i in range(4096)))
print(f"{len(cases) + 8} files in {OUT}")
