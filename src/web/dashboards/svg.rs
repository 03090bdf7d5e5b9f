//! A small SVG chart builder for the dashboards, drawn on the server (no charting script): a
//! horizontal bar chart, grouped vertical bars and a line chart. Every chart is an `<svg
//! role="img">` with its `<title>`, scales to its box (a `viewBox` and no fixed size), escapes
//! every text it is given, and draws an empty chart with a sentence when there is nothing to
//! show. The colours come from `dashboards.css` (classes `chart__s0` … `chart__s5`).

use std::fmt::Write;

/// The width every chart is drawn at; the page scales it to its box.
const WIDTH: f64 = 400.0;
/// The text size, large enough to stay readable when a phone scales the chart down.
const FONT: f64 = 16.0;

/// Text made safe inside an element or an attribute.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

/// The top of an axis and its step: a round step (1, 2 or 5 times a power of ten) for about
/// four grid lines, the top the first step at or above `max` (1 when everything is 0).
pub fn scale(max: i64) -> (i64, i64) {
    if max <= 0 {
        return (1, 1);
    }
    let rough = (max as f64 / 4.0).max(1.0);
    let power = 10f64.powi(rough.log10().floor() as i32);
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|s| *s >= rough)
        .unwrap_or(10.0 * power) as i64;
    let step = step.max(1);
    let top = max.div_euclid(step) * step + if max % step == 0 { 0 } else { step };
    (top, step)
}

/// One line or one kind of bar.
pub struct Series {
    pub name: String,
    pub values: Vec<i64>,
}

/// What every chart has: what it shows, and what it says when there is nothing.
pub struct Chart<'a> {
    /// The chart's `<title>` (what it shows).
    pub title: &'a str,
    /// The sentence drawn when there are no figures (or all are 0).
    pub empty: &'a str,
}

fn open(out: &mut String, chart: &Chart<'_>, height: f64) {
    let _ = write!(
        out,
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" font-size=\"{FONT}\"><title>{}</title>",
        escape(chart.title)
    );
}

fn empty_chart(chart: &Chart<'_>) -> String {
    let mut out = String::new();
    open(&mut out, chart, 80.0);
    let _ = write!(
        out,
        "<rect class=\"chart__frame\" x=\"0.5\" y=\"0.5\" width=\"{}\" height=\"79\" rx=\"6\"/><text class=\"chart__empty\" x=\"{}\" y=\"46\" text-anchor=\"middle\">{}</text></svg>",
        WIDTH - 1.0,
        WIDTH / 2.0,
        escape(chart.empty)
    );
    out
}

/// About how wide `s` is drawn: a Chinese character a full em, a Latin one about half.
fn text_width(s: &str) -> f64 {
    s.chars()
        .map(|c| if c.is_ascii() { 0.58 } else { 1.0 })
        .sum::<f64>()
        * FONT
}

/// Where each series' swatch goes, `(x, line)`, the legend wrapping at the chart's width.
fn legend_layout(series: &[Series]) -> Vec<(f64, usize)> {
    let (mut x, mut line) = (0.0, 0);
    series
        .iter()
        .map(|s| {
            let w = 20.0 + text_width(&s.name) + 18.0;
            if x > 0.0 && x + w - 18.0 > WIDTH {
                x = 0.0;
                line += 1;
            }
            let at = (x, line);
            x += w;
            at
        })
        .collect()
}

/// The height of a legend line.
const LEGEND_LINE: f64 = 24.0;

/// The legend across the top: a swatch and the name of each series.
fn legend(out: &mut String, series: &[Series]) {
    let layout = legend_layout(series);
    for (i, (s, (x, line))) in series.iter().zip(&layout).enumerate() {
        let y = *line as f64 * LEGEND_LINE;
        let _ = write!(
            out,
            "<rect class=\"chart__s{}\" x=\"{x}\" y=\"{}\" width=\"14\" height=\"14\" rx=\"2\"/><text class=\"chart__legend\" x=\"{}\" y=\"{}\">{}</text>",
            i % 6,
            y + 4.0,
            x + 20.0,
            y + 16.0,
            escape(&s.name)
        );
    }
}

/// The height a legend takes (see [`legend`]).
fn legend_height(series: &[Series]) -> f64 {
    legend_layout(series).last().map_or(0, |l| l.1 + 1) as f64 * LEGEND_LINE + 20.0
}

/// Where the plot starts: after the widest figure of the axis.
fn axis_left(axis_top: i64) -> f64 {
    text_width(&axis_top.to_string()).max(FONT) + 10.0
}

/// Horizontal grid lines and their figures over a plot `[left, right] × [top, bottom]`.
fn grid(out: &mut String, left: f64, right: f64, top: f64, bottom: f64, max: i64) {
    let (axis_top, step) = scale(max);
    let mut v = 0;
    while v <= axis_top {
        let y = bottom - (bottom - top) * v as f64 / axis_top as f64;
        let _ = write!(
            out,
            "<line class=\"chart__grid\" x1=\"{left}\" x2=\"{right}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/><text class=\"chart__tick\" x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{v}</text>",
            left - 6.0,
            y + 5.0
        );
        v += step;
    }
}

/// Horizontal bars, one a row: the label above its bar (so that long names keep the width
/// of the chart on a phone), the figure at the bar's end.
pub fn bars(chart: &Chart<'_>, rows: &[(String, i64)]) -> String {
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0);
    if max <= 0 {
        return empty_chart(chart);
    }
    let row_h = 46.0;
    let height = rows.len() as f64 * row_h + 4.0;
    // Room at the end of the longest bar for its figure.
    let plot = WIDTH - text_width(&max.to_string()) - 12.0;
    let mut out = String::new();
    open(&mut out, chart, height);
    for (i, (label, n)) in rows.iter().enumerate() {
        let y = i as f64 * row_h;
        let w = plot * (*n).max(0) as f64 / max as f64;
        let _ = write!(
            out,
            "<text class=\"chart__label\" x=\"0\" y=\"{:.1}\">{}</text><rect class=\"chart__s0\" x=\"0\" y=\"{:.1}\" width=\"{w:.1}\" height=\"18\" rx=\"3\"/><text class=\"chart__value\" x=\"{:.1}\" y=\"{:.1}\">{n}</text>",
            y + 16.0,
            escape(label),
            y + 22.0,
            w + 6.0,
            y + 36.0,
        );
    }
    out.push_str("</svg>");
    out
}

/// Vertical bars grouped by `groups` (years, statuses), one bar per series in each group.
pub fn grouped_bars(chart: &Chart<'_>, groups: &[String], series: &[Series]) -> String {
    let max = series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .max()
        .unwrap_or(0);
    if max <= 0 || groups.is_empty() {
        return empty_chart(chart);
    }
    let (axis_top, _) = scale(max);
    let top = legend_height(series);
    let (left, right, bottom) = (axis_left(axis_top), WIDTH - 4.0, top + 176.0);
    let mut out = String::new();
    open(&mut out, chart, bottom + 28.0);
    legend(&mut out, series);
    grid(&mut out, left, right, top, bottom, max);
    let group_w = (right - left) / groups.len() as f64;
    let bar_w = (group_w * 0.8 / series.len().max(1) as f64).min(36.0);
    for (g, name) in groups.iter().enumerate() {
        let x0 = left + g as f64 * group_w + (group_w - bar_w * series.len() as f64) / 2.0;
        for (i, s) in series.iter().enumerate() {
            let n = s.values.get(g).copied().unwrap_or(0).max(0);
            let h = (bottom - top) * n as f64 / axis_top as f64;
            let _ = write!(
                out,
                "<rect class=\"chart__s{}\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{h:.1}\"><title>{} {}: {n}</title></rect>",
                i % 6,
                x0 + i as f64 * bar_w,
                bottom - h,
                bar_w - 2.0,
                escape(name),
                escape(&s.name),
            );
        }
        let _ = write!(
            out,
            "<text class=\"chart__label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            left + (g as f64 + 0.5) * group_w,
            bottom + 20.0,
            escape(name)
        );
    }
    out.push_str("</svg>");
    out
}

/// Lines over `xs` (months, years), one per series, with a dot at each figure; a series may
/// stop before the last `x` (the months of this year still to come).
pub fn lines(chart: &Chart<'_>, xs: &[String], series: &[Series]) -> String {
    let max = series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .max()
        .unwrap_or(0);
    if max <= 0 || xs.is_empty() {
        return empty_chart(chart);
    }
    let (axis_top, _) = scale(max);
    let top = legend_height(series);
    let (left, right, bottom) = (axis_left(axis_top), WIDTH - 12.0, top + 176.0);
    let mut out = String::new();
    open(&mut out, chart, bottom + 28.0);
    legend(&mut out, series);
    grid(&mut out, left, right, top, bottom, max);
    let x_of = |i: usize| {
        if xs.len() == 1 {
            (left + right) / 2.0
        } else {
            left + 10.0 + (right - left - 20.0) * i as f64 / (xs.len() - 1) as f64
        }
    };
    let y_of = |n: i64| bottom - (bottom - top) * n.max(0) as f64 / axis_top as f64;
    // Every other label when they would crowd a phone's width.
    let every = if xs.len() > 8 { 2 } else { 1 };
    for (i, x) in xs.iter().enumerate() {
        if i % every == 0 {
            let _ = write!(
                out,
                "<text class=\"chart__label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                x_of(i),
                bottom + 20.0,
                escape(x)
            );
        }
    }
    for (k, s) in series.iter().enumerate() {
        let points: Vec<String> = s
            .values
            .iter()
            .enumerate()
            .map(|(i, n)| format!("{:.1},{:.1}", x_of(i), y_of(*n)))
            .collect();
        let _ = write!(
            out,
            "<polyline class=\"chart__line chart__line--s{}\" fill=\"none\" points=\"{}\"/>",
            k % 6,
            points.join(" ")
        );
        for (i, n) in s.values.iter().enumerate() {
            let _ = write!(
                out,
                "<circle class=\"chart__s{}\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.5\"><title>{} {}: {n}</title></circle>",
                k % 6,
                x_of(i),
                y_of(*n),
                escape(xs.get(i).map_or("", String::as_str)),
                escape(&s.name),
            );
        }
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests;
