//! A throwaway PostgreSQL server for tests: `initdb` once per test binary into a template,
//! then per test a copy of it started with `pg_ctl` on a free port of 127.0.0.1 (socket in
//! the same temporary folder), stopped when the [`TestPg`] is dropped.
//!
//! Needs the server binaries (Debian's `postgresql` package: `/usr/lib/postgresql/*/bin`, or
//! `initdb` on the `PATH`). PostgreSQL refuses to run as root: as root, the harness runs the
//! server as the system user `parallax-test`, created with `useradd` when missing. Without
//! the binaries, [`TestPg::start`] prints a skip line and returns `None`; under `CI=true` it
//! panics instead, so CI cannot pass without having run the PostgreSQL tests.

#![allow(dead_code)]

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// The unprivileged user the server runs as when the tests run as root.
const TEST_USER: &str = "parallax-test";

struct Install {
    bin: PathBuf,
    /// (uid, gid) to run the server as, when the tests run as root.
    user: Option<(u32, u32)>,
    /// An initialised data folder to copy.
    template: PathBuf,
    _template_dir: tempfile::TempDir,
}

pub struct TestPg {
    dir: tempfile::TempDir,
    port: u16,
    install: &'static Install,
}

fn server_bin() -> Option<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|b| b.join("initdb").exists() && b.join("pg_ctl").exists())
        .collect();
    found.sort_by_key(|b| {
        b.parent()
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    });
    if let Some(b) = found.pop() {
        return Some(b);
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .find(|p| p.join("initdb").exists() && p.join("pg_ctl").exists())
    })
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn id_of(flag: &str) -> Option<u32> {
    let out = Command::new("id").args([flag, TEST_USER]).output().ok()?;
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

fn test_user() -> (u32, u32) {
    if id_of("-u").is_none() {
        let status = Command::new("useradd")
            .args([
                "--system",
                "--no-create-home",
                "--shell",
                "/usr/sbin/nologin",
                TEST_USER,
            ])
            .status()
            .expect("useradd runs");
        assert!(
            status.success() || id_of("-u").is_some(),
            "could not create the user {TEST_USER} to run PostgreSQL as"
        );
    }
    (
        id_of("-u").expect("test user uid"),
        id_of("-g").expect("test user gid"),
    )
}

fn chown(path: &Path, user: Option<(u32, u32)>) {
    if let Some((uid, gid)) = user {
        std::os::unix::fs::chown(path, Some(uid), Some(gid)).expect("chown the test folder");
    }
}

fn command(install_bin: &Path, user: Option<(u32, u32)>, program: &str) -> Command {
    let mut cmd = Command::new(install_bin.join(program));
    if let Some((uid, gid)) = user {
        cmd.uid(uid).gid(gid);
    }
    cmd.stdin(Stdio::null());
    cmd
}

fn install() -> Option<&'static Install> {
    static INSTALL: OnceLock<Option<Install>> = OnceLock::new();
    INSTALL
        .get_or_init(|| {
            let bin = server_bin()?;
            let user = is_root().then(test_user);
            let template_dir = tempfile::tempdir().expect("temp dir");
            chown(template_dir.path(), user);
            let template = template_dir.path().join("data");
            let out = command(&bin, user, "initdb")
                .args(["-D"])
                .arg(&template)
                .args([
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--no-locale",
                    "-N",
                ])
                .output()
                .expect("initdb runs");
            assert!(
                out.status.success(),
                "initdb failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            Some(Install {
                bin,
                user,
                template,
                _template_dir: template_dir,
            })
        })
        .as_ref()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl TestPg {
    /// A running server, or `None` (with a printed skip line) when PostgreSQL is not
    /// installed; under `CI=true` a missing install fails the test.
    pub fn start(test: &str) -> Option<TestPg> {
        let Some(install) = install() else {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("{test}: PostgreSQL server binaries not found (install Debian's `postgresql`); CI runs every PostgreSQL test");
            }
            let _ = std::io::Write::write_fmt(&mut std::io::stderr(), format_args!("skipped: {test}: no PostgreSQL server binaries (install `postgresql` to run it)\n")); // unlike eprintln!, shown when the test passes
            return None;
        };
        let dir = tempfile::tempdir().expect("temp dir");
        chown(dir.path(), install.user);
        let mut cp = Command::new("cp");
        if let Some((uid, gid)) = install.user {
            cp.uid(uid).gid(gid);
        }
        let copied = cp
            .arg("-a")
            .arg(&install.template)
            .arg(dir.path().join("data"))
            .status()
            .expect("cp runs");
        assert!(copied.success(), "copying the template data folder");
        let pg = TestPg {
            dir,
            port: free_port(),
            install,
        };
        pg.start_server();
        Some(pg)
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn start_server(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=100",
            self.port,
            self.dir.path().display()
        );
        let out = command(&self.install.bin, self.install.user, "pg_ctl")
            .arg("-D")
            .arg(self.data())
            .args(["-o", &options, "-w", "-t", "60", "-l"])
            .arg(self.dir.path().join("server.log"))
            .arg("start")
            .stdout(Stdio::null())
            .output()
            .expect("pg_ctl runs");
        assert!(
            out.status.success(),
            "pg_ctl start failed: {}\n{}",
            String::from_utf8_lossy(&out.stderr),
            std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
        );
    }

    /// Stop the server (`immediate`: like a crash, open connections are cut).
    pub fn stop(&self) {
        let _ = command(&self.install.bin, self.install.user, "pg_ctl")
            .arg("-D")
            .arg(self.data())
            .args(["-m", "immediate", "-w", "stop"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }

    /// Start it again after [`TestPg::stop`], on the same port.
    pub fn restart(&self) {
        self.start_server();
    }

    /// A new, empty database on this server, as a URL.
    pub fn database(&self, name: &str) -> String {
        let out = command(&self.install.bin, self.install.user, "psql")
            .args([
                "-h",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-q",
                "-c",
            ])
            .arg(format!("CREATE DATABASE \"{name}\""))
            .output()
            .expect("psql runs");
        assert!(
            out.status.success(),
            "CREATE DATABASE failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        format!("postgres://postgres@127.0.0.1:{}/{name}", self.port)
    }
}

impl Drop for TestPg {
    fn drop(&mut self) {
        self.stop();
    }
}
