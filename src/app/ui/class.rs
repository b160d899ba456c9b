//! The projector during a class. Hot-seat: the instructor records each team's reply with one
//! click per team. Live: the room code, a QR code of the join link and how many have joined
//! and voted (never the split before the lock). Then the reveal (the room's reply, how the
//! customer took it, every reply's points, which teams chose what), the team scoreboard, and
//! at the end the comparison of the teams and where the class report was saved.

use egui::{Color32, RichText};

use super::super::class::ClassView;
use super::super::model::Model;
use super::tx;
use crate::classroom::class::{Answer, Round};
use crate::classroom::protocol::ClientMsg;
use crate::classroom::{Class, Phase};
use crate::course::Points;
use crate::sim::{Entry, Speaker};

const ACCENT: Color32 = Color32::from_rgb(40, 70, 120);
const CHOSEN: Color32 = Color32::from_rgb(226, 244, 232);

/// Draws the class screen.
pub fn show(ui: &mut egui::Ui, m: &mut Model) {
    let Some(room) = m.class.as_mut() else {
        m.go(super::super::model::Screen::Library);
        return;
    };
    room.keep_report(&m.i18n, m.settings.lang);
    if room.settling() {
        ui.ctx().request_repaint();
    }
    let view = room.class();
    let class = view.get();
    let live = room.host().map(|h| (h.room.clone(), h.join_url.clone()));
    let online = match &view {
        ClassView::Snapshot(s) => Some((s.online.len(), s.seconds_left)),
        ClassView::Here(_) => None,
    };
    let error = room.last_error();
    let report = room.report.clone();
    let mut commands: Vec<ClientMsg> = Vec::new();

    top_bar(ui, m, class, live.is_some());
    let done = controls(
        ui,
        m,
        class,
        live.is_some(),
        error.as_deref(),
        &mut commands,
    );
    if let Some((code, url)) = &live {
        egui::Panel::right("class-room")
            .resizable(false)
            .exact_size(250.0)
            .show(ui, |ui| {
                room_panel(ui, m, class, code, url, online, &mut commands)
            });
    }
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical()
            .id_salt((
                "class-stage",
                m.visit,
                class.rounds().len(),
                class.phase() == Phase::Revealed,
            ))
            .auto_shrink([false, false])
            .show(ui, |ui| {
                stage(ui, m, class, live.is_some(), &mut commands);
                if let Some(r) = &report {
                    report_note(ui, m, r);
                }
            });
    });
    leave_dialog(ui, m);
    if let Some(room) = m.class.as_mut() {
        for c in commands {
            room.command(c);
        }
    }
    if done {
        m.leave_class();
    }
}

fn top_bar(ui: &mut egui::Ui, m: &mut Model, class: &Class, live: bool) {
    let scenario = class.session().engine().scenario().clone();
    egui::Panel::top("class-top").show(ui, |ui| {
        ui.add_space(2.0);
        ui.horizontal_wrapped(|ui| {
            if ui.button(m.t("class-window-leave")).clicked() {
                m.confirm_leave = true;
            }
            ui.label(RichText::new(tx(m, &scenario.title)).strong());
            let decision = class.rounds().len() + usize::from(class.phase() != Phase::Revealed);
            if class.phase() != Phase::Over {
                ui.label(
                    RichText::new(format!("{} {decision}", m.t("class-phone-decision")))
                        .color(ACCENT),
                );
            }
            ui.label(RichText::new(m.t(phase_key(class.phase(), live))).color(Color32::DARK_GRAY));
        });
        ui.add_space(2.0);
    });
}

fn phase_key(p: Phase, live: bool) -> &'static str {
    match p {
        // Hot-seat has no vote to open: the teams argue, the instructor clicks their replies.
        Phase::Ready | Phase::Open if !live => "class-window-phase-record",
        Phase::Ready => "class-window-phase-ready",
        Phase::Open => "class-window-phase-open",
        Phase::Locked => "class-window-phase-locked",
        Phase::Revealed => "class-window-phase-revealed",
        Phase::Over => "class-phone-over",
    }
}

/// The one next step, big, at the bottom (and the tie-break when there is a tie). Returns
/// whether the instructor is done with an ended class.
fn controls(
    ui: &mut egui::Ui,
    m: &Model,
    class: &Class,
    live: bool,
    error: Option<&str>,
    commands: &mut Vec<ClientMsg>,
) -> bool {
    let mut done = false;
    // A presenter's clicker (Page Down, →), Enter or Space takes the next step, unless a
    // name is being typed or the leave dialog is open.
    let typing = ui.ctx().memory(|mem| mem.focused().is_some());
    let step = !typing
        && !m.confirm_leave
        && ui.input(|i| {
            [
                egui::Key::Enter,
                egui::Key::Space,
                egui::Key::PageDown,
                egui::Key::ArrowRight,
            ]
            .iter()
            .any(|k| i.key_pressed(*k))
        });
    egui::Panel::bottom("class-controls").show(ui, |ui| {
        ui.add_space(6.0);
        ui.horizontal_wrapped(|ui| {
            let big = |s: String| RichText::new(s).size(20.0).strong();
            // The next step stands out: white on green.
            let primary = |ui: &mut egui::Ui, s: String| {
                ui.add(
                    egui::Button::new(RichText::new(s).size(20.0).strong().color(Color32::WHITE))
                        .fill(Color32::from_rgb(47, 125, 91)),
                )
                .clicked()
            };
            match class.phase() {
                Phase::Ready if live => {
                    if primary(ui, m.t("class-host-open")) || step {
                        commands.push(ClientMsg::OpenVote {});
                    }
                }
                // Hot-seat: the teams' replies are recorded above; locking ends the decision
                // (a team left out has not answered).
                Phase::Ready => {
                    if primary(ui, m.t("class-window-lock-answers")) || step {
                        commands.push(ClientMsg::OpenVote {});
                        commands.push(ClientMsg::Lock {});
                    }
                }
                Phase::Open => {
                    let label = if live {
                        "class-host-lock"
                    } else {
                        "class-window-lock-answers"
                    };
                    if primary(ui, m.t(label)) || step {
                        commands.push(ClientMsg::Lock {});
                    }
                }
                Phase::Locked => match class.answer() {
                    Answer::Tie(tied) => {
                        ui.label(RichText::new(m.t("class-host-tie")).strong());
                        for n in tied {
                            if ui.button(big(format!("{}", n + 1))).clicked() {
                                commands.push(ClientMsg::Decide { reply: n + 1 });
                            }
                        }
                    }
                    _ => {
                        if primary(ui, m.t("class-host-reveal")) || step {
                            commands.push(ClientMsg::Reveal {});
                        }
                    }
                },
                Phase::Revealed => {
                    if primary(ui, m.t("class-host-next")) || step {
                        commands.push(ClientMsg::Advance {});
                    }
                }
                // The report is saved: back to the library. A click only, so that a stray
                // press of the clicker does not take the scoreboard off the screen.
                Phase::Over => {
                    if primary(ui, m.t("class-window-done")) {
                        done = true;
                    }
                }
            }
        });
        if let Some(e) = error {
            ui.label(RichText::new(e).color(super::tone(false)));
        }
        ui.add_space(6.0);
    });
    done
}

/// Live: the QR code, the room code, the join link, who is here.
fn room_panel(
    ui: &mut egui::Ui,
    m: &mut Model,
    class: &Class,
    code: &str,
    url: &str,
    online: Option<(usize, Option<u64>)>,
    commands: &mut Vec<ClientMsg>,
) {
    egui::ScrollArea::vertical()
        .id_salt("class-room-scroll")
        .show(ui, |ui| {
            ui.vertical_centered(|ui| {
                ui.add(
                    egui::Label::new(RichText::new(m.t("class-window-join-prompt")).strong())
                        .wrap(),
                );
                qr(ui, url, 210.0);
                ui.label(RichText::new(m.t("class-host-room")).small());
                ui.label(RichText::new(code).size(40.0).strong().color(ACCENT));
                ui.add(egui::Label::new(RichText::new(url).small()).wrap());
            });
            ui.separator();
            let t = class.tally();
            ui.label(
                RichText::new(format!("{} {}", t.people, m.t("class-host-joined"))).size(18.0),
            );
            if class.phase() == Phase::Open {
                ui.label(
                    RichText::new(format!("{} {}", t.voters, m.t("class-host-voted")))
                        .size(18.0)
                        .strong(),
                );
                if let Some((_, Some(secs))) = online {
                    ui.label(format!("{secs} {}", m.t("class-host-seconds")));
                }
            }
            ui.separator();
            let shown = class.show_names();
            let label = m.t(if shown {
                "class-host-hide-names"
            } else {
                "class-host-show-names"
            });
            if ui.button(label).clicked() {
                commands.push(ClientMsg::ShowNames { on: !shown });
            }
            for p in class.people().iter().filter(|p| !p.kicked) {
                ui.horizontal_wrapped(|ui| {
                    let mut name = if shown {
                        p.name.clone()
                    } else {
                        format!("#{}", p.id + 1)
                    };
                    if let Some(t) = p.team {
                        name.push_str(&format!(" · {}", class.teams()[t]));
                    }
                    if class.phase() == Phase::Open && class.ballot(p.id).is_some() {
                        name.push_str(" ✓");
                    }
                    ui.label(name);
                    if shown {
                        let editing = m.class_rename.as_ref().is_some_and(|(id, _)| *id == p.id);
                        if editing {
                            if let Some((_, text)) = m.class_rename.as_mut() {
                                let r =
                                    ui.add(egui::TextEdit::singleline(text).desired_width(110.0));
                                if r.lost_focus() {
                                    commands.push(ClientMsg::Rename {
                                        id: p.id,
                                        name: text.clone(),
                                    });
                                    m.class_rename = None;
                                }
                            }
                        } else if ui.small_button(m.t("class-host-rename")).clicked() {
                            m.class_rename = Some((p.id, p.name.clone()));
                        }
                    }
                    if ui.small_button(m.t("class-host-kick")).clicked() {
                        commands.push(ClientMsg::Kick { id: p.id });
                    }
                });
            }
        });
}

/// The QR code of `url`, `size` points square, dark on white with a quiet zone.
fn qr(ui: &mut egui::Ui, url: &str, size: f32) {
    let Ok(code) = qrcode::QrCode::new(url.as_bytes()) else {
        return;
    };
    let n = code.width();
    let colors = code.to_colors();
    let (rect, _) = ui.allocate_exact_size(egui::vec2(size, size), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, Color32::WHITE);
    let quiet = 4.0;
    let cell = size / (n as f32 + 2.0 * quiet);
    for y in 0..n {
        for x in 0..n {
            if colors[y * n + x] == qrcode::Color::Dark {
                let min =
                    rect.min + egui::vec2((x as f32 + quiet) * cell, (y as f32 + quiet) * cell);
                painter.rect_filled(
                    egui::Rect::from_min_size(min, egui::vec2(cell + 0.4, cell + 0.4)),
                    0.0,
                    Color32::BLACK,
                );
            }
        }
    }
}

fn lines(ui: &mut egui::Ui, m: &Model, class: &Class, entries: &[Entry], big: bool) {
    let scenario = class.session().engine().scenario().clone();
    for e in entries {
        let (who, color) = match e.speaker {
            Speaker::Customer => (
                tx(m, scenario.speaker_name(e.who.as_deref())).to_string(),
                Color32::from_rgb(150, 50, 30),
            ),
            Speaker::Trainee => (
                match &e.to {
                    Some(to) => format!(
                        "{} → {}",
                        m.t("play-you"),
                        tx(m, scenario.speaker_name(Some(to)))
                    ),
                    None => m.t("play-you"),
                },
                Color32::from_rgb(30, 80, 150),
            ),
            Speaker::Narrator => (String::new(), Color32::GRAY),
        };
        if !who.is_empty() {
            ui.label(RichText::new(who).small().color(color));
        }
        let text = RichText::new(tx(m, &e.text));
        let text = match e.speaker {
            Speaker::Narrator => text.italics().color(Color32::DARK_GRAY),
            Speaker::Customer if big => text.size(22.0),
            _ => text,
        };
        egui::Frame::new()
            .fill(if e.speaker == Speaker::Narrator {
                Color32::TRANSPARENT
            } else {
                Color32::WHITE
            })
            .corner_radius(8.0)
            .inner_margin(egui::Margin::symmetric(10, 6))
            .show(ui, |ui| {
                ui.add(egui::Label::new(text).wrap());
            });
        ui.add_space(4.0);
    }
}

fn points_text(p: Points) -> String {
    format!("情 {:+}  理 {:+}  法 {:+}", p[0], p[1], p[2])
}

/// What the class is looking at: the customer and the replies, or the reveal, or the end.
fn stage(
    ui: &mut egui::Ui,
    m: &mut Model,
    class: &Class,
    live: bool,
    commands: &mut Vec<ClientMsg>,
) {
    match class.phase() {
        Phase::Revealed => {
            if let Some(r) = class.rounds().last() {
                reveal(ui, m, class, r, live);
            }
        }
        Phase::Over => ending(ui, m, class),
        phase => {
            super::opinion_row(ui, m, class.session());
            lines(ui, m, class, class.context(), true);
            // Live, phones see the replies once the vote opens; hot-seat teams read them here.
            if !live || phase != Phase::Ready {
                replies(ui, m, class, live);
            }
            if !live && !class.teams().is_empty() && matches!(phase, Phase::Ready | Phase::Open) {
                record(ui, m, class, commands);
            }
            if phase == Phase::Locked {
                let t = class.tally();
                let (answered, of, key) = if class.teams().is_empty() {
                    (t.voters, t.people, "class-window-answered")
                } else {
                    (
                        t.teams_answered,
                        class.teams().len() as u32,
                        "class-window-teams-answered",
                    )
                };
                ui.label(format!("{answered}/{of} {}", m.t(key)));
            }
        }
    }
    if !class.teams().is_empty() && !class.rounds().is_empty() && class.phase() != Phase::Over {
        scoreboard(ui, m, class);
    }
}

fn replies(ui: &mut egui::Ui, m: &Model, class: &Class, live: bool) {
    super::section(ui, m.t("class-host-replies"));
    let counts = class.tally().counts;
    // The split of the votes, and which team said what, appear once the vote is locked,
    // never while it is open.
    let split = class.phase() == Phase::Locked;
    let sep = match m.settings.lang {
        crate::course::Lang::Zh => "、",
        crate::course::Lang::En => ", ",
    };
    let teams_on = |i: usize| -> String {
        let names: Vec<&str> = (0..class.teams().len())
            .filter(|&t| class.team_answer(t) == Some(i))
            .map(|t| class.teams()[t].as_str())
            .collect();
        names.join(sep)
    };
    for (i, t) in class.replies().iter().enumerate() {
        egui::Frame::new()
            .fill(Color32::WHITE)
            .corner_radius(6.0)
            .inner_margin(egui::Margin::symmetric(10, 6))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal_wrapped(|ui| {
                    ui.label(
                        RichText::new(format!("{}", i + 1))
                            .strong()
                            .size(20.0)
                            .color(ACCENT),
                    );
                    ui.add(egui::Label::new(RichText::new(tx(m, t)).size(18.0)).wrap());
                    // A count never breaks from its unit: the tag moves to the next line whole.
                    let tag = |ui: &mut egui::Ui, text: RichText| {
                        ui.add(egui::Label::new(text).wrap_mode(egui::TextWrapMode::Extend));
                    };
                    if split && live {
                        let votes = format!("{} {}", counts[i], m.t("class-window-votes"));
                        tag(ui, RichText::new(votes).strong());
                    }
                    let teams = if split { teams_on(i) } else { String::new() };
                    if !teams.is_empty() {
                        tag(
                            ui,
                            RichText::new(format!("← {teams}")).strong().color(ACCENT),
                        );
                    }
                });
            });
        ui.add_space(4.0);
    }
}

/// Hot-seat: one row per team, one button per reply.
fn record(ui: &mut egui::Ui, m: &Model, class: &Class, commands: &mut Vec<ClientMsg>) {
    super::section(ui, m.t("class-window-record"));
    let of = class.replies().len();
    egui::Grid::new("class-record")
        .spacing([10.0, 8.0])
        .show(ui, |ui| {
            for (t, name) in class.teams().iter().enumerate() {
                ui.label(RichText::new(name).strong().size(18.0));
                ui.horizontal(|ui| {
                    let current = class.team_answer(t);
                    for n in 0..of {
                        let on = current == Some(n);
                        let text = RichText::new(format!("{}", n + 1)).size(20.0);
                        let button = egui::Button::new(text)
                            .selected(on)
                            .min_size(egui::vec2(44.0, 36.0));
                        if ui.add(button).clicked() {
                            commands.push(ClientMsg::Record {
                                team: t + 1,
                                reply: if on { None } else { Some(n + 1) },
                            });
                        }
                    }
                });
                ui.end_row();
            }
        });
}

fn reveal(ui: &mut egui::Ui, m: &Model, class: &Class, r: &Round, live: bool) {
    super::section(ui, m.t("class-phone-room-chose"));
    match r.chosen {
        Some(n) => {
            let mut head = format!("{}. {}", n + 1, tx(m, &r.replies[n]));
            if r.tie_broken {
                head.push_str(&format!("  {}", m.t("class-phone-tie-broken")));
            }
            ui.add(egui::Label::new(RichText::new(head).size(18.0).strong()).wrap());
        }
        None => {
            ui.label(RichText::new(m.t("class-phone-silence")).strong());
        }
    }
    let followed: Vec<Entry> = r
        .followed
        .iter()
        .filter(|e| e.speaker != Speaker::Trainee)
        .cloned()
        .collect();
    lines(ui, m, class, &followed, true);
    let chosen = r.chosen.map_or(&r.silence, |n| &r.what_if[n]);
    super::notes(ui, m, &chosen.notes);
    super::section(ui, m.t("class-host-replies"));
    for (n, t) in r.replies.iter().enumerate() {
        let teams: Vec<&str> = r
            .team_answers
            .iter()
            .enumerate()
            .filter(|(_, a)| **a == Some(n))
            .map(|(i, _)| class.teams()[i].as_str())
            .collect();
        egui::Frame::new()
            .fill(if r.chosen == Some(n) {
                CHOSEN
            } else {
                Color32::WHITE
            })
            .corner_radius(6.0)
            .inner_margin(egui::Margin::symmetric(10, 6))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal_wrapped(|ui| {
                    let best = r.best == Some(n);
                    ui.label(
                        RichText::new(format!("{}{}", n + 1, if best { " ★" } else { "" }))
                            .strong()
                            .color(if best { super::tone(true) } else { ACCENT }),
                    );
                    ui.add(egui::Label::new(tx(m, t)).wrap());
                });
                ui.horizontal_wrapped(|ui| {
                    ui.add(
                        egui::Label::new(
                            RichText::new(points_text(r.what_if[n].points)).monospace(),
                        )
                        .wrap_mode(egui::TextWrapMode::Extend),
                    );
                    if live {
                        ui.label(format!("· {} {}", r.counts[n], m.t("class-window-votes")));
                    }
                    if !teams.is_empty() {
                        ui.label(RichText::new(format!("· {}", teams.join(", "))).strong());
                    }
                });
                // How the customer would have taken a reply some team chose but the room did not.
                if r.chosen != Some(n)
                    && !teams.is_empty()
                    && let Some(reaction) = &r.what_if[n].reaction
                {
                    ui.label(
                        RichText::new(format!("→ {}", tx(m, reaction)))
                            .italics()
                            .color(Color32::DARK_GRAY),
                    );
                }
            });
        ui.add_space(4.0);
    }
    if r.best.is_some() {
        ui.label(RichText::new(format!("★ {}", m.t("class-phone-best"))).small());
    }
}

/// Teams by rubric: their own replies' points as a share of the best on offer.
fn scoreboard(ui: &mut egui::Ui, m: &Model, class: &Class) {
    super::section(ui, m.t("class-host-scoreboard"));
    let rows: Vec<_> = class
        .team_standings()
        .into_iter()
        .map(|s| (s.name, s.percent, s.with_room))
        .collect();
    standings_table(ui, m, "class-scoreboard", &rows, class.rounds().len(), 18.0);
}

/// Rows of (who, 情/理/法 shares, times with the room): a bar and a figure per rubric, so
/// that the rows compare at a glance from the back of the room.
fn standings_table(
    ui: &mut egui::Ui,
    m: &Model,
    id: &str,
    rows: &[(String, [u8; 3], usize)],
    decisions: usize,
    size: f32,
) {
    egui::Grid::new(id)
        .striped(true)
        .spacing([18.0, 4.0])
        .show(ui, |ui| {
            ui.label("");
            for r in ["情", "理", "法"] {
                ui.label(RichText::new(r).strong());
            }
            ui.label(RichText::new(m.t("class-host-with-room")).strong());
            ui.end_row();
            for (who, percent, with_room) in rows {
                ui.label(RichText::new(who).strong());
                for (p, colour) in percent.iter().zip(super::RUBRIC_COLOURS) {
                    ui.horizontal(|ui| {
                        super::share_bar(ui, egui::vec2(80.0, size * 0.75), *p, colour);
                        ui.label(RichText::new(format!("{p}%")).size(size));
                    });
                }
                ui.label(format!("{with_room}/{decisions}"));
                ui.end_row();
            }
        });
}

fn ending(ui: &mut egui::Ui, m: &Model, class: &Class) {
    if let Some(o) = class.session().outcome() {
        let passed = class.session().standing().is_some_and(|s| s.passed);
        ui.heading(tx(m, &o.title));
        ui.label(
            RichText::new(m.t(if passed {
                "class-phone-passed"
            } else {
                "class-phone-not-passed"
            }))
            .size(20.0)
            .strong()
            .color(super::tone(passed)),
        );
        ui.add(egui::Label::new(tx(m, &o.text)).wrap());
    }
    if !class.teams().is_empty() {
        scoreboard(ui, m, class);
    }
    // Every decision: what the room said, and what each team said.
    super::section(ui, m.t("class-window-route"));
    for r in class.rounds() {
        let said = r.chosen.map_or_else(
            || m.t("class-phone-silence"),
            |n| tx(m, &r.replies[n]).to_string(),
        );
        ui.add(
            egui::Label::new(format!(
                "{} {} · {}",
                m.t("class-phone-decision"),
                r.decision + 1,
                said
            ))
            .wrap(),
        );
    }
    if class.teams().is_empty() {
        let people = class.person_standings();
        if !people.is_empty() {
            super::section(ui, m.t("class-host-people"));
            let rows: Vec<_> = people
                .into_iter()
                .map(|(id, s)| {
                    // Names only when the instructor shows them.
                    let who = if class.show_names() {
                        s.name
                    } else {
                        format!("#{}", id + 1)
                    };
                    (who, s.percent, s.with_room)
                })
                .collect();
            standings_table(ui, m, "class-people", &rows, class.rounds().len(), 14.0);
        }
    }
}

fn report_note(ui: &mut egui::Ui, m: &Model, r: &Result<Vec<std::path::PathBuf>, String>) {
    ui.add_space(8.0);
    match r {
        Ok(paths) => {
            ui.label(RichText::new(m.t("class-report-saved")).strong());
            for p in paths {
                ui.label(RichText::new(p.display().to_string()).small().monospace());
            }
        }
        Err(e) => {
            ui.label(
                RichText::new(format!("{} {e}", m.t("class-window-report-failed")))
                    .color(super::tone(false)),
            );
        }
    }
}

/// "End the class?" from the button or Esc.
fn leave_dialog(ui: &mut egui::Ui, m: &mut Model) {
    if !m.confirm_leave {
        if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            m.confirm_leave = true;
        }
        return;
    }
    let keys = [
        "class-window-leave-title",
        "class-window-leave-body",
        "class-window-leave-confirm",
    ];
    match super::leave_modal(ui, m, "leave-class", keys) {
        Some(true) => m.leave_class(),
        Some(false) => m.confirm_leave = false,
        None => {}
    }
}
