//! The debrief: which ending and what it means, the three rubric scores as a bar chart with
//! band names and descriptors, every decision with its feedback and the best alternative
//! there, and the ways on: same seed, new seed, library. Wide screens show the summary in a
//! column beside the timeline; narrow ones (large text) one below the other, in one scroll.
//! The scores count up when the screen opens.

use egui::{Color32, RichText};
use egui_plot::{Bar, BarChart, Plot};

use super::super::model::{Model, Screen};
use super::{notes, section, tx};
use crate::locale::StandingLine;
use crate::sim::Action;

/// Draws the debrief.
pub fn show(ui: &mut egui::Ui, m: &mut Model) {
    let Some(g) = &m.game else {
        m.go(Screen::Library);
        return;
    };
    let session = &g.session;
    let s = session.engine().scenario().clone();
    let outcome = session.outcome();
    let standing = session.standing();
    let practice = session.mode() == crate::sim::Mode::Practice;
    let (hints, rewinds) = (g.hints_used, g.rewinds_used);
    let scores = session.scores();
    let turns = session.turns().to_vec();
    let best_before = g.best_before.clone();
    let partial = session.engine().analysis().truncated;
    // A session reopened from the history says when it was played.
    let played_on = g
        .from_history
        .then(|| crate::records::local_time(g.started_ms));
    let cat = m.catalogue.clone();
    let lang = m.settings.lang;
    let opinion = session.engine().has_opinion().then(|| {
        let start = session.engine().initial_state();
        (
            start.heat,
            start.stage,
            session.engine().catalogue().opinion.clone(),
        )
    });

    egui::Panel::bottom("debrief-actions").show(ui, |ui| {
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            if ui.button(m.t("debrief-replay")).clicked() {
                m.replay_same_seed();
            }
            if ui.button(m.t("debrief-new-seed")).clicked() {
                let seed = m
                    .next_seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407)
                    >> 16;
                m.start(seed);
            }
            if ui.button(m.t("debrief-library")).clicked() {
                m.go(Screen::Library);
            }
            if ui.button(m.t("history-open")).clicked() {
                m.open_history();
            }
        });
        ui.add_space(6.0);
    });
    let wide = ui.available_width() >= 1000.0;
    // The scores count up from 0 over the first 0.8 s.
    let since = (m.now - m.entered).max(0.0);
    let grow = (since / 0.8).min(1.0) as f32;
    if grow < 1.0 {
        ui.ctx().request_repaint();
    }
    let grow = 1.0 - (1.0 - grow).powi(3);
    let summary = |ui: &mut egui::Ui, m: &mut Model| {
        {
            let name = m.settings.name.trim();
            let name = if name.is_empty() {
                m.t("title-anonymous")
            } else {
                name.to_string()
            };
            ui.heading(format!("{} · {name}", m.t("debrief-heading")));
            if let Some(when) = &played_on {
                ui.label(m.i18n.t_args(
                    m.settings.lang,
                    "history-played-on",
                    &[("when", when.clone().into())],
                ));
            }
            if let Some(o) = &outcome {
                section(ui, m.t("debrief-outcome"));
                ui.label(RichText::new(tx(m, &o.title)).size(20.0).strong());
                ui.label(tx(m, &o.text));
            }
            if let Some(st) = &standing {
                ui.add_space(4.0);
                let lines = crate::locale::standing_lines(&m.i18n, lang, &cat, st, |t| {
                    tx(m, t).to_string()
                });
                for (kind, line) in lines {
                    let text = RichText::new(line);
                    ui.label(match kind {
                        StandingLine::Verdict => text.strong().color(super::tone(st.passed)),
                        StandingLine::Outcome => text.small(),
                        StandingLine::Breach => text.small().color(super::tone(false)),
                        StandingLine::Overall => {
                            text.strong().color(Color32::from_rgb(40, 70, 120))
                        }
                    });
                }
                if practice {
                    ui.label(
                        RichText::new(m.i18n.t_args(
                            lang,
                            "debrief-aids",
                            &[("hints", hints.into()), ("rewinds", rewinds.into())],
                        ))
                        .small(),
                    );
                }
            }
            if let Some((heat0, stage0, rules)) = &opinion {
                opinion_summary(ui, m, (*heat0, *stage0), rules, &turns, &s);
            }
            section(ui, m.t("debrief-scores"));
            if partial {
                super::partial_analysis_note(ui, m);
            }
            let colors = super::RUBRIC_COLOURS;
            let bars: Vec<Bar> = scores
                .iter()
                .enumerate()
                .map(|(i, sc)| {
                    let name = cat
                        .rubric(sc.rubric)
                        .map(|r| r.name.get(lang).to_string())
                        .unwrap_or_default();
                    Bar::new(i as f64, f64::from(sc.score) * f64::from(grow))
                        .name(name)
                        .fill(colors[i])
                        .width(0.6)
                })
                .collect();
            // The course's one-character names (情 · 理 · 法) fit under any bar.
            let labels: Vec<String> = scores
                .iter()
                .map(|sc| {
                    cat.rubric(sc.rubric)
                        .and_then(|r| r.name.zh.chars().next())
                        .map(String::from)
                        .unwrap_or_default()
                })
                .collect();
            Plot::new("rubric-chart")
                .height(170.0)
                .allow_drag(false)
                .allow_zoom(false)
                .allow_scroll(false)
                .allow_boxed_zoom(false)
                .show_x(false)
                .include_y(0.0)
                .include_y(100.0)
                .x_axis_formatter(move |mark, _| {
                    let i = mark.value.round();
                    if (mark.value - i).abs() < 1e-6 && (0.0..3.0).contains(&i) {
                        labels[i as usize].clone()
                    } else {
                        String::new()
                    }
                })
                .show(ui, |plot| plot.bar_chart(BarChart::new("scores", bars)));
            for sc in &scores {
                let name = cat
                    .rubric(sc.rubric)
                    .map(|r| r.name.get(lang).to_string())
                    .unwrap_or_default();
                ui.horizontal_wrapped(|ui| {
                    let shown = (f32::from(sc.score) * grow).round() as i32;
                    ui.label(RichText::new(format!("{name}  {shown}/100")).strong());
                    ui.label(
                        RichText::new(sc.band.get(lang))
                            .strong()
                            .color(Color32::from_rgb(40, 70, 120)),
                    );
                    ui.label(
                        RichText::new(m.i18n.t_args(
                            lang,
                            "debrief-points",
                            &[("raw", sc.raw.into()), ("par", sc.par.into())],
                        ))
                        .small(),
                    );
                });
                ui.label(RichText::new(sc.descriptor.get(lang)).small());
            }
        }
    };
    let timeline = |ui: &mut egui::Ui, m: &mut Model| {
        style_advice(ui, m, s.customer.disc);
        ui.heading(m.t("debrief-timeline"));
        {
            {
                for (i, t) in turns.iter().enumerate() {
                    let node = s.nodes.iter().find(|n| n.id == t.node);
                    let chose = match (node, t.choice) {
                        (Some(n), Some(c)) => {
                            tx(m, &crate::sim::addressed(&s, &n.choices[c])).to_string()
                        }
                        _ => m.t("debrief-timed-out"),
                    };
                    // The header names the decision and how it went; the reply itself is
                    // in full inside, so nothing is cut.
                    let verdict = match best_before.get(i).cloned().flatten() {
                        Some((b, _)) if matches!(t.action, Action::Choose(n) if n == b) => "✔",
                        Some(_) => "✘",
                        None => "·",
                    };
                    let i_ = t.assessment.impact;
                    let story = match (t.heat, t.stage, &opinion) {
                        (Some(heat), Some(stage), Some((_, _, rules))) => format!(
                            "   {} {heat} · {}",
                            m.t("play-opinion"),
                            tx(m, &rules.stage_name(stage))
                        ),
                        _ => String::new(),
                    };
                    egui::CollapsingHeader::new(format!(
                        "{verdict} {}   情 {:+} 理 {:+} 法 {:+}{story}",
                        m.i18n
                            .t_args(lang, "play-decision", &[("n", (i + 1).into())]),
                        i_.empathy,
                        i_.expectation,
                        i_.legal
                    ))
                    .id_salt(("decision", i))
                    .default_open(i < 2)
                    .show(ui, |ui| {
                        if let Some(typed) = &t.typed {
                            super::play::you_typed(ui, m, typed, Some(&chose));
                        } else {
                            ui.add(
                                egui::Label::new(
                                    RichText::new(format!("{}: {chose}", m.t("debrief-chose")))
                                        .strong(),
                                )
                                .wrap(),
                            );
                        }
                        notes(ui, m, &t.assessment.notes);
                        let best = best_before.get(i).cloned().flatten();
                        let taken = match t.action {
                            Action::Choose(n) => Some(n),
                            Action::TimedOut => None,
                        };
                        match best {
                            Some((b, _)) if Some(b) == taken => {
                                ui.label(
                                    RichText::new(m.t("debrief-was-best"))
                                        .color(Color32::from_rgb(30, 120, 60)),
                                );
                            }
                            Some((_, text)) => {
                                ui.label(
                                    RichText::new(format!(
                                        "{}: {}",
                                        m.t("debrief-best"),
                                        tx(m, &text)
                                    ))
                                    .color(Color32::from_rgb(30, 120, 60)),
                                );
                            }
                            None => {}
                        }
                    });
                }
            }
        }
    };
    if wide {
        egui::Panel::left("debrief-scores")
            .resizable(false)
            .exact_size(440.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt(("debrief-summary", m.visit))
                    .show(ui, |ui| summary(ui, m));
            });
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt(("debrief-timeline", m.visit))
                .auto_shrink([false, false])
                .show(ui, |ui| timeline(ui, m));
        });
    } else {
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt(("debrief-all", m.visit))
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    summary(ui, m);
                    ui.separator();
                    timeline(ui, m);
                });
        });
    }
}

/// How the story moved: the stages it reached with the one it ended at lit, the heat after
/// each decision in its stage's colour, and what the course says the final stage calls for.
fn opinion_summary(
    ui: &mut egui::Ui,
    m: &Model,
    (heat0, stage0): (u8, crate::course::Stage),
    rules: &crate::catalogue::OpinionRules,
    turns: &[crate::sim::Turn],
    s: &crate::scenario::Scenario,
) {
    section(ui, super::opinion_title(m, s));
    let mut reached = vec![stage0];
    let mut last = (i32::from(heat0), stage0);
    let mut top = i32::from(heat0);
    for t in turns {
        if let (Some(h), Some(st)) = (t.heat, t.stage) {
            if !reached.contains(&st) {
                reached.push(st);
            }
            last = (h, st);
            top = top.max(h);
        }
    }
    super::stage_row(ui, m, rules, last.1, &reached);
    ui.label(
        RichText::new(m.i18n.t_args(
            m.settings.lang,
            "debrief-opinion",
            &[
                ("start", i32::from(heat0).into()),
                ("top", top.into()),
                ("end", last.0.into()),
            ],
        ))
        .small(),
    );
    // The heat after each decision, in its stage's colour: the story's course at a glance.
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 2.0;
        let cell = |heat: i32, stage: crate::course::Stage| {
            RichText::new(format!("{heat:>3}"))
                .small()
                .monospace()
                .color(Color32::WHITE)
                .background_color(super::stage_colour(stage))
        };
        ui.label(cell(i32::from(heat0), stage0));
        for t in turns {
            if let (Some(h), Some(st)) = (t.heat, t.stage) {
                ui.label(cell(h, st));
            }
        }
    });
    super::stage_control(ui, m, rules, last.1);
}

/// Advice on the trainee's own style against this customer, framed above the timeline, or,
/// before the style self-reflection, the way to it.
fn style_advice(ui: &mut egui::Ui, m: &mut Model, customer: crate::course::Disc) {
    if m.records.is_none() {
        return;
    }
    let advice = m.style_advice(customer);
    egui::Frame::group(ui.style())
        .fill(Color32::from_rgb(240, 246, 240))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(
                RichText::new(m.t("style-with-customer"))
                    .strong()
                    .color(Color32::from_rgb(40, 70, 120)),
            );
            if advice.is_empty() {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(m.t("style-invite")).small());
                    if ui.small_button(m.t("style-open")).clicked() {
                        m.open_style(Screen::Debrief);
                    }
                });
            }
            for line in advice {
                ui.add(egui::Label::new(line).wrap());
            }
        });
    ui.add_space(6.0);
}
