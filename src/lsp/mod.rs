/*!
`vigia lsp`: a Language Server Protocol server over standard input and output, so that an
editor shows findings as the draft is written.

It checks Markdown and plain-text documents with the same engine, packs and `.vigia.yaml`
discovery as `check` ([`workspace`]), on open and on every change, off the loop that reads
the client ([`worker`]); positions are counted as the client asks (UTF-16 unless it offers
UTF-8, [`position`]). It publishes diagnostics (severity, the rule id as code, the directive
clause in the message), shows the rule's explanation on hover ([`diagnostics`]) and offers
code actions: a suggestion, every safe fix, a suppression comment, accepting a word in the
project's vocabulary ([`actions`]). The protocol plumbing is the `lsp-server` crate
(synchronous, channels) with the types of `lsp-types`.
*/

pub mod actions;
pub mod diagnostics;
pub mod documents;
pub mod position;
pub mod server;
pub mod worker;
pub mod workspace;

use std::io;

use clap::Args;

use crate::cli::Status;

/// Options of `vigia lsp`.
#[derive(Debug, Args)]
pub struct LspArgs {
    /// Hablar por la entrada y la salida estándar (lo único que admite; se acepta porque
    /// algunos clientes lo pasan siempre).
    #[arg(long)]
    pub stdio: bool,
}

/// Runs the server on standard input and output until the client says `exit`. Exits 0
/// after `shutdown`, 1 when the client left without it, 2 when the protocol broke.
pub fn run(_args: LspArgs) -> io::Result<Status> {
    let (connection, io_threads) = lsp_server::Connection::stdio();
    let outcome = server::serve(&connection);
    drop(connection);
    let joined = io_threads.join();
    match outcome {
        Ok(true) => Ok(Status::Clean),
        Ok(false) => Ok(Status::Findings),
        Err(e) => {
            eprintln!("error: vigia lsp: {e}");
            let _ = joined;
            Ok(Status::Error)
        }
    }
}
