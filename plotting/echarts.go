package plotting

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"

	"github.com/plmlab/plmlab/figure"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// Chart is an interactive ECharts chart: its option (JSON, built with
// go-echarts) and the size of its box. HTML gives the div and script that
// draw it once the ECharts library is on the page (see LoadECharts).
type Chart struct {
	ID     string
	Option string
	Width  string // CSS width, default "100%"
	Height string // CSS height, default "380px"
}

// ChartClass marks every chart's div, so page checks can count charts and
// the canvases ECharts drew into them.
const ChartClass = "plmlab-chart"

func NewID() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return "plm" + hex.EncodeToString(b[:])
}

// htmlColors is the series colour cycle of the interactive charts (the
// same Okabe–Ito palette as the static ones).
var htmlColors = []string{"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"}

// HTML returns the chart's div and a script that draws it as soon as the
// ECharts library is loaded (it waits up to 20 s, then says what to do).
func (c *Chart) HTML() string {
	w, h := c.Width, c.Height
	if w == "" {
		w = "100%"
	}
	if h == "" {
		h = "380px"
	}
	return fmt.Sprintf(`<div class="%s" id="%s" style="width:%s;max-width:960px;height:%s"></div>
<script>(function(){var el=document.getElementById(%q);var opt=%s;
function draw(){if(!window.echarts)return false;var c=echarts.getInstanceByDom(el)||echarts.init(el,null,{renderer:"canvas"});c.setOption(opt,true);window.addEventListener("resize",function(){c.resize();});return true;}
if(!draw()){var n=0;var t=setInterval(function(){if(draw()){clearInterval(t);}else if(++n>200){clearInterval(t);el.innerHTML="<p style='color:#b00'>ECharts is not loaded: run the notebook's first cell, nb.Start() (it loads ECharts).</p>";}},100);}
})();</script>`, ChartClass, c.ID, w, h, c.ID, c.Option)
}

func base(p *figure.Panel) []charts.GlobalOpts {
	title := p.Title
	if title == "" {
		title = p.Panel
	}
	legend := opts.Legend{Show: opts.Bool(true), Top: "28", Type: "scroll"}
	return []charts.GlobalOpts{
		charts.WithInitializationOpts(opts.Initialization{Renderer: "canvas"}),
		charts.WithTitleOpts(opts.Title{Title: title, Left: "center", TitleStyle: &opts.TextStyle{FontSize: 15}}),
		charts.WithLegendOpts(legend),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithGridOpts(opts.Grid{Top: "70", Left: "60", Right: "30", Bottom: "55"}),
		charts.WithToolboxOpts(opts.Toolbox{Show: opts.Bool(true), Right: "20", Feature: &opts.ToolBoxFeature{
			SaveAsImage: &opts.ToolBoxFeatureSaveAsImage{Show: opts.Bool(true), Title: "save PNG"},
			DataZoom:    &opts.ToolBoxFeatureDataZoom{Show: opts.Bool(true)},
		}}),
		charts.WithColorsOpts(opts.Colors(htmlColors)),
	}
}

func axisType(log bool) string {
	if log {
		return "log"
	}
	return "value"
}

// LineChart draws a panel's series as lines on value axes (log x if the
// panel says so); series with error bars get a shaded ±error band, dashed
// series are reference lines.
func LineChart(p *figure.Panel) *Chart {
	p, _ = drawable(p)
	l := charts.NewLine()
	g := base(p)
	g = append(g,
		charts.WithXAxisOpts(opts.XAxis{Type: axisType(p.LogX), Name: p.XLabel, NameLocation: "middle", NameGap: 30, Scale: opts.Bool(true)}),
		charts.WithYAxisOpts(opts.YAxis{Type: axisType(p.LogY), Name: p.YLabel, NameLocation: "middle", NameGap: 45, Scale: opts.Bool(true)}),
	)
	l.SetGlobalOptions(g...)
	var bands []band
	k := -1 // palette index: faint series take none
	for _, s := range p.Series {
		if !s.Faint {
			k++
		}
		col, size := htmlColors[max(k, 0)%len(htmlColors)], 5
		if s.Faint {
			col, size = "#c8c8c8", 3
		}
		data := make([]opts.LineData, 0, len(s.X))
		for i := range s.X {
			data = append(data, opts.LineData{Value: []any{s.X[i], finiteOrNil(s.Y[i])}})
		}
		style := opts.LineStyle{Width: 2, Color: col}
		if s.Dashed {
			style.Type = "dashed"
		}
		if s.Points {
			style.Width = 0
			style.Opacity = opts.Float(0)
		}
		l.AddSeries(s.Name, data,
			charts.WithLineStyleOpts(style),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: col}),
			charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool((len(s.X) <= 60 && !s.Dashed) || s.Points), SymbolSize: size}),
		)
		if s.YErr != nil {
			bands = append(bands, band{series: s, color: col})
		}
	}
	return &Chart{ID: NewID(), Option: withBands(l.RenderSnippet().Option, bands, p.LogY)}
}

// band is a shaded y ± error region drawn under a series.
type band struct {
	series figure.Series
	color  string
}

// withBands appends one ECharts custom series per band to the option: a
// polygon through (x, y+err) forwards and (x, y−err) backwards, drawn by a
// small renderItem function (go-echarts has no band series).
func withBands(option string, bands []band, logY bool) string {
	if len(bands) == 0 {
		return option
	}
	var o map[string]any
	if err := json.Unmarshal([]byte(option), &o); err != nil {
		return option
	}
	series, _ := o["series"].([]any)
	funcs := map[string]string{}
	for k, b := range bands {
		var pts [][3]float64
		for i, x := range b.series.X {
			y, e := b.series.Y[i], b.series.YErr[i]
			if math.IsNaN(y) || math.IsNaN(e) || math.IsInf(y, 0) || math.IsInf(e, 0) {
				continue
			}
			pts = append(pts, [3]float64{x, errorLow(y, e, logY), y + e})
		}
		if len(pts) == 0 {
			continue
		}
		data, _ := json.Marshal(pts)
		key := fmt.Sprintf("__plmband%d__", k)
		funcs[key] = fmt.Sprintf(`function(p,api){if(p.dataIndex>0)return;var d=%s,q=[],i;for(i=0;i<d.length;i++)q.push(api.coord([d[i][0],d[i][2]]));for(i=d.length-1;i>=0;i--)q.push(api.coord([d[i][0],d[i][1]]));return {type:"polygon",shape:{points:q},style:{fill:%q,opacity:0.2},silent:true};}`, data, b.color)
		series = append(series, map[string]any{
			"type": "custom", "name": b.series.Name, "renderItem": key, "silent": true, "z": 1,
			"data": [][]float64{{pts[0][0], pts[0][1]}}, "tooltip": map[string]any{"show": false},
		})
	}
	o["series"] = series
	out, err := json.Marshal(o)
	if err != nil {
		return option
	}
	js := string(out)
	for key, fn := range funcs {
		js = strings.Replace(js, strconv.Quote(key), fn, 1)
	}
	return js
}

// clamp32 keeps a colour-scale bound within float32 (go-echarts' type).
func clamp32(v float64) float32 {
	return float32(math.Max(-math.MaxFloat32, math.Min(math.MaxFloat32, v)))
}

func finiteOrNil(v float64) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return v
}

// HeatmapChart draws one heat map of a panel with a colour scale from the
// data's range (or [lo, hi] when lo < hi).
func HeatmapChart(p *figure.Panel, h figure.Heatmap, lo, hi float64) *Chart {
	hm := charts.NewHeatMap()
	if q, _ := drawable(&figure.Panel{Panel: "h", Heatmaps: []figure.Heatmap{h}}); len(q.Heatmaps) == 1 {
		h = q.Heatmaps[0]
	} else {
		h = figure.Heatmap{Name: h.Name}
	}
	if !(lo < hi) || !finiteIn(lo) || !finiteIn(hi) {
		lo, hi = zRange([]figure.Heatmap{h})
	}
	labels := func(v []float64) []string {
		out := make([]string, len(v))
		for i, x := range v {
			out[i] = fmt.Sprintf("%.3g", x) // NaN and ±Inf are labels like any other
		}
		return out
	}
	q := *p
	q.Title = h.Name
	g := base(&q)
	g = append(g, // later options override base()'s tooltip, legend and grid
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Data: labels(h.X), Name: p.XLabel, NameLocation: "middle", NameGap: 30}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Data: labels(h.Y), Name: p.YLabel, NameLocation: "middle", NameGap: 45}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true)}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Top: "50", Left: "70", Right: "90", Bottom: "55"}),
		charts.WithVisualMapOpts(opts.VisualMap{
			Calculable: opts.Bool(true), Min: clamp32(lo), Max: clamp32(hi), Orient: "vertical", Right: "5", Top: "middle",
			InRange: &opts.VisualMapInRange{Color: []string{"#3b4cc0", "#dddddd", "#b40426"}},
		}),
	)
	hm.SetGlobalOptions(g...)
	var data []opts.HeatMapData
	for r, row := range h.Z {
		for c, v := range row {
			data = append(data, opts.HeatMapData{Value: [3]any{c, r, finiteOrNil(v)}})
		}
	}
	hm.AddSeries(h.Name, data)
	return &Chart{ID: NewID(), Option: hm.RenderSnippet().Option, Height: "420px"}
}

// Charts returns a panel's charts: one line chart if it has series, then
// one heat map per grid (sharing one colour scale across the panel).
func Charts(p *figure.Panel) []*Chart {
	p, _ = drawable(p)
	var out []*Chart
	overlay := p.SeriesOverFirst && len(p.Heatmaps) > 0
	if len(p.Series) > 0 && !overlay {
		out = append(out, LineChart(p))
	}
	lo, hi := zRange(p.Heatmaps)
	for k, h := range p.Heatmaps {
		c := HeatmapChart(p, h, lo, hi)
		if k == 0 && overlay {
			overlayLines(c, p.Series, h)
		}
		out = append(out, c)
	}
	return out
}

// overlayLines adds series to a heat-map chart as lines: the heat map's
// category axes are cell indices, so hidden value axes in index units lie
// over them and each point (x, y) is placed at its fractional cell index
// (piecewise linear between cell centres); points beyond the map's edge
// break the line.
func overlayLines(c *Chart, series []figure.Series, h figure.Heatmap) {
	var opt map[string]any
	if !increasing(h.X) || !increasing(h.Y) || json.Unmarshal([]byte(c.Option), &opt) != nil {
		return
	}
	list := func(v any) []any {
		if l, ok := v.([]any); ok {
			return l
		}
		if v == nil {
			return nil
		}
		return []any{v}
	}
	hidden := func(n int) map[string]any {
		return map[string]any{"type": "value", "min": -0.5, "max": float64(n) - 0.5, "show": false}
	}
	opt["xAxis"] = append(list(opt["xAxis"]), hidden(len(h.X)))
	opt["yAxis"] = append(list(opt["yAxis"]), hidden(len(h.Y)))
	ss := list(opt["series"])
	var names []any
	colours := []string{"#111111", "#444444", "#777777"}
	for k, s := range series {
		var data []any
		for i := range s.X {
			ix, okx := cellIndex(h.X, s.X[i])
			iy, oky := cellIndex(h.Y, s.Y[i])
			if okx && oky {
				data = append(data, []float64{ix, iy})
			} else {
				data = append(data, nil)
			}
		}
		style := "solid"
		if s.Dashed {
			style = "dashed"
		}
		ss = append(ss, map[string]any{"type": "line", "name": s.Name, "data": data, "xAxisIndex": 1, "yAxisIndex": 1, "showSymbol": false, "z": 10,
			"lineStyle": map[string]any{"type": style, "width": 2, "color": colours[k%len(colours)]}, "itemStyle": map[string]any{"color": colours[k%len(colours)]}})
		names = append(names, s.Name)
	}
	opt["series"] = ss
	opt["legend"] = map[string]any{"show": true, "data": names, "top": 24}
	if b, err := json.Marshal(opt); err == nil {
		c.Option = string(b)
	}
}

// cellIndex maps x to its fractional cell index on the increasing grid v,
// and whether it lies within the map (half a cell beyond the end centres).
func cellIndex(v []float64, x float64) (float64, bool) {
	n := len(v)
	if n == 0 || !finiteIn(x) {
		return 0, false
	}
	if n == 1 {
		return 0, math.Abs(x-v[0]) <= 0.5
	}
	var idx float64
	switch {
	case x <= v[0]:
		idx = (x - v[0]) / (v[1] - v[0])
	case x >= v[n-1]:
		idx = float64(n-1) + (x-v[n-1])/(v[n-1]-v[n-2])
	default:
		k := 0
		for v[k+1] < x {
			k++
		}
		idx = float64(k) + (x-v[k])/(v[k+1]-v[k])
	}
	return idx, idx >= -0.5 && idx <= float64(n)-0.5
}

// Row lays charts side by side (wrapping on narrow screens).
func Row(cs ...*Chart) string {
	var b strings.Builder
	b.WriteString(`<div style="display:flex;flex-wrap:wrap;gap:8px">`)
	for _, c := range cs {
		if c.Width == "" {
			c.Width = "460px"
		}
		fmt.Fprintf(&b, `<div style="flex:1 1 460px;min-width:320px">%s</div>`, c.HTML())
	}
	b.WriteString(`</div>`)
	return b.String()
}

// Caption is a small paragraph of text under a chart.
func Caption(text string) string {
	return `<p style="font-size:90%;color:#444;max-width:900px">` + html.EscapeString(text) + `</p>`
}
