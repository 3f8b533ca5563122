//! The outlet registry (`data/outlets.toml`, embedded), extendable by a user file and by
//! folder files.
//!
//! A user file has the same format. It is read from the path in the environment variable
//! `PARALLAX_OUTLETS`, else from `$XDG_CONFIG_HOME/parallax/outlets.toml` or
//! `~/.config/parallax/outlets.toml`. Its entries are added; an entry with the `id` of a
//! built-in one replaces it. Unknown outlets stay unknown: lookups never guess.
//!
//! A **folder file**: any folder of articles that holds an `outlets.toml` (same format) has
//! it read when the folder is expanded ([`crate::discover`]); its entries are added to the
//! registry for the articles inside that folder only (the nearest such folder wins, and its
//! file extends the ones of the folders above it). The file itself is not an article.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{OnceLock, RwLock};

use parallax_model::{Outlet, SourceKind};
use serde::Deserialize;

const EMBEDDED: &str = include_str!("../../../data/outlets.toml");

/// One registry entry.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct OutletEntry {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub domains: Vec<String>,
    #[serde(default)]
    pub country: Option<String>,
    pub kind: SourceKind,
    #[serde(default)]
    pub state_affiliation: Option<String>,
}

impl OutletEntry {
    /// The entry as the model's [`Outlet`].
    pub fn to_outlet(&self) -> Outlet {
        Outlet {
            id: self.id.clone(),
            name: self.name.clone(),
            domain: self.domains.first().cloned(),
            country: self.country.clone(),
            kind: self.kind,
            state_affiliation: self.state_affiliation.clone(),
        }
    }
}

#[derive(Deserialize)]
struct RegistryFile {
    #[serde(default)]
    outlet: Vec<OutletEntry>,
}

/// The outlets Parallax knows, with lookups by domain and by name.
#[derive(Debug, Clone)]
pub struct Registry {
    entries: Vec<OutletEntry>,
    by_domain: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
    /// Problems met while loading a user file (the built-in entries are still there).
    pub warnings: Vec<String>,
}

impl Registry {
    /// A registry with no entries.
    pub fn empty() -> Registry {
        Registry {
            entries: Vec::new(),
            by_domain: HashMap::new(),
            by_name: HashMap::new(),
            warnings: Vec::new(),
        }
    }

    /// The built-in registry only.
    pub fn embedded() -> Registry {
        let mut r = Registry::empty();
        // The embedded file is tested; a parse failure would be a build defect, not user data.
        match toml::from_str::<RegistryFile>(EMBEDDED) {
            Ok(f) => r.extend(f.outlet),
            Err(e) => r.warnings.push(format!("built-in outlets.toml: {e}")),
        }
        r
    }

    /// The built-in registry plus the user's file, if one is configured (loaded once per process).
    pub fn global() -> &'static Registry {
        static GLOBAL: OnceLock<Registry> = OnceLock::new();
        GLOBAL.get_or_init(|| {
            let mut r = Registry::embedded();
            if let Some(path) = user_config_path() {
                if let Err(e) = r.load_file(&path) {
                    r.warnings.push(e);
                }
            }
            r
        })
    }

    /// The registry for an article read from `path` (an input path, possibly with a `#N`
    /// record suffix): the global one plus the folder files registered for the folders
    /// holding it ([`register_folder`]).
    pub fn for_path(path: &str) -> &'static Registry {
        let file = Path::new(path.split('#').next().unwrap_or(path));
        let folders = folder_registries()
            .read()
            .unwrap_or_else(|p| p.into_inner());
        folders
            .iter()
            .filter(|(dir, _)| file.starts_with(dir))
            .max_by_key(|(dir, _)| dir.components().count())
            .map(|(_, r)| *r)
            .unwrap_or_else(Registry::global)
    }

    /// Same as [`Registry::global`] cloned: the registry a run uses by default.
    #[allow(clippy::should_implement_trait)]
    pub fn default() -> Registry {
        Registry::global().clone()
    }

    /// Add the entries of a TOML file (same format as `data/outlets.toml`).
    pub fn load_file(&mut self, path: &Path) -> Result<(), String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("outlets file {}: {e}", path.display()))?;
        self.load_str(&text)
            .map_err(|e| format!("outlets file {}: {e}", path.display()))
    }

    /// Add the entries of a TOML string.
    pub fn load_str(&mut self, text: &str) -> Result<(), String> {
        let f: RegistryFile = toml::from_str(text).map_err(|e| e.to_string())?;
        self.extend(f.outlet);
        Ok(())
    }

    fn extend(&mut self, new: Vec<OutletEntry>) {
        for e in new {
            if let Some(i) = self.entries.iter().position(|x| x.id == e.id) {
                self.entries[i] = e;
            } else {
                self.entries.push(e);
            }
        }
        self.reindex();
    }

    fn reindex(&mut self) {
        self.by_domain.clear();
        self.by_name.clear();
        for (i, e) in self.entries.iter().enumerate() {
            for d in &e.domains {
                self.by_domain.insert(normalize_host(d), i);
            }
            self.by_name.insert(normalize_name(&e.id), i);
            for n in std::iter::once(&e.name).chain(&e.aliases) {
                self.by_name.insert(normalize_name(n), i);
            }
        }
    }

    /// All entries.
    pub fn entries(&self) -> &[OutletEntry] {
        &self.entries
    }

    /// The outlet of a host or URL (`https://www.rt.com/x`, `de.rt.com`): the host or its
    /// nearest parent domain in the registry.
    pub fn lookup_domain(&self, host_or_url: &str) -> Option<&OutletEntry> {
        let host = host_of(host_or_url)?;
        let mut h = host.as_str();
        loop {
            if let Some(&i) = self.by_domain.get(h) {
                return self.entries.get(i);
            }
            let dot = h.find('.')?;
            h = &h[dot + 1..];
            if !h.contains('.') {
                return None;
            }
        }
    }

    /// The outlet with this exact name or alias (case and spacing ignored).
    pub fn lookup_name(&self, name: &str) -> Option<&OutletEntry> {
        let n = normalize_name(name);
        if n.is_empty() {
            return None;
        }
        self.by_name.get(&n).and_then(|&i| self.entries.get(i))
    }

    /// The outlet whose name or alias starts `text` as whole words (longest match), e.g.
    /// `RT Russland und die ehemalige Sowjetunion` → RT. Used for title suffixes.
    pub fn lookup_name_prefix(&self, text: &str) -> Option<&OutletEntry> {
        let words: Vec<&str> = text.split_whitespace().collect();
        for n in (1..=words.len().min(6)).rev() {
            let cand = words[..n].join(" ");
            let cand = cand.trim_end_matches([',', ':', ';', '.']);
            if let Some(e) = self.lookup_name(cand) {
                return Some(e);
            }
        }
        None
    }
}

/// Registries of folders holding an `outlets.toml`, by folder.
fn folder_registries() -> &'static RwLock<Vec<(PathBuf, &'static Registry)>> {
    static FOLDERS: OnceLock<RwLock<Vec<(PathBuf, &'static Registry)>>> = OnceLock::new();
    FOLDERS.get_or_init(Default::default)
}

/// The name of a folder's own outlets file.
pub const FOLDER_FILE: &str = "outlets.toml";

/// Read `dir/outlets.toml`, if there is one, for the articles inside `dir`: its entries
/// extend the registry of the folder above (or the global one). Registering a folder twice
/// keeps the first reading. Returns an error naming the file when it cannot be read or
/// parsed; that folder's articles then use the registry of the folder above.
pub fn register_folder(dir: &Path) -> Result<(), String> {
    let file = dir.join(FOLDER_FILE);
    if !file.is_file() {
        return Ok(());
    }
    if folder_registries()
        .read()
        .unwrap_or_else(|p| p.into_inner())
        .iter()
        .any(|(d, _)| d == dir)
    {
        return Ok(());
    }
    let mut r = Registry::for_path(&dir.join("_").to_string_lossy()).clone();
    r.warnings.clear();
    r.load_file(&file)?;
    // A folder's registry lives as long as the process, like the global one.
    let leaked: &'static Registry = Box::leak(Box::new(r));
    folder_registries()
        .write()
        .unwrap_or_else(|p| p.into_inner())
        .push((dir.to_path_buf(), leaked));
    Ok(())
}

fn user_config_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("PARALLAX_OUTLETS") {
        if !p.is_empty() {
            return Some(PathBuf::from(p));
        }
    }
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    let p = base.join("parallax").join("outlets.toml");
    p.is_file().then_some(p)
}

fn normalize_name(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn normalize_host(h: &str) -> String {
    let h = h.trim().trim_end_matches('.').to_ascii_lowercase();
    let h = h.strip_prefix("www.").unwrap_or(&h);
    h.to_string()
}

/// The lowercase host of a URL or bare host name, without `www.`/`m.`/`amp.`.
pub fn host_of(host_or_url: &str) -> Option<String> {
    let s = host_or_url.trim();
    let host = if s.contains("://") {
        url::Url::parse(s).ok()?.host_str()?.to_string()
    } else {
        s.split(['/', '?', '#', ':']).next()?.to_string()
    };
    let mut h = normalize_host(&host);
    for p in ["m.", "amp.", "mobile."] {
        if let Some(rest) = h.strip_prefix(p) {
            if rest.contains('.') {
                h = rest.to_string();
            }
        }
    }
    (!h.is_empty() && h.contains('.')).then_some(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_parses_and_has_seed_outlets() {
        let r = Registry::embedded();
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
        assert!(r.entries().len() >= 60);
        assert_eq!(
            r.lookup_domain("https://de.rt.com/x/y")
                .map(|e| e.id.as_str()),
            Some("rt")
        );
        assert_eq!(
            r.lookup_domain("www.baoquocte.vn").map(|e| e.id.as_str()),
            Some("baoquocte")
        );
        assert_eq!(
            r.lookup_domain("https://24tv.ua/a").map(|e| e.id.as_str()),
            Some("24-kanal")
        );
        assert_eq!(
            r.lookup_name("ria  novosti").map(|e| e.id.as_str()),
            Some("ria-novosti")
        );
        assert_eq!(
            r.lookup_name("24 Channel").map(|e| e.id.as_str()),
            Some("24-kanal")
        );
        assert!(r.lookup_domain("example.org").is_none());
        assert!(r.lookup_name("Wochenblatt Hintertupfingen").is_none());
        assert_eq!(
            r.lookup_name_prefix("RT Russland und die ehemalige Sowjetunion")
                .map(|e| e.id.as_str()),
            Some("rt")
        );
    }

    #[test]
    fn user_entries_extend_and_override() {
        let mut r = Registry::embedded();
        r.load_str(
            "[[outlet]]\nid = \"rt\"\nname = \"RT (mine)\"\ndomains = [\"rt.com\"]\nkind = \"broadcaster\"\n\
             [[outlet]]\nid = \"local\"\nname = \"Lokalblatt\"\ndomains = [\"lokalblatt.example\"]\nkind = \"newspaper\"\n",
        )
        .unwrap();
        assert_eq!(r.lookup_domain("rt.com").unwrap().name, "RT (mine)");
        assert_eq!(r.lookup_domain("lokalblatt.example").unwrap().id, "local");
        assert!(r.load_str("[[outlet]]\nname = 3").is_err());
    }
}
