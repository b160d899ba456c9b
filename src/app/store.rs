//! What the window remembers between runs: the trainee's settings (name, language, text
//! size, typing speed, whether the tutorial was seen) and, per scenario, plays, the best
//! result and when it was last played — for the library's badges and sorts.
//!
//! Both are small RON files in the platform's config and data folders (found with the
//! `directories` crate; `COMPLAINT_DOJO_HOME` puts both under one folder instead, for tests
//! and portable installs). A write goes to a temporary file that is synced and renamed over
//! the old one, so a crash or SIGKILL leaves either the old file or the new, never half of
//! one. A file that cannot be read is moved aside to `NAME.bad` (never silently lost) and
//! the defaults are used.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::course::Lang;

/// The environment variable that puts settings and records under one folder.
pub const HOME_VAR: &str = "COMPLAINT_DOJO_HOME";

/// Largest settings or progress file read (a real one is a few KB).
const MAX_FILE: u64 = 4 << 20;

/// Title-screen settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Trainee name.
    pub name: String,
    /// Language of the whole UI, scenario text included.
    pub lang: Lang,
    /// UI scale (1.0 = normal; a projector wants 1.5+).
    pub scale: f32,
    /// Characters per second of the customer's typing; 0 shows each line at once.
    pub typing_cps: f32,
    /// The guided tutorial was played or skipped.
    pub tutorial_seen: bool,
    /// Practice by typing replies instead of picking them (free reply).
    pub free_reply: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            name: String::new(),
            lang: Lang::Zh,
            scale: 1.0,
            typing_cps: 40.0,
            tutorial_seen: false,
            free_reply: false,
        }
    }
}

impl Settings {
    /// Smallest and largest UI scale offered.
    pub const SCALE: std::ops::RangeInclusive<f32> = 0.8..=2.0;
    /// Slowest and fastest typing offered (0 = instant).
    pub const TYPING: std::ops::RangeInclusive<f32> = 0.0..=120.0;

    /// The same settings with every number inside its range (a hand-edited file may hold
    /// anything).
    pub fn clamped(mut self) -> Settings {
        let clamp = |v: f32, r: &std::ops::RangeInclusive<f32>, default: f32| {
            if v.is_finite() {
                v.clamp(*r.start(), *r.end())
            } else {
                default
            }
        };
        self.scale = clamp(self.scale, &Settings::SCALE, 1.0);
        self.typing_cps = clamp(self.typing_cps, &Settings::TYPING, 40.0);
        self.name = self.name.chars().take(64).collect();
        self
    }
}

/// One scenario's record in the library.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Played {
    /// Sessions finished.
    pub plays: u32,
    /// The best finished session: its three scores (情, 理, 法) and whether it passed.
    pub best: Option<Best>,
    /// Some finished session passed.
    pub passed: bool,
    /// When a session last finished, in seconds since 1970.
    pub last_played: u64,
}

/// The best session of a scenario: passed first, then the highest total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Best {
    /// 情, 理, 法, each 0–100.
    pub scores: [u8; 3],
    /// It passed.
    pub passed: bool,
    /// It was played in assessment mode.
    pub assessed: bool,
}

impl Best {
    fn rank(&self) -> (bool, u32) {
        (
            self.passed,
            self.scores.iter().map(|s| u32::from(*s)).sum::<u32>(),
        )
    }
}

/// Every scenario's record, by scenario id.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Progress {
    /// Records by scenario id.
    pub scenarios: BTreeMap<String, Played>,
}

impl Progress {
    /// Records a finished session of scenario `id`.
    pub fn record(&mut self, id: &str, best: Best, when: u64) {
        let p = self.scenarios.entry(id.to_string()).or_default();
        p.plays = p.plays.saturating_add(1);
        p.passed |= best.passed;
        p.last_played = p.last_played.max(when);
        if p.best.is_none_or(|b| best.rank() > b.rank()) {
            p.best = Some(best);
        }
    }

    /// Every scenario's record from a trainee's recorded sessions (the finished ones).
    pub fn from_history(rows: &[crate::records::SessionRow]) -> Progress {
        let mut p = Progress::default();
        for r in rows {
            let (Some(scores), Some(passed)) = (r.scores, r.passed) else {
                continue;
            };
            let best = Best {
                scores,
                passed,
                assessed: crate::records::session::mode_from_key(&r.mode)
                    == Some(crate::sim::Mode::Assessment),
            };
            let ended_ms = r.started_ms.saturating_add(r.duration_ms).max(0);
            p.record(&r.scenario, best, (ended_ms / 1000) as u64);
        }
        p
    }

    /// The record of scenario `id`, if it was ever finished.
    pub fn of(&self, id: &str) -> Option<&Played> {
        self.scenarios.get(id)
    }
}

/// Where the files are.
#[derive(Debug, Clone)]
pub struct Store {
    config: PathBuf,
    data: PathBuf,
}

/// `--data-dir DIR`: for this run, everything [`Store::locate`] finds lives under DIR.
static HOME_OVERRIDE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();

/// Keeps settings, progress, records and class reports under `dir` for the rest of this run
/// (the `--data-dir` option); it wins over `COMPLAINT_DOJO_HOME` and the platform's folders.
pub fn set_home(dir: PathBuf) {
    let _ = HOME_OVERRIDE.set(dir);
}

impl Store {
    /// The folders for this user: `COMPLAINT_DOJO_HOME` if set, else the platform's
    /// config and data folders. None when the platform has no home folder.
    pub fn locate() -> Option<Store> {
        if let Some(home) = HOME_OVERRIDE.get() {
            return Some(Store::at(home));
        }
        if let Some(home) = std::env::var_os(HOME_VAR).filter(|h| !h.is_empty()) {
            return Some(Store::at(Path::new(&home)));
        }
        let dirs = directories::ProjectDirs::from("", "", "complaint-dojo")?;
        Some(Store {
            config: dirs.config_dir().to_path_buf(),
            data: dirs.data_dir().to_path_buf(),
        })
    }

    /// Both files under `dir`.
    pub fn at(dir: &Path) -> Store {
        Store {
            config: dir.to_path_buf(),
            data: dir.to_path_buf(),
        }
    }

    /// The settings file.
    pub fn settings_path(&self) -> PathBuf {
        self.config.join("settings.ron")
    }

    /// The trainee records (SQLite).
    pub fn records_path(&self) -> PathBuf {
        self.data.join(crate::records::FILE)
    }

    /// Where the LRS endpoint and its credentials are kept (`sync --save`, the window's
    /// settings): beside the settings, readable only by the user.
    pub fn lrs_path(&self) -> PathBuf {
        self.config.join("lrs.ron")
    }

    /// The saved LRS endpoint, if any.
    pub fn load_lrs(&self) -> Option<crate::records::lrs::Endpoint> {
        load(&self.lrs_path())
    }

    /// Saves the LRS endpoint and credentials, mode 0600 (never in the settings file, which
    /// others may read).
    pub fn save_lrs(&self, endpoint: &crate::records::lrs::Endpoint) -> std::io::Result<()> {
        let text = ron::ser::to_string_pretty(endpoint, ron::ser::PrettyConfig::default())
            .map_err(std::io::Error::other)?;
        crate::source::files::write_private(&self.lrs_path(), text.as_bytes())
    }

    /// The folder class reports are written to.
    pub fn classes_dir(&self) -> PathBuf {
        self.data.join("classes")
    }

    /// The saved settings, or the defaults.
    pub fn load_settings(&self) -> Settings {
        load(&self.settings_path()).map_or_else(Settings::default, Settings::clamped)
    }

    /// Saves the settings.
    pub fn save_settings(&self, s: &Settings) -> std::io::Result<()> {
        save(&self.settings_path(), s)
    }
}

/// Reads `path`; a missing file is None, and so is a bad one, which is moved aside first.
fn load<T: for<'de> Deserialize<'de>>(path: &Path) -> Option<T> {
    let meta = std::fs::metadata(path).ok()?;
    let parsed = if meta.is_file() && meta.len() <= MAX_FILE {
        std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|text| ron::from_str::<T>(&text).map_err(|e| e.to_string()))
    } else {
        Err("not a file of at most 4 MiB".to_string())
    };
    match parsed {
        Ok(v) => Some(v),
        Err(e) => {
            let aside = path.with_extension("ron.bad");
            eprintln!(
                "warning: {} cannot be read ({e}); moved to {} and starting afresh",
                path.display(),
                aside.display()
            );
            let _ = std::fs::rename(path, aside);
            None
        }
    }
}

/// Writes `value` to `path` atomically: a synced temporary file renamed over the old one.
fn save<T: Serialize>(path: &Path, value: &T) -> std::io::Result<()> {
    let text = ron::ser::to_string_pretty(value, ron::ser::PrettyConfig::default())
        .map_err(std::io::Error::other)?;
    crate::source::write_atomic(path, text.as_bytes())
}

/// Seconds since 1970 now.
pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}
