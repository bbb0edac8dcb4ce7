// deterrence explore: the what-if page.
//
// Every control that holds a value carries data-param (its --set key).  On each
// change the page writes each visible control's value as a TOML literal, keeps
// those that differ from the loaded config (data-base), puts them in the URL
// and asks /api/solve for the outputs; the server checks them as
// `deterrence solve --set` does.  One request is in flight at a time: changes
// made meanwhile are coalesced into the next one.  The figure follows the
// outputs, one request at a time as well.
"use strict";

(() => {
  const form = document.getElementById("controls");
  const table = document.getElementById("outputs");
  const tbody = table.querySelector("tbody");
  const status = document.getElementById("status");
  const figure = document.getElementById("figure");
  const img = document.getElementById("figure-img");
  const cli = document.getElementById("cli");
  const notice = document.getElementById("notice");
  const data = JSON.parse(document.getElementById("explorer-data").textContent);

  const run = {
    wanted: null, // the settings to solve next (a query string), or null
    localErrors: false, // a control holds something that is not a number
    inflight: false,
    lastGood: null, // the settings whose outputs are shown
    figureWanted: null,
    figureInflight: false,
    changedAt: 0,
    timings: [], // ms from a change to its outputs on the page
    figureTimings: [], // ms from a change to its figure on the page
    generation: 0,
  };

  // ------------------------------------------------------------ TOML literals
  const BARE = /^[A-Za-z_][A-Za-z0-9_-]*$/;
  const RESERVED = new Set(["true", "false", "inf", "nan"]);

  function numberOf(text) {
    const t = String(text ?? "").trim();
    if (t === "") return { error: "enter a number" };
    const x = Number(t);
    if (!Number.isFinite(x)) return { error: `${t} is not a finite number` };
    return { literal: String(x), value: x };
  }

  function stringOf(text) {
    return BARE.test(text) && !RESERVED.has(text) ? text : JSON.stringify(text);
  }

  // The value of one control (wrapper .control) as a TOML literal, read from
  // the inputs' values (which = "value") or from the loaded config (which = "base").
  function literal(wrapper, which) {
    const read = (el) => (which === "value" ? el.value : el.dataset.base);
    const kind = wrapper.dataset.kind;
    const own = (selector) => [...wrapper.querySelectorAll(selector)];
    const numbers = (els) => {
      const out = els.map((el) => numberOf(read(el)));
      const bad = out.find((r) => r.error);
      return bad ? { error: bad.error } : { items: out };
    };
    if (kind === "choice") {
      return { literal: stringOf(read(own("select[data-param]")[0])) };
    }
    if (kind === "real") {
      return numberOf(read(own("input[type=number][data-param]")[0]));
    }
    if (kind === "list") {
      const r = numbers(own("input[type=number][data-index]"));
      return r.error ? r : { literal: `[${r.items.map((i) => i.literal).join(", ")}]` };
    }
    // an interval: a point, [lo, hi], or an inline table of another form
    const formSelect = own("select[data-part=form]")[0];
    const chosen = formSelect ? read(formSelect) : "interval";
    if (chosen === "interval") {
      const lo = own('input[type=number][data-bound="lo"]')[0];
      const hi = own('input[type=number][data-bound="hi"]')[0];
      const r = numbers([lo, hi]);
      if (r.error) return r;
      const [a, b] = r.items;
      return { literal: a.value === b.value ? a.literal : `[${a.literal}, ${b.literal}]` };
    }
    const group = wrapper.querySelector(`[data-form="${chosen}"]`);
    const r = numbers([...group.querySelectorAll("input[type=number]")]);
    return r.error ? r : { literal: `{ ${chosen} = [${r.items.map((i) => i.literal).join(", ")}] }` };
  }

  // ------------------------------------------------------------ the controls
  const wrappers = () => [...form.querySelectorAll(".control")];

  function governing(key) {
    const el = form.querySelector(`[data-control="${key}"] select[data-param]`);
    return el ? el.value : null;
  }

  function syncVisibility() {
    for (const w of wrappers()) {
      if (w.dataset.appliesKey) {
        w.hidden = governing(w.dataset.appliesKey) !== w.dataset.appliesValue;
      }
      const formSelect = w.querySelector("select[data-part=form]");
      if (formSelect) {
        for (const g of w.querySelectorAll("[data-form]")) g.hidden = g.dataset.form !== formSelect.value;
      }
    }
  }

  function partner(el, attribute) {
    // the number input a slider drives, or the slider of a number input
    const w = el.closest(".control");
    const same = (other) =>
      other !== el &&
      other.dataset.bound === el.dataset.bound &&
      other.dataset.index === el.dataset.index;
    return [...w.querySelectorAll(`input[${attribute}]`)].find(same) || null;
  }

  function collect() {
    const params = new URLSearchParams();
    const errors = new Map();
    for (const w of wrappers()) {
      if (w.hidden) continue;
      const key = w.dataset.control;
      const now = literal(w, "value");
      if (now.error) {
        errors.set(key, now.error);
        continue;
      }
      const base = literal(w, "base");
      if (base.error || base.literal !== now.literal) params.append(key, now.literal);
    }
    return { params, errors };
  }

  // ------------------------------------------------------------ messages
  function clearMessages() {
    for (const m of form.querySelectorAll(".message")) {
      m.hidden = true;
      m.textContent = "";
      m.closest(".control").classList.remove("invalid");
    }
  }

  function showMessage(key, text) {
    // beside the control whose key is the longest prefix of `key`; else in the status line
    let best = null;
    for (const w of wrappers()) {
      const k = w.dataset.control;
      if ((key === k || key.startsWith(k + ".") || key.startsWith(k + "[")) &&
          (!best || k.length > best.dataset.control.length)) best = w;
    }
    if (!best) return false;
    const m = best.querySelector(".message");
    m.textContent = text;
    m.hidden = false;
    best.classList.add("invalid");
    return true;
  }

  function setStatus(state, text) {
    status.dataset.state = state;
    status.textContent = text;
    table.classList.toggle("stale", state !== "ok");
  }

  // ------------------------------------------------------------ solving
  function changed() {
    run.changedAt = performance.now();
    syncVisibility();
    const { params, errors } = collect();
    clearMessages();
    run.localErrors = errors.size > 0;
    const query = params.toString();
    history.replaceState(null, "", query ? `?${query}` : location.pathname);
    if (errors.size) {
      for (const [key, text] of errors) showMessage(key, text);
      run.wanted = null;
      setStatus("invalid", "A value is not a number (see beside it); the outputs are those of the last valid settings.");
      return;
    }
    run.wanted = query;
    pump();
  }

  function render(rows) {
    const byName = new Map([...tbody.querySelectorAll("tr")].map((tr) => [tr.dataset.row, tr]));
    const keep = new Set(rows.map((r) => r.name));
    for (const [name, tr] of byName) if (!keep.has(name)) tr.remove();
    for (const row of rows) {
      let tr = byName.get(row.name);
      if (!tr) {
        tr = document.createElement("tr");
        tr.dataset.row = row.name;
        const th = document.createElement("th");
        th.scope = "row";
        const name = document.createElement("code");
        name.textContent = row.name;
        const label = document.createElement("span");
        label.className = "label";
        label.textContent = row.label === row.name ? "" : row.label;
        th.append(name, label);
        const value = document.createElement(row.nested ? "pre" : "td");
        const cell = row.nested ? document.createElement("td") : value;
        if (row.nested) cell.append(value);
        value.dataset.output = row.name;
        const unit = document.createElement("td");
        unit.className = "unit";
        unit.textContent = row.unit;
        tr.append(th, cell, unit);
        tbody.append(tr);
      }
      const el = tr.querySelector(`[data-output="${row.name}"]`);
      el.textContent = row.text;
      el.dataset.value = JSON.stringify(row.value);
    }
  }

  async function pump() {
    if (run.inflight || run.wanted === null) return;
    const query = run.wanted;
    run.wanted = null;
    run.inflight = true;
    try {
      const response = await fetch(`/api/solve?${query}`);
      const body = await response.json();
      const latest = run.wanted === null;
      if (body.ok) {
        render(body.outputs);
        run.generation += 1;
        table.dataset.generation = String(run.generation);
        table.dataset.query = query;
        run.lastGood = query;
        cli.textContent = body.cli;
        notice.hidden = body.warnings.length === 0;
        notice.textContent = body.warnings.map((w) => `warning: ${w}`).join("\n");
        if (!run.localErrors) setStatus("ok", "Solved.");
        if (latest) run.timings.push(performance.now() - run.changedAt);
        figure.hidden = !body.figure;
        if (body.figure) {
          run.figureWanted = query;
          pumpFigure();
        }
      } else {
        if (latest && !run.localErrors) {
          clearMessages();
          const beside = body.key ? showMessage(body.key, body.message) : false;
          const state = response.status === 422 ? "invalid" : "failed";
          const what = state === "invalid" ? "A setting is not allowed" : "The solve failed";
          setStatus(state, beside ? `${what} (see beside it); the outputs are those of the last valid settings.`
            : `${body.message} — the outputs are those of the last valid settings.`);
        }
      }
    } catch (err) {
      setStatus("failed", `The explorer's server did not answer (${err.message}); is it still running?`);
    } finally {
      run.inflight = false;
      pump();
    }
  }

  async function pumpFigure() {
    if (run.figureInflight || run.figureWanted === null) return;
    const query = run.figureWanted;
    run.figureWanted = null;
    run.figureInflight = true;
    try {
      const response = await fetch(`/api/figure.svg?${query}`);
      if (response.ok) {
        const svg = await response.text();
        img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
        figure.dataset.query = query;
        figure.classList.remove("failed");
        if (run.wanted === null && !run.inflight && run.figureWanted === null) {
          run.figureTimings.push(performance.now() - run.changedAt);
        }
      } else {
        const body = await response.json();
        img.alt = body.message;
        figure.classList.add("failed");
      }
    } catch (err) {
      figure.classList.add("failed");
    } finally {
      run.figureInflight = false;
      pumpFigure();
    }
  }

  // ------------------------------------------------------------ wiring
  form.addEventListener("input", (event) => {
    const el = event.target;
    if (el.matches("input[type=range]")) {
      const number = partner(el, "data-param");
      if (number) number.value = el.value;
    } else if (el.matches("input[type=number]")) {
      const slider = partner(el, "data-slider-for");
      if (slider && el.value !== "") slider.value = el.value;
    }
    changed();
  });
  form.addEventListener("change", (event) => {
    if (event.target.matches("select")) changed();
  });
  form.addEventListener("submit", (event) => event.preventDefault());

  document.querySelector("[data-action=download]").addEventListener("click", () => {
    if (run.lastGood === null) {
      setStatus(status.dataset.state, "Nothing solved yet: nothing to download.");
      return;
    }
    const link = document.createElement("a");
    link.href = `/api/config.toml?${run.lastGood}`;
    link.download = `${data.stem}-explored.toml`;
    document.body.append(link);
    link.click();
    link.remove();
  });

  document.querySelector("[data-action=reset]").addEventListener("click", () => {
    for (const el of form.querySelectorAll("[data-base]")) el.value = el.dataset.base;
    for (const slider of form.querySelectorAll("input[type=range]")) {
      const number = partner(slider, "data-param");
      if (number && number.value !== "") slider.value = number.value;
    }
    changed();
  });

  window.explorer = {
    idle: () => !run.inflight && run.wanted === null && !run.figureInflight && run.figureWanted === null,
    timings: run.timings,
    figureTimings: run.figureTimings,
    generation: () => run.generation,
  };
  changed();
})();
