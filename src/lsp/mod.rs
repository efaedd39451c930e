/*!
`vigia lsp`: a Language Server Protocol server over standard input and output, so that an
editor shows findings as the draft is written. This first part holds the documents as the
editor has them and the positions as the client counts them ([`position`]).
*/

pub mod documents;
pub mod position;
