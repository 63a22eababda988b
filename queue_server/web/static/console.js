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

  /* This counter's no-shows still inside the office's window, each with a requeue button. */
  function drawNoShows(tickets) {
    const list = $("recent-no-shows");
    list.replaceChildren();
    $("no-shows-block").classList.toggle("hidden", !tickets.length);
    for (const ticket of tickets) {
      const item = el("li");
      const button = el("button", texts["action.requeue"], "small");
      button.type = "button";
      button.dataset.requeue = ticket.id;
      item.append(el("strong", ticket.number), button);
      list.append(item);
    }
  }

  function drawFaults(faults) {
    Antrean.drawFaults($("fault-banner"), $("faults"), faults, texts);
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
    for (const button of root.querySelectorAll("[data-fault], [data-requeue]")) {
      button.disabled = busy;
    }
  }

  function stateText() {
    const word = texts[`state.${state.state}`];
    return state.pause_reason ? `${word} · ${texts[`pause.${state.pause_reason}`]}` : word;
  }

  function draw() {
    $("counter-state").textContent = stateText();
    $("desk-open").classList.toggle("hidden", !state.information_desk);
    $("counter-state").dataset.state = state.state;
    $("oldest-wait").textContent = String(state.oldest_wait_min);
    drawCurrent(state.current);
    drawQueues(state.queues);
    drawCounts(state.my_counts);
    drawFaults(state.faults);
    drawNoShows(state.recent_no_shows);
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
    if (action === "transfer") { openTransfer(state.current.id); return; }
    await run("POST", `/api/v1/tickets/${state.current.id}/${action}`);
  }

  /* The transfer dialog, for this counter's ticket or a ticket found by its number;
     ``after`` runs with the reply once the transfer was sent. */
  let transferring = null;
  function openTransfer(ticketId, after) {
    transferring = {id: ticketId, after};
    const dialog = $("transfer-dialog");
    dialog.returnValue = "";
    dialog.showModal();
  }

  $("transfer-dialog").addEventListener("close", async () => {
    const dialog = $("transfer-dialog");
    const chosen = transferring;
    transferring = null;
    if (dialog.returnValue !== "ok" || !chosen) return;
    const target = new FormData($("transfer-form")).get("target");
    const reply = await run("POST", `/api/v1/tickets/${chosen.id}/transfer`,
                            target ? {service: target} : {});
    if (chosen.after) chosen.after(reply);
  });

  $("pause-dialog").addEventListener("close", async () => {
    if ($("pause-dialog").returnValue !== "ok") return;
    const reason = new FormData($("pause-form")).get("reason");
    show("");
    await run("POST", `/api/v1/counters/${counter}/pause`, reason ? {reason} : undefined);
  });

  root.addEventListener("click", async (event) => {
    const button = event.target.closest("button");
    if (!button || button.disabled) return;
    if (button.dataset.action) await ticketAction(button.dataset.action);
    else if (button.dataset.counterAction === "pause") {
      $("pause-dialog").returnValue = "";
      $("pause-dialog").showModal();
    } else if (button.dataset.counterAction) {
      show("");
      await run("POST", `/api/v1/counters/${counter}/${button.dataset.counterAction}`);
    } else if (button.dataset.requeue) {
      show("");
      await run("POST", `/api/v1/tickets/${button.dataset.requeue}/requeue`);
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

  /* For console_tickets.js: the search and the information desk. */
  window.AntreanConsole = {counter, texts, run, refresh, openTransfer, el};

  refresh().then(() => {
    Antrean.stream(state ? state.seq : 0, refreshSoon, liveState);
  });
  setInterval(refresh, 30000);
})();
