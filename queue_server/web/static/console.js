/* The officer console: draws the counter's state from /api/v1/console/{n}, refreshes on every
   pushed event, and sends the officer's actions. An action button is disabled while its
   request is in flight, so a double click never calls two tickets (the server also refuses
   a second call with 409 counter_busy while a ticket is called here). */
"use strict";

(() => {
  const root = document.getElementById("console");
  const counter = root.dataset.counter;
  const texts = JSON.parse(root.dataset.texts);
  const $ = (id) => document.getElementById(id);
  let state = null;
  let busy = false;

  function show(message, kind) {
    const box = $("message");
    box.textContent = message || "";
    box.className = message ? `notice ${kind || ""}` : "notice hidden";
  }

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function drawCurrent(current) {
    $("current").classList.toggle("hidden", !current);
    $("current-empty").classList.toggle("hidden", !!current);
    if (!current) return;
    const name = current.service_name[Antrean.lang()] || current.service;
    const stage = current.stage_name ? ` · ${current.stage_name[Antrean.lang()]}` : "";
    $("ticket-number").textContent = current.number;
    $("ticket-service").textContent = name + stage;
    $("ticket-class").textContent = texts[`class.${current.class}`] || current.class;
    $("ticket-status").textContent = texts[`status.${current.status}`] || current.status;
    $("ticket-waited").textContent =
      state.waited_min === null ? "—" : `${state.waited_min} ${texts.min}`;
    $("ticket-booking").textContent = current.booking_ref || "—";
    $("ticket-number").dataset.status = current.status;
  }

  function drawQueues(queues) {
    const body = $("queues");
    body.replaceChildren();
    for (const queue of queues) {
      const row = el("tr");
      row.append(el("td", queue[`name_${Antrean.lang()}`]), el("td", String(queue.waiting), "int"));
      const late = queue.waiting && queue.oldest_wait_min >= queue.sla_minutes;
      row.append(el("td", queue.waiting ? `${queue.oldest_wait_min} ${texts.min}` : "", late ? "int late" : "int"));
      body.append(row);
    }
    $("waiting-total").textContent = String(queues.reduce((n, q) => n + q.waiting, 0));
  }

  function drawCounts(counts) {
    const list = $("my-counts");
    list.replaceChildren();
    for (const outcome of ["done", "no_show", "transferred"]) {
      const item = el("li");
      item.append(el("strong", String(counts[outcome] || 0)), el("span", ` ${texts[`outcome.${outcome}`]}`));
      list.append(item);
    }
  }

  function drawFaults(faults) {
    const list = $("faults");
    list.replaceChildren();
    if (!faults.length) { list.append(el("li", texts.no_faults, "muted")); return; }
    for (const fault of faults) {
      const item = el("li", "", "fault");
      const at = new Date(fault.at).toLocaleTimeString(Antrean.lang() === "en" ? "en-GB" : "id-ID",
        {hour: "2-digit", minute: "2-digit"});
      const what = `${at} · ${fault.device_name} (${fault.device}): ${fault.message}` +
        (fault.ticket_number ? ` — ${fault.ticket_number}` : "");
      item.append(el("span", what));
      const button = el("button", fault.can_reprint ? texts.reprint : texts.resolve, "small");
      button.type = "button";
      button.dataset.fault = fault.id;
      button.dataset.faultAction = fault.can_reprint ? "reprint" : "resolve";
      item.append(button);
      list.append(item);
    }
  }

  function enableButtons() {
    const status = state && state.current ? state.current.status : null;
    const allowed = {
      "call-next": status !== "called",
      "recall": status === "called",
      "start": status === "called",
      "finish": status === "called" || status === "serving",
      "no-show": status === "called",
      "transfer": status === "called" || status === "serving",
    };
    for (const button of root.querySelectorAll("[data-action]")) {
      button.disabled = busy || !allowed[button.dataset.action];
    }
    const current = {open: "open", pause: "paused", close: "closed"};
    for (const button of root.querySelectorAll("[data-counter-action]")) {
      button.disabled = busy || (state && current[button.dataset.counterAction] === state.state);
    }
    for (const button of root.querySelectorAll("[data-fault]")) button.disabled = busy;
  }

  function draw() {
    $("counter-state").textContent = texts[`state.${state.state}`];
    $("counter-state").dataset.state = state.state;
    $("oldest-wait").textContent = String(state.oldest_wait_min);
    drawCurrent(state.current);
    drawQueues(state.queues);
    drawCounts(state.my_counts);
    drawFaults(state.faults);
    enableButtons();
  }

  async function refresh() {
    const reply = await Antrean.call("GET", `/api/v1/console/${counter}`);
    if (reply.ok) { state = reply.data; draw(); }
  }
  const refreshSoon = Antrean.debounce(refresh, 120);

  async function run(method, url, body) {
    if (busy) return null;
    busy = true;
    enableButtons();
    try {
      const reply = await Antrean.call(method, url, body);
      if (!reply.ok) show(Antrean.errorText(reply.data), "error");
      return reply;
    } catch (error) {
      show(String(error), "error");
      return null;
    } finally {
      busy = false;
      await refresh();
    }
  }

  async function ticketAction(action) {
    show("");
    if (action === "call-next") {
      const reply = await run("POST", `/api/v1/counters/${counter}/call-next`);
      if (reply && reply.status === 204) show(texts.nobody, "info");
      return;
    }
    if (!state || !state.current) return;
    if (action === "transfer") { openTransfer(); return; }
    await run("POST", `/api/v1/tickets/${state.current.id}/${action}`);
  }

  function openTransfer() {
    const dialog = $("transfer-dialog");
    dialog.returnValue = "";
    dialog.showModal();
  }

  $("transfer-dialog").addEventListener("close", async () => {
    const dialog = $("transfer-dialog");
    if (dialog.returnValue !== "ok" || !state || !state.current) return;
    const target = new FormData($("transfer-form")).get("target");
    await run("POST", `/api/v1/tickets/${state.current.id}/transfer`, target ? {service: target} : {});
  });

  root.addEventListener("click", async (event) => {
    const button = event.target.closest("button");
    if (!button || button.disabled) return;
    if (button.dataset.action) await ticketAction(button.dataset.action);
    else if (button.dataset.counterAction) {
      show("");
      await run("POST", `/api/v1/counters/${counter}/${button.dataset.counterAction}`);
    } else if (button.dataset.fault) {
      await run("POST", `/api/v1/faults/${button.dataset.fault}/${button.dataset.faultAction}`);
    }
  });

  document.addEventListener("keydown", async (event) => {
    if (event.ctrlKey || event.altKey || event.metaKey || event.repeat) return;
    if (event.target.closest("input, select, textarea, dialog")) return;
    const button = root.querySelector(`[data-key="${event.key.toLowerCase()}"]`);
    if (button && !button.disabled) {
      event.preventDefault();
      await ticketAction(button.dataset.action);
    }
  });

  function liveState(up) {
    const badge = $("live");
    badge.textContent = up ? texts.live : texts.offline;
    badge.className = up ? "live on" : "live off";
    if (up) refreshSoon();
  }

  refresh().then(() => {
    Antrean.stream(state ? state.seq : 0, refreshSoon, liveState);
  });
  setInterval(refresh, 30000);
})();
