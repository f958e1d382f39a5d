// gxgk edit: the page's script. The server holds the file; this sends what the clerk types
// (debounced), shows what the server answers (findings at their fields, computed totals, the
// title, the preview), saves after a quiet second, and keeps unsaved typing in localStorage
// until the disk has it. No framework, no network beyond this server.
"use strict";

(function () {
  const $ = (s, root) => (root || document).querySelector(s);
  const $$ = (s, root) => Array.from((root || document).querySelectorAll(s));
  const QUIET_MS = 300;      // typing pause before the change is sent
  const SAVE_MS = 1000;      // quiet time before an automatic save
  const POLL_MS = 4000;      // how often the file on disk is compared

  let state = null;
  let pending = new Map();   // field id -> edit not yet sent
  let unsaved = new Map();   // field id -> edit sent or not, not yet on disk
  let sendTimer = null, saveTimer = null, previewTimer = null;
  let inFlight = Promise.resolve();
  let conflict = false;
  let storeKey = "gxgk-unsaved:" + location.port;

  const post = (url, body) =>
    fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body || {}),
      credentials: "same-origin",
    }).then(async (r) => ({ status: r.status, body: await r.json().catch(() => ({})) }));

  // Requests go one after the other, in the order made.
  function queue(fn) {
    inFlight = inFlight.then(fn, fn);
    return inFlight;
  }

  function setStatus(text, kind) {
    const s = $("#status");
    if (!s) return;
    s.textContent = text;
    s.dataset.kind = kind || "";
    document.title = (kind === "unsaved" ? "● " : "") + document.title.replace(/^● /, "");
  }

  function banner(html, kind) {
    const b = $("#banner");
    if (!b) return;
    if (!html) {
      b.hidden = true;
      b.innerHTML = "";
      return;
    }
    b.hidden = false;
    b.className = kind || "";
    b.innerHTML = html;
  }

  const esc = (s) =>
    String(s == null ? "" : s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));

  // ------------------------------------------------------------ local copy of unsaved typing
  function remember() {
    try {
      if (unsaved.size === 0) localStorage.removeItem(storeKey);
      else localStorage.setItem(storeKey, JSON.stringify({ file: state && state.file, at: Date.now(), edits: Array.from(unsaved.values()) }));
    } catch (e) { /* private mode: nothing kept */ }
  }

  function offerRestore() {
    let saved;
    try {
      saved = JSON.parse(localStorage.getItem(storeKey) || "null");
    } catch (e) {
      saved = null;
    }
    if (!saved || !saved.edits || !saved.edits.length || saved.file !== state.file) return;
    const when = new Date(saved.at).toLocaleString("zh-CN");
    banner(
      `上次（${esc(when)}）有 ${saved.edits.length} 处修改没有保存到文件。` +
        ` <button type="button" id="restore">恢复这些修改</button> <button type="button" id="discard">不要了</button>`,
      "restore"
    );
    $("#restore").onclick = () => {
      banner("");
      for (const e of saved.edits) {
        const id = editId(e);
        pending.set(id, e);
        unsaved.set(id, e);
      }
      flush();
    };
    $("#discard").onclick = () => {
      banner("");
      try { localStorage.removeItem(storeKey); } catch (e) { /* ignore */ }
    };
  }

  // ------------------------------------------------------------------------------ edits
  function editId(e) {
    if (e.op === "cell") return e.key + "#" + e.col;
    if (e.op === "field") return e.key;
    return e.op + ":" + e.section + ":" + (e.index == null ? "" : e.index) + ":" + Math.random();
  }

  function change(e) {
    const id = editId(e);
    pending.set(id, e);
    unsaved.set(id, e);
    remember();
    setStatus("未保存", "unsaved");
    clearTimeout(sendTimer);
    clearTimeout(saveTimer);
    sendTimer = setTimeout(flush, QUIET_MS);
  }

  function flush() {
    clearTimeout(sendTimer);
    if (pending.size === 0) return inFlight;
    const edits = Array.from(pending.values());
    pending.clear();
    return queue(() =>
      post("/api/edit", { edits }).then((r) => {
        if (r.status !== 200) {
          banner("修改没有送达编辑器：" + esc(r.body.error || r.status), "error");
          return;
        }
        apply(r.body, { keepInputs: true });
        const rejected = r.body.rejected || [];
        for (const x of rejected) markRejected(x);
        if (edits.some((e) => e.op !== "cell" && e.op !== "field")) renderParts();
        scheduleSave();
      })
    );
  }

  function scheduleSave() {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => save(false), SAVE_MS);
  }

  function save(overwrite) {
    clearTimeout(saveTimer);
    if (conflict && !overwrite) return inFlight;
    flush();
    return queue(() =>
      post("/api/save", { overwrite }).then((r) => {
        if (r.status === 409 && r.body.conflict) {
          showConflict();
          return;
        }
        if (r.status !== 200) {
          setStatus("保存失败", "unsaved");
          banner("保存失败：" + esc(r.body.error || r.status), "error");
          return;
        }
        conflict = false;
        if (pending.size === 0 && !$$(".rejected").length) {
          unsaved.clear();
          remember();
        }
        apply(r.body, { keepInputs: true });
      })
    );
  }

  function showConflict() {
    conflict = true;
    setStatus("未保存", "unsaved");
    banner(
      `${esc(state.file)} 在编辑器之外被修改了（例如用记事本改过）。请选择：` +
        ` <button type="button" id="take-disk">载入文件中的内容（放弃这里未保存的修改）</button>` +
        ` <button type="button" id="keep-mine">保留这里的内容，覆盖文件</button>`,
      "conflict"
    );
    $("#take-disk").onclick = () =>
      queue(() =>
        post("/api/reload").then(() => {
          unsaved.clear();
          pending.clear();
          remember();
          location.reload();
        })
      );
    $("#keep-mine").onclick = () => {
      banner("");
      conflict = false;
      save(true);
    };
  }

  // --------------------------------------------------------------------- showing state
  function input(key, col) {
    if (col == null) return $(`[data-key="${CSS.escape(key)}"]:not([data-col])`);
    return $(`input[data-key="${CSS.escape(key)}"][data-col="${col}"]`);
  }

  function fill() {
    const v = state.values || {};
    for (const el of $$("[data-key]:not(table):not([data-col])")) {
      const k = el.dataset.key;
      if (!(k in v) || k.endsWith(".parts")) continue;
      setValue(el, v[k]);
    }
    for (const el of $$("input[data-col]")) {
      const row = v[el.dataset.key];
      setValue(el, row ? row[+el.dataset.col] : null);
    }
    const date = input("publication.date");
    const picker = $(".picker");
    if (date && picker) picker.value = /^\d{4}-\d{2}-\d{2}$/.test(date.value) ? date.value : "";
    renderParts();
  }

  function setValue(el, value) {
    if (el === document.activeElement) return;
    el.value = value == null ? "" : value;
    if (el.dataset.col != null) {
      el.classList.toggle("blank", value === "");
      el.classList.toggle("missing", value == null);
      el.placeholder = value === "" ? "空白" : value == null ? "未填" : "";
    }
  }

  function apply(s, opts) {
    state = s;
    if (s.mode === "form" && !$("#form")) return location.reload();
    if (s.mode === "raw" && !$("#rawtext")) return location.reload();
    if (s.mode === "create" || s.mode === "unreadable") return;
    if (!opts || !opts.keepInputs) fill();
    if (s.title && $("#title")) $("#title").textContent = s.title;
    showComputed();
    showFindings();
    const dirty = s.dirty || pending.size > 0;
    setStatus(dirty ? "未保存" : "已保存", dirty ? "unsaved" : "saved");
    if (s.conflict) showConflict();
    schedulePreview();
  }

  function showComputed() {
    for (const out of $$("output.calc")) {
      const row = (state.computed || {})[out.dataset.calc];
      const value = row ? row[out.dataset.col] : undefined;
      const typed = input(out.dataset.calc, out.dataset.col);
      out.textContent = value == null ? "" : "计算 " + value;
      const differs = value != null && typed && typed.value !== "" && String(value) !== typed.value.trim();
      out.classList.toggle("differs", !!differs);
    }
  }

  function findingItem(f) {
    const li = document.createElement("li");
    li.className = "finding " + f.severity;
    li.dataset.rule = f.rule;
    if (f.key) li.dataset.key = f.key;
    if (f.col != null) li.dataset.col = f.col;
    li.innerHTML =
      `<button type="button" class="goto"><span class="sev">${esc(f.label)}</span> ${esc(f.message)}</button>` +
      (f.help ? `<p class="fix">修改：${esc(f.help)}</p>` : "") +
      `<p class="where">规则 ${esc(f.rule)} · 文件第 ${f.line} 行第 ${f.column} 列</p>` +
      (f.explain ? `<details><summary>规则说明</summary><p>${esc(f.explain)}</p></details>` : "");
    $(".goto", li).onclick = () => focusField(f);
    return li;
  }

  function fieldOf(f) {
    if (!f.key) return null;
    let el = input(f.key, f.col);
    if (el) return el;
    // The nearest field or table the finding's path is inside.
    let k = f.key;
    while (k.includes(".")) {
      k = k.slice(0, k.lastIndexOf("."));
      el = $(`[data-key="${CSS.escape(k)}"]`) || $(`[data-section="${CSS.escape(k)}"]`);
      if (el) return el;
    }
    return $(`[data-key="${CSS.escape(k)}"]`) || $(`[data-section="${CSS.escape(k)}"]`);
  }

  function focusField(f) {
    const raw = $("#rawtext");
    if (raw) {
      // The file as text: the caret to the finding's line and column.
      const lines = raw.value.split("\n");
      let at = 0;
      for (let i = 0; i < f.line - 1 && i < lines.length; i++) at += lines[i].length + 1;
      at += Math.max(0, f.column - 1);
      raw.focus();
      raw.setSelectionRange(at, at + 1);
      return;
    }
    const el = fieldOf(f);
    if (!el) return;
    el.scrollIntoView({ block: "center" });
    const target = el.matches("input, textarea, select") ? el : $("input, textarea, select", el);
    if (target) target.focus();
  }

  function showFindings() {
    for (const el of $$(".has-error, .has-warning, .has-info")) el.classList.remove("has-error", "has-warning", "has-info");
    for (const el of $$("[aria-invalid]")) el.removeAttribute("aria-invalid");
    for (const ul of $$("ul.at")) ul.replaceChildren();
    const list = $("#findings");
    if (list) list.replaceChildren();
    const fs = state.findings || [];
    for (const f of fs) {
      if (list) list.append(findingItem(f));
      const el = fieldOf(f);
      if (!el) continue;
      if (el.matches("input, textarea, select")) {
        el.classList.add("has-" + f.severity);
        if (f.severity === "error") el.setAttribute("aria-invalid", "true");
      }
      // Beside the field: under it, or under the table for a cell.
      const table = el.closest("section[data-section]") && el.closest(".grid-box");
      const box = table
        ? $(`ul.at[data-table="${CSS.escape(el.closest("table").dataset.key)}"]`)
        : (el.closest(".field") && $("ul.at", el.closest(".field"))) ||
          (el.closest(".part") && $("ul.at", el.closest(".part"))) ||
          (el.closest("section") && $("ul.at", el.closest("section")));
      if (box) box.append(findingItem(f));
    }
    const t = state.tally;
    if (t && $("#tally")) {
      $("#tally").textContent = t.errors + t.warnings + t.infos === 0 ? "（没有问题）" : `（${t.errors} 个错误，${t.warnings} 个警告，${t.infos} 条提示）`;
    }
    for (const r of $$(".rejected")) {
      r.classList.add("has-error");
      r.setAttribute("aria-invalid", "true");
    }
  }

  function markRejected(x) {
    const el = input(x.key, x.col);
    if (!el) {
      banner("这处修改没有写入文件：" + esc(x.message), "error");
      return;
    }
    el.classList.add("rejected", "has-error");
    el.setAttribute("aria-invalid", "true");
    const box = el.closest(".grid-box")
      ? $(`ul.at[data-table="${CSS.escape(el.closest("table").dataset.key)}"]`)
      : el.closest(".field, .part") && $("ul.at", el.closest(".field, .part"));
    if (box) {
      const li = document.createElement("li");
      li.className = "finding error";
      li.dataset.rule = "EDIT-REJECTED";
      li.dataset.key = x.key;
      if (x.col != null) li.dataset.col = x.col;
      li.innerHTML = `<span class="sev">错误</span> “${esc(el.value)}”没有写入文件：${esc(x.message)}`;
      box.append(li);
    }
    setStatus("未保存（有无法写入的内容）", "unsaved");
  }

  function schedulePreview() {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(() => {
      const f = $("#preview");
      if (!f) return;
      let y = 0;
      try { y = f.contentWindow.scrollY; } catch (e) { /* not loaded yet */ }
      f.onload = () => { try { f.contentWindow.scrollTo(0, y); } catch (e) { /* ignore */ } };
      f.src = "/preview?v=" + (state.edits || 0) + "-" + Date.now();
    }, 400);
  }

  // ------------------------------------------------------------------ narrative parts
  function renderParts() {
    for (const box of $$(".parts[data-section]")) {
      const section = box.dataset.section;
      const parts = (state.values || {})[section + ".parts"] || [];
      const focused = document.activeElement && box.contains(document.activeElement) ? document.activeElement.dataset.key : null;
      box.replaceChildren();
      parts.forEach((p, i) => {
        const div = document.createElement("fieldset");
        div.className = "part";
        const base = `${section}.parts.${i}`;
        const id = base.replace(/\./g, "-");
        div.innerHTML =
          `<legend>第 ${i + 1} 部分</legend>` +
          `<div class="field"><label for="h-${id}">小标题（编号自动生成，不要手写）</label><input id="h-${id}" data-key="${base}.heading" type="text"></div>` +
          `<div class="field"><label for="t-${id}">正文（段落之间空一行）</label><textarea id="t-${id}" data-key="${base}.text" rows="6"></textarea></div>` +
          `<div class="part-actions"><button type="button" data-move="-1" ${i === 0 ? "disabled" : ""}>上移</button>` +
          `<button type="button" data-move="1" ${i === parts.length - 1 ? "disabled" : ""}>下移</button>` +
          `<button type="button" data-remove>删除这一部分</button></div><ul class="at" aria-live="polite"></ul>`;
        $("input", div).value = p.heading;
        $("textarea", div).value = p.text;
        $$("[data-move]", div).forEach((b) => (b.onclick = () => {
          change({ op: "move_part", section, index: i, to: i + +b.dataset.move });
          flush();
        }));
        $("[data-remove]", div).onclick = () => {
          if (!confirm(`删除“${p.heading || "第 " + (i + 1) + " 部分"}”？`)) return;
          change({ op: "remove_part", section, index: i });
          flush();
        };
        box.append(div);
      });
      if (focused) {
        const el = $(`[data-key="${CSS.escape(focused)}"]`, box);
        if (el) el.focus();
      }
    }
    if (state) showFindings();
  }

  // ------------------------------------------------------------------------ keyboard
  function cells(table) {
    return $$("input[data-col]", table);
  }

  function moveDown(el, step) {
    const table = el.closest("table");
    const all = cells(table);
    const rows = [];
    for (const c of all) {
      const tr = c.closest("tr");
      if (!rows.includes(tr)) rows.push(tr);
    }
    const r = rows.indexOf(el.closest("tr"));
    const col = el.dataset.col;
    for (let i = r + step; i >= 0 && i < rows.length; i += step) {
      const next = $(`input[data-col="${col}"]`, rows[i]);
      if (next) {
        next.focus();
        next.select();
        return;
      }
    }
  }

  function onKey(ev) {
    if ((ev.ctrlKey || ev.metaKey) && (ev.key === "s" || ev.key === "S")) {
      ev.preventDefault();
      save(false);
      return;
    }
    const el = ev.target;
    if (!el.matches || !el.matches("input[data-col]")) return;
    if (ev.key === "Enter" || ev.key === "ArrowDown") {
      ev.preventDefault();
      moveDown(el, ev.shiftKey && ev.key === "Enter" ? -1 : 1);
    } else if (ev.key === "ArrowUp") {
      ev.preventDefault();
      moveDown(el, -1);
    }
  }

  // A row copied from Excel or WPS: tab-separated figures, one line per row.
  function onPaste(ev) {
    const el = ev.target;
    if (!el.matches || !el.matches("input[data-col]")) return;
    const text = (ev.clipboardData || window.clipboardData).getData("text");
    const lines = text.replace(/\r/g, "").replace(/\n+$/, "").split("\n").map((l) => l.split(/\t|\s{2,}| (?=\S)/));
    if (lines.length === 1 && lines[0].length === 1) return;
    ev.preventDefault();
    const table = el.closest("table");
    const all = cells(table);
    const rowsOf = [];
    for (const c of all) {
      const tr = c.closest("tr");
      if (!rowsOf.includes(tr)) rowsOf.push(tr);
    }
    let r = rowsOf.indexOf(el.closest("tr"));
    const start = cells(el.closest("tr")).indexOf(el);
    for (const line of lines) {
      if (r >= rowsOf.length) break;
      const rowCells = cells(rowsOf[r]);
      line.forEach((v, i) => {
        const c = rowCells[start + i];
        if (!c) return;
        c.value = v.trim();
        c.classList.toggle("blank", c.value === "");
        change({ op: "cell", key: c.dataset.key, col: +c.dataset.col, value: c.value });
      });
      r++;
    }
    showComputed();
  }

  // ----------------------------------------------------------------------- wiring
  function onInput(ev) {
    const el = ev.target;
    if (!el.dataset || !el.dataset.key || el.readOnly) return;
    el.classList.remove("rejected");
    if (el.dataset.key === "raw") {
      change({ op: "raw", text: el.value });
      return;
    }
    if (el.dataset.col != null) {
      el.classList.toggle("blank", el.value === "");
      el.classList.remove("missing");
      change({ op: "cell", key: el.dataset.key, col: +el.dataset.col, value: el.value });
    } else {
      change({ op: "field", key: el.dataset.key, value: el.value });
    }
  }

  function wireForm() {
    document.addEventListener("input", (ev) => {
      if (ev.target.classList.contains("picker")) {
        const target = document.getElementById(ev.target.dataset.for);
        target.value = ev.target.value;
        change({ op: "field", key: target.dataset.key, value: target.value });
        return;
      }
      onInput(ev);
    });
    document.addEventListener("change", (ev) => {
      if (ev.target.tagName === "SELECT" && ev.target.dataset.key) onInput(ev);
    });
    document.addEventListener("keydown", onKey);
    document.addEventListener("paste", onPaste);
    for (const b of $$(".add-part")) {
      b.onclick = () => {
        change({ op: "add_part", section: b.dataset.section });
        flush().then(() => {
          const parts = $$(`.parts[data-section="${b.dataset.section}"] .part`);
          const last = parts[parts.length - 1];
          if (last) $("input", last).focus();
        });
      };
    }
    const saveBtn = $('[data-action="save"]');
    if (saveBtn) saveBtn.onclick = () => save(false);
    const renderBtn = $('[data-action="render"]');
    if (renderBtn) renderBtn.onclick = () => renderReport(false);
  }

  function renderReport(force) {
    const out = $("#rendered");
    out.textContent = "正在生成……";
    flush();
    queue(() =>
      post("/api/render", { draft: $("#draft").checked, force }).then((r) => {
        const b = r.body;
        if (b.ok) {
          out.innerHTML = "已生成：" + b.files.map((f) => `<code>${esc(f)}</code>`).join("、");
          out.className = "ok";
        } else if (b.exists) {
          out.className = "error";
          out.innerHTML = esc(b.message) + ` <button type="button" id="overwrite">覆盖这些文件</button>`;
          $("#overwrite").onclick = () => renderReport(true);
        } else {
          out.className = "error";
          out.textContent = b.message || "没有生成";
        }
      })
    );
  }

  // The raw-text page: the whole text is sent (debounced), errors listed with their lines.
  function wireRaw() {
    document.addEventListener("input", (ev) => {
      if (ev.target.id !== "rawtext") return;
      setStatus("未保存", "unsaved");
      clearTimeout(sendTimer);
      sendTimer = setTimeout(() => {
        queue(() =>
          post("/api/raw", { text: ev.target.value }).then((r) => {
            state = r.body;
            if (r.body.mode === "form") {
              save(false).then(() => location.reload());
              return;
            }
            showFindings();
            scheduleSave();
          })
        );
      }, QUIET_MS);
    });
    document.addEventListener("keydown", onKey);
    $('[data-action="save"]').onclick = () => save(false);
  }

  function wireCreate() {
    const form = $("#create");
    // Last year's report: read at once, and what it says fills the form.
    form.from.addEventListener("change", async () => {
      const file = form.from.files[0];
      const out = $("#c-from-lines");
      out.replaceChildren();
      banner("");
      if (!file) return;
      const r = await fetch("/api/previous", {
        method: "POST",
        headers: { "Content-Type": "application/octet-stream", "X-Gxgk-Name": encodeURIComponent(file.name) },
        body: await file.arrayBuffer(),
        credentials: "same-origin",
      }).then(async (r) => ({ status: r.status, body: await r.json().catch(() => ({})) }));
      if (r.status !== 200) {
        banner(esc(r.body.error || "去年的报告无法读取"), "error");
        form.from.value = "";
        return;
      }
      form.agency.value = r.body.agency;
      form.level.value = r.body.level;
      form.year.value = r.body.year;
      for (const l of r.body.lines || []) {
        const li = document.createElement("li");
        li.textContent = l;
        out.append(li);
      }
    });
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const year = parseInt(form.year.value, 10);
      const r = await post("/api/create", {
        agency: form.agency.value,
        level: form.level.value || null,
        year: Number.isFinite(year) ? year : null,
      });
      if (r.status === 200) location.reload();
      else banner(esc(r.body.error || "没有生成"), "error");
    });
  }

  function poll() {
    if (document.hidden) return;
    fetch("/api/state", { credentials: "same-origin" })
      .then((r) => r.json())
      .then((s) => {
        if (s.conflict && !conflict) showConflict();
      })
      .catch(() => setStatus("编辑器已关闭：修改保留在本页，请重新运行 gxgk edit", "unsaved"));
  }

  // Leaving the page: what is typed goes to the server, and stays in localStorage until the
  // disk has it (offered back on the next visit), so there is nothing to ask the clerk.
  window.addEventListener("pagehide", () => {
    if (pending.size > 0) {
      const edits = Array.from(pending.values());
      navigator.sendBeacon && navigator.sendBeacon("/api/edit", new Blob([JSON.stringify({ edits })], { type: "application/json" }));
    }
    navigator.sendBeacon && navigator.sendBeacon("/api/bye", new Blob(["{}"], { type: "application/json" }));
  });

  document.addEventListener("DOMContentLoaded", () => {
    if ($("#create")) {
      wireCreate();
      return;
    }
    fetch("/api/state", { credentials: "same-origin" })
      .then((r) => r.json())
      .then((s) => {
        state = s;
        if ($("#rawtext")) {
          $("#rawtext").value = s.text || "";
          wireRaw();
          showFindings();
          return;
        }
        wireForm();
        apply(s);
        offerRestore();
        setInterval(poll, POLL_MS);
      });
  });

  // For tests and the curious: the page's own view of what is not yet on disk.
  window.gxgkEditor = {
    unsaved: () => unsaved.size + pending.size,
    idle: () => inFlight.then(() => pending.size === 0),
  };
})();
