//! `vigia lsp` end to end: the binary runs as a child process and this test speaks JSON-RPC
//! to it as an editor would, checking every reply: the handshake, diagnostics on open and
//! after an incremental change (UTF-16 ranges on a line with emoji), code actions, a safe
//! fix executed through `workspace/applyEdit`, a suppression comment, a word accepted in
//! `.vigia.yaml`, hover, and the shutdown.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How long any one reply may take (a debug build loads the dictionary on first use).
const TIMEOUT: Duration = Duration::from_secs(60);

struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: mpsc::Receiver<Value>,
    /// Messages read while waiting for another one.
    backlog: VecDeque<Value>,
    next_id: i64,
}

impl Client {
    fn start(dir: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_vigia"))
            .arg("lsp")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("vigia lsp starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, incoming) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = n.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("Content-Length header")];
                reader.read_exact(&mut body).expect("message body");
                let value: Value = serde_json::from_slice(&body).expect("JSON message");
                if tx.send(value).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            incoming,
            backlog: VecDeque::new(),
            next_id: 0,
        }
    }

    fn send(&mut self, msg: Value) {
        let body = msg.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let reply = self.wait(&format!("reply to {method}"), |m| {
            m["id"] == json!(id) && m.get("method").is_none()
        });
        assert!(reply.get("error").is_none(), "{method} failed: {reply}");
        reply["result"].clone()
    }

    /// The first message (read before or now) that `pick` accepts.
    fn wait(&mut self, what: &str, pick: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&pick) {
            return self.backlog.remove(i).expect("present");
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let msg = self
                .incoming
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no {what} within {TIMEOUT:?}"));
            if pick(&msg) {
                return msg;
            }
            self.backlog.push_back(msg);
        }
    }

    /// The diagnostics published for `uri` at `version`.
    fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let msg = self.wait(&format!("diagnostics of version {version}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == json!(version)
        });
        msg["params"]["diagnostics"]
            .as_array()
            .expect("diagnostics array")
            .clone()
    }
}

/// The LSP position of byte `offset` of `text`, columns in UTF-16 units (or UTF-8 bytes),
/// counted here independently of the server.
fn position(text: &str, offset: usize, utf8: bool) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = if utf8 {
        offset - start
    } else {
        before[start..].encode_utf16().count()
    };
    json!({"line": line, "character": col})
}

fn range_of(text: &str, needle: &str, utf8: bool) -> Value {
    let start = text.find(needle).expect("needle in text");
    json!({
        "start": position(text, start, utf8),
        "end": position(text, start + needle.len(), utf8),
    })
}

/// Byte offset of an LSP position (UTF-16 columns, or UTF-8 bytes).
fn offset(text: &str, pos: &Value, utf8: bool) -> usize {
    let line = pos["line"].as_u64().expect("line") as usize;
    let col = pos["character"].as_u64().expect("character") as usize;
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= col || c == '\n' {
            return start + i;
        }
        units += if utf8 { c.len_utf8() } else { c.len_utf16() };
    }
    text.len()
}

/// Applies a list of text edits (UTF-16 ranges) as a client does: all against the same text.
fn apply(text: &str, edits: &[Value]) -> String {
    apply_in(text, edits, false)
}

fn apply_in(text: &str, edits: &[Value], utf8: bool) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(text, &e["range"]["start"], utf8),
                offset(text, &e["range"]["end"], utf8),
                e["newText"].as_str().expect("newText").to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (a, b, t) in spans {
        out.replace_range(a..b, &t);
    }
    out
}

fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .filter_map(|d| d["code"].as_str().map(str::to_string))
        .collect()
}

fn find<'d>(diags: &'d [Value], code: &str) -> &'d Value {
    diags
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {diags:#?}"))
}

fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

const DRAFT: &str = "---\nplatform: facebook\n---\n\
👋🇵🇪 Saludamos a los ciudadanos: el DNI 45678912 no se publica.\n\
El tramite de la certficación es gratuito.\n\
La  reunión es hoy.\n";

#[test]
fn an_editor_session() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().canonicalize().expect("canonical tempdir");
    // The workspace's configuration silences double spaces: the server must find it.
    std::fs::write(
        root.join(".vigia.yaml"),
        "# proyecto de prueba\nrules:\n  grammar/double-space: off\n",
    )
    .expect("config");
    let draft_path = root.join("borrador.md");
    std::fs::write(&draft_path, DRAFT).expect("draft");
    let uri = file_uri(&draft_path);

    let mut c = Client::start(&root);
    let init = c.request(
        "initialize",
        json!({"processId": null, "rootUri": file_uri(&root), "capabilities": {},
               "workspaceFolders": [{"uri": file_uri(&root), "name": "prueba"}]}),
    );
    let caps = &init["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16", "{init}");
    assert_eq!(
        caps["textDocumentSync"]["change"], 2,
        "incremental sync: {init}"
    );
    assert_eq!(caps["hoverProvider"], true);
    let commands = caps["executeCommandProvider"]["commands"].to_string();
    assert!(commands.contains("vigia.fixAll") && commands.contains("vigia.acceptWord"));
    assert_eq!(init["serverInfo"]["name"], "vigia");
    c.notify("initialized", json!({}));

    // Open: the DNI, the accent slip, the generic masculine and the spelling slip.
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": DRAFT}}),
    );
    let diags = c.diagnostics(&uri, 1);
    let got = codes(&diags);
    for code in [
        "confidential/dni",
        "grammar/accent-noun",
        "inclusive/generic-masculine",
        "grammar/spelling",
    ] {
        assert!(
            got.contains(&code.to_string()),
            "{code} missing from {got:?}"
        );
    }
    assert!(
        !got.contains(&"grammar/double-space".to_string()),
        "config ignored: {got:?}"
    );
    let dni = find(&diags, "confidential/dni");
    assert_eq!(dni["range"], range_of(DRAFT, "DNI 45678912", false));
    // 👋 counts 2 UTF-16 units and 🇵🇪 counts 4: not the 2 and 1 characters they are.
    let masc = find(&diags, "inclusive/generic-masculine");
    assert_eq!(masc["range"]["start"], json!({"line": 3, "character": 19}));
    assert_eq!(dni["severity"], 1);
    assert_eq!(masc["severity"], 2);
    assert_eq!(dni["source"], "vigia");
    let message = dni["message"].as_str().expect("message");
    assert!(message.contains("Directiva §7.5"), "{message}");

    // An incremental change fixes the generic masculine, on the line with emoji.
    let fixed_masc = DRAFT.replacen("los ciudadanos", "la ciudadanía", 1);
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2},
               "contentChanges": [{"range": range_of(DRAFT, "los ciudadanos", false),
                                   "text": "la ciudadanía"}]}),
    );
    let diags = c.diagnostics(&uri, 2);
    let got = codes(&diags);
    assert!(
        !got.contains(&"inclusive/generic-masculine".to_string()),
        "{got:?}"
    );
    assert!(got.contains(&"grammar/accent-noun".to_string()), "{got:?}");
    let dni = find(&diags, "confidential/dni");
    assert_eq!(dni["range"], range_of(&fixed_masc, "DNI 45678912", false));

    // Code actions on the accent slip.
    let accent = find(&diags, "grammar/accent-noun").clone();
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": accent["range"],
               "context": {"diagnostics": [accent]}}),
    );
    let actions = actions.as_array().expect("actions").clone();
    let titled = |t: &str| {
        actions
            .iter()
            .find(|a| a["title"].as_str().is_some_and(|s| s.contains(t)))
            .unwrap_or_else(|| panic!("no action «{t}» in {actions:#?}"))
            .clone()
    };
    let replace = titled("Reemplazar por «trámite»");
    assert_eq!(replace["isPreferred"], true);
    let edit = &replace["edit"]["changes"][&uri];
    assert_eq!(edit[0]["range"], range_of(&fixed_masc, "tramite", false));
    assert_eq!(edit[0]["newText"], "trámite");
    let silence = titled("Silenciar grammar/accent-noun");
    let silence_edits = silence["edit"]["changes"][&uri]
        .as_array()
        .expect("edits")
        .clone();
    let fix_all = titled("Aplicar las correcciones seguras");
    assert_eq!(fix_all["command"]["command"], "vigia.fixAll");

    // Execute the safe fixes: the server sends the edit back with workspace/applyEdit.
    c.next_id += 1;
    let exec_id = c.next_id;
    c.send(json!({"jsonrpc": "2.0", "id": exec_id, "method": "workspace/executeCommand",
                  "params": {"command": "vigia.fixAll", "arguments": fix_all["command"]["arguments"]}}));
    let apply_req = c.wait("workspace/applyEdit", |m| {
        m["method"] == "workspace/applyEdit"
    });
    let edits = apply_req["params"]["edit"]["changes"][&uri]
        .as_array()
        .expect("edits of the document")
        .clone();
    let after_fix = apply(&fixed_masc, &edits);
    assert!(after_fix.contains("El trámite de la"), "{after_fix}");
    assert!(
        after_fix.contains("La  reunión"),
        "config ignored by the fix: {after_fix}"
    );
    assert!(
        after_fix.contains("DNI 45678912"),
        "not a safe fix: {after_fix}"
    );
    c.send(json!({"jsonrpc": "2.0", "id": apply_req["id"], "result": {"applied": true}}));
    let reply = c.wait("reply to executeCommand", |m| m["id"] == json!(exec_id));
    assert!(reply.get("error").is_none(), "{reply}");
    // The client applies the edit and tells the server, edit by edit, last first.
    let mut changes: Vec<Value> = edits.clone();
    changes.sort_by_key(|e| {
        std::cmp::Reverse((
            e["range"]["start"]["line"].as_u64(),
            e["range"]["start"]["character"].as_u64(),
        ))
    });
    let changes: Vec<Value> = changes
        .iter()
        .map(|e| json!({"range": e["range"], "text": e["newText"]}))
        .collect();
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": changes}),
    );
    let diags = c.diagnostics(&uri, 3);
    let got = codes(&diags);
    assert!(!got.contains(&"grammar/accent-noun".to_string()), "{got:?}");
    assert_eq!(
        find(&diags, "confidential/dni")["range"],
        range_of(&after_fix, "DNI 45678912", false)
    );

    // Hover on the DNI: the rule's explanation, in Spanish.
    let dni_range = range_of(&after_fix, "DNI 45678912", false);
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": dni_range["start"]}),
    );
    let page = hover["contents"]["value"].as_str().expect("markdown");
    assert_eq!(hover["contents"]["kind"], "markdown");
    assert!(
        page.starts_with("# confidential/dni — Número de DNI"),
        "{page}"
    );
    assert!(page.contains("## Qué detecta") && page.contains("## Directiva, cláusula 7.5"));
    assert_eq!(hover["range"], dni_range);
    let nothing = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 0}}),
    );
    assert_eq!(nothing, Value::Null);

    // Accept the misspelt word in the project's vocabulary: .vigia.yaml is edited, the
    // document checked again.
    let spelling = find(&diags, "grammar/spelling").clone();
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": spelling["range"],
               "context": {"diagnostics": [spelling]}}),
    );
    let accept = actions
        .as_array()
        .expect("actions")
        .iter()
        .find(|a| a["command"]["command"] == "vigia.acceptWord")
        .unwrap_or_else(|| panic!("no acceptWord in {actions:#?}"))
        .clone();
    assert_eq!(accept["command"]["arguments"][1], "certficación");
    c.request("workspace/executeCommand", accept["command"].clone());
    let config = std::fs::read_to_string(root.join(".vigia.yaml")).expect("config");
    assert!(config.starts_with("# proyecto de prueba\n"), "{config}");
    assert!(config.contains("accept: [certficación]"), "{config}");
    let diags = c.diagnostics(&uri, 3);
    let got = codes(&diags);
    assert!(!got.contains(&"grammar/spelling".to_string()), "{got:?}");
    assert!(got.contains(&"confidential/dni".to_string()), "{got:?}");

    // The suppression comment offered earlier silences the finding it names.
    let dni = find(&diags, "confidential/dni").clone();
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": dni["range"],
               "context": {"diagnostics": [dni]}}),
    );
    let silence = actions
        .as_array()
        .expect("actions")
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .is_some_and(|t| t.contains("Silenciar confidential/dni"))
        })
        .unwrap_or_else(|| panic!("no suppression in {actions:#?}"))
        .clone();
    let edits = silence["edit"]["changes"][&uri]
        .as_array()
        .expect("edits")
        .clone();
    let silenced = apply(&after_fix, &edits);
    assert!(
        silenced.contains("<!-- vigia-disable-next-line confidential/dni -- motivo -->\n👋🇵🇪"),
        "{silenced}"
    );
    assert_eq!(
        silence_edits.len(),
        1,
        "one insertion for the accent slip too"
    );
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 4},
               "contentChanges": [{"text": silenced}]}),
    );
    let diags = c.diagnostics(&uri, 4);
    let got = codes(&diags);
    assert!(!got.contains(&"confidential/dni".to_string()), "{got:?}");
    assert!(!got.iter().any(|g| g.starts_with("vigia/")), "{got:?}");

    let shutdown = c.request("shutdown", Value::Null);
    assert_eq!(shutdown, Value::Null);
    c.notify("exit", Value::Null);
    let status = c.child.wait().expect("exit status");
    assert!(status.success(), "{status}");
}

#[test]
fn utf8_positions_when_the_client_offers_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().canonicalize().expect("canonical tempdir");
    let uri = file_uri(&root.join("nota.txt"));
    let text = "Señores 👍: el DNI 45678912 no va.\n";
    let mut c = Client::start(&root);
    let init = c.request(
        "initialize",
        json!({"processId": null, "rootUri": null,
               "capabilities": {"general": {"positionEncodings": ["utf-8", "utf-16"]}}}),
    );
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    c.notify("initialized", json!({}));
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 7, "text": text}}),
    );
    let diags = c.diagnostics(&uri, 7);
    let dni = find(&diags, "confidential/dni");
    assert_eq!(dni["range"], range_of(text, "DNI 45678912", true));
    // Several quick changes: the last version is the one whose findings arrive.
    for v in 8..12 {
        let t = format!("Señores {}: el DNI 45678912 no va.\n", "👍".repeat(v - 6));
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": v}, "contentChanges": [{"text": t}]}),
        );
    }
    let now = "Señores 👍👍👍👍👍: el DNI 45678912 no va.\n";
    let last = c.diagnostics(&uri, 11);
    assert_eq!(
        find(&last, "confidential/dni")["range"],
        range_of(now, "DNI 45678912", true)
    );
    assert_eq!(find(&last, "confidential/dni")["severity"], 1);

    // A .vigia.yaml written from outside the editor applies once the client reports it.
    std::fs::write(
        root.join(".vigia.yaml"),
        "rules:\n  confidential/dni: info\n",
    )
    .expect("config");
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&root.join(".vigia.yaml")), "type": 1}]}),
    );
    let relevelled = c.diagnostics(&uri, 11);
    assert_eq!(find(&relevelled, "confidential/dni")["severity"], 3);

    // The suppression comment of a text file, at a UTF-8 range, silences the finding.
    let dni = find(&relevelled, "confidential/dni").clone();
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": dni["range"],
               "context": {"diagnostics": [dni]}}),
    );
    let silence = actions
        .as_array()
        .expect("actions")
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .is_some_and(|t| t.contains("Silenciar confidential/dni"))
        })
        .unwrap_or_else(|| panic!("no suppression in {actions:#?}"))
        .clone();
    let edits = silence["edit"]["changes"][&uri]
        .as_array()
        .expect("edits")
        .clone();
    let silenced = apply_in(now, &edits, true);
    assert_eq!(
        silenced,
        format!("# vigia-disable-next-line confidential/dni -- motivo\n{now}")
    );
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 12}, "contentChanges": [{"text": silenced}]}),
    );
    let got = codes(&c.diagnostics(&uri, 12));
    assert!(got.is_empty(), "{got:?}");
    c.request("shutdown", Value::Null);
    c.notify("exit", Value::Null);
    assert!(c.child.wait().expect("exit status").success());
}
