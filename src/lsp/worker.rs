/*!
The worker thread: every use of the engine happens here, off the loop that reads the client,
so typing in a large document never waits for a check.

The loop hands the worker a snapshot of a document at each change. The worker waits
[`DEBOUNCE`] after the last change of a document before checking it (changes typed in a
burst cost one check), skips a snapshot that a newer version has replaced by then, and drops
the results of a check that a change overtook while it ran. Requests (hover, code actions,
commands) come with the snapshot they are about; the findings of the last check serve them
when its version matches, else the snapshot is checked on the spot.
*/

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    ApplyWorkspaceEditParams, CodeActionParams, ExecuteCommandParams, HoverParams, MessageType,
    PublishDiagnosticsParams, ShowMessageParams, TextEdit, Uri, WorkspaceEdit,
};

use super::actions::{self, ACCEPT_WORD, FIX_ALL};
use super::diagnostics;
use super::documents::{self, OpenDoc, uri_to_path};
use super::position::{Encoding, Lines};
use super::workspace::{self, Projects};
use crate::check::Lint;
use crate::finding::Finding;
use crate::input::Document;
use crate::project::Project;

/// How long a document must stay unchanged before it is checked.
pub const DEBOUNCE: Duration = Duration::from_millis(25);

/// What the loop asks of the worker.
pub enum Task {
    /// A document opened or changed: its text now.
    Lint(OpenDoc),
    /// A document closed.
    Close(Uri),
    /// A request, with the document it names as it is now.
    Request(Request, Option<OpenDoc>),
    /// A configuration file changed: check every open document again.
    ConfigChanged,
    /// The workspace folders now.
    Folders(Vec<PathBuf>),
}

/// What the loop and the worker both see.
#[derive(Default)]
pub struct Shared {
    /// The latest version of each open document.
    pub latest: Mutex<HashMap<Uri, i32>>,
    /// Requests the client cancelled and the worker has not answered yet.
    pub cancelled: Mutex<HashSet<RequestId>>,
}

impl Shared {
    pub fn is_latest(&self, uri: &Uri, version: i32) -> bool {
        self.latest
            .lock()
            .map(|m| m.get(uri) == Some(&version))
            .unwrap_or(false)
    }

    fn take_cancelled(&self, id: &RequestId) -> bool {
        self.cancelled.lock().is_ok_and(|mut s| s.remove(id))
    }
}

/// A checked snapshot.
struct Checked {
    version: i32,
    doc: Document,
    findings: Vec<Finding>,
    project: Option<Arc<Project>>,
}

pub struct Worker {
    out: Sender<Message>,
    enc: Encoding,
    shared: Arc<Shared>,
    projects: Projects,
    open: HashMap<Uri, OpenDoc>,
    due: HashMap<Uri, Instant>,
    checked: HashMap<Uri, Arc<Checked>>,
    next_id: u64,
}

impl Worker {
    pub fn new(
        out: Sender<Message>,
        enc: Encoding,
        shared: Arc<Shared>,
        folders: Vec<PathBuf>,
    ) -> Worker {
        Worker {
            out,
            enc,
            shared,
            projects: Projects::new(folders),
            open: HashMap::new(),
            due: HashMap::new(),
            checked: HashMap::new(),
            next_id: 0,
        }
    }

    /// Serves tasks until the loop hangs up.
    pub fn run(mut self, tasks: Receiver<Task>) {
        loop {
            let next_due = self.due.values().min().copied();
            let task = match next_due {
                Some(at) => {
                    match tasks.recv_timeout(at.saturating_duration_since(Instant::now())) {
                        Ok(t) => Some(t),
                        Err(RecvTimeoutError::Timeout) => None,
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
                None => match tasks.recv() {
                    Ok(t) => Some(t),
                    Err(_) => return,
                },
            };
            match task {
                Some(Task::Lint(doc)) => {
                    self.due.insert(doc.uri.clone(), Instant::now() + DEBOUNCE);
                    self.open.insert(doc.uri.clone(), doc);
                }
                Some(Task::Close(uri)) => {
                    self.due.remove(&uri);
                    self.open.remove(&uri);
                    self.checked.remove(&uri);
                }
                Some(Task::Request(req, doc)) => self.request(req, doc),
                Some(Task::ConfigChanged) => self.config_changed(),
                Some(Task::Folders(f)) => {
                    self.projects.set_folders(f);
                    self.config_changed();
                }
                None => self.check_due(),
            }
        }
    }

    fn send(&self, msg: impl Into<Message>) {
        // The loop is gone only when the server is exiting.
        let _ = self.out.send(msg.into());
    }

    fn notify(&self, method: &str, params: impl serde::Serialize) {
        self.send(Notification::new(method.to_string(), params));
    }

    fn show(&self, typ: MessageType, message: String) {
        self.notify("window/showMessage", ShowMessageParams { typ, message });
    }

    fn check_due(&mut self) {
        let now = Instant::now();
        let due: Vec<Uri> = self
            .due
            .iter()
            .filter(|(_, at)| **at <= now)
            .map(|(u, _)| u.clone())
            .collect();
        for uri in due {
            self.due.remove(&uri);
            let Some(doc) = self.open.get(&uri).cloned() else {
                continue;
            };
            // A newer version is on its way: its own check will follow.
            if !self.shared.is_latest(&uri, doc.version) {
                continue;
            }
            // A request may have checked this very version already.
            let checked = self.checked_for(&doc);
            if self.shared.is_latest(&uri, doc.version) {
                self.publish(&uri, &checked);
            }
        }
    }

    /// Checks a snapshot with the configuration that applies to it.
    fn check(&mut self, open: &OpenDoc) -> Checked {
        let path = uri_to_path(&open.uri);
        let (project, error) = self.projects.for_doc(path.as_deref());
        if let Some(e) = error {
            self.show(MessageType::ERROR, e);
        }
        let mut doc = documents::document(open);
        let findings = match &project {
            Some(p) if path.as_deref().is_none_or(|path| p.wants(path)) => {
                p.prepare(&mut doc);
                p.lint(&doc)
            }
            _ => Vec::new(),
        };
        Checked {
            version: open.version,
            doc,
            findings,
            project,
        }
    }

    fn publish(&self, uri: &Uri, c: &Checked) {
        let lines = Lines::new(&c.doc.text);
        let diagnostics = diagnostics::diagnostics(&c.doc, &c.findings, &lines, self.enc);
        self.notify(
            "textDocument/publishDiagnostics",
            PublishDiagnosticsParams::new(uri.clone(), diagnostics, Some(c.version)),
        );
    }

    /// The checked state of a snapshot: the last check when it is of this version.
    fn checked_for(&mut self, doc: &OpenDoc) -> Arc<Checked> {
        if let Some(c) = self
            .checked
            .get(&doc.uri)
            .filter(|c| c.version == doc.version)
        {
            return c.clone();
        }
        let c = Arc::new(self.check(doc));
        self.checked.insert(doc.uri.clone(), c.clone());
        c
    }

    fn config_changed(&mut self) {
        self.projects.invalidate();
        self.checked.clear();
        let now = Instant::now();
        for uri in self.open.keys() {
            self.due.insert(uri.clone(), now);
        }
    }

    fn request(&mut self, req: Request, doc: Option<OpenDoc>) {
        let id = req.id.clone();
        if self.shared.take_cancelled(&id) {
            self.send(Response::new_err(
                id,
                ErrorCode::RequestCanceled as i32,
                "solicitud cancelada".into(),
            ));
            return;
        }
        let result = match req.method.as_str() {
            "textDocument/hover" => self.hover(req, doc),
            "textDocument/codeAction" => self.code_action(req, doc),
            "workspace/executeCommand" => self.execute(req, doc),
            other => Err((
                ErrorCode::MethodNotFound,
                format!("método no admitido: {other}"),
            )),
        };
        self.send(match result {
            Ok(v) => Response::new_ok(id, v),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        });
    }

    fn hover(&mut self, req: Request, doc: Option<OpenDoc>) -> Reply {
        let params: HoverParams = parse(req)?;
        let Some(doc) = doc else {
            return Ok(serde_json::Value::Null);
        };
        let enc = self.enc;
        let c = self.checked_for(&doc);
        let lines = Lines::new(&c.doc.text);
        let offset = lines.offset(params.text_document_position_params.position, enc);
        let Some(project) = &c.project else {
            return Ok(serde_json::Value::Null);
        };
        let rules = project
            .profile_for(std::path::Path::new(&c.doc.origin.path))
            .engine
            .rules();
        to_value(diagnostics::hover(&c.findings, offset, rules, &lines, enc))
    }

    fn code_action(&mut self, req: Request, doc: Option<OpenDoc>) -> Reply {
        let params: CodeActionParams = parse(req)?;
        let Some(doc) = doc else {
            return Ok(serde_json::Value::Array(Vec::new()));
        };
        let enc = self.enc;
        let c = self.checked_for(&doc);
        let lines = Lines::new(&c.doc.text);
        let request = actions::Request {
            uri: &doc.uri,
            doc: &c.doc,
            findings: &c.findings,
            lines: &lines,
            enc,
            range: lines.range(params.range, enc),
            only: params.context.only.as_deref(),
        };
        to_value(actions::code_actions(&request))
    }

    fn execute(&mut self, req: Request, doc: Option<OpenDoc>) -> Reply {
        let params: ExecuteCommandParams = parse(req)?;
        let Some(doc) = doc else {
            return Err((
                ErrorCode::InvalidParams,
                "el documento no está abierto".into(),
            ));
        };
        match params.command.as_str() {
            FIX_ALL => self.fix_all(&doc),
            ACCEPT_WORD => {
                let word = params
                    .arguments
                    .get(1)
                    .and_then(|w| w.as_str())
                    .ok_or((ErrorCode::InvalidParams, "falta la palabra".to_string()))?;
                self.accept_word(&doc, word)
            }
            other => Err((
                ErrorCode::InvalidParams,
                format!("orden desconocida: {other}"),
            )),
        }
    }

    /// Sends the client the edit that applies every safe fix of `doc`.
    fn fix_all(&mut self, doc: &OpenDoc) -> Reply {
        let enc = self.enc;
        let c = self.checked_for(doc);
        let Some(project) = c.project.clone() else {
            return Ok(serde_json::Value::Null);
        };
        let Some(fixed) = actions::fixed_text(project.as_ref(), c.doc.clone()) else {
            self.show(
                MessageType::INFO,
                "Ninguna corrección segura que aplicar.".into(),
            );
            return Ok(serde_json::Value::Null);
        };
        let lines = Lines::new(&doc.text);
        let edits: Vec<TextEdit> = actions::text_edits(&doc.text, &fixed, &lines, enc);
        self.next_id += 1;
        let params = ApplyWorkspaceEditParams {
            label: Some("vigia: correcciones seguras".into()),
            edit: WorkspaceEdit {
                changes: Some(HashMap::from([(doc.uri.clone(), edits)])),
                ..WorkspaceEdit::default()
            },
        };
        self.send(Request::new(
            RequestId::from(format!("vigia/applyEdit/{}", self.next_id)),
            "workspace/applyEdit".to_string(),
            params,
        ));
        Ok(serde_json::Value::Null)
    }

    /// Adds `word` to the vocabulary of the configuration that applies to `doc`, then
    /// checks every open document again.
    fn accept_word(&mut self, doc: &OpenDoc, word: &str) -> Reply {
        let path = uri_to_path(&doc.uri);
        let file = self.projects.config_file(path.as_deref());
        let dir = self
            .projects
            .folder_of(path.as_deref())
            .map(PathBuf::from)
            .or_else(|| path.as_deref().and_then(|p| p.parent()).map(PathBuf::from))
            .unwrap_or_else(|| PathBuf::from("."));
        match workspace::accept_word(file.as_deref(), &dir, word) {
            Ok(written) => {
                self.show(
                    MessageType::INFO,
                    format!(
                        "«{word}» añadida a vocabulary.accept de {}.",
                        written.display()
                    ),
                );
                self.config_changed();
                Ok(serde_json::Value::Null)
            }
            Err(e) => {
                self.show(MessageType::ERROR, format!("vigia: {e}"));
                Err((ErrorCode::RequestFailed, e))
            }
        }
    }
}

type Reply = Result<serde_json::Value, (ErrorCode, String)>;

fn parse<P: serde::de::DeserializeOwned>(req: Request) -> Result<P, (ErrorCode, String)> {
    serde_json::from_value(req.params).map_err(|e| {
        (
            ErrorCode::InvalidParams,
            format!("parámetros no válidos: {e}"),
        )
    })
}

fn to_value(v: impl serde::Serialize) -> Reply {
    serde_json::to_value(v).map_err(|e| (ErrorCode::InternalError, e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Format;

    fn published(inbox: &Receiver<Message>) -> Vec<PublishDiagnosticsParams> {
        inbox
            .try_iter()
            .filter_map(|m| match m {
                Message::Notification(n) if n.method == "textDocument/publishDiagnostics" => {
                    serde_json::from_value(n.params).ok()
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn only_the_latest_version_is_checked_and_published() {
        let (out, inbox) = crossbeam_channel::unbounded();
        let shared = Arc::new(Shared::default());
        let mut w = Worker::new(out, Encoding::Utf16, shared.clone(), Vec::new());
        let uri: Uri = "untitled:borrador".parse().expect("uri");
        let doc = OpenDoc {
            uri: uri.clone(),
            version: 1,
            format: Format::Plain,
            text: Arc::new("Escriba al DNI 45678912 hoy.".into()),
        };
        let set_latest = |v: i32| {
            if let Ok(mut m) = shared.latest.lock() {
                m.insert(uri.clone(), v);
            }
        };
        // Version 2 is on its way: version 1 is neither checked nor published.
        set_latest(2);
        w.open.insert(uri.clone(), doc.clone());
        w.due.insert(uri.clone(), Instant::now());
        w.check_due();
        assert!(published(&inbox).is_empty());
        assert!(w.checked.is_empty() && w.due.is_empty());
        // When it is the latest, it is, with its version.
        set_latest(1);
        w.due.insert(uri.clone(), Instant::now());
        w.check_due();
        let sent = published(&inbox);
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].version, Some(1));
        let codes: Vec<_> = sent[0].diagnostics.iter().map(|d| d.code.clone()).collect();
        assert!(
            codes.contains(&Some(lsp_types::NumberOrString::String(
                "confidential/dni".into()
            ))),
            "{codes:?}"
        );
        // A due time in the future is left for later.
        w.due
            .insert(uri.clone(), Instant::now() + Duration::from_secs(60));
        w.check_due();
        assert!(published(&inbox).is_empty());
        assert_eq!(w.due.len(), 1);
    }
}
