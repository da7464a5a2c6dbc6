"""The SVG charts: valid markup, escaped Thai labels, honest geometry, and no network references."""

import unicodedata
import xml.etree.ElementTree as ET
from decimal import Decimal as D

import pytest
from django.template import Context, Template

from khamrap.lib.charts import BarItem, Series, bar_chart, gauge, line_chart
from khamrap.rules.thai_text import clusters, display_width, truncate

LONG = "ระดับความสำเร็จของการดำเนินงาน"
ROUNDS = ["รอบ 6 เดือน 2567", "รอบ 12 เดือน 2567", "รอบ 6 เดือน 2568", "รอบ 12 เดือน 2568"]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def bars(root: ET.Element) -> list[ET.Element]:
    return [rect for rect in root.iter("rect") if rect.get("class") == "bar"]


def score_bars(*values):
    items = [BarItem(f"ตัวชี้วัดที่ {n}", value) for n, value in enumerate(values, 1)]
    return parse(bar_chart(items, title="คะแนน"))


def test_it_makes_well_formed_svg_for_every_chart():
    for svg in (
        bar_chart([BarItem(LONG, D("4.25"))], title="คะแนนตัวชี้วัด"),
        line_chart([Series("กรม ก", [D(3), D(4)])], x_labels=ROUNDS[:2], title="แนวโน้ม"),
        gauge(D("4.25"), title="คะแนนรวม"),
    ):
        root = parse(svg)
        assert root.tag == "svg"
        assert root.get("viewBox").startswith("0 0 ")
        # Its own width (the stylesheet narrows it on a narrow page); no style attribute, which
        # the Content-Security-Policy would block.
        assert root.get("width") == root.get("viewBox").split()[2]
        assert not any(element.get("style") for element in root.iter())
        assert "Sarabun" in root.get("font-family")


def test_it_names_and_describes_each_chart_for_screen_readers():
    root = parse(bar_chart([BarItem(LONG, D("4.25"))], title="คะแนนตัวชี้วัด"))
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    by_id = {element.get("id"): element for element in root.iter() if element.get("id")}
    assert by_id[title_id].tag == "title"
    assert by_id[title_id].text == "คะแนนตัวชี้วัด"
    assert by_id[desc_id].tag == "desc"
    assert by_id[desc_id].text == f"{LONG}: 4.2500"
    assert root[0].tag == "title"


def test_it_lists_the_line_data_in_the_description():
    root = parse(
        line_chart(
            [Series("กรม ก", [D(3), None])],
            x_labels=["รอบ 6 เดือน 2568", "รอบ 12 เดือน 2568"],
            title="แนวโน้ม",
        )
    )
    desc = root.find("desc").text
    assert desc == "กรม ก: รอบ 6 เดือน 2568 3.0000, รอบ 12 เดือน 2568 ยังไม่มีข้อมูล"


def test_it_escapes_labels_and_titles():
    label = 'การเบิกจ่าย <script>alert("x")</script> & งบลงทุน'
    svg = bar_chart([BarItem(label, D(3), href="/kpi/?a=1&b=2")], title="<b>คะแนน</b> & ผล")
    assert "<script>" not in svg
    assert "<b>" not in svg
    assert "&lt;script&gt;" in svg
    assert "&amp; งบลงทุน" in svg
    root = parse(svg)
    assert root.find("title").text == "<b>คะแนน</b> & ผล"
    link = root.find("a")
    assert link.get("href") == "/kpi/?a=1&b=2"
    assert link.find("g/title").text == f"{label}: 3.0000"
    shown = link.find("g/text").text  # cut to the label column, still escaped and parsed back
    assert shown.startswith('การเบิกจ่าย <script>alert("x")')


def test_it_escapes_line_and_gauge_text():
    svg = line_chart([Series("<i>กรม</i>", [D(3)])], x_labels=["<รอบ>"], title="a & b")
    assert "<i>" not in svg
    assert "<รอบ>" not in svg
    parse(svg)
    svg = gauge(D(3), title="<ผล> & คะแนน")
    assert "&lt;ผล&gt; &amp; คะแนน" in svg
    parse(svg)


def test_it_draws_bar_widths_in_proportion_to_the_values():
    root = score_bars(D(1), D(2), D(4), D(5))
    widths = [D(rect.get("width")) for rect in bars(root)]
    track = D(next(r for r in root.iter("rect") if r.get("class") != "bar").get("width"))
    assert widths[3] == track
    for width, value in zip(widths, (1, 2, 4, 5), strict=True):
        assert abs(width - track * value / 5) <= D("0.01")


def test_it_scales_bars_to_max_value_and_clamps_outside_values():
    items = [BarItem("ก", D(50)), BarItem("ข", D(150)), BarItem("ค", D(-5))]
    root = parse(bar_chart(items, title="ร้อยละ", max_value=D(100), unit="%"))
    half, over, under = (D(rect.get("width")) for rect in bars(root))
    assert over == 2 * half
    assert under == 0
    texts = [text.text for text in root.iter("text")]
    assert "150.0000 %" in texts


@pytest.mark.parametrize(
    ("value", "colour"),
    [
        ("0", "#b42318"),
        ("2.9999", "#b42318"),
        ("3", "#b7791f"),
        ("3.9999", "#b7791f"),
        ("4", "#1e7b4f"),
        ("5", "#1e7b4f"),
    ],
)
def test_it_colours_bars_by_band(value, colour):
    (bar,) = bars(score_bars(D(value)))
    assert bar.get("fill") == colour


def test_it_takes_other_bands():
    bands = [(D(0), "#aaaaaa"), (D(50), "#bbbbbb")]
    items = [BarItem("ก", D(49)), BarItem("ข", D(50))]
    root = parse(bar_chart(items, title="ร้อยละ", max_value=D(100), bands=bands))
    assert [bar.get("fill") for bar in bars(root)] == ["#aaaaaa", "#bbbbbb"]


def test_it_prints_values_with_four_decimals_or_a_given_format():
    root = score_bars(D("4.25"), D("3.14159"))
    texts = [text.text for text in root.iter("text")]
    assert "4.2500" in texts
    assert "3.1416" in texts
    root = parse(
        bar_chart(
            [BarItem("ก", D("92.5"))], title="ร้อยละ", max_value=D(100), value_format="{:.1f}".format
        )
    )
    assert "92.5" in [text.text for text in root.iter("text")]


def test_it_shows_no_data_in_grey_for_a_missing_value():
    root = parse(bar_chart([BarItem("ก", None), BarItem("ข", D(4))], title="คะแนน"))
    assert len(bars(root)) == 1
    missing = [text for text in root.iter("text") if text.text == "ยังไม่มีข้อมูล"]
    assert len(missing) == 1
    assert missing[0].get("fill") == "#5f6b7a"
    assert "ก: ยังไม่มีข้อมูล" in root.find("desc").text


def test_it_draws_an_empty_bar_chart():
    root = parse(bar_chart([], title="คะแนน"))
    assert "ยังไม่มีข้อมูล" in [text.text for text in root.iter("text")]


def test_a_chart_of_links_is_a_named_group_not_a_picture():
    # axe's nested-interactive: the children of role="img" are hidden from screen readers, so a
    # link inside one could not be reached; a chart whose rows are links is a group of named links.
    label = "กรมส่งเสริมการเกษตรและสหกรณ์การเกษตรแห่งประเทศไทย สำนักงานใหญ่"
    linked = parse(bar_chart([BarItem(label, D(4), "/kpi/1/"), BarItem("ข", D(3))], title="ค"))
    assert linked.get("role") == "group"
    assert linked.get("aria-labelledby").split()[0] == linked.find("title").get("id")
    link = linked.find("a")
    assert (
        link.get("aria-label") == f"{label}: 4.0000"
    )  # the full label, though the drawn one is cut
    assert link.find("g/text").text != label
    plain = parse(bar_chart([BarItem("ก", D(4)), BarItem("ข", D(3))], title="ค"))
    assert plain.get("role") == "img"


def test_it_wraps_a_row_with_a_link_only_when_there_is_one():
    root = parse(bar_chart([BarItem("ก", D(4), "/kpi/1/"), BarItem("ข", D(3))], title="ค"))
    links = root.findall("a")
    assert [link.get("href") for link in links] == ["/kpi/1/"]
    assert links[0].find("g/rect").get("class") == "bar"


def test_it_counts_thai_marks_as_zero_width():
    assert display_width("ที่") == 1
    assert display_width("กำ") == 2  # SARA AM takes space of its own
    assert display_width("abc") == 3
    assert display_width("日本") == 4
    assert display_width(LONG) == len([c for c in LONG if unicodedata.category(c) != "Mn"])


def test_it_keeps_thai_clusters_whole():
    assert clusters("ที่สำเร็จ") == ["ที่", "สำ", "เร็จ"]


def test_it_truncates_thai_without_splitting_a_cluster():
    for columns in range(1, display_width(LONG) + 1):
        short = truncate(LONG, columns)
        if columns >= display_width(LONG):
            assert short == LONG
            continue
        assert short.endswith("…")
        kept = short[:-1]
        assert LONG.startswith(kept)
        following = LONG[len(kept)]
        # The next character starts a new cluster: never a mark or SARA AM left behind.
        assert unicodedata.category(following) != "Mn"
        assert following != "ำ"
        assert not kept or kept[-1] not in "เแโใไ"
        assert display_width(short) <= max(columns, 1)


def test_it_truncates_long_bar_labels_but_keeps_the_whole_label_in_the_tooltip():
    label = LONG * 3
    root = parse(bar_chart([BarItem(label, D(4))], title="คะแนน"))
    row = root.find("g[@class='row']")
    assert row.find("title").text == f"{label}: 4.0000"
    shown = row.find("text").text
    assert shown.endswith("…")
    assert label.startswith(shown[:-1])
    assert unicodedata.category(label[len(shown) - 1]) != "Mn"


def test_it_breaks_lines_at_missing_values():
    root = parse(
        line_chart(
            [Series("กรม ก", [D(3), D(4), None, D("4.5"), D(5)])],
            x_labels=[*ROUNDS, "รอบ 6 เดือน 2569"],
            title="แนวโน้ม",
        )
    )
    (path,) = [p for p in root.iter("path") if p.get("class") == "series"]
    commands = path.get("d").split()
    segments = [c for c in commands if c.startswith("M")]
    lines = [c for c in commands if c.startswith("L")]
    assert len(segments) == 2
    assert len(lines) == 2
    points = [g for g in root.iter("g") if g.get("class") == "point"]
    assert len(points) == 4
    values = [text.text for text in root.iter("text")]
    assert {"3.0000", "4.0000", "4.5000", "5.0000"} <= set(values)


def test_it_draws_no_line_for_a_series_without_values():
    root = parse(line_chart([Series("กรม ก", [None, None])], x_labels=ROUNDS[:2], title="ว่าง"))
    assert [p for p in root.iter("path") if p.get("class") == "series"] == []


def test_it_draws_y_grid_lines_at_whole_numbers_and_thai_x_labels():
    root = parse(line_chart([Series("กรม ก", [D(3), D(4)])], x_labels=ROUNDS[:2], title="ก"))
    texts = [text.text for text in root.iter("text")]
    assert {"0", "1", "2", "3", "4", "5"} <= set(texts)
    x_labels = [t for t in root.iter("text") if t.get("class") == "x-label"]
    assert [t.find("title").text for t in x_labels] == ROUNDS[:2]
    assert [t.find("tspan").text for t in x_labels] == ROUNDS[:2]


def test_it_wraps_long_x_labels_at_spaces_and_keeps_the_year():
    labels = [f"รอบ {m} เดือน ปีงบประมาณ {y}" for y in (2566, 2567, 2568, 2569) for m in (6, 12)]
    root = parse(line_chart([Series("ก", [D(3)] * 8)], x_labels=labels, title="ก"))
    x_labels = [t for t in root.iter("text") if t.get("class") == "x-label"]
    assert len(x_labels) == 8
    for text, label in zip(x_labels, labels, strict=True):
        spans = [span.text for span in text.findall("tspan")]
        assert 1 <= len(spans) <= 3
        assert text.find("title").text == label
        for piece in " ".join(spans).split("…"):
            assert piece.strip() in label
        assert spans[-1].endswith(label[-4:])  # the year survives the cut


def test_it_shows_a_legend_with_every_series():
    series = [Series("กรม ก", [D(3)]), Series("กรม ข", [D(4)], colour="#123456")]
    root = parse(line_chart(series, x_labels=ROUNDS[:1], title="ก"))
    legend = [g for g in root.iter("g") if g.get("class") == "legend"]
    assert [g.find("text").text for g in legend] == ["กรม ก", "กรม ข"]
    assert legend[1].find("line").get("stroke") == "#123456"


def test_it_keeps_values_of_close_points_apart():
    series = [Series(name, [value]) for name, value in (("ก", D("3.95")), ("ข", D("3.9")))]
    root = parse(line_chart(series, x_labels=ROUNDS[:1], title="ก"))
    ys = [D(t.get("y")) for t in root.iter("text") if t.text in ("3.9500", "3.9000")]
    assert len(ys) == 2
    assert abs(ys[0] - ys[1]) >= 13


def test_it_refuses_more_values_than_x_labels():
    with pytest.raises(ValueError):
        line_chart([Series("ก", [D(1), D(2)])], x_labels=["รอบ 1"], title="ก")


def value_arc_end(root: ET.Element) -> tuple[str, str]:
    (arc,) = [p for p in root.iter("path") if p.get("class") == "value"]
    return tuple(arc.get("d").split()[-2:])


def track_end(root: ET.Element) -> tuple[str, str]:
    return tuple(root.find("path").get("d").split()[-2:])


def test_it_shows_the_score_in_the_gauge():
    root = parse(gauge(D("4.25678"), title="คะแนนรวม"))
    assert "4.2568" in [text.text for text in root.iter("text")]
    assert value_arc_end(root) != track_end(root)
    assert [p.get("stroke") for p in root.iter("path") if p.get("class") == "value"] == ["#1e7b4f"]


def test_it_clamps_the_gauge_above_the_maximum():
    root = parse(gauge(D(7), title="คะแนนรวม"))
    assert value_arc_end(root) == track_end(root)
    assert "7.0000" in [text.text for text in root.iter("text")]
    root = parse(gauge(D(-1), title="คะแนนรวม"))
    assert [p for p in root.iter("path") if p.get("class") == "value"] == []


def test_it_shows_no_data_in_an_empty_gauge():
    root = parse(gauge(None, title="คะแนนรวม"))
    assert "ยังไม่มีข้อมูล" in [text.text for text in root.iter("text")]
    assert root.find("line[@class='needle']") is None


def test_it_makes_the_same_markup_for_the_same_data():
    def charts(value):
        return (
            bar_chart([BarItem(LONG, value)], title="ก"),
            line_chart([Series("ก", [value, D(3)])], x_labels=ROUNDS[:2], title="ก"),
            gauge(value, title="ก"),
        )

    assert charts(D("4.25")) == charts(D("4.25"))
    for first, second in zip(charts(D("4.25")), charts(D("3.5")), strict=True):
        assert parse(first).get("aria-labelledby") != parse(second).get("aria-labelledby")


def test_it_gives_charts_with_other_titles_other_ids():
    first = parse(gauge(D(4), title="ก")).find("title").get("id")
    second = parse(gauge(D(4), title="ข")).find("title").get("id")
    assert first != second


def test_it_refers_to_nothing_on_the_network():
    outputs = [
        bar_chart([BarItem(LONG, D(4), "/kpi/1/"), BarItem("ข", None)], title="ก"),
        line_chart([Series("ก", [D(3), None, D(4)])], x_labels=ROUNDS[:3], title="ก"),
        gauge(D(4), title="ก"),
        gauge(None, title="ก"),
    ]
    for svg in outputs:
        assert "http" not in svg
        assert "url(" not in svg
        assert "<script" not in svg


def test_it_renders_the_chart_tags_in_a_template():
    template = Template(
        "{% load charts %}"
        "{% bar_chart items title='คะแนน' max_value=5 %}"
        "{% line_chart series x_labels=rounds title='แนวโน้ม' %}"
        "{% gauge score title='คะแนนรวม' %}"
    )
    html = template.render(
        Context(
            {
                "items": [{"label": "ก <&>", "value": D(4), "href": "/kpi/1/"}, ("ข", "2.5")],
                "series": [{"name": "กรม ก", "values": [D(3), None]}],
                "rounds": ROUNDS[:2],
                "score": "4.5",
            }
        )
    )
    assert html.count("<svg ") == 3
    assert "ก &lt;&amp;&gt;" in html
    assert "&amp;lt;" not in html  # escaped once, not twice
    assert "2.5000" in html
    assert "4.5000" in html


def test_the_score_bands_follow_the_settings(settings):
    from khamrap.lib.charts.bands import band_name, chart_bands
    from khamrap.web.templatetags.numbers import band

    assert [band(v) for v in ("2.9999", "3", "3.9999", "4", None)] == [
        "red",
        "yellow",
        "yellow",
        "green",
        "none",
    ]
    settings.SCORE_BAND_YELLOW_FROM, settings.SCORE_BAND_GREEN_FROM = "2.5", "4.5"
    assert [band_name(v) for v in ("2.4999", "2.5", "4.4999", "4.5")] == [
        "red",
        "yellow",
        "yellow",
        "green",
    ]
    assert [str(threshold) for threshold, _colour in chart_bands()] == ["0", "2.5", "4.5"]
