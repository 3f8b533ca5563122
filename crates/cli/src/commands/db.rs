//! The `--db` option every command that reads or writes the store shares: a SQLite file
//! path (the default, `parallax.db`) or a `postgres://` / `postgresql://` URL, also taken
//! from the environment variable `PARALLAX_DB`.

use parallax_store::DbTarget;

#[derive(clap::Args, Debug, Clone)]
pub struct DbArgs {
    /// The database: a SQLite file (created when missing), or a PostgreSQL URL
    /// (`postgres://user@host/database`).
    #[arg(
        long,
        env = parallax_store::DB_ENV,
        default_value = "parallax.db",
        value_name = "FILE|URL"
    )]
    pub db: String,
}

impl DbArgs {
    pub fn target(&self) -> DbTarget {
        DbTarget::parse(&self.db)
    }
}
