//! The customer's face, drawn procedurally with egui shapes: brows, eyes, mouth and colour
//! follow the mood, so a trainee sees the effect of a reply before reading a number.

use egui::{Color32, Painter, Pos2, Rect, Shape, Stroke, Vec2, pos2, vec2};

/// The six expressions the face can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expression {
    /// Mood 75 and up.
    Pleased,
    /// 55–74.
    Calm,
    /// 40–54.
    Worried,
    /// 25–39.
    Annoyed,
    /// 10–24.
    Angry,
    /// Below 10.
    Furious,
}

impl Expression {
    /// The expression for a mood of 0–100.
    pub fn from_mood(mood: i32) -> Expression {
        match mood {
            m if m >= 75 => Expression::Pleased,
            m if m >= 55 => Expression::Calm,
            m if m >= 40 => Expression::Worried,
            m if m >= 25 => Expression::Annoyed,
            m if m >= 10 => Expression::Angry,
            _ => Expression::Furious,
        }
    }

    /// The Fluent key of its name.
    pub fn key(self) -> &'static str {
        match self {
            Expression::Pleased => "face-pleased",
            Expression::Calm => "face-calm",
            Expression::Worried => "face-worried",
            Expression::Annoyed => "face-annoyed",
            Expression::Angry => "face-angry",
            Expression::Furious => "face-furious",
        }
    }
}

fn lerp(a: Color32, b: Color32, t: f32) -> Color32 {
    let t = t.clamp(0.0, 1.0);
    let mix = |x: u8, y: u8| (f32::from(x) + (f32::from(y) - f32::from(x)) * t).round() as u8;
    Color32::from_rgb(mix(a.r(), b.r()), mix(a.g(), b.g()), mix(a.b(), b.b()))
}

/// Paints the face for `mood` (0–100) into `rect`.
pub fn paint(painter: &Painter, rect: Rect, mood: i32) {
    let e = Expression::from_mood(mood);
    let c = rect.center();
    let r = rect.width().min(rect.height()) * 0.42;
    let anger = (1.0 - mood as f32 / 50.0).clamp(0.0, 1.0);
    let skin = lerp(
        Color32::from_rgb(246, 214, 178),
        Color32::from_rgb(226, 96, 80),
        anger,
    );
    let ink = Color32::from_rgb(50, 38, 34);
    let stroke = Stroke::new(r * 0.06, ink);

    painter.rect_filled(rect, 12.0, Color32::from_rgb(226, 232, 240));
    // Hair and head.
    painter.circle_filled(
        c + vec2(0.0, -r * 0.08),
        r * 1.04,
        Color32::from_rgb(60, 48, 44),
    );
    painter.circle_filled(c, r, skin);
    painter.circle_stroke(c, r, Stroke::new(r * 0.03, ink));

    let eye_y = c.y - r * 0.15;
    let eye_dx = r * 0.38;
    let (eye_h, brow_tilt, brow_lift, mouth_curve, mouth_open) = match e {
        Expression::Pleased => (0.10, -0.05, 0.10, 0.32, 0.0),
        Expression::Calm => (0.12, 0.0, 0.06, 0.12, 0.0),
        Expression::Worried => (0.13, -0.22, 0.10, -0.05, 0.0),
        Expression::Annoyed => (0.08, 0.18, 0.02, -0.12, 0.0),
        Expression::Angry => (0.09, 0.35, -0.02, -0.25, 0.06),
        Expression::Furious => (0.11, 0.5, -0.05, -0.32, 0.16),
    };
    for side in [-1.0f32, 1.0] {
        let eye = pos2(c.x + side * eye_dx, eye_y);
        painter.add(Shape::ellipse_filled(
            eye,
            vec2(r * 0.09, r * eye_h),
            Color32::WHITE,
        ));
        painter.circle_filled(eye, r * 0.055, ink);
        // Brows: inner end down when angry, up when worried.
        let inner = pos2(
            c.x + side * r * 0.16,
            eye_y - r * (0.22 + brow_lift) + r * brow_tilt * 0.5,
        );
        let outer = pos2(
            c.x + side * r * 0.58,
            eye_y - r * (0.26 + brow_lift) - r * brow_tilt * 0.3,
        );
        painter.line_segment([inner, outer], Stroke::new(r * 0.08, ink));
    }
    // Mouth: a parabola; a positive curve smiles (screen y grows downwards, so a smile's
    // middle sits lower than its corners).
    let y = c.y + r * 0.45;
    let w = r * 0.42;
    let points: Vec<Pos2> = (0..=16)
        .map(|i| {
            let t = i as f32 / 16.0 * 2.0 - 1.0;
            pos2(
                c.x + t * w,
                y + mouth_curve * r * (1.0 - t * t) - mouth_curve * r * 0.3,
            )
        })
        .collect();
    if mouth_open > 0.0 {
        let mut lower = points.clone();
        lower.reverse();
        let mut poly = points.clone();
        poly.extend(lower.into_iter().map(|p| {
            let t = (p.x - c.x) / w;
            p + Vec2::new(0.0, mouth_open * r * (1.0 - t * t) * 2.0)
        }));
        painter.add(Shape::convex_polygon(
            poly,
            Color32::from_rgb(120, 30, 30),
            stroke,
        ));
    } else {
        painter.add(Shape::line(points, stroke));
    }
    // Cheeks when pleased, a vein when furious.
    match e {
        Expression::Pleased => {
            for side in [-1.0f32, 1.0] {
                painter.circle_filled(
                    pos2(c.x + side * r * 0.55, c.y + r * 0.2),
                    r * 0.1,
                    Color32::from_rgba_unmultiplied(240, 120, 120, 120),
                );
            }
        }
        Expression::Furious | Expression::Angry => {
            let v = pos2(c.x + r * 0.45, c.y - r * 0.62);
            let s = Stroke::new(r * 0.05, Color32::from_rgb(170, 20, 20));
            painter.line_segment([v + vec2(-r * 0.1, 0.0), v + vec2(r * 0.1, 0.0)], s);
            painter.line_segment([v + vec2(0.0, -r * 0.1), v + vec2(0.0, r * 0.1)], s);
        }
        _ => {}
    }
}
