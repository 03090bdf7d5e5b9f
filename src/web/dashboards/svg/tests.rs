//! The chart builder's tests: escaping, empty data, the scale, the shapes drawn.

use super::*;

const CHART: Chart<'static> = Chart {
    title: "导师 <按类别> & \"单位\"",
    empty: "暂无数据",
};

#[test]
fn text_is_escaped_in_titles_labels_and_series() {
    let svg = bars(&CHART, &[("<script>alert('x')</script>".into(), 3)]);
    assert!(!svg.contains("<script>"), "{svg}");
    assert!(svg.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert!(svg.contains("<title>导师 &lt;按类别&gt; &amp; &quot;单位&quot;</title>"));
    let series = [Series {
        name: "a&b".into(),
        values: vec![1],
    }];
    let svg = lines(&CHART, &["1<2".into()], &series);
    assert!(svg.contains("a&amp;b") && svg.contains("1&lt;2") && !svg.contains("a&b"));
}

#[test]
fn empty_or_zero_data_draws_the_sentence_instead_of_bars() {
    for svg in [
        bars(&CHART, &[]),
        bars(&CHART, &[("x".into(), 0)]),
        grouped_bars(&CHART, &[], &[]),
        lines(
            &CHART,
            &["1".into()],
            &[Series {
                name: "s".into(),
                values: vec![0],
            }],
        ),
    ] {
        assert!(svg.contains("暂无数据"), "{svg}");
        assert!(!svg.contains("chart__s0"), "{svg}");
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("role=\"img\""));
    }
}

#[test]
fn the_scale_is_a_round_step_at_or_above_the_largest_figure() {
    assert_eq!(scale(0), (1, 1));
    assert_eq!(scale(1), (1, 1));
    assert_eq!(scale(3), (3, 1));
    assert_eq!(scale(7), (8, 2));
    assert_eq!(scale(95), (100, 50));
    assert_eq!(scale(100_000), (100_000, 50_000));
    assert_eq!(scale(123_456), (150_000, 50_000));
}

#[test]
fn the_largest_bar_fills_the_plot_and_the_others_in_proportion() {
    let svg = bars(&CHART, &[("甲".into(), 10), ("乙".into(), 5)]);
    let widths: Vec<f64> = svg
        .split("class=\"chart__s0\"")
        .skip(1)
        .map(|part| {
            let w = part.split("width=\"").nth(1).unwrap();
            w[..w.find('"').unwrap()].parse().unwrap()
        })
        .collect();
    assert_eq!(widths.len(), 2);
    assert!((widths[0] - 2.0 * widths[1]).abs() < 0.2, "{widths:?}");
    assert!(svg.contains(">10</text>") && svg.contains(">5</text>"));
}

#[test]
fn a_line_stops_where_its_figures_stop_and_every_figure_has_a_dot() {
    let xs: Vec<String> = (1..=12).map(|m| format!("{m}月")).collect();
    let series = [
        Series {
            name: "2025".into(),
            values: vec![1; 12],
        },
        Series {
            name: "2026".into(),
            values: vec![2, 4, 3],
        },
    ];
    let svg = lines(&CHART, &xs, &series);
    let polylines: Vec<&str> = svg.split("<polyline").skip(1).collect();
    assert_eq!(polylines.len(), 2);
    let points = |p: &str| {
        p.split("points=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .split(' ')
            .count()
    };
    assert_eq!((points(polylines[0]), points(polylines[1])), (12, 3));
    assert_eq!(svg.matches("<circle").count(), 15);
    assert!(svg.contains("<title>3月 2026: 3</title>"));
    // The top figure (4) reaches the plot's top, the axis reads 0 to 4.
    assert!(svg.contains(">4</text>") && svg.contains(">0</text>"));
}

#[test]
fn grouped_bars_put_one_bar_per_series_in_each_group() {
    let series = [
        Series {
            name: "优秀".into(),
            values: vec![3, 0],
        },
        Series {
            name: "不合格".into(),
            values: vec![1, 2],
        },
    ];
    let svg = grouped_bars(&CHART, &["2025".into(), "2026".into()], &series);
    assert_eq!(svg.matches("<title>2025 ").count(), 2);
    assert_eq!(svg.matches("<title>2026 ").count(), 2);
    assert!(svg.contains("<title>2026 不合格: 2</title>"));
}

#[test]
fn a_long_legend_wraps_inside_the_chart() {
    let names = [
        "excellent",
        "qualified",
        "basically qualified",
        "unqualified",
    ];
    let series: Vec<Series> = names
        .iter()
        .map(|n| Series {
            name: (*n).into(),
            values: vec![1],
        })
        .collect();
    let layout = legend_layout(&series);
    assert!(layout.iter().any(|l| l.1 > 0), "{layout:?}");
    for ((x, _), s) in layout.iter().zip(&series) {
        assert!(x + 20.0 + text_width(&s.name) <= WIDTH, "{} at {x}", s.name);
    }
    assert!(legend_height(&series) > legend_height(&series[..1]));
}
