//! The window's side of a class: a hot-seat class held right here (teams around one laptop,
//! no network), or a live class whose LAN host runs on its own thread while the window is
//! the projector. Either way the screen reads a [`Class`] and sends host commands; the
//! report is written once when the scenario ends. Plain Rust: no Bevy, no egui.

use std::path::PathBuf;
use std::sync::Arc;

use crate::classroom::protocol::{ClientMsg, apply_host_command};
use crate::classroom::server::{Host, Snapshot};
use crate::classroom::{Class, Phase, report};
use crate::course::Lang;
use crate::locale::I18n;

/// Where the class is held.
#[derive(Debug)]
pub enum Held {
    /// Teams around this laptop; the instructor records each team's reply.
    HotSeat(Box<Class>),
    /// Phones vote through the LAN host.
    Live(Box<Host>),
}

/// A class in the window.
#[derive(Debug)]
pub struct ClassRoom {
    /// Where it is held.
    pub held: Held,
    /// The folder the report goes to.
    pub report_dir: PathBuf,
    /// The report's files once written, or why not.
    pub report: Option<Result<Vec<PathBuf>, String>>,
    /// The last refusal of a command (hot-seat; a live class reports it in its snapshot).
    pub error: Option<String>,
    /// The room code (live), for the report's name.
    room: String,
    /// The window has asked the host to wake it on every change.
    pub waking: bool,
    /// The class's version last drawn, and frames still to draw after a change.
    drawn: (u64, u8),
    /// Commands sent (a hot-seat class's version).
    commands: u64,
}

impl ClassRoom {
    /// A hot-seat class.
    pub fn hot_seat(class: Class, report_dir: PathBuf) -> ClassRoom {
        ClassRoom {
            held: Held::HotSeat(Box::new(class)),
            report_dir,
            report: None,
            error: None,
            room: "hot-seat".into(),
            waking: false,
            drawn: (0, 0),
            commands: 0,
        }
    }

    /// A live class on a running host.
    pub fn live(host: Host, report_dir: PathBuf) -> ClassRoom {
        ClassRoom {
            room: host.room.clone(),
            held: Held::Live(Box::new(host)),
            report_dir,
            report: None,
            error: None,
            waking: false,
            drawn: (0, 0),
            commands: 0,
        }
    }

    /// The class as it stands (a snapshot for a live class).
    pub fn class(&self) -> ClassView {
        match &self.held {
            Held::HotSeat(c) => ClassView::Here(c.clone()),
            Held::Live(h) => ClassView::Snapshot(h.snapshot()),
        }
    }

    /// The live host, if any.
    pub fn host(&self) -> Option<&Host> {
        match &self.held {
            Held::Live(h) => Some(h),
            Held::HotSeat(_) => None,
        }
    }

    /// Whether to draw one more frame: for two frames after every change, since glyphs new to
    /// the font atlas show only on the frame after the one that first needs them, and
    /// nothing else would draw that frame on a screen at rest.
    pub fn settling(&mut self) -> bool {
        let version = match &self.held {
            Held::HotSeat(_) => self.commands,
            Held::Live(h) => h.snapshot().version,
        };
        if version != self.drawn.0 {
            self.drawn = (version, 2);
        }
        if self.drawn.1 > 0 {
            self.drawn.1 -= 1;
            true
        } else {
            false
        }
    }

    /// Sends a host command.
    pub fn command(&mut self, msg: ClientMsg) {
        self.commands += 1;
        match &mut self.held {
            Held::HotSeat(c) => {
                self.error = apply_host_command(c, &msg).err().map(|e| e.to_string());
            }
            Held::Live(h) => h.command(msg),
        }
    }

    /// The last refusal, if any.
    pub fn last_error(&self) -> Option<String> {
        match &self.held {
            Held::HotSeat(_) => self.error.clone(),
            Held::Live(h) => h.snapshot().error.clone(),
        }
    }

    /// Writes the report once the scenario has ended (called every frame; writes once).
    pub fn keep_report(&mut self, i18n: &I18n, lang: Lang) {
        if self.report.is_some() {
            return;
        }
        let view = self.class();
        let class = view.get();
        if class.phase() != Phase::Over {
            return;
        }
        let stem = report::stem(class, &self.room);
        self.report = Some(
            report::save(class, i18n, lang, &self.report_dir, &stem).map_err(|e| e.to_string()),
        );
    }
}

/// A class to draw: held here, or a live snapshot.
#[derive(Debug)]
pub enum ClassView {
    /// A copy of the hot-seat class.
    Here(Box<Class>),
    /// The live host's latest snapshot.
    Snapshot(Arc<Snapshot>),
}

impl ClassView {
    /// The class.
    pub fn get(&self) -> &Class {
        match self {
            ClassView::Here(c) => c,
            ClassView::Snapshot(s) => &s.class,
        }
    }
}
