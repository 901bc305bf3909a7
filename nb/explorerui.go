package nb

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/comms"

	"github.com/plmlab/plmlab/experiment"
)

// explorerUI is an explorer's page side: a panel of controls with a status
// line, and the figures under it, two GoNB displays updated in place.
// The controls talk to the cell over GoNB's comms (its WebSocket to the
// Jupyter server): control k sends "seq,position" to ADDR/k, Done sends
// to ADDR/done, and the page announces itself on ADDR/ready until the cell
// acknowledges on ADDR/ack; the cell sends the status line to
// ADDR/status.
type explorerUI struct {
	b                *binding
	id, addr         string
	panelID, chartID string

	mu       sync.Mutex
	lastHTML string
	lastStat time.Time
}

func newExplorerUI(b *binding) *explorerUI {
	id := gonbui.UniqueId()
	return &explorerUI{b: b, id: "plmlab-explore-" + id, addr: "/plmlab/explore/" + id,
		panelID: "plmlab-explore-panel-" + id, chartID: "plmlab-explore-chart-" + id}
}

// connect shows the controls and waits until the page's script answers;
// it then returns the controls' events. Without an answer within timeout
// (no page runs the script) it removes the controls and says so.
func (u *explorerUI) connect(ctx context.Context, timeout time.Duration) (<-chan change, error) {
	events := make(chan change, 256)
	ready := make(chan struct{})
	var once sync.Once
	for k := range u.b.controls {
		comms.Subscribe(fmt.Sprintf("%s/%d", u.addr, k), func(_ string, v string) {
			if e, ok := parseChange(k, v); ok {
				select {
				case events <- e:
				default: // full: the page is far ahead; later events carry the latest value
				}
			}
		})
	}
	comms.Subscribe(u.addr+"/done", func(string, int) {
		select {
		case events <- change{control: -1}:
		default:
		}
	})
	comms.Subscribe(u.addr+"/ready", func(string, int) {
		once.Do(func() { close(ready) })
		comms.Send(u.addr+"/ack", 1)
	})
	gonbui.UpdateHTML(u.panelID, u.panelHTML())
	gonbui.Sync()
	select {
	case <-ready:
		return events, nil
	case <-ctx.Done():
		gonbui.UpdateHTML(u.panelID, "")
		return nil, fmt.Errorf("interrupted before the controls connected")
	case <-time.After(timeout):
		gonbui.UpdateHTML(u.panelID, "")
		gonbui.Sync()
		return nil, fmt.Errorf("the controls got no answer from the page within %v (a headless run?): the figure is static", timeout)
	}
}

// parseChange reads "seq,position".
func parseChange(k int, v string) (change, bool) {
	a, b, ok := strings.Cut(v, ",")
	if !ok {
		return change{}, false
	}
	seq, err1 := strconv.ParseInt(a, 10, 64)
	pos, err2 := strconv.Atoi(b)
	if err1 != nil || err2 != nil {
		return change{}, false
	}
	return change{control: k, pos: pos, seq: seq}, true
}

// draw shows a result (or an error) in place of the previous figures.
func (u *explorerUI) draw(pos []int, r experiment.Result, err error) {
	head := `<div style="font-family:sans-serif;font-size:90%;color:#333;margin:2px 0">` + html.EscapeString(u.b.describe(pos)) + `</div>`
	var body string
	if err != nil {
		body = errorHTML(err)
		u.status("error at "+u.b.describe(pos), true)
	} else {
		body = figuresHTML(r.Figures())
		u.status("drawn: "+u.b.describe(pos), true)
	}
	u.mu.Lock()
	u.lastHTML = head + body
	u.mu.Unlock()
	gonbui.UpdateHTML(u.chartID, head+body)
	gonbui.Sync()
}

// status sets the line under the controls, at most every 250 ms unless
// force is set.
func (u *explorerUI) status(s string, force bool) {
	u.mu.Lock()
	if !force && time.Since(u.lastStat) < 250*time.Millisecond {
		u.mu.Unlock()
		return
	}
	u.lastStat = time.Now()
	u.mu.Unlock()
	comms.Send(u.addr+"/status", s)
}

// close removes the controls and leaves the last figure as a permanent
// output (saved with the notebook).
func (u *explorerUI) close(pos []int, why string) {
	u.mu.Lock()
	last := u.lastHTML
	u.mu.Unlock()
	reason := map[string]string{endDone: "Done clicked", endIdle: "no change for a while", endInterrupted: "kernel interrupted"}[why]
	gonbui.UpdateHTML(u.panelID, "")
	gonbui.UpdateHTML(u.chartID, "")
	gonbui.DisplayHTML(last + `<p style="font-size:85%;color:#555">Explored (` + html.EscapeString(reason) +
		`): the controls are closed at ` + html.EscapeString(u.b.describe(pos)) + `. Run the cell again to explore.</p>`)
	gonbui.Sync()
}

// panelHTML is the controls, the status line, the Done button and the
// script that connects them (it waits for GoNB's gonb_comm, installed by
// the kernel when the cell subscribes).
func (u *explorerUI) panelHTML() string {
	var b strings.Builder
	fmt.Fprintf(&b, `<div id="%s" class="plmlab-explorer" style="font-family:sans-serif;font-size:90%%;border:1px solid #ccc;border-radius:4px;padding:6px 10px;max-width:760px">`, u.id)
	labels := make([][]string, len(u.b.controls))
	for k, c := range u.b.controls {
		labels[k] = c.labels()
		fmt.Fprintf(&b, `<div style="margin:3px 0"><label style="display:inline-block;min-width:90px">%s</label> `, html.EscapeString(c.Label))
		if c.Select {
			fmt.Fprintf(&b, `<select data-k="%d" style="display:inline-block;width:auto">`, k)
			for i := range c.Values {
				sel := ""
				if i == c.Start {
					sel = " selected"
				}
				fmt.Fprintf(&b, `<option value="%d"%s>%s</option>`, i, sel, html.EscapeString(c.label(i)))
			}
			b.WriteString(`</select>`)
		} else {
			fmt.Fprintf(&b, `<input type="range" data-k="%d" min="0" max="%d" value="%d" style="display:inline-block;width:320px;vertical-align:middle;margin:0"> <span class="plmlab-value" data-k="%d" style="font-family:monospace">%s</span>`,
				k, len(c.Values)-1, c.Start, k, html.EscapeString(c.label(c.Start)))
		}
		b.WriteString(`</div>`)
	}
	fmt.Fprintf(&b, `<div style="margin-top:4px"><button class="plmlab-done">Done</button> <span class="plmlab-status" style="font-size:85%%;color:#555">connecting to the kernel …</span></div>`)
	b.WriteString(`<div style="font-size:80%;color:#777;margin-top:3px">The kernel is busy while these controls are live: click Done (or interrupt the kernel) to run other cells.</div></div>`)
	vals, _ := json.Marshal(labels)
	fmt.Fprintf(&b, `<script>(function(){
const root=document.getElementById(%q), addr=%q, vals=%s;
if(!root) return;
let seq=0, tries=0;
function go(){
  const c=globalThis.gonb_comm;
  if(!c){ if(++tries<300){setTimeout(go,100);} else {console.error("plmlab explorer: no GoNB connection (gonb_comm)");} return; }
  let acked=false;
  c.subscribe(addr+"/ack",()=>{acked=true;});
  const st=root.querySelector("span.plmlab-status");
  c.subscribe(addr+"/status",(a,v)=>{ if(st) st.textContent=v; });
  (function hello(){ if(acked) return; c.send(addr+"/ready",1); setTimeout(hello,1000); })();
  root.querySelectorAll("[data-k]").forEach((el)=>{
    if(el.tagName==="SPAN") return;
    const k=el.dataset.k, out=root.querySelector('span.plmlab-value[data-k="'+k+'"]');
    el.addEventListener("input",()=>{ if(out) out.textContent=vals[k][el.value]; c.send(addr+"/"+k,(++seq)+","+el.value); });
    el.addEventListener("change",()=>{ el.setAttribute("value",el.value); c.send(addr+"/"+k,(++seq)+","+el.value); });
  });
  root.querySelector("button.plmlab-done").addEventListener("click",()=>{ c.send(addr+"/done",1); });
}
go();
})();</script>`, u.id, u.addr, vals)
	return b.String()
}
