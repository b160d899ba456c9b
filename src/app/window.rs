//! The Bevy app: one system draws whichever screen the model is on (the screens are plain
//! egui functions in `ui`), reactive rendering so an idle window does no work, and the
//! options for scripted runs.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use bevy::prelude::*;
use bevy::window::{PresentMode, WindowResolution};
use bevy::winit::{EventLoopProxyWrapper, UpdateMode, WinitSettings, WinitUserEvent};
use bevy_egui::{
    EguiContexts, EguiInput, EguiPlugin, EguiPreUpdateSet, EguiPrimaryContextPass, egui,
};

use super::autoplay::{self, Autoplay};
use super::model::Model;
use super::store::Store;
use super::ui;
use crate::catalogue::Catalogue;
use crate::course::Lang;

/// How the window is started.
#[derive(Debug)]
pub struct WindowOptions {
    /// Scenario folders (the bundled one plus any the user adds).
    pub scenario_dirs: Vec<PathBuf>,
    /// The rubric catalogue's file, reloaded with the library (None: the bundled one, or a
    /// class, which is not reloaded under the room).
    pub catalogue_file: Option<PathBuf>,
    /// Starting language, when given on the command line (else the saved one).
    pub lang: Option<Lang>,
    /// The guided tutorial's scenario file.
    pub tutorial: Option<PathBuf>,
    /// Window size in logical pixels.
    pub size: (u32, u32),
    /// Play this scenario from title to debrief, in both languages, and quit.
    pub autoplay: Option<String>,
    /// Where the scripted run saves its screenshots.
    pub screenshots: Option<PathBuf>,
    /// Quit after this many seconds (for idle measurements), printing the frames drawn.
    pub quit_after: Option<f32>,
    /// Open straight into this scenario, in practice mode.
    pub play: Option<String>,
    /// Open as the projector of this class (`class SCENARIO`).
    pub class: Option<super::class::ClassRoom>,
}

/// The model as a Bevy resource.
#[derive(Resource, Deref, DerefMut)]
pub struct ModelRes(pub Model);

/// Frames drawn, for idle measurements.
#[derive(Resource, Default)]
struct Frames(u64);

#[derive(Resource)]
struct QuitAfter(f32);

/// When `run` was called, to report the time to the first frame.
#[derive(Resource)]
struct Launched(std::time::Instant);

/// Opens the window and runs until it is closed.
pub fn run(options: WindowOptions, catalogue: Catalogue) -> ExitCode {
    let launched = Launched(std::time::Instant::now());
    let mut model = Model::new(
        &options.scenario_dirs,
        catalogue,
        options.lang.unwrap_or_default(),
    );
    // A scripted run neither reads nor changes the trainee's settings and records: it
    // keeps its own beside its screenshots, starting afresh. An `lrs.ron` put beside the
    // screenshots is its LRS (a test LRS: the run then syncs its sessions there).
    let store = match (&options.autoplay, &options.screenshots) {
        (Some(_), dir) => {
            let dir = dir.clone().unwrap_or_else(|| PathBuf::from("screenshots"));
            let home = dir.join("home");
            let _ = std::fs::remove_dir_all(&home);
            let store = Store::at(&home);
            if let Some(endpoint) = Store::at(&dir).load_lrs() {
                let _ = store.save_lrs(&endpoint);
            }
            Some(store)
        }
        (None, _) => Store::locate(),
    };
    if let Some(store) = store {
        model = model.with_store(store, options.lang);
    }
    if let Some(path) = &options.tutorial {
        model = model.with_tutorial(path);
    }
    model.live.catalogue = options.catalogue_file.clone();
    if let Some(id) = &options.play {
        if !model.select_id(id) {
            eprintln!("error: no playable scenario `{id}` in the library");
            return ExitCode::FAILURE;
        }
        let seed = model.next_seed;
        model.start(seed);
    }
    if let Some(room) = options.class {
        model.start_class(room);
    }
    let mut app = App::new();
    app.add_plugins(DefaultPlugins.set(WindowPlugin {
        primary_window: Some(Window {
            title: "Complaint Dojo · 投诉处理道场".into(),
            resolution: WindowResolution::new(options.size.0, options.size.1),
            present_mode: PresentMode::AutoVsync,
            ..default()
        }),
        ..default()
    }))
    .add_plugins(EguiPlugin::default())
    .insert_resource(ModelRes(model))
    .init_resource::<Frames>()
    .insert_resource(launched)
    .add_systems(Startup, setup)
    .add_systems(
        PreUpdate,
        drop_unchanged_modifiers
            .after(EguiPreUpdateSet::ProcessInput)
            .before(EguiPreUpdateSet::BeginPass),
    )
    .add_systems(EguiPrimaryContextPass, (setup_egui, draw_screen).chain());
    if options.autoplay.is_none() {
        app.init_resource::<Alarm>()
            .add_systems(Startup, watch_library)
            .add_systems(EguiPrimaryContextPass, schedule_wake.after(draw_screen))
            .add_systems(Update, wake_on_class_change);
    }

    // An idle window must not redraw: wake only on input, or when egui asks for a frame
    // (typing effect, countdown) — bevy_egui turns those requests into redraws. With
    // --quit-after, the one timed wake-up is the deadline itself.
    let wait = wait_for(options.quit_after);
    app.insert_resource(WinitSettings {
        focused_mode: UpdateMode::reactive_low_power(wait),
        unfocused_mode: UpdateMode::reactive_low_power(wait),
    });
    if let Some(secs) = options.quit_after {
        app.insert_resource(QuitAfter(secs))
            .add_systems(Update, quit_after);
    }
    if let Some(id) = options.autoplay.clone() {
        let dir = options
            .screenshots
            .clone()
            .unwrap_or_else(|| PathBuf::from("screenshots"));
        if let Err(e) = std::fs::create_dir_all(&dir) {
            eprintln!("cannot create {}: {e}", dir.display());
            return ExitCode::FAILURE;
        }
        app.insert_resource(Autoplay::new(id, dir))
            .insert_resource(WinitSettings::continuous())
            .add_systems(EguiPrimaryContextPass, autoplay::drive.before(setup_egui));
    }
    match app.run() {
        AppExit::Success => ExitCode::SUCCESS,
        AppExit::Error(code) => ExitCode::from(code.get()),
    }
}

/// Why an idle bevy_egui window burns CPU: bevy_egui pushes a `ModifiersChanged` event into
/// egui's input on *every* frame, even when no key changed. egui treats any input event as a
/// reason to repaint immediately, asks bevy_egui for a frame, which wakes winit, which runs
/// another frame with another `ModifiersChanged`… a busy loop even in reactive mode. Dropping
/// the event when the modifiers did not actually change breaks the loop; a real change (or
/// any other input) still goes through.
fn drop_unchanged_modifiers(
    mut inputs: Query<&mut EguiInput>,
    mut last: Local<Option<egui::Modifiers>>,
) {
    for mut input in &mut inputs {
        input.0.events.retain(|e| match e {
            egui::Event::ModifiersChanged(m) => {
                let changed = *last != Some(*m);
                *last = Some(*m);
                changed
            }
            _ => true,
        });
    }
}

/// The longest the window sleeps with no input: a minute, or until `--quit-after`.
fn wait_for(quit_after: Option<f32>) -> Duration {
    quit_after.map_or(Duration::from_secs(60), Duration::from_secs_f32)
}

/// Wakes the window at the model's next animation frame (a blink, the typing, the clock).
///
/// bevy_egui turns *any* egui repaint request, even one for seconds later, into an
/// immediate redraw, and changing winit's wait forces a redraw too — either way an idle
/// play screen would redraw without end. So the screens never ask egui for delayed frames;
/// the model says when it next needs one, and this alarm — one sleeping thread — sends
/// winit a wake-up at that instant. Input wakes the window as before.
#[derive(Resource, Default)]
struct Alarm {
    shared: Option<Arc<(Mutex<Option<Instant>>, Condvar)>>,
}

impl Alarm {
    /// Rings at `at` (replacing any earlier setting), or never.
    fn set(&mut self, proxy: &EventLoopProxyWrapper, at: Option<Instant>) {
        let shared = self.shared.get_or_insert_with(|| {
            let shared = Arc::new((Mutex::new(None::<Instant>), Condvar::new()));
            let theirs = shared.clone();
            let proxy = (**proxy).clone();
            std::thread::spawn(move || {
                let (lock, ring) = &*theirs;
                let Ok(mut next) = lock.lock() else { return };
                loop {
                    next = match *next {
                        None => match ring.wait(next) {
                            Ok(n) => n,
                            Err(_) => return,
                        },
                        Some(at) if at <= Instant::now() => {
                            *next = None;
                            if proxy.send_event(WinitUserEvent::WakeUp).is_err() {
                                return; // the window is gone
                            }
                            next
                        }
                        Some(at) => match ring.wait_timeout(next, at - Instant::now()) {
                            Ok((n, _)) => n,
                            Err(_) => return,
                        },
                    };
                }
            });
            shared
        });
        let (lock, ring) = &**shared;
        if let Ok(mut next) = lock.lock()
            && *next != at
        {
            *next = at;
            ring.notify_one();
        }
    }
}

fn schedule_wake(
    model: Res<ModelRes>,
    proxy: Res<EventLoopProxyWrapper>,
    mut alarm: ResMut<Alarm>,
) {
    let at = model
        .next_frame_in()
        .map(|s| Instant::now() + Duration::from_secs_f64(s));
    alarm.set(&proxy, at);
}

/// A live class wakes the window when phones join or vote (no polling).
fn wake_on_class_change(mut model: ResMut<ModelRes>, proxy: Res<EventLoopProxyWrapper>) {
    if let Some(class) = model.class.as_mut()
        && !class.waking
        && let Some(host) = class.host()
    {
        let proxy = (**proxy).clone();
        host.on_change(move || {
            let _ = proxy.send_event(WinitUserEvent::WakeUp);
        });
        class.waking = true;
    }
}

/// Live reload: the scenario folders are watched, and a save wakes the window, whose next
/// frame reloads the library (`Model::poll_library`). A class's projector is not reloaded
/// under the room.
fn watch_library(mut model: ResMut<ModelRes>, proxy: Res<EventLoopProxyWrapper>) {
    if model.class.is_some() {
        return;
    }
    let proxy = (**proxy).clone();
    if let Err(e) = model.watch_library(move || {
        let _ = proxy.send_event(WinitUserEvent::WakeUp);
    }) {
        warn!("live reload is off: {e}");
    }
}

fn setup(mut commands: Commands) {
    commands.spawn(Camera2d);
}

/// Fonts and style once; UI scale whenever it changes.
fn setup_egui(
    mut contexts: EguiContexts,
    model: Res<ModelRes>,
    mut done: Local<bool>,
    mut scale: Local<f32>,
    mut frames: ResMut<Frames>,
    launched: Res<Launched>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    frames.0 += 1;
    if !*done {
        info!(
            "first frame after {:.0} ms",
            launched.0.elapsed().as_secs_f64() * 1000.0
        );
        ui::install_fonts(ctx);
        ui::install_style(ctx);
        *done = true;
    }
    if (*scale - model.settings.scale).abs() > f32::EPSILON {
        ctx.set_zoom_factor(model.settings.scale);
        *scale = model.settings.scale;
    }
    Ok(())
}

/// Draws the current screen over the whole window, once per frame.
fn draw_screen(mut contexts: EguiContexts, mut model: ResMut<ModelRes>) -> Result {
    let ctx = contexts.ctx_mut()?;
    if model.poll_library() {
        ctx.request_repaint();
    }
    let before = model.screen;
    ui::show_root(ctx, &mut model.0);
    if model.screen != before {
        // The new screen is drawn on the next frame: ask for it.
        ctx.request_repaint();
    }
    Ok(())
}

fn quit_after(
    time: Res<Time<Real>>,
    limit: Res<QuitAfter>,
    frames: Res<Frames>,
    mut exit: MessageWriter<AppExit>,
) {
    if time.elapsed_secs() > limit.0 {
        println!("frames drawn: {}", frames.0);
        exit.write(AppExit::Success);
    }
}
