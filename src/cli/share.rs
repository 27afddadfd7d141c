//! `ksm share`: one-time share with a ksm-server.

use clap::{Args, Subcommand};

#[derive(Subcommand)]
#[command(defer = true)]
pub enum ShareCommand {
    /// Ask someone for a secret: prints a link; their answer becomes a new record in FOLDER.
    Request(RequestArgs),
    /// Write answered requests into the vault as new records (prints UIDs, never the secret).
    Receive(ReceiveArgs),
    /// List this application's requests and sends with their states.
    List {
        /// Print the requests and sends as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Revoke a request or a send: its link stops working and any stored answer is deleted.
    Revoke {
        /// The request or send id (`share list` shows them).
        id: String,
    },
    /// Send a record's fields as a one-time link, locked to the first device that opens it.
    Send(SendArgs),
    /// Open a send link in the terminal (binds it to this user's ksm key, not a browser).
    Open {
        /// The whole link, with its #fragment.
        link: String,
        /// Print the revealed fields as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Answer a request link from the terminal: prompts for each field, or reads `field=value`
    /// lines on stdin.
    Submit {
        /// The whole link, with its #fragment.
        link: String,
    },
}

#[derive(Args)]
pub struct RequestArgs {
    /// The shared folder the answer is written into (the application needs an editable share).
    #[arg(long, value_name = "UID")]
    pub folder: String,
    /// The record type to ask for: login (login, password, URL, notes) or encryptedNotes.
    #[arg(long = "type", value_name = "TYPE", default_value = "login")]
    pub record_type: String,
    /// The title of the new record; also shown to the person answering.
    #[arg(long)]
    pub title: String,
    /// How long the link works: 30m, 24h, 7d (at most 7d).
    #[arg(long, default_value = "24h")]
    pub expires: String,
    /// Also print a ready-to-paste note for the person you ask.
    #[arg(long)]
    pub message: bool,
    /// Also print the link as a QR code (for a phone).
    #[arg(long)]
    pub qr: bool,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct ReceiveArgs {
    /// The request id `share request` printed.
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    pub id: Option<String>,
    /// Every request made from this profile.
    #[arg(long)]
    pub all: bool,
    /// Wait until the request is answered (or expires, or is revoked).
    #[arg(long)]
    pub wait: bool,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct SendArgs {
    /// The record to send.
    #[arg(short = 'u', long = "uid", value_name = "UID")]
    pub uid: String,
    /// Only these fields (types or labels, comma-separated), e.g. `password,login`.
    #[arg(long, value_delimiter = ',')]
    pub fields: Vec<String>,
    /// How long the link works: 1h, 24h, 7d (at most 7d).
    #[arg(long, default_value = "24h")]
    pub expires: String,
    /// Burn the link after its first view, instead of locking it to the first device.
    #[arg(long)]
    pub once: bool,
    /// Also print the link as a QR code (for a phone).
    #[arg(long)]
    pub qr: bool,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}
