//! `gxgk edit` driven as a clerk drives it: the real binary serving a copy of each example,
//! headless Chromium typing into the form (CDP `Input.insertText`, key presses), waiting for
//! what appears, saving, and the file read back from disk. Also: unsaved typing offered back
//! after a restart, the creation page against `gxgk new`, axe-core on the page, and the
//! server's refusals (token, Host, Origin, body size, paths) over raw HTTP.

use crate::cdp;
use crate::common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use common::scratch;

/// A running `gxgk edit` and the address it printed.
struct Editor {
    child: Child,
    url: String,
    port: u16,
}

impl Editor {
    fn start(file: &Path, port: Option<u16>) -> Editor {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_gxgk"));
        cmd.arg("edit").arg(file).arg("--no-browser");
        if let Some(p) = port {
            cmd.args(["--port", &p.to_string()]);
        }
        let mut child = cmd
            .current_dir(file.parent().unwrap())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start gxgk edit");
        let mut first = String::new();
        BufReader::new(child.stdout.as_mut().unwrap())
            .read_line(&mut first)
            .unwrap();
        let url = first.trim().to_string();
        assert!(
            url.starts_with("http://127.0.0.1:"),
            "first line is the address: {url:?}"
        );
        let token = url.split("token=").nth(1).unwrap();
        assert!(token.len() >= 32, "at least 128 bits of token");
        let port = url["http://127.0.0.1:".len()..]
            .split('/')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        Editor { child, url, port }
    }

    fn token(&self) -> &str {
        self.url.split("token=").nth(1).unwrap()
    }

    fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Editor {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits until the JavaScript condition holds (it is polled, and one that throws — the page
/// or a frame in the middle of loading — counts as not yet), or fails naming it.
fn wait_for(b: &mut cdp::Browser, condition: &str) {
    let start = Instant::now();
    loop {
        let r = b.call(
            "Runtime.evaluate",
            json!({"expression": format!("(() => {{ try {{ return !!({condition}); }} catch (e) {{ return false; }} }})()"),
                   "returnByValue": true}),
        );
        if r["result"]["value"] == Value::Bool(true) {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "timed out waiting for {condition}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Focuses the element, selects what it holds and types `text` as key input would.
fn type_into(b: &mut cdp::Browser, selector: &str, text: &str) {
    let found = b.eval(&format!(
        "(() => {{ const e = document.querySelector({sel}); if (!e) return false; e.scrollIntoView({{block: 'center'}}); e.focus(); e.select && e.select(); return true; }})()",
        sel = serde_json::to_string(selector).unwrap()
    ));
    assert_eq!(found, Value::Bool(true), "no element {selector}");
    if text.is_empty() {
        b.call(
            "Input.dispatchKeyEvent",
            json!({"type": "keyDown", "key": "Delete", "code": "Delete", "windowsVirtualKeyCode": 46}),
        );
        b.call(
            "Input.dispatchKeyEvent",
            json!({"type": "keyUp", "key": "Delete", "code": "Delete", "windowsVirtualKeyCode": 46}),
        );
    } else {
        b.call("Input.insertText", json!({"text": text}));
    }
}

fn cell(key: &str, col: usize) -> String {
    format!("input[data-key=\"{key}\"][data-col=\"{col}\"]")
}

fn ctrl_s(b: &mut cdp::Browser) {
    for t in ["keyDown", "keyUp"] {
        b.call(
            "Input.dispatchKeyEvent",
            json!({"type": t, "key": "s", "code": "KeyS", "windowsVirtualKeyCode": 83, "modifiers": 2}),
        );
    }
}

fn saved(b: &mut cdp::Browser) {
    wait_for(
        b,
        "document.querySelector('#status').textContent === '已保存' && window.gxgkEditor.unsaved() === 0",
    );
}

/// Keeps a screenshot of what the clerk sees where `bench/look.sh` asks (`GXGK_LOOK`).
fn look(b: &mut cdp::Browser, name: &str) {
    if let Some(dir) = std::env::var_os("GXGK_LOOK") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(Path::new(&dir).join(name), b.screenshot_viewport()).unwrap();
    }
}

fn copy_example(dir: &Path, name: &str) -> PathBuf {
    let to = dir.join("report.toml");
    std::fs::copy(Path::new("examples").join(name), &to).unwrap();
    to
}

/// A copy of `example` in a scratch folder `name`, the editor on it, and Chromium `width` px
/// wide on its page once the page has shown its first check.
fn open_example(name: &str, example: &str, width: u32) -> (PathBuf, PathBuf, Editor, cdp::Browser) {
    let dir = scratch(name);
    let file = copy_example(&dir, example);
    let editor = Editor::start(&file, None);
    let mut b = cdp::Browser::start(&dir.join("profile"));
    b.viewport(width, 1000, false);
    b.open(&editor.url);
    wait_for(
        &mut b,
        "window.gxgkEditor && document.querySelector('#tally').textContent !== ''",
    );
    (dir, file, editor, b)
}

/// The lines of `after` that differ from `before`, which has as many lines.
fn changed(before: &str, after: &str) -> Vec<(String, String)> {
    assert_eq!(before.lines().count(), after.lines().count(), "{after}");
    before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn a_clerk_fixes_table_three_edits_parts_and_saves() {
    let (dir, file, editor, mut b) = open_example("edit-clerk", "2025-township.toml", 1280);
    let original = std::fs::read_to_string(&file).unwrap();
    wait_for(
        &mut b,
        "document.querySelector('#tally').textContent.includes('没有问题')",
    );
    // The form has the template's cells, keyed as the tests expect.
    assert_eq!(
        b.eval("document.querySelectorAll('input[data-key^=\"t3.\"]').length"),
        json!(25 * 7)
    );
    assert_eq!(
        b.eval("document.querySelectorAll('input[data-key^=\"t4.\"]').length"),
        json!(15)
    );
    assert_eq!(
        b.eval(&format!(
            "document.querySelector('{}').value",
            cell("t3.new", 0)
        )),
        json!("9")
    );

    // A wrong figure in 表三: the finding appears at that cell's table, pointing at the cell.
    type_into(&mut b, &cell("t3.granted", 0), "7");
    wait_for(
        &mut b,
        "document.querySelector('ul.at[data-table=\"t3\"] [data-rule^=\"T3-\"]')",
    );
    let rules = b.eval(
        "Array.from(document.querySelectorAll('ul.at[data-table=\"t3\"] [data-rule]')).map(e => e.dataset.rule + ' ' + e.dataset.key + ' ' + (e.dataset.col || ''))",
    );
    assert!(
        rules
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r.as_str().unwrap().starts_with("T3-OUTCOME-SUM t3.total 0")),
        "{rules}"
    );
    assert_eq!(
        b.eval(&format!(
            "document.querySelector('{}').getAttribute('aria-invalid')",
            cell("t3.total", 0)
        )),
        json!("true")
    );
    // The list counts it, and a click on it puts the cursor in its cell.
    wait_for(
        &mut b,
        "document.querySelector('#tally').textContent.includes('错误')",
    );
    b.eval("document.querySelector('#h-t3').scrollIntoView()");
    std::thread::sleep(Duration::from_millis(600));
    look(&mut b, "edit-1280.png");
    b.eval("document.querySelector('#findings [data-rule=\"T3-OUTCOME-SUM\"] .goto').click()");
    assert_eq!(
        b.eval("document.activeElement.dataset.key + '#' + document.activeElement.dataset.col"),
        json!("t3.total#0")
    );
    // Fixed: the finding goes.
    type_into(&mut b, &cell("t3.granted", 0), "5");
    wait_for(
        &mut b,
        "!document.querySelector('[data-rule^=\"T3-\"]') && document.querySelector('#tally').textContent.includes('没有问题')",
    );

    // A blank cell is not a zero: shown as blank, written as "".
    type_into(&mut b, &cell("t4.suit_direct", 2), "");
    wait_for(
        &mut b,
        &format!(
            "document.querySelector('{}').classList.contains('blank')",
            cell("t4.suit_direct", 2)
        ),
    );
    wait_for(
        &mut b,
        "document.querySelector('[data-rule=\"CELL-BLANK\"]')",
    );
    type_into(&mut b, &cell("t4.suit_direct", 2), "0");
    wait_for(
        &mut b,
        "!document.querySelector('[data-rule=\"CELL-BLANK\"]')",
    );

    // Text that is no number is not written into a number cell: refused at the cell.
    type_into(&mut b, &cell("t3.partial", 1), "十二");
    wait_for(
        &mut b,
        "document.querySelector('[data-rule=\"EDIT-REJECTED\"][data-key=\"t3.partial\"]')",
    );
    type_into(&mut b, &cell("t3.partial", 1), "0");
    wait_for(&mut b, "!document.querySelector('.rejected')");

    // Add a part, name it, remove another; the numbering is the document's business.
    b.eval("window.confirm = () => true");
    b.eval("document.querySelector('.add-part[data-section=\"overview\"]').click()");
    wait_for(
        &mut b,
        "document.querySelectorAll('.parts[data-section=\"overview\"] .part').length === 6",
    );
    type_into(
        &mut b,
        "[data-key=\"overview.parts.5.heading\"]",
        "政务新媒体",
    );
    type_into(
        &mut b,
        "[data-key=\"overview.parts.5.text\"]",
        "镇政务公众号全年发布信息120条。",
    );
    b.eval("document.querySelectorAll('.parts[data-section=\"overview\"] .part')[2].querySelector('[data-remove]').click()");
    wait_for(
        &mut b,
        "document.querySelectorAll('.parts[data-section=\"overview\"] .part').length === 5",
    );
    ctrl_s(&mut b);
    saved(&mut b);

    let after = std::fs::read_to_string(&file).unwrap();
    let loaded = gxgk::load::load_str("report.toml", after.clone()).expect("the saved file loads");
    let headings: Vec<&str> = loaded
        .report
        .overview
        .parts
        .iter()
        .map(|p| p.heading.as_str())
        .collect();
    assert_eq!(
        headings,
        [
            "主动公开",
            "依申请公开",
            "政府信息公开平台建设",
            "监督保障",
            "政务新媒体"
        ]
    );
    assert_eq!(
        loaded.report.overview.parts[4].text.trim(),
        "镇政务公众号全年发布信息120条。"
    );
    // Every comment of the file is still there, and the tables are as they were.
    for line in original.lines().filter(|l| l.trim_start().starts_with('#')) {
        assert!(after.contains(line), "comment lost: {line}");
    }
    let table_part =
        |t: &str| t[t.find("[t2]").unwrap()..t.find("[problems]").unwrap()].to_string();
    assert_eq!(table_part(&original), table_part(&after));
    // The original is kept beside it.
    assert_eq!(
        std::fs::read_to_string(dir.join("report.toml.bak")).unwrap(),
        original
    );

    // The preview is the rendered page of what is in the form.
    wait_for(
        &mut b,
        "document.querySelector('#preview').contentDocument && document.querySelector('#preview').contentDocument.body.textContent.includes('政务新媒体')",
    );
    editor.stop();
}

#[test]
fn a_single_cell_change_touches_one_line_of_the_2019_example() {
    let (_dir, file, editor, mut b) = open_example("edit-2019", "2020-street.toml", 1920);
    let original = std::fs::read_to_string(&file).unwrap();
    // 2019: （六）其他处理 is one row, 表二 has 本年增/减.
    assert_eq!(
        b.eval("document.querySelectorAll('input[data-key=\"t3.other\"]').length"),
        json!(7)
    );
    let before = b.eval(&format!(
        "document.querySelector('{}').value",
        cell("t2.permit", 1)
    ));
    let new_value = if before == json!("-3") { "-4" } else { "-3" };
    type_into(&mut b, &cell("t2.permit", 1), new_value);
    wait_for(&mut b, "window.gxgkEditor.unsaved() > 0");
    b.eval("document.querySelector('[data-action=\"save\"]').click()");
    saved(&mut b);
    std::thread::sleep(Duration::from_millis(600));
    look(&mut b, "edit-1920.png");
    let after = std::fs::read_to_string(&file).unwrap();
    let diff = changed(&original, &after);
    assert_eq!(diff.len(), 1, "{diff:?}");
    assert!(
        diff[0].1.starts_with("permit") && diff[0].1.contains(&format!("delta = {new_value}")),
        "{diff:?}"
    );
    editor.stop();
}

#[test]
fn unsaved_typing_is_offered_back_after_the_editor_stopped() {
    let (_dir, file, editor, mut b) = open_example("edit-restore", "2025-township.toml", 1280);
    let original = std::fs::read_to_string(&file).unwrap();
    let port = editor.port;
    // The server is gone before the page could send or save what was typed.
    editor.stop();
    type_into(
        &mut b,
        "[data-key=\"problems.text\"]",
        "总的看，今年工作有进步。",
    );
    wait_for(&mut b, "localStorage.length > 0");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        original,
        "nothing reached the disk"
    );

    // Started again on the same file: the same address, and the page offers the text back.
    let editor = Editor::start(&file, None);
    assert_eq!(
        editor.port, port,
        "the same file gets the same port, so the page keeps its storage"
    );
    b.open(&editor.url);
    wait_for(&mut b, "document.querySelector('#restore')");
    b.eval("document.querySelector('#restore').click()");
    wait_for(
        &mut b,
        "document.querySelector('[data-key=\"problems.text\"]').value === '总的看，今年工作有进步。'",
    );
    saved(&mut b);
    let report = gxgk::load::load_str("r", std::fs::read_to_string(&file).unwrap())
        .unwrap()
        .report;
    assert_eq!(report.problems.text, "总的看，今年工作有进步。");
    assert_eq!(
        b.eval("localStorage.length"),
        json!(0),
        "kept only until it is on disk"
    );
    editor.stop();
}

#[test]
fn a_file_changed_in_notepad_is_never_overwritten_silently() {
    let (_dir, file, editor, mut b) = open_example("edit-conflict", "2025-township.toml", 1280);
    // Notepad saves a change while the form is open.
    let notepad = std::fs::read_to_string(&file)
        .unwrap()
        .replace(
            "signatory = \"磐石镇人民政府\"",
            "signatory = \"磐石镇人民政府办公室\"",
        )
        .replace('\n', "\r\n");
    std::fs::write(&file, &notepad).unwrap();
    type_into(&mut b, &cell("t3.new", 1), "3");
    wait_for(&mut b, "document.querySelector('#keep-mine')");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        notepad,
        "the clerk chooses first"
    );
    b.eval("document.querySelector('#keep-mine').click()");
    saved(&mut b);
    let after = std::fs::read_to_string(&file).unwrap();
    assert!(after.contains("new                       = [9, 3, 0, 0, 1, 0, 12]"));
    editor.stop();
}

#[test]
fn a_file_that_does_not_load_opens_as_its_text() {
    let dir = scratch("edit-raw");
    let file = dir.join("report.toml");
    let broken = std::fs::read_to_string("examples/2025-township.toml")
        .unwrap()
        .replace("level = \"乡镇\"", "level = “乡镇”");
    std::fs::write(&file, &broken).unwrap();
    let editor = Editor::start(&file, None);
    let mut b = cdp::Browser::start(&dir.join("profile"));
    b.open(&editor.url);
    wait_for(
        &mut b,
        "document.querySelector('#rawtext').value.length > 1000",
    );
    wait_for(&mut b, "document.querySelector('#findings .finding')");
    let where_ = b.eval("document.querySelector('#findings .finding .where').textContent");
    assert!(where_.as_str().unwrap().contains("第 14 行"), "{where_}");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        broken,
        "opening writes nothing"
    );
    // A click on the finding puts the caret on its line and column in the text.
    b.eval("document.querySelector('#findings .finding .goto').click()");
    assert_eq!(
        b.eval("(() => { const t = document.querySelector('#rawtext'); const before = t.value.slice(0, t.selectionStart).split('\\n'); return [document.activeElement.id, before.length, before[before.length - 1].length + 1]; })()"),
        json!(["rawtext", 14, 9])
    );
    // Corrected in the page: the form appears, and the file is saved.
    b.eval("(() => { const t = document.querySelector('#rawtext'); t.focus(); t.value = t.value.replace('“乡镇”', '\"乡镇\"'); t.dispatchEvent(new Event('input', {bubbles: true})); })()");
    wait_for(
        &mut b,
        "document.querySelector('#form') && document.querySelector('#tally').textContent !== ''",
    );
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("level = \"乡镇\"")
    );
    editor.stop();
}

#[test]
fn the_creation_page_writes_what_gxgk_new_writes() {
    let dir = scratch("edit-create");
    let by_new = scratch("edit-create-new");
    let o = common::gxgk_in(&by_new, &["new", "--agency", "清河街道", "--year", "2025"]);
    assert!(o.status.success(), "{}", common::printed(&o));
    let file = dir.join("report.toml");
    let editor = Editor::start(&file, None);
    let mut b = cdp::Browser::start(&dir.join("profile"));
    b.open(&editor.url);
    wait_for(&mut b, "document.querySelector('#create')");
    type_into(&mut b, "#c-agency", "清河街道");
    type_into(&mut b, "#c-year", "2025");
    b.eval("document.querySelector('#create button[type=submit]').click()");
    wait_for(
        &mut b,
        "document.querySelector('#form') && document.querySelector('#tally').textContent !== ''",
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        std::fs::read_to_string(by_new.join("report.toml")).unwrap()
    );
    assert_eq!(
        std::fs::read(dir.join("gxgk.schema.json")).unwrap(),
        std::fs::read(by_new.join("gxgk.schema.json")).unwrap()
    );
    editor.stop();
}

/// axe-core's `axe.min.js`: `GXGK_AXE`, or where scripts/test installs it.
fn axe_script() -> String {
    let path = std::env::var_os("GXGK_AXE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target/test-node/node_modules/axe-core/axe.min.js"));
    std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "axe-core is required for this test ({} missing): npm install --prefix target/test-node axe-core (scripts/test does it), or set GXGK_AXE",
            path.display()
        )
    })
}

#[test]
fn the_editor_passes_axe_core() {
    let axe = axe_script();
    let (_dir, _file, editor, mut b) = open_example("edit-axe", "2025-township.toml", 1280);
    // With findings shown too.
    type_into(&mut b, &cell("t3.granted", 0), "7");
    wait_for(&mut b, "document.querySelector('ul.at [data-rule]')");
    b.eval(&axe);
    let result = b.eval(
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}).then(r => r.violations.map(v => v.id + ': ' + v.help + ' — ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')))",
    );
    assert_eq!(result, json!([]), "axe-core violations");
    // The creation page too.
    let dir2 = scratch("edit-axe-create");
    let editor2 = Editor::start(&dir2.join("report.toml"), None);
    b.open(&editor2.url);
    wait_for(&mut b, "document.querySelector('#create')");
    b.eval(&axe);
    let result = b.eval(
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}).then(r => r.violations.map(v => v.id + ': ' + v.help))",
    );
    assert_eq!(
        result,
        json!([]),
        "axe-core violations on the creation page"
    );
    editor.stop();
    editor2.stop();
}

/// Sends one raw HTTP request to the editor; the status code and the body.
fn raw(port: u16, request: &str, body: &[u8]) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let _ = s.write_all(body);
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out).to_string();
    let code = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (code, text)
}

#[test]
fn only_the_page_with_the_token_gets_in() {
    let dir = scratch("edit-security");
    let file = copy_example(&dir, "2025-township.toml");
    let original = std::fs::read_to_string(&file).unwrap();
    let editor = Editor::start(&file, None);
    let (port, token) = (editor.port, editor.token().to_string());
    let host = format!("127.0.0.1:{port}");
    let origin = format!("http://{host}");
    let get = |path: &str, host: &str, cookie: Option<&str>| {
        let cookie = cookie.map_or(String::new(), |t| format!("Cookie: gxgk_{port}={t}\r\n"));
        raw(
            port,
            &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n{cookie}Connection: close\r\n\r\n"),
            b"",
        )
    };
    let post = |path: &str, origin: Option<&str>, body: &[u8]| {
        let origin = origin.map_or(String::new(), |o| format!("Origin: {o}\r\n"));
        raw(
            port,
            &format!(
                "POST {path} HTTP/1.1\r\nHost: {host}\r\nCookie: gxgk_{port}={token}\r\n{origin}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            ),
            body,
        )
    };
    // The page itself, with the token in the URL: served, and the cookie set.
    let (code, text) = get(&format!("/?token={token}"), &host, None);
    assert_eq!(code, 200);
    assert!(
        text.contains(&format!(
            "Set-Cookie: gxgk_{port}={token}; Path=/; HttpOnly; SameSite=Strict"
        )),
        "{text}"
    );
    assert!(text.contains("Content-Security-Policy"));
    assert!(!text.contains("Access-Control-Allow-Origin"));
    assert_eq!(get("/api/state", &host, Some(&token)).0, 200);
    // No token, a wrong one, one a character short.
    assert_eq!(get("/", &host, None).0, 403);
    assert_eq!(get("/api/state", &host, None).0, 403);
    assert_eq!(
        get(
            "/api/state",
            &host,
            Some("0123456789abcdef0123456789abcdef")
        )
        .0,
        403
    );
    assert_eq!(
        get("/api/state", &host, Some(&token[..token.len() - 1])).0,
        403
    );
    assert_eq!(
        get(&format!("/api/state?token={}", &token[1..]), &host, None).0,
        403
    );
    // A foreign Host (DNS rebinding), even with the right token.
    assert_eq!(get("/api/state", "evil.example:80", Some(&token)).0, 403);
    assert_eq!(
        get("/api/state", &format!("evil.example:{port}"), Some(&token)).0,
        403
    );
    assert_eq!(
        get("/api/state", &format!("localhost:{port}"), Some(&token)).0,
        200
    );
    // Changes only from the page's own origin.
    let edit = br#"{"edits":[{"op":"cell","key":"t3.new","col":0,"value":"99"}]}"#;
    assert_eq!(post("/api/edit", None, edit).0, 403);
    assert_eq!(post("/api/edit", Some("http://evil.example"), edit).0, 403);
    assert_eq!(
        post(
            "/api/save",
            Some(&format!("http://127.0.0.1:{}", port + 1)),
            b"{}"
        )
        .0,
        403
    );
    // Bodies beyond the limit.
    let big = vec![b' '; gxgk::edit::server::MAX_BODY + 10];
    assert_eq!(post("/api/raw", Some(&origin), &big).0, 413);
    // Paths are routes, never files.
    for path in [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2freport.toml",
        "/report.toml",
        "/editor.js/../report.toml",
    ] {
        let (code, text) = get(path, &host, Some(&token));
        assert_eq!(code, 404, "{path}");
        assert!(!text.contains("root:") && !text.contains("[t3]"), "{path}");
    }
    assert_eq!(
        post(
            "/api/edit",
            Some(&origin),
            br#"{"edits":[{"op":"field","key":"../../x","value":"1"}]}"#
        )
        .0,
        200
    );
    // Nothing of that reached the file; a proper change from the page's origin does.
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original);
    assert_eq!(post("/api/edit", Some(&origin), edit).0, 200);
    assert_eq!(post("/api/save", Some(&origin), b"{}").0, 200);
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("new                       = [99, 2,")
    );
    let dir_listing: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        dir_listing.len(),
        2,
        "only the file and its .bak: {dir_listing:?}"
    );
    editor.stop();
}

#[test]
fn keyboard_paste_and_the_render_button_work_as_in_a_spreadsheet() {
    let (dir, file, editor, mut b) = open_example("edit-keys", "2025-township.toml", 1280);
    wait_for(
        &mut b,
        "document.querySelector('#tally').textContent.includes('没有问题')",
    );
    // Enter moves down the column, Shift+Enter and ↑ back up, as in Excel or WPS.
    b.eval(&format!(
        "document.querySelector('{}').focus()",
        cell("t3.new", 2)
    ));
    for key in ["Enter", "Enter"] {
        for t in ["keyDown", "keyUp"] {
            b.call(
                "Input.dispatchKeyEvent",
                json!({"type": t, "key": key, "code": key, "windowsVirtualKeyCode": 13}),
            );
        }
    }
    assert_eq!(
        b.eval("document.activeElement.dataset.key + '#' + document.activeElement.dataset.col"),
        json!("t3.granted#2")
    );
    for t in ["keyDown", "keyUp"] {
        b.call(
            "Input.dispatchKeyEvent",
            json!({"type": t, "key": "ArrowUp", "code": "ArrowUp", "windowsVirtualKeyCode": 38}),
        );
    }
    assert_eq!(
        b.eval("document.activeElement.dataset.key"),
        json!("t3.carried_in")
    );
    // Two rows copied from a spreadsheet (tab-separated, CRLF) pasted into the first cell.
    b.eval(&format!(
        "(() => {{ const e = document.querySelector('{}'); e.focus(); const d = new DataTransfer(); \
         d.setData('text/plain', '8\\t2\\t0\\t0\\t1\\t0\\t11\\r\\n2\\t0\\t0\\t0\\t0\\t0\\t2\\r\\n'); \
         e.dispatchEvent(new ClipboardEvent('paste', {{clipboardData: d, bubbles: true, cancelable: true}})); }})()",
        cell("t3.new", 0)
    ));
    wait_for(
        &mut b,
        &format!(
            "document.querySelector('{}').value === '2'",
            cell("t3.carried_in", 0)
        ),
    );
    ctrl_s(&mut b);
    saved(&mut b);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("new                       = [8, 2, 0, 0, 1, 0, 11]"),
        "{text}"
    );
    assert!(
        text.contains("carried_in                = [2, 0, 0, 0, 0, 0, 2]"),
        "{text}"
    );

    // 生成报告 is refused while there are errors, with their count; a draft is written.
    type_into(&mut b, &cell("t3.granted", 0), "9");
    wait_for(
        &mut b,
        "document.querySelector('#tally').textContent.includes('错误')",
    );
    b.eval("document.querySelector('[data-action=\"render\"]').click()");
    wait_for(
        &mut b,
        "document.querySelector('#rendered').textContent.includes('个错误，不能生成报告')",
    );
    assert!(!dir.join("report.pdf").exists());
    b.eval("document.querySelector('#draft').click(); document.querySelector('[data-action=\"render\"]').click()");
    wait_for(
        &mut b,
        "document.querySelector('#rendered').textContent.startsWith('已生成')",
    );
    for ext in ["html", "docx", "pdf"] {
        assert!(dir.join(format!("report.{ext}")).is_file(), "report.{ext}");
    }
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(html.contains("草稿"), "the draft carries its mark");
    // Again: the existing files are not replaced before the clerk says so.
    let before = std::fs::read(dir.join("report.pdf")).unwrap();
    b.eval("document.querySelector('[data-action=\"render\"]').click()");
    wait_for(&mut b, "document.querySelector('#overwrite')");
    assert_eq!(std::fs::read(dir.join("report.pdf")).unwrap(), before);
    b.eval("document.querySelector('#overwrite').click()");
    wait_for(
        &mut b,
        "document.querySelector('#rendered').textContent.startsWith('已生成')",
    );
    editor.stop();
}

#[test]
fn the_creation_page_takes_last_years_published_report() {
    let dir = scratch("edit-create-from");
    let last = scratch("edit-create-from-last");
    std::fs::copy("examples/2025-township.toml", last.join("2025.toml")).unwrap();
    let o = common::gxgk_in(&last, &["render", "2025.toml", "--html"]);
    assert!(o.status.success(), "{}", common::printed(&o));
    let published = last.join("2025.html");
    let by_new = scratch("edit-create-from-new");
    let o = common::gxgk_in(&by_new, &["new", "--from", published.to_str().unwrap()]);
    assert!(o.status.success(), "{}", common::printed(&o));

    let file = dir.join("report.toml");
    let editor = Editor::start(&file, None);
    let mut b = cdp::Browser::start(&dir.join("profile"));
    b.open(&editor.url);
    wait_for(&mut b, "document.querySelector('#create')");
    // The clerk picks last year's page in the file dialog.
    let root = b.call("DOM.getDocument", json!({}));
    let node = b.call(
        "DOM.querySelector",
        json!({"nodeId": root["root"]["nodeId"], "selector": "#c-from"}),
    );
    b.call(
        "DOM.setFileInputFiles",
        json!({"nodeId": node["nodeId"], "files": [published.to_str().unwrap()]}),
    );
    b.eval("document.querySelector('#c-from').dispatchEvent(new Event('change'))");
    wait_for(
        &mut b,
        "document.querySelector('#c-agency').value === '磐石镇人民政府'",
    );
    assert_eq!(
        b.eval("document.querySelector('#c-year').value"),
        json!("2026")
    );
    assert!(
        b.eval("document.querySelector('#c-from-lines').textContent")
            .as_str()
            .unwrap()
            .contains("已在内存中导入"),
    );
    b.eval("document.querySelector('#create button[type=submit]').click()");
    wait_for(
        &mut b,
        "document.querySelector('#form') && document.querySelector('#tally').textContent !== ''",
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        std::fs::read_to_string(by_new.join("report.toml")).unwrap(),
        "the same file as gxgk new --from last year's page"
    );
    // Nothing else was written beside it but the schema.
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "profile")
        .collect();
    names.sort();
    assert_eq!(names, ["gxgk.schema.json", "report.toml"]);
    editor.stop();
}

#[test]
fn closing_the_last_page_stops_the_editor() {
    let (_dir, _file, mut editor, mut b) = open_example("edit-bye", "2025-township.toml", 1280);
    // The page goes away (a closed tab sends the same goodbye).
    b.open("about:blank");
    let start = Instant::now();
    let status = loop {
        if let Some(s) = editor.child.try_wait().unwrap() {
            break s;
        }
        assert!(
            start.elapsed() < gxgk::edit::server::AFTER_BYE + Duration::from_secs(15),
            "the editor still runs after its last page closed"
        );
        std::thread::sleep(Duration::from_millis(200));
    };
    assert!(status.success());
    assert!(
        start.elapsed() >= gxgk::edit::server::AFTER_BYE - Duration::from_secs(1),
        "it waits for a reload first"
    );
    let mut rest = String::new();
    editor
        .child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut rest)
        .unwrap();
    assert!(rest.contains("编辑器已结束。"), "{rest}");
}
