// Live check of the explorers: drives a running classic Jupyter Notebook
// in headless Chromium (puppeteer-core), runs a notebook's import,
// parameters and explorer cells with the plmlab kernel, moves each control
// of the explorer and checks that the chart's data changed, that no error
// output appeared, and that Done closes the controls and frees the kernel;
// then runs the explorer again and interrupts the kernel, which must do the
// same.
//
//   node scripts/live/check.js URL NOTEBOOK SCREENSHOT_DIR
//
// URL is the server's base with its token (http://127.0.0.1:8890/?token=…),
// NOTEBOOK a path under the server's notebook directory. CHROME names the
// browser (default: chromium). Exit status 0 when every check passed.
"use strict";
const puppeteer = require("puppeteer-core");
const fs = require("fs");
const path = require("path");

const [base, notebook, shots] = process.argv.slice(2);
if (!base || !notebook || !shots) {
  console.error("usage: node scripts/live/check.js URL NOTEBOOK SCREENSHOT_DIR");
  process.exit(2);
}
const say = (s) => console.log("live: " + s);
const fail = (s) => { console.error("live: FAILED: " + s); process.exitCode = 1; };

async function until(page, what, fn, arg, ms) {
  try {
    await page.waitForFunction(fn, { timeout: ms, polling: 200 }, arg);
  } catch (e) {
    throw new Error(`${what}: not within ${ms / 1000} s`);
  }
}

// fingerprint is the data of every chart in cell k's outputs (installed
// in the page as window.plmlabFingerprint).
const fingerprint = (k) => {
  const cell = Jupyter.notebook.get_cell(k).element[0];
  const out = [];
  cell.querySelectorAll(".output_area div[id]").forEach((el) => {
    const c = window.echarts && echarts.getInstanceByDom(el);
    if (c) out.push(JSON.stringify((c.getOption().series || []).map((s) => s.data)));
  });
  return out.join("|");
};

(async () => {
  fs.mkdirSync(shots, { recursive: true });
  const prof = fs.mkdtempSync(path.join(require("os").tmpdir(), "plmlab-live-"));
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROME || "chromium",
    headless: true,
    userDataDir: prof,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  const consoleErrors = [];
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1200, height: 1600 });
    page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
    page.on("pageerror", (e) => consoleErrors.push(String(e)));
    const u = new URL(base);
    const token = u.searchParams.get("token") || "";
    await page.goto(`${u.origin}/notebooks/${notebook}?token=${token}`, { waitUntil: "domcontentloaded", timeout: 60000 });
    await until(page, "the notebook and its kernel", () => window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel &&
      Jupyter.notebook.kernel.is_connected(), null, 120000);
    say(`${notebook} open, kernel ${await page.evaluate(() => Jupyter.notebook.kernel.name)} connected`);

    // The cells to run: imports (the first code cell), parameters, the explorer.
    const cells = await page.evaluate(() => {
      const cs = Jupyter.notebook.get_cells();
      const first = cs.findIndex((c) => c.cell_type === "code");
      const params = cs.findIndex((c) => (c.metadata.tags || []).includes("parameters"));
      const explorer = cs.findIndex((c) => c.cell_type === "code" && c.get_text().includes("nb.Explore("));
      return { first, params, explorer };
    });
    if (cells.explorer < 0) throw new Error("no explorer cell (nb.Explore) in " + notebook);
    await page.evaluate(`window.plmlabFingerprint = ${fingerprint.toString()}`);
    for (const k of [cells.first, cells.params]) {
      await page.evaluate((k) => Jupyter.notebook.get_cell(k).execute(), k);
    }
    await page.evaluate((k) => Jupyter.notebook.get_cell(k).execute(), cells.explorer);
    const k = cells.explorer;
    await until(page, "the explorer's controls", (k) => {
      const el = Jupyter.notebook.get_cell(k).element[0];
      return el.querySelector(".plmlab-explorer .plmlab-status") &&
        /^drawn/.test(el.querySelector(".plmlab-explorer .plmlab-status").textContent) && el.querySelector(".output_area canvas");
    }, k, 240000);
    say("controls live, first figure drawn");
    const show = (k) => Jupyter.notebook.get_cell(k).element[0].scrollIntoView();
    await page.evaluate(show, k);
    await new Promise((r) => setTimeout(r, 1500)); // the charts' animation
    await page.screenshot({ path: path.join(shots, "explorer-start.png") });

    const controls = await page.evaluate((k) => Array.from(Jupyter.notebook.get_cell(k).element[0]
      .querySelectorAll(".plmlab-explorer input[type=range], .plmlab-explorer select"))
      .map((el) => ({ k: el.dataset.k, tag: el.tagName, max: el.tagName === "SELECT" ? el.options.length - 1 : +el.max, value: +el.value })), k);
    if (controls.length === 0) throw new Error("the explorer shows no control");
    for (const c of controls) {
      const before = await page.evaluate((k) => window.plmlabFingerprint(k), k);
      const step = Math.max(1, Math.floor((c.max - c.value) / 2));
      const target = c.value + step <= c.max ? c.value + step : 0;
      const label = await page.evaluate((k, ck, target) => {
        const root = Jupyter.notebook.get_cell(k).element[0].querySelector(".plmlab-explorer");
        const el = root.querySelector(`[data-k="${ck}"]:not(span)`);
        el.value = String(target);
        el.dispatchEvent(new Event("input"));
        el.dispatchEvent(new Event("change"));
        return el.tagName === "SELECT" ? el.options[el.selectedIndex].text : root.querySelector(`span.plmlab-value[data-k="${ck}"]`).textContent;
      }, k, c.k, target);
      await until(page, `a redraw after control ${c.k} moved to ${label}`, ([k, label, before]) => {
        const el = Jupyter.notebook.get_cell(k).element[0];
        const st = el.querySelector(".plmlab-explorer .plmlab-status");
        const fp = window.plmlabFingerprint(k);
        return st && /^drawn/.test(st.textContent) && st.textContent.includes("= " + label) && fp !== before && fp !== "";
      }, [k, label, before], 240000);
      say(`control ${+c.k + 1} (${c.tag === "SELECT" ? "select" : "slider"}) → ${label}: chart data changed`);
    }
    await page.evaluate(show, k);
    await new Promise((r) => setTimeout(r, 1500)); // the charts' animation
    await page.screenshot({ path: path.join(shots, "explorer-moved.png") });

    const errors = await page.evaluate((k) => {
      const el = Jupyter.notebook.get_cell(k).element[0];
      const out = [];
      el.querySelectorAll(".output_error, .output_stderr").forEach((e) => out.push(e.textContent.slice(0, 300)));
      el.querySelectorAll("pre").forEach((e) => { if (/color:\s*#b00/.test(e.getAttribute("style") || "")) out.push(e.textContent.slice(0, 300)); });
      return out;
    }, k);
    if (errors.length) fail("error output in the explorer cell: " + errors.join(" | "));
    else say("no error output");

    await page.evaluate((k) => Jupyter.notebook.get_cell(k).element[0].querySelector(".plmlab-explorer button.plmlab-done").click(), k);
    await until(page, "Done to close the controls and free the kernel", (k) => {
      const el = Jupyter.notebook.get_cell(k).element[0];
      return !el.querySelector(".plmlab-explorer") && /Explored \(Done clicked\)/.test(el.textContent) &&
        !/\*/.test(el.querySelector(".input_prompt").textContent) && el.querySelector(".output_area canvas");
    }, k, 60000);
    say("Done: controls closed, last figure kept, kernel idle");

    // Again, ended by a kernel interrupt this time.
    await page.evaluate((k) => Jupyter.notebook.get_cell(k).execute(), k);
    await until(page, "the explorer's controls, second run", (k) => {
      const st = Jupyter.notebook.get_cell(k).element[0].querySelector(".plmlab-explorer .plmlab-status");
      return st && /^drawn/.test(st.textContent);
    }, k, 240000);
    await page.evaluate(() => Jupyter.notebook.kernel.interrupt());
    await until(page, "an interrupt to close the controls and free the kernel", (k) => {
      const el = Jupyter.notebook.get_cell(k).element[0];
      return !el.querySelector(".plmlab-explorer") && /Explored \(kernel interrupted\)/.test(el.textContent) &&
        !/\*/.test(el.querySelector(".input_prompt").textContent) && el.querySelector(".output_area canvas");
    }, k, 60000);
    say("interrupt: controls closed, last figure kept, kernel idle");
    const bad = consoleErrors.filter((e) => /gonb|plmlab|explorer|echarts/i.test(e));
    if (bad.length) fail("browser console: " + bad.join(" | "));
  } catch (e) {
    fail(e.message);
    try {
      const pages = await browser.pages();
      if (pages.length) await pages[pages.length - 1].screenshot({ path: path.join(shots, "explorer-failed.png") });
    } catch (_) { /* the browser is gone */ }
    if (consoleErrors.length) console.error("live: browser console:\n  " + consoleErrors.slice(-10).join("\n  "));
  } finally {
    await browser.close();
    fs.rmSync(prof, { recursive: true, force: true });
  }
})();
