//! The conversation: the customer's face and meters, the escalation ladder, the transcript
//! with a typing effect, the replies (buttons or keys 1–6), practice feedback, hints that
//! say why and rewind, the assessment timer bar, and leaving mid-game (Esc or the button,
//! confirmed). Every decision goes through `Model::act` → the engine.
//!
//! The layout follows the space there is: on a wide screen the customer has a column on
//! the left; when the text size leaves less than [`WIDE`] points, the customer becomes a
//! strip across the top, so nothing is clipped from text size 1.0 to 2.0.

use egui::{Color32, RichText, Sense, vec2};

use super::super::model::{Model, Screen};
use super::face::{self, Expression, Face};
use super::{gloss, notes, section, tx};
use crate::course::Level;
use crate::sim::{Action, Mode, Speaker};

/// Largest side of the face drawing, in points.
pub const FACE_SIZE: f32 = 200.0;

/// Width and height (points) from which the customer gets a column of their own.
pub const WIDE: egui::Vec2 = vec2(1000.0, 560.0);

use super::super::model::{ALIVE_FOR, BLINK_EVERY, BLINK_FOR, BLINKS_FOR, PULSE_FOR};

/// Keys 1–6 choose the replies shown first to sixth.
pub const KEYS: [egui::Key; 6] = [
    egui::Key::Num1,
    egui::Key::Num2,
    egui::Key::Num3,
    egui::Key::Num4,
    egui::Key::Num5,
    egui::Key::Num6,
];

/// Draws the play screen.
pub fn show(ui: &mut egui::Ui, m: &mut Model) {
    if m.game.is_none() {
        m.go(Screen::Library);
        return;
    }
    leave_dialog(ui, m);
    if m.screen != Screen::Play {
        return;
    }
    let modal = m.confirm_leave;
    let (_, typing_done) = m.typing_progress();
    // While the trainee types a reply, keys are theirs: no shortcut acts on them.
    let typing_reply = ui.ctx().egui_wants_keyboard_input();
    if !typing_done
        && !modal
        && !typing_reply
        && ui.input(|i| i.key_pressed(egui::Key::Space) || i.key_pressed(egui::Key::Enter))
    {
        m.skip_typing();
    }
    // Frames for the typing, the clock, breathing, blinking and the pulse are scheduled
    // by `Model::next_frame_in` (the window wakes only then), not requested here.
    if m.time_left().is_some_and(|left| left <= 0.0) {
        m.act(Action::TimedOut);
    }
    let picking = m
        .game
        .as_ref()
        .is_none_or(|g| g.free.as_ref().is_none_or(|f| f.show_list));
    let pressed = if modal || typing_reply || !picking {
        None
    } else {
        ui.input(|i| KEYS.iter().position(|k| i.key_pressed(*k)))
    };

    let size = ui.available_size();
    let wide = size.x >= WIDE.x && size.y >= WIDE.y;
    top_bar(ui, m, !wide);
    if wide {
        egui::Panel::left("customer")
            .resizable(false)
            .exact_size(250.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt(("customer", m.visit))
                    .show(ui, |ui| customer_column(ui, m));
            });
    }
    let practice = m
        .game
        .as_ref()
        .is_some_and(|g| g.session.mode() == Mode::Practice);
    if practice {
        let width = if wide {
            300.0
        } else {
            (size.x * 0.36).max(200.0)
        };
        egui::Panel::right("feedback")
            .resizable(false)
            .exact_size(width)
            .show(ui, |ui| feedback_panel(ui, m));
    }
    // The replies take at most about half the height, and always leave the conversation
    // room for a few lines.
    let h = ui.available_height();
    let max_choices = (h * 0.55).min(h - 150.0).max(60.0);
    egui::Panel::bottom("choices")
        .resizable(false)
        .show(ui, |ui| choices_panel(ui, m, pressed, max_choices));
    egui::CentralPanel::default().show(ui, |ui| transcript(ui, m));
}

/// The scenario's title, the mode, and the way out; on a narrow screen the customer too.
fn top_bar(ui: &mut egui::Ui, m: &mut Model, with_customer: bool) {
    let Some(g) = &m.game else { return };
    let title = tx(m, &g.session.engine().scenario().title).to_string();
    let mode = m.t(match g.session.mode() {
        Mode::Practice => "mode-practice",
        Mode::Assessment => "mode-assessment",
    });
    let preview = g
        .session
        .preset()
        .filter(|_| g.preview)
        .map(|p| p.node.clone());
    egui::Panel::top("play-top").show(ui, |ui| {
        ui.add_space(2.0);
        ui.horizontal_wrapped(|ui| {
            if ui
                .button(m.t("play-leave"))
                .on_hover_text(m.t("play-leave-hover"))
                .clicked()
            {
                m.confirm_leave = true;
            }
            ui.label(RichText::new(title).strong());
            ui.label(RichText::new(mode).small().color(Color32::DARK_GRAY));
            if let Some(node) = &preview {
                ui.label(
                    RichText::new(m.i18n.t_args(
                        m.settings.lang,
                        "play-preview",
                        &[("node", node.clone().into())],
                    ))
                    .small()
                    .color(Color32::from_rgb(30, 100, 220)),
                );
            }
        });
        if with_customer {
            customer_strip(ui, m);
        }
        ui.add_space(2.0);
    });
}

/// "Leave this scenario?" over the game, from the button or Esc; Esc again keeps playing.
fn leave_dialog(ui: &mut egui::Ui, m: &mut Model) {
    let over = m.game.as_ref().is_some_and(|g| g.session.is_over());
    if !m.confirm_leave {
        if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            m.confirm_leave = true;
        }
        return;
    }
    if over {
        // Nothing is lost once the game has ended: the debrief is one click away, but
        // leaving straight to the library is fine too.
        m.leave_game();
        return;
    }
    let keys = ["play-leave-title", "play-leave-body", "play-leave-confirm"];
    match super::leave_modal(ui, m, "leave-game", keys) {
        Some(true) => m.leave_game(),
        Some(false) => m.confirm_leave = false,
        None => {}
    }
}

/// What the customer looks like now.
fn face_now(m: &Model) -> Face {
    let g = m.game.as_ref().expect("a game is on");
    let s = g.session.engine().scenario();
    let state = g.session.state();
    let inward = m.catalogue.withdraws.contains(&s.customer.disc) || state.trust >= 60;
    let expression = Expression::of(i32::from(state.mood), inward);
    let now = m.now;
    let since = now - g.typing_started;
    // Breathing for a few seconds after each reply; then still, so an idle window asks for
    // no frames. Blinks are scheduled: one wake-up every few seconds, two frames each.
    let breath = if since < ALIVE_FOR {
        let fade = (1.0 - since / ALIVE_FOR) as f32;
        (since * 2.2).sin() as f32 * fade
    } else {
        0.0
    };
    let blink = since < BLINKS_FOR && now.rem_euclid(BLINK_EVERY) < BLINK_FOR;
    Face {
        mood: i32::from(state.mood),
        expression,
        look: s.customer.look,
        blink,
        breath,
    }
}

/// The customer's column on a wide screen: face, name, meters, ladder.
fn customer_column(ui: &mut egui::Ui, m: &mut Model) {
    let Some(g) = &m.game else { return };
    let s = g.session.engine().scenario().clone();
    let cat = m.catalogue.clone();
    ui.add_space(8.0);
    let side = (ui.ctx().content_rect().height() * 0.3).clamp(120.0, FACE_SIZE);
    // The opinion meter takes room: a smaller face keeps the ladder in view.
    let side = if s.opinion.is_some() {
        side * 0.75
    } else {
        side
    };
    let face = face_now(m);
    let (rect, _) = ui.allocate_exact_size(vec2(side, side), Sense::hover());
    face::paint_face(ui.painter(), rect, &face);
    m.face_rect = Some(rect);
    ui.label(RichText::new(tx(m, &s.customer.name)).size(20.0).strong());
    ui.label(format!(
        "{} · {}",
        gloss(m, &cat.glossary.disc, s.customer.disc),
        m.t(face.expression.key())
    ));
    ui.add_space(8.0);
    meters(ui, m, None);
    opinion_meter(ui, m, false);
    section(ui, m.t("play-ladder"));
    ladder(ui, m);
}

/// The public-opinion meter of a scenario that has one: the heat as a bar in the stage's
/// colour (gliding to its new value), the four stages with the current one lit, and, in the
/// column, what the course says this stage calls for.
fn opinion_meter(ui: &mut egui::Ui, m: &Model, compact: bool) {
    let Some(g) = &m.game else { return };
    let engine = g.session.engine();
    if engine.scenario().opinion.is_none() {
        return;
    }
    let rules = &engine.catalogue().opinion;
    let state = g.session.state();
    let colour = super::stage_colour(state.stage);
    let shown =
        ui.ctx()
            .animate_value_with_time(ui.id().with("opinion-heat"), f32::from(state.heat), 0.6);
    let title = super::opinion_title(m, engine.scenario());
    if compact {
        // One piece: it moves to the next row whole rather than breaking mid-word.
        ui.add(
            egui::Label::new(
                RichText::new(format!(
                    "{title}  {} · {}",
                    state.heat,
                    tx(m, &rules.stage_name(state.stage))
                ))
                .small()
                .color(colour),
            )
            .extend(),
        );
        ui.add(
            egui::ProgressBar::new(shown / 100.0)
                .fill(colour)
                .desired_height(10.0)
                .desired_width(70.0),
        );
        return;
    }
    section(ui, title);
    // The number is the heat now (the stage turns on it); only the bar glides.
    ui.label(RichText::new(format!("{}  {}", m.t("play-heat"), state.heat)).small());
    ui.add(
        egui::ProgressBar::new(shown / 100.0)
            .fill(colour)
            .desired_height(10.0),
    );
    super::stage_row(ui, m, rules, state.stage, &state.stages_reached());
    super::stage_control(ui, m, rules, state.stage);
}

/// The customer across the top of a narrow screen: a small face, meters, the lit rung.
fn customer_strip(ui: &mut egui::Ui, m: &mut Model) {
    let Some(g) = &m.game else { return };
    let s = g.session.engine().scenario().clone();
    let cat = m.catalogue.clone();
    let level = g.session.state().level;
    let face = face_now(m);
    ui.horizontal(|ui| {
        let (rect, _) = ui.allocate_exact_size(vec2(60.0, 60.0), Sense::hover());
        face::paint_face(ui.painter(), rect, &face);
        m.face_rect = Some(rect);
        ui.vertical(|ui| {
            ui.label(
                RichText::new(format!(
                    "{} · {} · {}",
                    tx(m, &s.customer.name),
                    gloss(m, &cat.glossary.disc, s.customer.disc),
                    m.t(face.expression.key())
                ))
                .strong(),
            );
            ui.horizontal_wrapped(|ui| {
                meters(ui, m, Some(70.0));
                opinion_meter(ui, m, true);
                ui.label(RichText::new(m.t("play-ladder")).small());
                ui.add(egui::Label::new(rung_text(m, level, true)).extend());
            });
        });
    });
}

/// The three meters; each glides to its new value. `width`: side by side, each this wide.
fn meters(ui: &mut egui::Ui, m: &Model, width: Option<f32>) {
    let Some(g) = &m.game else { return };
    let state = g.session.state();
    let rows = [
        ("play-mood", state.mood, Color32::from_rgb(220, 120, 60)),
        ("play-trust", state.trust, Color32::from_rgb(60, 120, 200)),
        (
            "play-patience",
            state.patience,
            Color32::from_rgb(90, 160, 90),
        ),
    ];
    let draw = |ui: &mut egui::Ui, (key, value, color): (&str, u8, Color32)| {
        let shown =
            ui.ctx()
                .animate_value_with_time(ui.id().with(("meter", key)), f32::from(value), 0.6);
        ui.label(RichText::new(format!("{}  {}", m.t(key), shown.round() as i32)).small());
        let bar = egui::ProgressBar::new(shown / 100.0)
            .fill(color)
            .desired_height(10.0);
        ui.add(match width {
            Some(w) => bar.desired_width(w),
            None => bar,
        });
    };
    // In a column each label sits above its bar; in the strip (a wrapping row) beside it.
    rows.into_iter().for_each(|r| draw(ui, r));
}

/// A rung as shown: the lit one in white on red, pulsing for a moment after a change.
fn rung_text(m: &Model, level: Level, lit: bool) -> RichText {
    let g = m.game.as_ref().expect("a game is on");
    let current = g.session.state().level;
    let name = gloss(m, &m.catalogue.glossary.level, level);
    let text = RichText::new(format!("{} {name}", if lit { "▶" } else { "  " }));
    let red = Color32::from_rgb(190, 50, 40);
    if lit {
        let since = m.now - g.level_changed_at;
        let pulse = since < PULSE_FOR;
        let fill = if pulse {
            let t = ((since * std::f64::consts::TAU / 0.8).cos() * 0.5 + 0.5) as f32;
            Color32::from_rgb(190, (50.0 + 90.0 * t) as u8, (40.0 + 60.0 * t) as u8)
        } else {
            red
        };
        text.strong().color(Color32::WHITE).background_color(fill)
    } else if level <= current {
        text.color(red)
    } else {
        text.color(Color32::GRAY)
    }
}

fn ladder(ui: &mut egui::Ui, m: &Model) {
    let Some(g) = &m.game else { return };
    let current = g.session.state().level;
    for level in Level::ALL.iter().rev() {
        let text = rung_text(m, *level, *level == current);
        ui.label(text);
    }
}

fn transcript(ui: &mut egui::Ui, m: &mut Model) {
    let Some(g) = &m.game else { return };
    let (mut budget, done) = m.typing_progress();
    let s = g.session.engine().scenario().clone();
    let entries = g.session.transcript().to_vec();
    let typed_from = g.typed_from;
    let mood = i32::from(g.session.state().mood);
    let lang = m.settings.lang;
    let resp = egui::ScrollArea::vertical()
        .id_salt(("transcript", m.visit))
        .stick_to_bottom(true)
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (i, e) in entries.iter().enumerate() {
                let full = e.text.get(lang);
                let shown: String = if i < typed_from {
                    full.to_string()
                } else {
                    let n = full.chars().count();
                    let take = budget.min(n);
                    budget -= take;
                    full.chars().take(take).collect()
                };
                if shown.is_empty() && i >= typed_from {
                    break;
                }
                let (who, color, fill) = match e.speaker {
                    Speaker::Customer => (
                        tx(m, s.speaker_name(e.who.as_deref())).to_string(),
                        Color32::from_rgb(150, 50, 30),
                        Color32::from_rgb(255, 255, 255),
                    ),
                    Speaker::Trainee => (
                        match &e.to {
                            Some(to) => {
                                format!("{} → {}", m.t("play-you"), tx(m, s.speaker_name(Some(to))))
                            }
                            None => m.t("play-you"),
                        },
                        Color32::from_rgb(30, 80, 150),
                        Color32::from_rgb(226, 236, 250),
                    ),
                    Speaker::Narrator => {
                        (m.t("play-narrator"), Color32::GRAY, Color32::TRANSPARENT)
                    }
                };
                // Speech bubbles: the customer on the left, you on the right, the narrator
                // across; text inside is always left-aligned so long lines read normally.
                let width = ui.available_width();
                let indent = match e.speaker {
                    Speaker::Customer => 0.0,
                    Speaker::Trainee => width * 0.18,
                    Speaker::Narrator => width * 0.06,
                };
                // Someone else on the customer's side: their own small face by the bubble.
                let member = e
                    .who
                    .as_deref()
                    .filter(|_| e.speaker == Speaker::Customer)
                    .and_then(|w| s.member(w));
                ui.horizontal(|ui| {
                    ui.add_space(indent);
                    if let Some(member) = member {
                        let (rect, _) =
                            ui.allocate_exact_size(egui::vec2(40.0, 40.0), egui::Sense::hover());
                        face::paint_face(
                            ui.painter(),
                            rect,
                            &Face {
                                mood,
                                expression: Expression::from_mood(mood),
                                look: member.look,
                                blink: false,
                                breath: 0.0,
                            },
                        );
                    }
                    ui.vertical(|ui| {
                        ui.set_max_width(width * 0.82);
                        ui.label(RichText::new(who).small().color(color));
                        egui::Frame::new()
                            .fill(fill)
                            .corner_radius(8.0)
                            .inner_margin(egui::Margin::symmetric(8, 5))
                            .show(ui, |ui| {
                                let text = RichText::new(shown);
                                let text = if e.speaker == Speaker::Narrator {
                                    text.italics().color(Color32::DARK_GRAY)
                                } else {
                                    text
                                };
                                ui.add(egui::Label::new(text).wrap());
                            });
                    });
                });
                ui.add_space(4.0);
            }
            if !done {
                ui.label(RichText::new(m.t("play-skip")).small().color(Color32::GRAY));
            }
        });
    if !done
        && !m.confirm_leave
        && resp
            .inner_rect
            .contains(ui.input(|i| i.pointer.interact_pos().unwrap_or_default()))
        && ui.input(|i| i.pointer.any_click())
    {
        m.skip_typing();
    }
}

/// The assessment clock as a bar that empties; it stands still (and says so) while the
/// customer is speaking.
fn timer_bar(ui: &mut egui::Ui, m: &Model) {
    let Some((left, full)) = m.timer() else {
        return;
    };
    let (_, typing_done) = m.typing_progress();
    let urgent = left < 10.0;
    let text = if typing_done {
        m.i18n.t_args(
            m.settings.lang,
            "play-timer",
            &[("secs", (left.ceil() as i64).into())],
        )
    } else {
        m.t("play-timer-paused")
    };
    let color = if urgent {
        Color32::from_rgb(200, 60, 50)
    } else {
        Color32::from_rgb(70, 120, 190)
    };
    ui.label(RichText::new(text).strong().color(color));
    ui.add(
        egui::ProgressBar::new((left / full) as f32)
            .fill(color)
            .desired_height(10.0),
    );
}

fn choices_panel(ui: &mut egui::Ui, m: &mut Model, pressed: Option<usize>, max_height: f32) {
    let Some(g) = &m.game else { return };
    ui.add_space(6.0);
    if g.session.is_over() {
        if let Some(o) = g.session.outcome() {
            ui.label(RichText::new(tx(m, &o.title)).size(20.0).strong());
        }
        if ui
            .button(RichText::new(m.t("play-finish")).size(18.0))
            .clicked()
            || pressed.is_some()
        {
            m.finish();
        }
        ui.add_space(6.0);
        return;
    }
    if g.free.as_ref().is_some_and(|f| !f.show_list) {
        free_reply_panel(ui, m, max_height);
        return;
    }
    let offered: Vec<String> = g
        .session
        .offered()
        .iter()
        .map(|(_, t)| tx(m, t).to_string())
        .collect();
    timer_bar(ui, m);
    ui.label(
        RichText::new(m.i18n.t_args(
            m.settings.lang,
            "play-choices",
            &[("count", offered.len().into())],
        ))
        .strong(),
    );
    let mut chosen = pressed.filter(|&n| n < offered.len());
    egui::ScrollArea::vertical()
        .id_salt(("choices", m.visit))
        .max_height(max_height)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            // Every reply is a full-width, left-aligned button: none stands out by its
            // shape, only by what it says.
            let width = ui.available_width();
            for (i, text) in offered.iter().enumerate() {
                let button = egui::Button::new(
                    RichText::new(format!("{}. {text}", i + 1)).color(Color32::BLACK),
                )
                .wrap()
                .min_size(vec2(width, 32.0));
                let response = ui
                    .with_layout(egui::Layout::top_down_justified(egui::Align::Min), |ui| {
                        ui.add(button)
                    })
                    .inner;
                if response.clicked() {
                    chosen = Some(i);
                }
            }
        });
    if let Some(free) = m.game.as_mut().and_then(|g| g.free.as_mut())
        && ui
            .button(m.i18n.t(m.settings.lang, "free-type-instead"))
            .clicked()
    {
        free.show_list = false;
    }
    ui.add_space(6.0);
    if let Some(n) = chosen {
        m.skip_typing();
        m.act(Action::Choose(n));
    }
}

/// Free reply: a box to type the reply in (Enter sends, Shift+Enter starts a new line); when
/// the reader is not sure, "did you mean …?" with the two nearest replies, or a request to
/// say it another way, with the moves it found either way.
fn free_reply_panel(ui: &mut egui::Ui, m: &mut Model, max_height: f32) {
    let lang = m.settings.lang;
    let Some(g) = m.game.as_ref() else { return };
    let Some(free) = g.free.as_ref() else { return };
    let scenario = g.session.engine().scenario().clone();
    let node = g.session.at_node();
    let asking = free.asking.clone();
    ui.label(RichText::new(m.t("free-prompt")).strong());
    let mut send = false;
    let mut confirm = None;
    let mut rephrase = false;
    egui::ScrollArea::vertical()
        .id_salt(("free-reply", m.visit))
        .max_height(max_height)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            let hint = m.t("free-hint");
            let Some(free) = m.game.as_mut().and_then(|g| g.free.as_mut()) else {
                return;
            };
            let edit = egui::TextEdit::multiline(&mut free.draft)
                .hint_text(hint)
                .desired_rows(2)
                .desired_width(f32::INFINITY)
                .char_limit(crate::understand::text::MAX_CHARS)
                .return_key(egui::KeyboardShortcut::new(
                    egui::Modifiers::SHIFT,
                    egui::Key::Enter,
                ))
                .id_salt(("free-draft", m.visit));
            let response = ui.add(edit);
            if asking.is_none() && !response.has_focus() && !response.lost_focus() {
                response.request_focus();
            }
            // Enter sends (Shift+Enter is the box's new line).
            let enter = ui.input(|i| i.key_pressed(egui::Key::Enter) && !i.modifiers.shift);
            if enter && (response.has_focus() || response.lost_focus()) {
                send = true;
            }
            if let Some((said, u)) = &asking {
                ui.add_space(4.0);
                let amber = Color32::from_rgb(150, 90, 0);
                match u.reading {
                    crate::understand::Reading::DidYouMean(a, b) => {
                        ui.label(
                            RichText::new(m.i18n.t_args(
                                lang,
                                "free-did-you-mean",
                                &[("said", said.as_str().into())],
                            ))
                            .strong()
                            .color(amber),
                        );
                        let width = ui.available_width();
                        for index in [a, b] {
                            let Some(choice) =
                                node.and_then(|n| scenario.nodes[n].choices.get(index))
                            else {
                                continue;
                            };
                            let text = crate::sim::addressed(&scenario, choice);
                            let button = egui::Button::new(
                                RichText::new(text.get(lang)).color(Color32::BLACK),
                            )
                            .wrap()
                            .min_size(vec2(width, 32.0));
                            if ui
                                .with_layout(
                                    egui::Layout::top_down_justified(egui::Align::Min),
                                    |ui| ui.add(button),
                                )
                                .inner
                                .clicked()
                            {
                                confirm = Some(index);
                            }
                        }
                        if ui.button(m.t("free-neither")).clicked() {
                            rephrase = true;
                        }
                    }
                    _ => {
                        ui.label(RichText::new(m.t("free-rephrase")).strong().color(amber));
                    }
                }
                moves_found(ui, m, &u.spotted());
            }
        });
    ui.horizontal(|ui| {
        let ready = m
            .game
            .as_ref()
            .and_then(|g| g.free.as_ref())
            .is_some_and(|f| !f.draft.trim().is_empty());
        if ui
            .add_enabled(
                ready,
                egui::Button::new(RichText::new(m.t("free-send")).size(18.0)),
            )
            .clicked()
        {
            send = true;
        }
        if ui
            .button(m.t("free-show-replies"))
            .on_hover_text(m.t("free-show-replies-hover"))
            .clicked()
            && let Some(free) = m.game.as_mut().and_then(|g| g.free.as_mut())
        {
            free.show_list = true;
        }
    });
    ui.add_space(6.0);
    if let Some(index) = confirm {
        m.skip_typing();
        m.confirm_typed(index);
    } else if rephrase {
        if let Some(free) = m.game.as_mut().and_then(|g| g.free.as_mut()) {
            free.asking = None;
        }
    } else if send {
        m.skip_typing();
        m.send_typed();
    }
}

/// What the trainee typed at a decision, the reply it was taken as (when given), and the
/// moves found in it.
pub(super) fn you_typed(
    ui: &mut egui::Ui,
    m: &Model,
    typed: &crate::sim::Typed,
    taken_as: Option<&str>,
) {
    ui.add(
        egui::Label::new(
            RichText::new(format!("{}: {}", m.t("free-you-typed"), typed.text)).strong(),
        )
        .wrap(),
    );
    if let Some(reply) = taken_as {
        ui.add(egui::Label::new(format!("{}: {reply}", m.t("free-taken-as"))).wrap());
    }
    moves_found(ui, m, &typed.moves);
}

/// The moves found in typed words, each with the words that show it.
pub(super) fn moves_found(ui: &mut egui::Ui, m: &Model, moves: &[crate::sim::Spotted]) {
    if moves.is_empty() {
        ui.label(RichText::new(m.t("free-no-moves")).small().weak());
        return;
    }
    ui.label(RichText::new(m.t("free-moves")).small().strong());
    for s in moves {
        let colour = if m.catalogue.is_landmine(&s.id) {
            Color32::from_rgb(170, 40, 40)
        } else {
            Color32::from_rgb(30, 110, 60)
        };
        ui.add(
            egui::Label::new(
                RichText::new(format!("{}: {}", tx(m, &s.name), s.evidence)).color(colour),
            )
            .wrap(),
        );
    }
}

fn feedback_panel(ui: &mut egui::Ui, m: &mut Model) {
    let Some(g) = &m.game else { return };
    let turns = g.session.turns().to_vec();
    let best = g.hint;
    let why = g.hint_why.clone();
    let show_hint = g.show_hint;
    let over = g.session.is_over();
    let disc = g.session.engine().scenario().customer.disc;
    let g_scenario = g.session.engine().scenario().clone();
    ui.horizontal_wrapped(|ui| {
        if !over && ui.button(m.t("play-hint")).clicked() {
            m.ask_hint();
        }
        if !turns.is_empty() {
            let mut rewind = None;
            ui.menu_button(m.t("play-rewind"), |ui| {
                for n in 0..turns.len() {
                    let label =
                        m.i18n
                            .t_args(m.settings.lang, "play-rewind-to", &[("n", (n + 1).into())]);
                    if ui.button(label).clicked() {
                        rewind = Some(n);
                        ui.close();
                    }
                }
            });
            if let Some(n) = rewind {
                m.rewind(n);
            }
        }
    });
    egui::ScrollArea::vertical()
        .id_salt(("feedback", m.visit))
        .auto_shrink([false, true])
        .show(ui, |ui| {
            if !over
                && show_hint
                && let Some(b) = best
            {
                let green = Color32::from_rgb(30, 120, 60);
                ui.label(
                    RichText::new(m.i18n.t_args(
                        m.settings.lang,
                        "play-hint-text",
                        &[("n", (b + 1).into())],
                    ))
                    .strong()
                    .color(green),
                );
                if let Some(a) = m.catalogue.approach.get(&disc) {
                    ui.label(RichText::new(tx(m, a)).color(green));
                }
                if !why.is_empty() {
                    ui.label(RichText::new(m.t("play-hint-why")).small().strong());
                    notes(ui, m, &why);
                }
                ui.separator();
            }
            if let Some(last) = turns.last() {
                if let Some(typed) = &last.typed {
                    let scenario = g_scenario.clone();
                    let taken = scenario
                        .nodes
                        .iter()
                        .find(|n| n.id == last.node)
                        .zip(last.choice)
                        .and_then(|(n, c)| n.choices.get(c))
                        .map(|c| tx(m, &crate::sim::addressed(&scenario, c)).to_string());
                    you_typed(ui, m, typed, taken.as_deref());
                    ui.separator();
                }
                ui.label(RichText::new(m.t("play-feedback")).strong());
                notes(ui, m, &last.assessment.notes);
            }
        });
}
