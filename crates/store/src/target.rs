//! Which database a `--db` value (or `PARALLAX_DB`) names: a `postgres://` / `postgresql://`
//! URL is a PostgreSQL database, anything else the path of a SQLite file.

use std::path::{Path, PathBuf};

use crate::{Result, Store, StoreError};

/// The environment variable that names the database when `--db` is not given.
pub const DB_ENV: &str = "PARALLAX_DB";

/// A parsed `--db` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbTarget {
    Sqlite(PathBuf),
    Postgres(String),
}

impl DbTarget {
    pub fn parse(value: &str) -> Self {
        let lower = value.get(..13).unwrap_or(value).to_ascii_lowercase();
        if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
            DbTarget::Postgres(value.to_string())
        } else {
            DbTarget::Sqlite(PathBuf::from(value))
        }
    }

    /// How the database is named to a user: the path, or the URL without its password.
    pub fn display(&self) -> String {
        match self {
            DbTarget::Sqlite(path) => path.display().to_string(),
            DbTarget::Postgres(url) => redact_password(url),
        }
    }

    /// The files of a SQLite database (the file and its `-wal`, `-shm` and `-journal`
    /// companions), so that an ingest over a folder holding them does not read them.
    pub fn own_files(&self) -> Vec<PathBuf> {
        match self {
            DbTarget::Sqlite(path) => ["", "-wal", "-shm", "-journal"]
                .iter()
                .map(|suffix| {
                    let mut name = path.as_os_str().to_owned();
                    name.push(suffix);
                    PathBuf::from(name)
                })
                .collect(),
            DbTarget::Postgres(_) => Vec::new(),
        }
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:…@host/db`.
fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    match authority.rsplit_once('@') {
        Some((user, host)) if user.contains(':') => {
            let name = user.split(':').next().unwrap_or("");
            format!("{scheme}://{name}:…@{host}{path}")
        }
        _ => url.to_string(),
    }
}

/// Open (creating and migrating if needed) the database `target` names.
pub fn open(target: &DbTarget) -> Result<Box<dyn Store>> {
    match target {
        DbTarget::Sqlite(path) => open_sqlite(path),
        DbTarget::Postgres(url) => open_postgres(url),
    }
}

/// [`open`] for readers: a SQLite file must exist already (a server does not create one).
pub fn open_existing(target: &DbTarget) -> Result<Box<dyn Store>> {
    if let DbTarget::Sqlite(path) = target {
        if !path.exists() {
            return Err(StoreError::Unsupported(format!(
                "{} does not exist; create it with `parallax ingest PATH… --db {}`",
                path.display(),
                path.display()
            )));
        }
    }
    open(target)
}

#[cfg(feature = "sqlite")]
fn open_sqlite(path: &Path) -> Result<Box<dyn Store>> {
    Ok(Box::new(crate::SqliteStore::open(path)?))
}

#[cfg(not(feature = "sqlite"))]
fn open_sqlite(path: &Path) -> Result<Box<dyn Store>> {
    Err(StoreError::Unsupported(format!(
        "{} is a SQLite file, but this build of Parallax has no SQLite support (feature `sqlite`)",
        path.display()
    )))
}

#[cfg(feature = "postgres")]
fn open_postgres(url: &str) -> Result<Box<dyn Store>> {
    Ok(Box::new(crate::PostgresStore::open(url)?))
}

#[cfg(not(feature = "postgres"))]
fn open_postgres(url: &str) -> Result<Box<dyn Store>> {
    Err(StoreError::Unsupported(format!(
        "{} is a PostgreSQL URL, but this build of Parallax has no PostgreSQL support; \
         rebuild with `--features postgres`",
        redact_password(url)
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_paths() {
        assert_eq!(
            DbTarget::parse("postgres://u@h/db"),
            DbTarget::Postgres("postgres://u@h/db".into())
        );
        assert!(matches!(
            DbTarget::parse("PostgreSQL://h/db"),
            DbTarget::Postgres(_)
        ));
        assert_eq!(
            DbTarget::parse("data/p.db"),
            DbTarget::Sqlite("data/p.db".into())
        );
        assert_eq!(
            DbTarget::parse("postgres://me:secret@h:5432/db").display(),
            "postgres://me:…@h:5432/db"
        );
        let files = DbTarget::parse("d/p.db").own_files();
        assert_eq!(files[1], PathBuf::from("d/p.db-wal"));
    }
}
