//! A drawn signature as data: strokes of timed points, never pixels.
//!
//! The pad records points in hundredths of a CSS pixel relative to its size when
//! drawing started; after a resize, a rotation or a mobile address bar changing the
//! viewport, the widget redraws from the strokes scaled to the new size, so nothing is
//! lost. Whether a signature is "empty" is judged from the strokes: a tap or a tiny
//! scribble is not a signature.

use serde::{Deserialize, Serialize};

/// Least ink, in CSS pixels of path length, that counts as a signature.
pub const MIN_INK_PX: u32 = 40;

/// How a signature was made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum SignatureMethod {
    /// Drawn on the pad: the strokes, never the pixels.
    Drawn {
        /// Width of the pad in CSS pixels when the strokes were recorded.
        width: u32,
        /// Its height.
        height: u32,
        /// The strokes in order.
        strokes: Vec<Stroke>,
    },
    /// A typed name adopted as the signature.
    Typed {
        /// The name exactly as typed.
        text: String,
    },
}

/// One pen-down to pen-up movement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Stroke {
    /// The points, in order.
    pub points: Vec<Point>,
}

/// A point of a stroke. Coordinates are in hundredths of a CSS pixel, so the summary
/// needs no fractions; `t` is milliseconds since the stroke began.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Point {
    /// Hundredths of a CSS pixel from the pad's left edge.
    pub x: i32,
    /// Hundredths of a CSS pixel from the pad's top edge.
    pub y: i32,
    /// Milliseconds since the stroke's first point.
    pub t: u32,
}

/// The strokes drawn on a pad of a given size.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pad {
    /// Width of the pad in CSS pixels when the strokes were recorded.
    pub width: u32,
    /// Its height.
    pub height: u32,
    /// Finished strokes and the one being drawn, in order.
    pub strokes: Vec<Stroke>,
    started_ms: Option<f64>,
}

impl Pad {
    /// An empty pad of `width` by `height` CSS pixels.
    pub fn new(width: u32, height: u32) -> Pad {
        Pad {
            width,
            height,
            strokes: Vec::new(),
            started_ms: None,
        }
    }

    /// Pen down at (`x`, `y`) CSS pixels, at `time_ms` (any clock).
    pub fn begin(&mut self, x: f64, y: f64, time_ms: f64) {
        self.started_ms = Some(time_ms);
        self.strokes.push(Stroke {
            points: vec![point(x, y, 0.0)],
        });
    }

    /// The pen moved while down.
    pub fn extend(&mut self, x: f64, y: f64, time_ms: f64) {
        let Some(start) = self.started_ms else { return };
        if let Some(stroke) = self.strokes.last_mut() {
            let p = point(x, y, time_ms - start);
            if stroke
                .points
                .last()
                .is_none_or(|last| (last.x, last.y) != (p.x, p.y))
            {
                stroke.points.push(p);
            }
        }
    }

    /// Pen up.
    pub fn end(&mut self) {
        self.started_ms = None;
    }

    /// Removes the last stroke.
    pub fn undo(&mut self) {
        self.end();
        self.strokes.pop();
    }

    /// Removes every stroke.
    pub fn clear(&mut self) {
        self.end();
        self.strokes.clear();
    }

    /// Total path length in CSS pixels.
    pub fn ink_px(&self) -> f64 {
        self.strokes
            .iter()
            .flat_map(|s| s.points.windows(2))
            .map(|w| (f64::from(w[1].x - w[0].x).hypot(f64::from(w[1].y - w[0].y))) / 100.0)
            .sum()
    }

    /// Whether there is too little ink to count as a signature.
    pub fn is_empty(&self) -> bool {
        self.ink_px() < f64::from(MIN_INK_PX)
    }

    /// The strokes as the summary records them.
    pub fn method(&self) -> SignatureMethod {
        SignatureMethod::Drawn {
            width: self.width,
            height: self.height,
            strokes: self.strokes.clone(),
        }
    }

    /// The strokes as polylines in CSS pixels for a pad now `width` by `height`:
    /// scaled uniformly (keeping the signature's shape) and centred.
    pub fn polylines(&self, width: f64, height: f64) -> Vec<Vec<(f64, f64)>> {
        let view = self.view(width, height);
        self.strokes
            .iter()
            .map(|s| s.points.iter().map(&view).collect())
            .collect()
    }

    /// Maps a recorded point to CSS pixels on a pad now `width` by `height`.
    fn view(&self, width: f64, height: f64) -> impl Fn(&Point) -> (f64, f64) {
        let (w0, h0) = (f64::from(self.width.max(1)), f64::from(self.height.max(1)));
        let scale = (width / w0).min(height / h0);
        let (dx, dy) = ((width - w0 * scale) / 2.0, (height - h0 * scale) / 2.0);
        move |p| {
            (
                f64::from(p.x) / 100.0 * scale + dx,
                f64::from(p.y) / 100.0 * scale + dy,
            )
        }
    }
}

impl Pad {
    /// The last `n` points (fewer when there are not that many) of the newest stroke,
    /// in the coordinates of a pad now `width` by `height`, as [`Pad::polylines`]
    /// places them: what a pad needs to draw a stroke's newest piece alone.
    pub fn latest_points(&self, n: usize, width: f64, height: f64) -> Vec<(f64, f64)> {
        let Some(stroke) = self.strokes.last() else {
            return Vec::new();
        };
        let skip = stroke.points.len().saturating_sub(n);
        stroke.points[skip..]
            .iter()
            .map(self.view(width, height))
            .collect()
    }

    /// Where a point at (`x`, `y`) on a pad now `width` by `height` CSS pixels falls in
    /// the pad's recorded coordinates: the inverse of [`Pad::polylines`], so strokes
    /// added after a rotation line up with the earlier ones.
    pub fn from_view(&self, x: f64, y: f64, width: f64, height: f64) -> (f64, f64) {
        let (w0, h0) = (f64::from(self.width.max(1)), f64::from(self.height.max(1)));
        let scale = (width / w0).min(height / h0);
        let (dx, dy) = ((width - w0 * scale) / 2.0, (height - h0 * scale) / 2.0);
        ((x - dx) / scale, (y - dy) / scale)
    }
}

fn point(x: f64, y: f64, t: f64) -> Point {
    Point {
        x: (x * 100.0).round() as i32,
        y: (y * 100.0).round() as i32,
        t: t.max(0.0).round() as u32,
    }
}

/// A smooth path through `points`: the quadratic curves through the midpoints, as
/// (control, end) pairs after a move to the first point. One point draws a dot.
pub fn smooth(points: &[(f64, f64)]) -> Vec<((f64, f64), (f64, f64))> {
    let mid = |a: (f64, f64), b: (f64, f64)| ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
    match points {
        [] => Vec::new(),
        [only] => vec![(*only, *only)],
        _ => {
            let mut out: Vec<_> = points.windows(2).map(|w| (w[0], mid(w[0], w[1]))).collect();
            let last = points[points.len() - 1];
            out.push((last, last));
            out
        }
    }
}
