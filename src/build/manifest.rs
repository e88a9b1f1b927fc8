//! Incremental builds: a manifest in the output folder records, for each
//! output, a hash of everything it was made from. An output whose key is
//! unchanged and whose file is still there, at the recorded size, is not
//! rebuilt.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub const FILE_NAME: &str = ".imprint-manifest.json";

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Manifest {
    /// Output file name → what it was built from.
    outputs: BTreeMap<String, Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub key: String,
    pub bytes: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<usize>,
}

impl Manifest {
    /// The manifest in `out`; an unreadable one counts as empty (all is rebuilt).
    pub fn load(out: &Path) -> Manifest {
        std::fs::read(out.join(FILE_NAME))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// The entry of `path` when it was built from `key` and the file still
    /// holds what was written.
    pub fn fresh(&self, path: &Path, key: &str) -> Option<&Entry> {
        let entry = self.outputs.get(&*path.file_name()?.to_string_lossy())?;
        let intact = std::fs::symlink_metadata(path)
            .map(|m| m.is_file() && m.len() == entry.bytes)
            .unwrap_or(false);
        (entry.key == key && intact).then_some(entry)
    }

    pub fn record(&mut self, path: &Path, entry: Entry) {
        if let Some(name) = path.file_name() {
            self.outputs
                .insert(name.to_string_lossy().into_owned(), entry);
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec_pretty(self).expect("a manifest serialises")
    }
}

/// Hashes strings and file contents into one hex key.
#[derive(Clone, Default)]
pub struct KeyHasher(Sha256);

impl KeyHasher {
    pub fn add(&mut self, part: &[u8]) -> &mut Self {
        // Length-prefixed, so ("ab", "c") and ("a", "bc") differ.
        self.0.update((part.len() as u64).to_le_bytes());
        self.0.update(part);
        self
    }

    /// Every file under `dir` that `wanted` accepts (names and contents,
    /// sorted), if the folder exists.
    pub fn add_tree(&mut self, dir: &Path, wanted: impl Fn(&Path) -> bool) -> &mut Self {
        let mut files = Vec::new();
        list_files(dir, &mut files, 0);
        files.retain(|f| wanted(f));
        files.sort();
        for file in files {
            self.add(file.to_string_lossy().as_bytes());
            self.add(&std::fs::read(&file).unwrap_or_default());
        }
        self
    }

    pub fn finish(self) -> String {
        self.0
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// Files under `dir`, not following symlinked folders (no loops), at most
/// a few levels deep.
fn list_files(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() && depth < 4 {
            list_files(&entry.path(), out, depth + 1);
        } else if kind.is_file() || (kind.is_symlink() && entry.path().is_file()) {
            out.push(entry.path());
        }
    }
}
