/*!
The server loop: the handshake, then every message of the client in order.

The loop keeps the open documents (applying each incremental change as it comes, in the
negotiated position encoding) and hands snapshots to the [worker](super::worker), which does
everything that uses the engine and answers those requests itself. The loop answers
`shutdown` and stops at `exit`.
*/

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crossbeam_channel::Sender;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::{
    CodeActionOptions, CodeActionProviderCapability, DidChangeTextDocumentParams,
    DidChangeWatchedFilesRegistrationOptions, DidChangeWorkspaceFoldersParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DidSaveTextDocumentParams,
    ExecuteCommandOptions, FileSystemWatcher, GlobPattern, HoverProviderCapability,
    InitializeParams, OneOf, PublishDiagnosticsParams, Registration, RegistrationParams,
    SaveOptions, ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri, WorkspaceFoldersServerCapabilities,
    WorkspaceServerCapabilities,
};

use super::actions::{ACCEPT_WORD, FIX_ALL, fix_all_kind};
use super::documents::{OpenDoc, format_of, uri_to_path};
use super::position::{Encoding, apply_change};
use super::worker::{Shared, Task, Worker};

/// What the server announces.
fn capabilities(enc: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(enc.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![lsp_types::CodeActionKind::QUICKFIX, fix_all_kind()]),
            ..CodeActionOptions::default()
        })),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: vec![FIX_ALL.to_string(), ACCEPT_WORD.to_string()],
            ..ExecuteCommandOptions::default()
        }),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        ..ServerCapabilities::default()
    }
}

/// The workspace folders of the handshake (the root of older clients when none).
#[allow(deprecated)]
fn folders(params: &InitializeParams) -> Vec<PathBuf> {
    match &params.workspace_folders {
        Some(list) => list.iter().filter_map(|f| uri_to_path(&f.uri)).collect(),
        None => params.root_uri.iter().filter_map(uri_to_path).collect(),
    }
}

/// Serves one client until `exit`; returns whether `shutdown` came first (the exit status
/// the protocol asks for).
pub fn serve(connection: &Connection) -> Result<bool, String> {
    let (id, params) = connection.initialize_start().map_err(protocol)?;
    let params: InitializeParams =
        serde_json::from_value(params).map_err(|e| format!("initialize no válido: {e}"))?;
    let general = params.capabilities.general.as_ref();
    let enc = Encoding::negotiate(general.and_then(|g| g.position_encodings.as_deref()));
    let result = serde_json::json!({
        "capabilities": capabilities(enc),
        "serverInfo": {"name": "vigia", "version": env!("CARGO_PKG_VERSION")},
    });
    connection.initialize_finish(id, result).map_err(protocol)?;
    let watch = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|d| d.dynamic_registration)
        .unwrap_or(false);
    if watch {
        register_watcher(&connection.sender);
    }

    let shared = Arc::new(Shared::default());
    let (tasks, inbox) = crossbeam_channel::unbounded();
    let folders = folders(&params);
    let worker = Worker::new(
        connection.sender.clone(),
        enc,
        shared.clone(),
        folders.clone(),
    );
    let handle = std::thread::Builder::new()
        .name("vigia-lsp-worker".into())
        .spawn(move || worker.run(inbox))
        .map_err(|e| format!("no se pudo iniciar el hilo de revisión: {e}"))?;
    let mut state = State {
        enc,
        docs: HashMap::new(),
        tasks,
        shared,
        out: connection.sender.clone(),
        folders,
    };
    let mut shutdown = false;
    for msg in &connection.receiver {
        match msg {
            Message::Request(req) => {
                if connection.handle_shutdown(&req).map_err(protocol)? {
                    shutdown = true;
                    break;
                }
                state.request(req);
            }
            Message::Notification(n) if n.method == "exit" => break,
            Message::Notification(n) => state.notification(n),
            // Answers to our requests (applyEdit, registerCapability): nothing to do.
            Message::Response(_) => {}
        }
    }
    drop(state);
    let _ = handle.join();
    Ok(shutdown)
}

/// A broken conversation, in words for the person who reads the editor's log.
fn protocol(e: lsp_server::ProtocolError) -> String {
    if e.channel_is_disconnected() {
        "el cliente cerró la conexión".into()
    } else {
        format!("el cliente no siguió el protocolo: {e}")
    }
}

/// Asks the client to report changes of configuration files.
fn register_watcher(out: &Sender<Message>) {
    let options = DidChangeWatchedFilesRegistrationOptions {
        watchers: vec![FileSystemWatcher {
            glob_pattern: GlobPattern::String(format!("**/{}", crate::config::FILE_NAME)),
            kind: None,
        }],
    };
    let params = RegistrationParams {
        registrations: vec![Registration {
            id: "vigia/watch-config".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(options).ok(),
        }],
    };
    let _ = out.send(
        Request::new(
            "vigia/registerCapability".to_string().into(),
            "client/registerCapability".into(),
            params,
        )
        .into(),
    );
}

struct State {
    enc: Encoding,
    docs: HashMap<Uri, OpenDoc>,
    tasks: Sender<Task>,
    shared: Arc<Shared>,
    out: Sender<Message>,
    folders: Vec<PathBuf>,
}

impl State {
    fn task(&self, t: Task) {
        let _ = self.tasks.send(t);
    }

    fn set_latest(&self, uri: &Uri, version: Option<i32>) {
        if let Ok(mut m) = self.shared.latest.lock() {
            match version {
                Some(v) => m.insert(uri.clone(), v),
                None => m.remove(uri),
            };
        }
    }

    fn request(&mut self, req: Request) {
        let uri = match req.method.as_str() {
            "textDocument/hover" => req.params.pointer("/textDocument/uri"),
            "textDocument/codeAction" => req.params.pointer("/textDocument/uri"),
            "workspace/executeCommand" => req.params.pointer("/arguments/0"),
            other => {
                let message = format!("método no admitido: {other}");
                let _ = self.out.send(
                    Response::new_err(req.id, ErrorCode::MethodNotFound as i32, message).into(),
                );
                return;
            }
        };
        let doc = uri
            .and_then(|u| u.as_str())
            .and_then(|u| u.parse::<Uri>().ok())
            .and_then(|u| self.docs.get(&u).cloned());
        self.task(Task::Request(req, doc));
    }

    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            "textDocument/didOpen" => {
                let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(n.params) else {
                    return;
                };
                let d = p.text_document;
                let Some(format) = format_of(&d.language_id, &d.uri) else {
                    return;
                };
                let doc = OpenDoc {
                    uri: d.uri.clone(),
                    version: d.version,
                    format,
                    text: Arc::new(d.text),
                };
                self.set_latest(&d.uri, Some(d.version));
                self.docs.insert(d.uri, doc.clone());
                self.task(Task::Lint(doc));
            }
            "textDocument/didChange" => {
                let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(n.params) else {
                    return;
                };
                let uri = p.text_document.uri;
                let Some(doc) = self.docs.get_mut(&uri) else {
                    return;
                };
                let text = Arc::make_mut(&mut doc.text);
                for change in p.content_changes {
                    apply_change(text, change, self.enc);
                }
                doc.version = p.text_document.version;
                let doc = doc.clone();
                self.set_latest(&uri, Some(doc.version));
                self.task(Task::Lint(doc));
            }
            "textDocument/didClose" => {
                let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(n.params) else {
                    return;
                };
                let uri = p.text_document.uri;
                if self.docs.remove(&uri).is_some() {
                    self.set_latest(&uri, None);
                    self.task(Task::Close(uri.clone()));
                    let clear = PublishDiagnosticsParams::new(uri, Vec::new(), None);
                    let _ = self.out.send(
                        Notification::new("textDocument/publishDiagnostics".into(), clear).into(),
                    );
                }
            }
            "textDocument/didSave" => {
                let Ok(p) = serde_json::from_value::<DidSaveTextDocumentParams>(n.params) else {
                    return;
                };
                if p.text_document
                    .uri
                    .as_str()
                    .ends_with(crate::config::FILE_NAME)
                {
                    self.task(Task::ConfigChanged);
                }
            }
            "workspace/didChangeWatchedFiles" => self.task(Task::ConfigChanged),
            "workspace/didChangeWorkspaceFolders" => {
                let Ok(p) = serde_json::from_value::<DidChangeWorkspaceFoldersParams>(n.params)
                else {
                    return;
                };
                self.folders_changed(p.event);
            }
            "$/cancelRequest" => {
                let id = match n.params.get("id") {
                    Some(serde_json::Value::Number(n)) => n
                        .as_i64()
                        .and_then(|i| i32::try_from(i).ok())
                        .map(lsp_server::RequestId::from),
                    Some(serde_json::Value::String(s)) => {
                        Some(lsp_server::RequestId::from(s.clone()))
                    }
                    _ => None,
                };
                if let (Some(id), Ok(mut set)) = (id, self.shared.cancelled.lock()) {
                    set.insert(id);
                }
            }
            _ => {}
        }
    }

    fn folders_changed(&mut self, event: lsp_types::WorkspaceFoldersChangeEvent) {
        let removed: Vec<PathBuf> = event
            .removed
            .iter()
            .filter_map(|f| uri_to_path(&f.uri))
            .collect();
        self.folders.retain(|f| !removed.contains(f));
        self.folders
            .extend(event.added.iter().filter_map(|f| uri_to_path(&f.uri)));
        self.task(Task::Folders(self.folders.clone()));
    }
}
