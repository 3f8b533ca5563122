//! `parallax serve`: the web UI and JSON API over a database. Several servers may read one
//! database while ingests write into it.

use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::Context;
use parallax_store::Store;
use parallax_web::server::{self, AppState};

use super::db::DbArgs;

#[derive(clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// A host name the server answers to besides IP addresses and `localhost` (repeatable),
    /// for a server other machines reach by name. Requests naming any other host get 403.
    #[arg(long = "allow-host", value_name = "NAME")]
    allow_hosts: Vec<String>,
    #[command(flatten)]
    db: DbArgs,
}

/// Read connections kept open (SQLite in WAL mode and PostgreSQL: readers do not block an
/// ingest).
const CONNECTIONS: usize = 4;

pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let target = args.db.target();
    let name = target.display();
    let mut stores: Vec<Box<dyn Store>> = Vec::with_capacity(CONNECTIONS);
    for _ in 0..CONNECTIONS {
        stores.push(
            parallax_store::open_existing(&target).with_context(|| format!("opening {name}"))?,
        );
    }
    let counts = stores[0].counts()?;
    let state = AppState::allow_hosts(stores, &args.allow_hosts);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("listening on {}", args.addr))?;
        let local = listener.local_addr().unwrap_or(args.addr);
        if !local.ip().is_loopback() {
            eprintln!(
                "parallax: warning: listening on {local}, beyond this machine: anyone who can reach \
                 it can read every stored article (there is no login)"
            );
        }
        eprintln!(
            "parallax: serving {name} ({} articles, {} stories) at http://{local}/ — Ctrl-C to stop",
            counts.articles, counts.stories
        );
        server::serve(listener, state).await.context("serving")
    })?;
    Ok(ExitCode::SUCCESS)
}
