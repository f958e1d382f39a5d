//! A minimal Chrome DevTools Protocol client for the tests: headless Chromium started with
//! `--remote-debugging-pipe` (requests on its fd 3, replies on fd 4, each message JSON ended
//! by a NUL byte), wired to our stdin/stdout pipes through `sh`. No WebSocket, no crate.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use serde_json::{Value, json};

/// The first of the usual Chromium executables that runs, or a failure naming the package.
pub fn chromium() -> &'static str {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| {
            Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .expect(
            "headless Chromium is required for this test: install the Debian package `chromium` \
             (apt-get install --no-install-recommends chromium)",
        )
}

/// One headless Chromium with one page (a flattened session on one target).
pub struct Browser {
    child: Child,
    to: ChildStdin,
    from: BufReader<ChildStdout>,
    next: u64,
    session: String,
    events: Vec<Value>,
}

impl Browser {
    /// Starts Chromium with a private profile in `profile` and opens a blank page.
    pub fn start(profile: &Path) -> Browser {
        let script = format!(
            "exec {} --headless --no-sandbox --disable-gpu --no-first-run --disable-sync \
             --disable-background-networking --disable-component-update --hide-scrollbars \
             --disable-extensions --remote-debugging-pipe --user-data-dir='{}' \
             3<&0 4>&1 0</dev/null 1>/dev/null 2>/dev/null",
            chromium(),
            profile.display()
        );
        let mut child = Command::new("sh")
            .args(["-c", &script])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start chromium through sh");
        let to = child.stdin.take().unwrap();
        let from = BufReader::new(child.stdout.take().unwrap());
        let mut b = Browser {
            child,
            to,
            from,
            next: 0,
            session: String::new(),
            events: Vec::new(),
        };
        let target = b.browser_call("Target.createTarget", json!({"url": "about:blank"}));
        let id = target["targetId"].as_str().expect("targetId").to_string();
        let attached = b.browser_call(
            "Target.attachToTarget",
            json!({"targetId": id, "flatten": true}),
        );
        b.session = attached["sessionId"]
            .as_str()
            .expect("sessionId")
            .to_string();
        b.call("Page.enable", json!({}));
        b.call("Runtime.enable", json!({}));
        b
    }

    fn send(&mut self, method: &str, params: Value, session: bool) -> Value {
        self.next += 1;
        let id = self.next;
        let mut msg = json!({"id": id, "method": method, "params": params});
        if session {
            msg["sessionId"] = Value::String(self.session.clone());
        }
        let mut bytes = serde_json::to_vec(&msg).unwrap();
        bytes.push(0);
        self.to.write_all(&bytes).expect("write to chromium");
        self.to.flush().unwrap();
        loop {
            let reply = self.read();
            if reply["id"].as_u64() == Some(id) {
                if let Some(e) = reply.get("error") {
                    panic!("CDP {method} failed: {e}");
                }
                return reply["result"].clone();
            }
            self.events.push(reply);
        }
    }

    fn read(&mut self) -> Value {
        let mut buf = Vec::new();
        let n = self
            .from
            .read_until(0, &mut buf)
            .expect("read from chromium");
        assert!(n > 0 && buf.last() == Some(&0), "chromium closed the pipe");
        buf.pop();
        serde_json::from_slice(&buf).expect("CDP message is JSON")
    }

    fn browser_call(&mut self, method: &str, params: Value) -> Value {
        self.send(method, params, false)
    }

    /// A command on the page's session; its `result`.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        self.send(method, params, true)
    }

    /// Waits for the next event named `method` (one already received counts).
    pub fn wait_event(&mut self, method: &str) -> Value {
        if let Some(i) = self.events.iter().position(|e| e["method"] == method) {
            return self.events.remove(i);
        }
        loop {
            let e = self.read();
            if e["method"] == method {
                return e;
            }
            self.events.push(e);
        }
    }

    /// Emulates a device `width` CSS px wide (a phone when `mobile`), at scale 1.
    pub fn viewport(&mut self, width: u32, height: u32, mobile: bool) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}),
        );
    }

    /// Loads `url` and waits for its load event (and its fonts).
    pub fn open(&mut self, url: &str) {
        self.events.retain(|e| e["method"] != "Page.loadEventFired");
        self.call("Page.navigate", json!({"url": url}));
        self.wait_event("Page.loadEventFired");
        self.eval("document.fonts.ready.then(() => true)");
    }

    /// The value of a JavaScript expression (promises awaited), as JSON.
    pub fn eval(&mut self, expression: &str) -> Value {
        let r = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
        );
        if let Some(e) = r.get("exceptionDetails") {
            panic!("JavaScript failed: {e}\n{expression}");
        }
        r["result"]["value"].clone()
    }

    /// A PNG of the whole page at the current width.
    pub fn screenshot(&mut self) -> Vec<u8> {
        let clip = self.page_clip();
        let r = self.call(
            "Page.captureScreenshot",
            json!({"format": "png", "captureBeyondViewport": true, "clip": clip}),
        );
        base64(r["data"].as_str().expect("screenshot data"))
    }

    /// A PNG of what the viewport shows now.
    pub fn screenshot_viewport(&mut self) -> Vec<u8> {
        let r = self.call("Page.captureScreenshot", json!({"format": "png"}));
        base64(r["data"].as_str().expect("screenshot data"))
    }

    fn page_clip(&mut self) -> Value {
        let size = self.eval(
            "({w: document.documentElement.clientWidth, h: document.documentElement.scrollHeight})",
        );
        json!({"x": 0, "y": 0, "width": size["w"], "height": size["h"], "scale": 1})
    }

    /// The page printed to PDF with its own `@page` size and margins.
    pub fn print_pdf(&mut self) -> Vec<u8> {
        let r = self.call(
            "Page.printToPDF",
            json!({"preferCSSPageSize": true, "printBackground": true,
                   "displayHeaderFooter": false}),
        );
        base64(r["data"].as_str().expect("PDF data"))
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.send_close();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Browser {
    fn send_close(&mut self) -> std::io::Result<()> {
        self.to
            .write_all(b"{\"id\":999999,\"method\":\"Browser.close\",\"params\":{}}\0")
    }
}

/// Standard base64 (what CDP uses for binary data).
pub fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let digits: Vec<u32> = text.bytes().filter_map(value).collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, d)| acc | d << (18 - 6 * i));
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..chunk.len().saturating_sub(1)]);
    }
    out
}
