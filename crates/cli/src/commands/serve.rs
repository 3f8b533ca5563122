use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use parallax_store::{SqliteStore, Store};
use parallax_web::server::{self, AppState};

#[derive(clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// The database file (see `parallax ingest`).
    #[arg(long, default_value = "parallax.db", value_name = "FILE")]
    db: PathBuf,
}

/// Read connections kept open (SQLite in WAL mode: readers do not block an ingest).
const CONNECTIONS: usize = 4;

pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    if !args.db.exists() {
        anyhow::bail!(
            "{} does not exist; create it with `parallax ingest PATH… --db {}`",
            args.db.display(),
            args.db.display()
        );
    }
    let mut stores: Vec<Box<dyn Store>> = Vec::with_capacity(CONNECTIONS);
    for _ in 0..CONNECTIONS {
        stores.push(Box::new(
            SqliteStore::open(&args.db)
                .with_context(|| format!("opening {}", args.db.display()))?,
        ));
    }
    let counts = stores[0].counts()?;
    let state = AppState::new(stores);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("listening on {}", args.addr))?;
        let local = listener.local_addr().unwrap_or(args.addr);
        eprintln!(
            "parallax: serving {} ({} articles, {} stories) at http://{local}/ — Ctrl-C to stop",
            args.db.display(),
            counts.articles,
            counts.stories
        );
        server::serve(listener, state).await.context("serving")
    })?;
    Ok(ExitCode::SUCCESS)
}
