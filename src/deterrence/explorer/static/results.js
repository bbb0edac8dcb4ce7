// deterrence explore: the sweep view.  The selects (data-plot = x, y, z, by) choose
// the columns as `deterrence plot --x --y --z --by` does; the figure is drawn by
// the server from the results folder; the URL keeps the choice.
"use strict";

(() => {
  const controls = document.getElementById("plot-controls");
  if (!controls) return; // the folder did not load: the page shows why
  const img = document.getElementById("plot-img");
  const message = document.getElementById("plot-message");
  const cli = document.getElementById("cli");
  const data = JSON.parse(document.getElementById("explorer-data").textContent);
  const selects = [...controls.querySelectorAll("select[data-plot]")];
  const run = { wanted: null, inflight: false, generation: 0 };

  function query() {
    const params = new URLSearchParams();
    for (const s of selects) if (s.value) params.append(s.dataset.plot, s.value);
    return params.toString();
  }

  function command() {
    const parts = ["deterrence plot", data.path];
    for (const s of selects) if (s.value) parts.push(`--${s.dataset.plot} ${s.value}`);
    return parts.join(" ");
  }

  async function pump() {
    if (run.inflight || run.wanted === null) return;
    const q = run.wanted;
    run.wanted = null;
    run.inflight = true;
    try {
      const response = await fetch(`/api/plot.svg?${q}`);
      if (response.ok) {
        const svg = await response.text();
        img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
        message.hidden = true;
        run.generation += 1;
        img.dataset.generation = String(run.generation);
      } else {
        const body = await response.json();
        message.textContent = body.message;
        message.hidden = false;
      }
    } catch (err) {
      message.textContent = `The explorer's server did not answer (${err.message}).`;
      message.hidden = false;
    } finally {
      run.inflight = false;
      pump();
    }
  }

  function changed() {
    const q = query();
    history.replaceState(null, "", `?${q}`);
    cli.textContent = command();
    run.wanted = q;
    pump();
  }

  const given = new URLSearchParams(location.search);
  for (const s of selects) {
    const v = given.get(s.dataset.plot);
    if (v !== null && [...s.options].some((o) => o.value === v)) s.value = v;
  }
  controls.addEventListener("change", changed);
  window.explorer = { idle: () => !run.inflight && run.wanted === null, generation: () => run.generation };
  changed();
})();
