//! The editor's session and its local HTTP server: one data file, its text as on disk and as
//! edited, and the routes the page calls. Only this machine can reach it: it listens on
//! 127.0.0.1, every request must carry the session's random token (URL or cookie), the Host
//! header must name this server (DNS rebinding), changes must come from the page's own Origin,
//! bodies are size-limited, and no path in a request is ever used to open a file.

use std::hash::{Hash, Hasher};
use std::io::Read;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde::Deserialize;
use serde_json::{Value, json};
use tiny_http::{Header, Method, Request, Response, Server};

use crate::edit::apply::Edit;
use crate::edit::page;
use crate::edit::session::{CreateRequest, Session};
use crate::load::scaffold;
use crate::render;
use crate::view::View;

/// The largest request body read (a data file is under 100 KB; the raw-text page sends it whole).
pub const MAX_BODY: usize = 4 * 1024 * 1024;
/// With no request at all for this long (every page closed, or the computer asleep), the
/// editor stops. Open pages ask every few seconds; a hidden tab at least once a minute.
pub const IDLE: Duration = Duration::from_secs(180);
/// After the last page said it was closing, the editor waits this long for it to come back
/// (a reload) before it stops.
pub const AFTER_BYE: Duration = Duration::from_secs(15);

#[derive(Deserialize)]
struct EditRequest {
    edits: Vec<Edit>,
}

#[derive(Deserialize, Default)]
struct Flags {
    #[serde(default)]
    overwrite: bool,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    force: bool,
    #[serde(default)]
    text: Option<String>,
}

/// A running editor: bound, not yet serving.
pub struct Editor {
    server: Server,
    session: Session,
    port: u16,
    token: String,
    /// Set by whoever wants the editor to stop (Ctrl+C handler, Enter on a double-clicked console).
    pub stop: Arc<AtomicBool>,
}

/// A port for this file that stays the same from one start to the next, so the page's
/// origin — and the unsaved text it keeps in the browser — is the same after a restart.
fn preferred_port(path: &Path) -> u16 {
    let full = std::fs::canonicalize(path)
        .or_else(|_| std::env::current_dir().map(|d| d.join(path)))
        .unwrap_or_else(|_| path.to_path_buf());
    let mut h = std::collections::hash_map::DefaultHasher::new();
    full.hash(&mut h);
    41000 + (h.finish() % 8000) as u16
}

impl Editor {
    /// Opens `path` (it may not exist yet: the page then creates it) and binds 127.0.0.1 on
    /// `port`, or this file's usual port, or any free one.
    pub fn bind(path: &Path, port: Option<u16>) -> Result<Editor, String> {
        let session = Session::open(path)?;
        let token = token()?;
        let tries = match port {
            Some(p) => vec![p],
            None => vec![preferred_port(path), 0],
        };
        let mut last = String::new();
        for p in tries {
            match Server::http(("127.0.0.1", p)) {
                Ok(server) => {
                    let port = server.server_addr().to_ip().map_or(p, |a| a.port());
                    return Ok(Editor {
                        server,
                        session,
                        port,
                        token,
                        stop: Arc::new(AtomicBool::new(false)),
                    });
                }
                Err(e) => last = e.to_string(),
            }
        }
        Err(format!("无法在本机端口上启动编辑器：{last}"))
    }

    /// The address to open, token included.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/?token={}", self.port, self.token)
    }

    /// Serves until stopped: `stop` set, every page closed (see [`AFTER_BYE`]) or no request
    /// for [`IDLE`]; then saves what was sent and not saved yet.
    pub fn run(mut self) {
        let mut last = Instant::now();
        let mut bye: Option<Instant> = None;
        while !self.stop.load(Ordering::Relaxed) {
            match self.server.recv_timeout(Duration::from_millis(250)) {
                Ok(Some(req)) => {
                    last = Instant::now();
                    let is_bye = req.url() == "/api/bye";
                    if self.handle(req) && is_bye {
                        bye = Some(Instant::now());
                    } else if !is_bye {
                        bye = None;
                    }
                }
                Ok(None) => {}
                Err(_) => break,
            }
            if bye.is_some_and(|t| t.elapsed() > AFTER_BYE) || last.elapsed() > IDLE {
                break;
            }
        }
        // What the last page sent but did not save yet (closed within the autosave second)
        // is saved as the page would have; a file changed on disk meanwhile is left alone.
        self.session.save_if_sent();
    }

    fn cookie_name(&self) -> String {
        format!("gxgk_{}", self.port)
    }

    /// Whether the request may be served; the refusal otherwise.
    fn guard(&self, req: &Request) -> Result<(), (u16, &'static str)> {
        let header = |name: &'static str| {
            req.headers()
                .iter()
                .find(|h| h.field.equiv(name))
                .map(|h| h.value.as_str().to_string())
        };
        let hosts = [
            format!("127.0.0.1:{}", self.port),
            format!("localhost:{}", self.port),
        ];
        if !header("Host").is_some_and(|h| hosts.contains(&h)) {
            return Err((403, "拒绝访问：地址不是本机的编辑器"));
        }
        let query_token = req
            .url()
            .split_once('?')
            .and_then(|(_, q)| q.split('&').find_map(|kv| kv.strip_prefix("token=")));
        let cookie_name = self.cookie_name();
        let cookie_token = header("Cookie").and_then(|c| {
            c.split(';').find_map(|kv| {
                let (k, v) = kv.trim().split_once('=')?;
                (k == cookie_name).then(|| v.to_string())
            })
        });
        let ok = |t: &str| constant_time_eq(t.as_bytes(), self.token.as_bytes());
        if !(query_token.is_some_and(ok) || cookie_token.as_deref().is_some_and(ok)) {
            return Err((
                403,
                "拒绝访问：缺少或错误的口令。请使用 gxgk edit 显示的完整地址打开。",
            ));
        }
        if *req.method() != Method::Get {
            let origins = hosts.map(|h| format!("http://{h}"));
            if !header("Origin").is_some_and(|o| origins.contains(&o)) {
                return Err((403, "拒绝访问：请求不是来自编辑器页面"));
            }
        }
        Ok(())
    }

    /// Serves one request; whether it was allowed.
    fn handle(&mut self, mut req: Request) -> bool {
        if let Err((code, msg)) = self.guard(&req) {
            let _ = req.respond(text_response(code, msg, "text/plain; charset=utf-8"));
            return false;
        }
        let path = req.url().split('?').next().unwrap_or("").to_string();
        let get = *req.method() == Method::Get;
        let body = if get {
            Vec::new()
        } else {
            match read_body(&mut req) {
                Ok(b) => b,
                Err(code) => {
                    let _ = req.respond(text_response(
                        code,
                        "请求内容过大或无法读取",
                        "text/plain; charset=utf-8",
                    ));
                    return true;
                }
            }
        };
        let response = match (get, path.as_str()) {
            (true, "/") => {
                let html = match (&self.session.unreadable, self.session.exists(), self.session.load()) {
                    (Some(_), _, _) | (None, true, Err(_)) => page::raw(&self.session.name),
                    (None, false, _) => page::create(&self.session.name, scaffold::default_year()),
                    (None, true, Ok(l)) => page::form(&l.report, &self.session.name),
                };
                let cookie = format!(
                    "{}={}; Path=/; HttpOnly; SameSite=Strict",
                    self.cookie_name(),
                    self.token
                );
                page_response(html, PAGE_CSP).with_header(header("Set-Cookie", &cookie))
            }
            (true, "/editor.css") => text_response(200, page::CSS, "text/css; charset=utf-8"),
            (true, "/editor.js") => text_response(200, page::JS, "text/javascript; charset=utf-8"),
            (true, "/api/state") => json_response(200, &self.session.state()),
            (true, "/preview") => match self.session.load() {
                Ok(l) => {
                    let view = View::new(&l.report, None);
                    match render::html::render(&view, &Default::default()) {
                        Ok(html) => page_response(html, PREVIEW_CSP),
                        Err(e) => page_response(format!("<p>{}</p>", render::html::escape(&e.to_string())), PREVIEW_CSP),
                    }
                }
                Err(_) => page_response("<!DOCTYPE html><html lang=\"zh-CN\"><title>预览</title><p>数据文件有写法错误，改正后显示预览。</p></html>".into(), PREVIEW_CSP),
            },
            (false, "/api/edit") => match serde_json::from_slice::<EditRequest>(&body) {
                Ok(r) => json_response(200, &self.session.edit(&r.edits)),
                Err(e) => bad_request(&e),
            },
            (false, "/api/raw") => match serde_json::from_slice::<Flags>(&body) {
                Ok(Flags { text: Some(t), .. }) => {
                    self.session.text = t;
                    self.session.edits += 1;
                    json_response(200, &self.session.state())
                }
                Ok(_) => json_response(400, &json!({"error": "缺少文件内容"})),
                Err(e) => bad_request(&e),
            },
            (false, "/api/save") => match serde_json::from_slice::<Flags>(&body) {
                Ok(f) => match self.session.save(f.overwrite) {
                    Ok(s) => json_response(200, &s),
                    Err((code, v)) => json_response(code, &v),
                },
                Err(e) => bad_request(&e),
            },
            (false, "/api/reload") => match self.session.reload() {
                Ok(s) => json_response(200, &s),
                Err(e) => json_response(500, &json!({"error": e})),
            },
            (false, "/api/render") => match serde_json::from_slice::<Flags>(&body) {
                Ok(f) => json_response(200, &self.session.render(f.draft, f.force)),
                Err(e) => bad_request(&e),
            },
            (false, "/api/create") => match serde_json::from_slice::<CreateRequest>(&body) {
                Ok(r) => match self.session.create(&r) {
                    Ok(s) => json_response(200, &s),
                    Err(e) => json_response(400, &json!({"error": e})),
                },
                Err(e) => bad_request(&e),
            },
            (false, "/api/previous") => {
                let name = req
                    .headers()
                    .iter()
                    .find(|h| h.field.equiv("X-Gxgk-Name"))
                    .map(|h| percent_decode(h.value.as_str()))
                    .unwrap_or_default();
                match self.session.previous(&name, &body) {
                    Ok(v) => json_response(200, &v),
                    Err(e) => json_response(400, &json!({"error": e})),
                }
            }
            (false, "/api/bye") => json_response(200, &json!({"ok": true})),
            _ => text_response(404, "没有这个页面", "text/plain; charset=utf-8"),
        };
        let _ = req.respond(response);
        true
    }
}

/// A random token of 192 bits, as hex.
fn token() -> Result<String, String> {
    let mut b = [0u8; 24];
    getrandom::fill(&mut b).map_err(|e| format!("无法生成随机口令：{e}"))?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

/// `encodeURIComponent` undone: the name of an uploaded file, sent in a header (headers are
/// ASCII). Bytes that do not make UTF-8 become U+FFFD; the name only labels messages.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (
            b[i],
            b.get(i + 1).copied().and_then(hex),
            b.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn read_body(req: &mut Request) -> Result<Vec<u8>, u16> {
    if req.body_length().is_some_and(|n| n > MAX_BODY) {
        return Err(413);
    }
    let mut body = Vec::new();
    req.as_reader()
        .take(MAX_BODY as u64 + 1)
        .read_to_end(&mut body)
        .map_err(|_| 400u16)?;
    if body.len() > MAX_BODY {
        return Err(413);
    }
    Ok(body)
}

const PAGE_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";
const PREVIEW_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; base-uri 'none'";

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .expect("header names and values are ASCII")
}

fn common(
    r: Response<std::io::Cursor<Vec<u8>>>,
    content_type: &str,
) -> Response<std::io::Cursor<Vec<u8>>> {
    r.with_header(header("Content-Type", content_type))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
        .with_header(header("Referrer-Policy", "no-referrer"))
}

fn text_response(code: u16, body: &str, content_type: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    common(
        Response::from_data(body.as_bytes().to_vec()).with_status_code(code),
        content_type,
    )
}

fn page_response(html: String, csp: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    common(
        Response::from_data(html.into_bytes()),
        "text/html; charset=utf-8",
    )
    .with_header(header("Content-Security-Policy", csp))
}

fn json_response(code: u16, v: &Value) -> Response<std::io::Cursor<Vec<u8>>> {
    common(
        Response::from_data(serde_json::to_vec(v).unwrap_or_default()).with_status_code(code),
        "application/json; charset=utf-8",
    )
}

fn bad_request(e: &serde_json::Error) -> Response<std::io::Cursor<Vec<u8>>> {
    json_response(400, &json!({"error": format!("请求格式不对：{e}")}))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploaded_names_are_decoded() {
        assert_eq!(percent_decode("2024%E5%B9%B4%E6%8A%A5.pdf"), "2024年报.pdf");
        assert_eq!(percent_decode("a%2"), "a%2");
    }

    #[test]
    fn tokens_are_long_and_fresh() {
        let (a, b) = (token().unwrap(), token().unwrap());
        assert_eq!(a.len(), 48);
        assert_ne!(a, b);
        assert!(constant_time_eq(a.as_bytes(), a.as_bytes()));
        assert!(!constant_time_eq(a.as_bytes(), b.as_bytes()));
    }
}
